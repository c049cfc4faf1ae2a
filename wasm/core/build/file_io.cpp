// SPDX-License-Identifier: MPL-2.0
#include "build/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "util/little_endian.h"

namespace breachcheck::io {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void make_nonce(std::uint8_t nonce[24], std::uint64_t seed) {
  static const char kLabel[] = "bc-spill";  // 8 bytes, then the seed, then zeros
  std::memset(nonce, 0, 24);
  std::memcpy(nonce, kLabel, 8);
  put_le64(nonce + 8, seed);
}

std::size_t round64(std::size_t n) { return std::max<std::size_t>(64, n / 64 * 64); }

}  // namespace

StreamKey ephemeral_stream_key() {
  StreamKey key;
  randombytes_buf(key.data(), key.size());
  return key;
}

SequentialWriter::SequentialWriter(const std::string& path, std::size_t buffer_bytes, const StreamKey* key,
                                   std::uint64_t nonce_seed)
    : path_(path), buffer_(round64(buffer_bytes)), key_(key) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) fail("cannot create", path);
  make_nonce(nonce_, nonce_seed);
}

SequentialWriter::~SequentialWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!buffer_.empty()) sodium_memzero(buffer_.data(), buffer_.size());
}

void SequentialWriter::write(const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (size > 0) {
    const std::size_t n = std::min(size, buffer_.size() - fill_);
    std::memcpy(buffer_.data() + fill_, p, n);
    fill_ += n;
    p += n;
    size -= n;
    if (fill_ == buffer_.size()) flush();
  }
}

void SequentialWriter::flush() {
  if (fill_ == 0) return;
  if (fd_ < 0) throw std::runtime_error("write after close: " + path_);
  if (key_) {
    // offset_ is a multiple of 64 here (the buffer is), so the block counter is exact.
    crypto_stream_xchacha20_xor_ic(buffer_.data(), buffer_.data(), fill_, nonce_, offset_ / 64, key_->data());
  }
  std::size_t done = 0;
  while (done < fill_) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, fill_ - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path_);
    done += static_cast<std::size_t>(n);
  }
  offset_ += fill_;
  fill_ = 0;
}

void SequentialWriter::finish(bool sync) {
  flush();
  if (sync && ::fsync(fd_) != 0) fail("cannot fsync", path_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("cannot close", path_);
  }
  fd_ = -1;
}

SequentialReader::SequentialReader(const std::string& path, std::uint64_t offset, std::size_t buffer_bytes,
                                   const StreamKey* key, std::uint64_t nonce_seed)
    : path_(path), buffer_(round64(buffer_bytes)), offset_(offset), key_(key) {
  if (key && offset % 64 != 0) throw std::logic_error("encrypted reads start at a multiple of 64");
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail("cannot open", path);
  if (offset > 0 && ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) fail("cannot seek in", path);
  make_nonce(nonce_, nonce_seed);
}

SequentialReader::~SequentialReader() {
  if (fd_ >= 0) ::close(fd_);
  if (!buffer_.empty()) sodium_memzero(buffer_.data(), buffer_.size());
}

bool SequentialReader::refill() {
  const std::uint64_t block_offset = offset_;
  fill_ = 0;
  pos_ = 0;
  while (fill_ < buffer_.size()) {
    const ssize_t n = ::read(fd_, buffer_.data() + fill_, buffer_.size() - fill_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", path_);
    if (n == 0) break;
    fill_ += static_cast<std::size_t>(n);
  }
  offset_ += fill_;
  if (key_ && fill_ > 0) {
    crypto_stream_xchacha20_xor_ic(buffer_.data(), buffer_.data(), fill_, nonce_, block_offset / 64, key_->data());
  }
  return fill_ > 0;
}

bool SequentialReader::read(void* out, std::size_t size) {
  auto* p = static_cast<std::uint8_t*>(out);
  std::size_t got = 0;
  while (got < size) {
    if (pos_ == fill_ && !refill()) {
      if (got == 0) return false;
      throw std::runtime_error("truncated file: " + path_);
    }
    const std::size_t n = std::min(size - got, fill_ - pos_);
    std::memcpy(p + got, buffer_.data() + pos_, n);
    pos_ += n;
    got += n;
  }
  return true;
}

struct DigestingFileBuf::State {
  crypto_generichash_state hash;
};

DigestingFileBuf::DigestingFileBuf(const std::string& path) : buffer_(1 << 20), state_(std::make_unique<State>()) {
  crypto_generichash_init(&state_->hash, nullptr, 0, 32);
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return;
  struct stat info {};
  if (::fstat(fd_, &info) == 0) size_ = static_cast<std::uint64_t>(info.st_size);
}

DigestingFileBuf::~DigestingFileBuf() {
  if (fd_ >= 0) ::close(fd_);
  sodium_memzero(buffer_.data(), buffer_.size());
}

DigestingFileBuf::int_type DigestingFileBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (fd_ < 0) return traits_type::eof();
  ssize_t n;
  do {
    n = ::read(fd_, buffer_.data(), buffer_.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw std::runtime_error(std::string("cannot read the records file: ") + std::strerror(errno));
  if (n == 0) return traits_type::eof();
  crypto_generichash_update(&state_->hash, reinterpret_cast<const unsigned char*>(buffer_.data()),
                            static_cast<unsigned long long>(n));
  consumed_ += static_cast<std::uint64_t>(n);
  setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
  return traits_type::to_int_type(*gptr());
}

std::array<std::uint8_t, 32> DigestingFileBuf::digest() {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash_state copy = state_->hash;
  crypto_generichash_final(&copy, out.data(), out.size());
  return out;
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

std::uint64_t file_size(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) fail("cannot stat", path);
  return static_cast<std::uint64_t>(info.st_size);
}

void make_dirs(const std::string& path) {
  if (path.empty()) return;
  std::string prefix;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    prefix = path.substr(0, slash == std::string::npos ? path.size() : slash);
    if (!prefix.empty() && ::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) fail("cannot create directory", prefix);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
}

void remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail("cannot remove", path);
}

void remove_tree(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return;
  if (S_ISDIR(info.st_mode)) {
    for (const auto& name : list_dir(path)) remove_tree(path + "/" + name);
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) fail("cannot remove directory", path);
  } else {
    remove_file(path);
  }
}

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

DirLock::DirLock(const std::string& dir) {
  const std::string path = dir + "/lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) fail("cannot open", path);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error("another build is using the work directory " + dir);
    }
    // No flock on this file system (or under wasm): carry on without the guard.
  }
}

DirLock::~DirLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

std::uint64_t physical_memory_bytes() {
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
#endif
  return 0;
}

}  // namespace breachcheck::io
