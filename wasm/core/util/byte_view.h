// SPDX-License-Identifier: MPL-2.0
// A read-only view of bytes (C++17 has no std::span).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace breachcheck {

struct ByteView {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;

  ByteView() = default;
  ByteView(const std::uint8_t* d, std::size_t n) : data(d), size(n) {}
  ByteView(const std::vector<std::uint8_t>& v) : data(v.data()), size(v.size()) {}  // NOLINT: implicit by design

  ByteView subview(std::size_t offset, std::size_t length) const { return {data + offset, length}; }
  std::string_view as_chars() const { return {reinterpret_cast<const char*>(data), size}; }
};

}  // namespace breachcheck
