// SPDX-License-Identifier: MPL-2.0
#include "memory_residue.h"

#include <sodium.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#if defined(__SANITIZE_ADDRESS__)
#define BREACHCHECK_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BREACHCHECK_TEST_ASAN 1
#endif
#endif

// Reading memory the allocator has poisoned (freed chunks, redzones) is the point of the scan.
#define BREACHCHECK_UNCHECKED_READS __attribute__((no_sanitize_address))

namespace breachcheck::test {

namespace {

constexpr std::size_t kScanStep = 4;
constexpr std::size_t kExamplesKept = 6;

// splitmix64's finaliser: a bijection, so distinct prefixes stay distinct, and the table never holds a value's
// raw first 8 bytes.
std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9u;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBu;
  x ^= x >> 31;
  return x;
}

BREACHCHECK_UNCHECKED_READS std::uint64_t load64(const std::uint8_t* p) {
#if defined(BREACHCHECK_TEST_ASAN)
  std::uint64_t word = 0;  // byte loads: a memcpy call would be checked by the sanitizer's interceptor
  for (int i = 7; i >= 0; --i) word = (word << 8) | p[i];
  return word;
#else
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
#endif
}

std::array<std::uint8_t, 16> digest_of(const std::uint8_t* bytes, std::size_t size) {
  std::array<std::uint8_t, 16> digest{};
  crypto_generichash(digest.data(), digest.size(), bytes, size, nullptr, 0);
  return digest;
}

}  // namespace

std::size_t ResidueReport::total() const {
  std::size_t n = 0;
  for (std::size_t count : found) n += count;
  return n;
}

std::string ResidueReport::describe() const {
  std::ostringstream out;
  out << "scanned " << scanned_bytes / 1024 << " KiB (" << scanned << "); found " << total() << " copies";
  for (std::size_t k = 0; k < found.size(); ++k) {
    if (found[k]) out << "; " << argon2_secret_name(static_cast<Argon2Secret>(k)) << " x" << found[k];
  }
  for (const ResidueHit& hit : examples) {
    char address[32];
    std::snprintf(address, sizeof address, "0x%" PRIxPTR, hit.address);
    out << "\n  " << argon2_secret_name(hit.kind) << " at " << address << " in " << (hit.region.empty() ? "anonymous mapping" : hit.region);
  }
  return out.str();
}

void ResidueFinder::add(Argon2Secret kind, const std::uint8_t* bytes, std::size_t size) {
  if (size < 8) return;
  needles_.push_back(Needle{mix64(load64(bytes)), static_cast<std::uint32_t>(size), kind, digest_of(bytes, size)});
}

void ResidueFinder::rebuild_index() const {
  if (indexed_ == needles_.size() && !slots_.empty()) return;
  std::size_t capacity = 1024;
  while (capacity < 4 * needles_.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  for (std::size_t i = 0; i < needles_.size(); ++i) {
    std::size_t slot = needles_[i].mixed_prefix & (capacity - 1);
    while (slots_[slot] != 0) slot = (slot + 1) & (capacity - 1);
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
  indexed_ = needles_.size();
}

BREACHCHECK_UNCHECKED_READS void ResidueFinder::scan(const std::uint8_t* begin, const std::uint8_t* end,
                                                     const std::string& region, ResidueReport& report) const {
  rebuild_index();
  const std::size_t mask = slots_.size() - 1;
  auto first = reinterpret_cast<std::uintptr_t>(begin);
  first = (first + kScanStep - 1) / kScanStep * kScanStep;
  const auto last = reinterpret_cast<std::uintptr_t>(end);
  if (last < 8 || first > last - 8) return;
  report.scanned_bytes += last - first;
  for (std::uintptr_t at = first; at <= last - 8; at += kScanStep) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(at);
    const std::uint64_t mixed = mix64(load64(p));
    for (std::size_t slot = mixed & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      const Needle& needle = needles_[slots_[slot] - 1];
      if (needle.mixed_prefix != mixed || needle.size > last - at) continue;
      if (digest_of(p, needle.size) != needle.digest) continue;
      ++report.found[static_cast<std::size_t>(needle.kind)];
      if (report.examples.size() < kExamplesKept) report.examples.push_back({needle.kind, at, region});
    }
  }
}

StackSnapshot::StackSnapshot(std::size_t size) : bytes_(size) {
#if defined(__wasm__)
  lowest_ = 1024;  // Emscripten's stack sits above the static data, which is above the null page
#elif defined(__linux__)
  const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  std::ifstream maps("/proc/self/maps");
  std::string range;
  while (std::getline(maps, range)) {
    const std::size_t dash = range.find('-');
    const auto begin = static_cast<std::uintptr_t>(std::stoull(range.substr(0, dash), nullptr, 16));
    const auto end = static_cast<std::uintptr_t>(std::stoull(range.substr(dash + 1), nullptr, 16));
    if (begin <= here && here < end) lowest_ = begin;
  }
#endif
  if (lowest_ == 0) lowest_ = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));  // unknown: capture nothing
  lowest_ = (lowest_ + 15) & ~std::uintptr_t{15};
}

