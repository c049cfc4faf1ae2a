// SPDX-License-Identifier: MPL-2.0
// Files the publisher pipeline writes besides its outputs (docs/DEPLOY.md, "One machine"): buffered
// sequential writers and readers over POSIX descriptors, optional XChaCha20 encryption for spill runs that
// hold canonical identities (the key lives only in the process that wrote them), atomic publication (write a
// temporary name, fsync, rename, fsync the directory) and small directory helpers. Errors throw
// std::runtime_error with the path, never file contents.
#pragma once

#include <array>
#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

#include "util/secure_bytes.h"

namespace breachcheck::io {

using StreamKey = SecretArray<32>;

// A fresh random key for identifier-bearing temporary files: never written anywhere.
StreamKey ephemeral_stream_key();

class SequentialWriter {
 public:
  // Creates (truncates) `path`. With `key`, bytes are XORed with XChaCha20(key, nonce) before they reach the
  // disk; `nonce_seed` makes the nonce unique per file.
  explicit SequentialWriter(const std::string& path, std::size_t buffer_bytes = 1 << 16,
                            const StreamKey* key = nullptr, std::uint64_t nonce_seed = 0);
  ~SequentialWriter();
  SequentialWriter(const SequentialWriter&) = delete;
  SequentialWriter& operator=(const SequentialWriter&) = delete;

  void write(const void* data, std::size_t size);
  // Flushes and closes; with `sync`, fsyncs the file first (the caller renames and fsyncs the directory).
  void finish(bool sync);
  std::uint64_t bytes_written() const { return offset_ + fill_; }
  const std::string& path() const { return path_; }

 private:
  void flush();
  std::string path_;
  int fd_ = -1;
  std::vector<std::uint8_t> buffer_;
  std::size_t fill_ = 0;
  std::uint64_t offset_ = 0;  // bytes already handed to the kernel
  const StreamKey* key_;
  std::uint8_t nonce_[24] = {};
};

class SequentialReader {
 public:
  // Reads `path` from `offset` (a multiple of 64 when encrypted) to `end` (default: end of file).
  explicit SequentialReader(const std::string& path, std::uint64_t offset = 0, std::size_t buffer_bytes = 1 << 16,
                            const StreamKey* key = nullptr, std::uint64_t nonce_seed = 0);
  ~SequentialReader();
  SequentialReader(const SequentialReader&) = delete;
  SequentialReader& operator=(const SequentialReader&) = delete;

  // Exactly `size` bytes, or false at a clean end of file. Throws on I/O errors and on a truncated item.
  bool read(void* out, std::size_t size);
  std::uint64_t position() const { return offset_ - (fill_ - pos_); }

 private:
  bool refill();
  std::string path_;
  int fd_ = -1;
  std::vector<std::uint8_t> buffer_;
  std::size_t fill_ = 0, pos_ = 0;
  std::uint64_t offset_ = 0;  // file offset after the buffered bytes
  const StreamKey* key_;
  std::uint8_t nonce_[24] = {};
};

// An input stream buffer over a file that hashes every byte it hands out (BLAKE2b-256), so a records file
// is read once and its digest binds partial files to the exact input.
class DigestingFileBuf : public std::streambuf {
 public:
  explicit DigestingFileBuf(const std::string& path);
  ~DigestingFileBuf() override;
  bool is_open() const { return fd_ >= 0; }
  std::uint64_t size() const { return size_; }
  std::uint64_t consumed() const { return consumed_; }
  // Digest of every byte read so far; call after the whole file has been consumed.
  std::array<std::uint8_t, 32> digest();

 protected:
  int_type underflow() override;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0, consumed_ = 0;
  std::vector<char> buffer_;
  struct State;
  std::unique_ptr<State> state_;
};

bool exists(const std::string& path);
std::uint64_t file_size(const std::string& path);
void make_dirs(const std::string& path);
void remove_tree(const std::string& path);   // rm -r, no error when absent
void remove_file(const std::string& path);   // no error when absent
std::vector<std::string> list_dir(const std::string& path);  // names, sorted; empty when absent
// fsync_path, parent_dir and the write-then-rename steps: util/atomic_write.h.

// An exclusive advisory lock (flock) on DIR/lock, held until destruction: two builds never share a work dir.
class DirLock {
 public:
  explicit DirLock(const std::string& dir);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_ = -1;
};

// Physical memory of this machine in bytes (0 when unknown).
std::uint64_t physical_memory_bytes();

}  // namespace breachcheck::io
