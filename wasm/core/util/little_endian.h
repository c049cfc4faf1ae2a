// SPDX-License-Identifier: MPL-2.0
// Little-endian integers in byte buffers: every fixed-width number in breachcheck's files (data set header,
// partial files, hash checkpoints, run files) and in its signed messages is little-endian (docs/FORMAT.md).
// Byte by byte, so the result does not depend on the host's byte order or on alignment.
#pragma once

#include <cstddef>
#include <cstdint>

namespace breachcheck {

// Writes the low `width` bytes of `value` (width <= 8) at `out`, least significant first.
inline void put_le(std::uint8_t* out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Reads `width` bytes (width <= 8) at `in`, least significant first.
inline std::uint64_t get_le(const std::uint8_t* in, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) value |= std::uint64_t{in[i]} << (8 * i);
  return value;
}

inline void put_le16(std::uint8_t* out, std::uint16_t value) { put_le(out, value, 2); }
inline void put_le32(std::uint8_t* out, std::uint32_t value) { put_le(out, value, 4); }
inline void put_le64(std::uint8_t* out, std::uint64_t value) { put_le(out, value, 8); }
inline std::uint16_t get_le16(const std::uint8_t* in) { return static_cast<std::uint16_t>(get_le(in, 2)); }
inline std::uint32_t get_le32(const std::uint8_t* in) { return static_cast<std::uint32_t>(get_le(in, 4)); }
inline std::uint64_t get_le64(const std::uint8_t* in) { return get_le(in, 8); }

}  // namespace breachcheck
