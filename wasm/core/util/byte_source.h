// SPDX-License-Identifier: MPL-2.0
// Where data set bytes come from. The check above this interface is the same whatever the source:
// bytes in memory, a local file, or (in the browser) HTTP Range requests and File/Blob slices in JS.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

#include "util/secure_bytes.h"

namespace breachcheck {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Exactly `length` bytes at `offset`, or false (short read, I/O error): the caller reports "unavailable"
  // for I/O failure and an integrity error for a file shorter than its header says.
  virtual bool read(std::uint64_t offset, std::uint64_t length, Bytes& out) = 0;
  // Total size when the source knows it.
  virtual std::optional<std::uint64_t> size() const = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(Bytes bytes) : bytes_(std::move(bytes)) {}
  bool read(std::uint64_t offset, std::uint64_t length, Bytes& out) override;
  std::optional<std::uint64_t> size() const override { return bytes_.size(); }

 private:
  Bytes bytes_;
};

class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::string& path);
  bool is_open() const { return file_.is_open(); }
  bool read(std::uint64_t offset, std::uint64_t length, Bytes& out) override;
  std::optional<std::uint64_t> size() const override { return size_; }

 private:
  std::ifstream file_;
  std::optional<std::uint64_t> size_;
};

}  // namespace breachcheck
