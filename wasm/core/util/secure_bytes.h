// SPDX-License-Identifier: MPL-2.0
// Byte containers for secrets: wiped with sodium_memzero when they go away.
#pragma once

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace breachcheck {

using Bytes = std::vector<std::uint8_t>;

// A fixed-size secret (seed, sub-key, canonical identity) that wipes itself.
template <std::size_t N>
class SecretArray {
 public:
  SecretArray() { bytes_.fill(0); }
  SecretArray(const SecretArray& other) : bytes_(other.bytes_) {}
  SecretArray& operator=(const SecretArray& other) {
    bytes_ = other.bytes_;
    return *this;
  }
  ~SecretArray() { sodium_memzero(bytes_.data(), bytes_.size()); }

  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  static constexpr std::size_t size() { return N; }
  std::uint8_t& operator[](std::size_t i) { return bytes_[i]; }
  const std::uint8_t& operator[](std::size_t i) const { return bytes_[i]; }

 private:
  std::array<std::uint8_t, N> bytes_;
};

// A variable-size secret buffer that wipes itself.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t n) : bytes_(n, 0) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    wipe();
    bytes_ = std::move(other.bytes_);
    return *this;
  }
  ~SecretBytes() { wipe(); }

  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  void wipe() {
    if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
    bytes_.clear();
  }

 private:
  std::vector<std::uint8_t> bytes_;
};

}  // namespace breachcheck
