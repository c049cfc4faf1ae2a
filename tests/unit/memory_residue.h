// SPDX-License-Identifier: MPL-2.0
// Finds copies of known secret values anywhere in this process's writable memory: the whole linear memory
// under WebAssembly, every readable and writable mapping of /proc/self/maps on Linux.
// It keeps a mixed 8-byte prefix and a BLAKE2b digest of each value, never the value itself, so the finder's
// own tables cannot be what it finds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "argon2_reference.h"

namespace breachcheck::test {

struct ResidueHit {
  Argon2Secret kind;
  std::uintptr_t address;
  std::string region;  // the mapping's name natively ("[stack]", "[heap]", "" for anonymous), "linear memory" in wasm
};

struct ResidueReport {
  std::array<std::size_t, kArgon2SecretKinds> found{};  // copies found, per kind
  std::vector<ResidueHit> examples;                    // the first few hits
  std::size_t scanned_bytes = 0;
  std::string scanned;  // what was scanned, for messages
  bool whole_process = false;  // false: only the stack (AddressSanitizer build) or nothing (unknown platform)
  std::size_t total() const;
  std::string describe() const;
};

// A copy of the stack just below a function's frame, taken right after a call returns: the callee's dead frames
// are there, and any later call (the scan itself included) would overwrite the nearest of them.
class StackSnapshot {
 public:
  explicit StackSnapshot(std::size_t size = 128 * 1024);

  // Copies up to `size` bytes below the caller's frame. Inlined so that nothing is called between the code
  // under test returning and the copy.
  __attribute__((always_inline, no_sanitize_address)) void capture() {
#if defined(__wasm__)
    volatile std::uint8_t here = 0;  // inlined: a slot of the caller's frame on the shadow stack
    const auto frame = reinterpret_cast<std::uintptr_t>(&here);
#else
    // The machine stack, where libsodium's frames were, even when ASan puts the caller's locals on a fake stack.
    const auto frame = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
#endif
    // Both ends 16-byte aligned, so values keep their alignment in the copy (the scan steps by 4 bytes).
    const std::uintptr_t top = frame & ~std::uintptr_t{15};
    const std::uintptr_t bottom = top - lowest_ > bytes_.size() ? top - bytes_.size() : lowest_;
    const auto* from = reinterpret_cast<const volatile std::uint8_t*>(bottom);
    std::uint8_t* to = bytes_.data();
    for (std::size_t i = 0; i < top - bottom; ++i) to[i] = from[i];
    captured_ = top - bottom;
  }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::size_t captured() const { return captured_; }
  std::size_t capacity() const { return bytes_.size(); }

 private:
  std::vector<std::uint8_t> bytes_;
  std::uintptr_t lowest_ = 0;  // the stack's lowest readable address
  std::size_t captured_ = 0;
};

class ResidueFinder {
 public:
  // Remembers `bytes` (at least 8) as a value to look for.
  void add(Argon2Secret kind, const std::uint8_t* bytes, std::size_t size);
  std::size_t size() const { return needles_.size(); }

  // Scans [begin, end) at every 4-byte-aligned offset.
  void scan(const std::uint8_t* begin, const std::uint8_t* end, const std::string& region,
            ResidueReport& report) const;
  // Scans all of this process's writable memory (see the file comment), and the snapshot if given (its buffer is
  // scanned once, as the stack it copies). Under AddressSanitizer natively, only the stack: the sanitizer's
  // shadow and allocator reservations are terabytes of mappings.
  ResidueReport scan_process(const StackSnapshot* snapshot = nullptr) const;

 private:
  struct Needle {
    std::uint64_t mixed_prefix;
    std::uint32_t size;
    Argon2Secret kind;
    std::array<std::uint8_t, 16> digest;
  };
  void rebuild_index() const;

  std::vector<Needle> needles_;
  mutable std::vector<std::uint32_t> slots_;  // open addressing by mixed prefix: needle index + 1, 0 = empty
  mutable std::size_t indexed_ = 0;
};

// Overwrites the stack below the caller's frame, so values a test computed itself (here: the reference
// Argon2id) cannot be mistaken for what the code under test left behind.
void scrub_stack_below_caller();

}  // namespace breachcheck::test