ResidueReport ResidueFinder::scan_process(const StackSnapshot* snapshot) const {
  ResidueReport report;
  // The snapshot's buffer is memory too: skip it in the live scan, scan it once below.
  const auto hole_begin = snapshot ? reinterpret_cast<std::uintptr_t>(snapshot->data()) : 0;
  const auto hole_end = snapshot ? hole_begin + snapshot->capacity() : 0;
  auto scan_around_hole = [&](std::uintptr_t begin, std::uintptr_t end, const std::string& region) {
    auto scan_part = [&](std::uintptr_t from, std::uintptr_t to) {
      if (from < to) scan(reinterpret_cast<const std::uint8_t*>(from), reinterpret_cast<const std::uint8_t*>(to),
                          region, report);
    };
    if (hole_end <= begin || end <= hole_begin) {
      scan_part(begin, end);
    } else {
      scan_part(begin, hole_begin);
      scan_part(hole_end, end);
    }
  };
#if defined(__wasm__)
  // Linear memory: everything the module has, from just above the null page to its current size.
  const std::uint64_t size = std::uint64_t{__builtin_wasm_memory_size(0)} * 65536u;
  const std::uintptr_t end = size > UINTPTR_MAX ? UINTPTR_MAX : static_cast<std::uintptr_t>(size);
  report.scanned = "wasm linear memory";
  report.whole_process = true;
  scan_around_hole(1024, end, "linear memory");
#elif defined(__linux__)
  struct Region {
    std::uintptr_t begin, end;
    std::string name;
  };
  std::vector<Region> regions;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms, offset, device, inode, name;
    fields >> range >> perms >> offset >> device >> inode;
    std::getline(fields >> std::ws, name);
    if (perms.size() < 2 || perms[0] != 'r' || perms[1] != 'w') continue;
#if defined(BREACHCHECK_TEST_ASAN)
    if (name != "[stack]") continue;
#endif
    const std::size_t dash = range.find('-');
    regions.push_back({static_cast<std::uintptr_t>(std::stoull(range.substr(0, dash), nullptr, 16)),
                       static_cast<std::uintptr_t>(std::stoull(range.substr(dash + 1), nullptr, 16)), name});
  }
#if defined(BREACHCHECK_TEST_ASAN)
  report.scanned = "the stack only (AddressSanitizer build)";
#else
  report.scanned = std::to_string(regions.size()) + " writable mappings of /proc/self/maps";
  report.whole_process = true;
#endif
  for (const Region& r : regions) scan_around_hole(r.begin, r.end, r.name);
#else
  report.scanned = "nothing (no memory map on this platform)";
#endif
  if (snapshot && snapshot->captured() > 0) {
    scan(snapshot->data(), snapshot->data() + snapshot->captured(), "the stack below the caller, copied on return",
         report);
    report.scanned += " + " + std::to_string(snapshot->captured() / 1024) + " KiB of stack copied on return";
  }
  return report;
}

// no_sanitize_address: the machine stack, not ASan's fake stack (detect_stack_use_after_return). Volatile stores,
// not a call: a first call through the PLT makes the dynamic linker save the vector registers (which may hold a
// value the test just hashed) below this frame.
__attribute__((noinline, no_sanitize_address)) void scrub_stack_below_caller() {
  volatile std::uint64_t area[64 * 1024 / sizeof(std::uint64_t)];
  for (auto& word : area) word = 0;
}

}  // namespace breachcheck::test
