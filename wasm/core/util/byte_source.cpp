// SPDX-License-Identifier: MPL-2.0
#include "util/byte_source.h"

#include <limits>

namespace breachcheck {

bool MemorySource::read(std::uint64_t offset, std::uint64_t length, Bytes& out) {
  if (offset > bytes_.size() || length > bytes_.size() - offset) return false;  // also bounds both to size_t
  out.assign(bytes_.begin() + static_cast<std::ptrdiff_t>(offset),
             bytes_.begin() + static_cast<std::ptrdiff_t>(offset + length));
  return true;
}

FileSource::FileSource(const std::string& path) : file_(path, std::ios::binary) {
  if (!file_) return;
  file_.seekg(0, std::ios::end);
  const auto end = file_.tellg();
  if (end >= 0) size_ = static_cast<std::uint64_t>(end);
}

bool FileSource::read(std::uint64_t offset, std::uint64_t length, Bytes& out) {
  if (!file_ || !size_ || offset > *size_ || length > *size_ - offset) return false;
  // Offsets are 64-bit; a read must also fit this platform's size_t (32-bit in wasm).
  if (offset > static_cast<std::uint64_t>(std::numeric_limits<std::streamoff>::max()) ||
      length > std::numeric_limits<std::size_t>::max()) {
    return false;
  }
  out.resize(static_cast<std::size_t>(length));
  file_.clear();
  file_.seekg(static_cast<std::streamoff>(offset));
  file_.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(length));
  return static_cast<std::uint64_t>(file_.gcount()) == length;
}

}  // namespace breachcheck
