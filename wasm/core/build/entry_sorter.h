// SPDX-License-Identifier: MPL-2.0
// Stage 3 of the publisher pipeline: hashed entries (wire form) in any order -> the same entries in
// ascending order, within a memory budget. When everything fits, one sort in memory; otherwise entries are
// spilled into 2^r range files by the top r bits of their tag prefix (one pass), and each range is then
// loaded, sorted and handed out in turn. Hashed entries carry no identifier (they are what the data set
// publishes), so range files are not encrypted. A histogram of tag prefixes is kept on the way, so the
// writer can choose P before the first byte.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "build/file_io.h"
#include "build/hashed_entry.h"

namespace breachcheck {

using SortedSpanFn = std::function<void(const WireEntry* entries, std::size_t count)>;

class EntrySorter {
 public:
  // `total`: entries that will be added (exactly). `memory_bytes`: budget for sorting. `spill_dir`: for range
  // files (only used when the budget is too small). `histogram_bits`: resolution of the prefix histogram.
  EntrySorter(std::uint64_t total, std::uint64_t memory_bytes, std::string spill_dir, unsigned histogram_bits);
  ~EntrySorter();
  EntrySorter(const EntrySorter&) = delete;
  EntrySorter& operator=(const EntrySorter&) = delete;

  void add(const WireEntry* entries, std::size_t count);
  // Sorted spans in ascending order, each span sorted and every entry of a span below every entry of the
  // next. Call once, after every add().
  void for_each_sorted(const SortedSpanFn& fn);

  std::uint64_t added() const { return added_; }
  unsigned range_bits() const { return range_bits_; }
  const std::vector<std::uint64_t>& histogram() const { return histogram_; }
  unsigned histogram_bits() const { return histogram_bits_; }

 private:
  std::uint64_t total_;
  std::uint64_t added_ = 0;
  std::string spill_dir_;
  unsigned histogram_bits_;
  unsigned range_bits_ = 0;
  std::vector<std::uint64_t> histogram_;
  std::vector<WireEntry> memory_;  // range_bits_ == 0
  std::vector<std::unique_ptr<io::SequentialWriter>> ranges_;
  std::vector<std::uint64_t> range_counts_;
};

}  // namespace breachcheck
