// SPDX-License-Identifier: MPL-2.0
#include "build/entry_sorter.h"

#include <algorithm>
#include <stdexcept>

namespace breachcheck {
namespace {

constexpr unsigned kMaxRangeBits = 9;  // 512 range files at most (open at once: stay below common fd limits)

std::string range_path(const std::string& dir, std::size_t i) { return dir + "/range-" + std::to_string(i) + ".bin"; }

}  // namespace

EntrySorter::EntrySorter(std::uint64_t total, std::uint64_t memory_bytes, std::string spill_dir,
                         unsigned histogram_bits)
    : total_(total), spill_dir_(std::move(spill_dir)), histogram_bits_(std::min(histogram_bits, 24u)) {
  histogram_.assign(std::size_t{1} << histogram_bits_, 0);
  // Ranges hold total / 2^r entries on average; leave 25% headroom for the spread between ranges.
  const auto fits = [&](unsigned r) {
    return static_cast<double>(total) / static_cast<double>(std::uint64_t{1} << r) * kWireEntrySize * 1.25 <=
           static_cast<double>(memory_bytes);
  };
  while (!fits(range_bits_) && range_bits_ < kMaxRangeBits) ++range_bits_;
  if (range_bits_ == 0) {
    memory_.reserve(static_cast<std::size_t>(total));
    return;
  }
  if (spill_dir_.empty()) throw std::logic_error("entries exceed the memory budget and there is no spill directory");
  io::make_dirs(spill_dir_);
  const std::size_t count = std::size_t{1} << range_bits_;
  // Write buffers take at most a quarter of the budget.
  const std::uint64_t buffer = std::clamp<std::uint64_t>(memory_bytes / 4 / count, 4096, 1 << 20);
  for (std::size_t i = 0; i < count; ++i) {
    ranges_.push_back(std::make_unique<io::SequentialWriter>(range_path(spill_dir_, i), static_cast<std::size_t>(buffer)));
  }
  range_counts_.assign(count, 0);
}

EntrySorter::~EntrySorter() {
  ranges_.clear();
  if (range_bits_ > 0) {
    for (std::size_t i = 0; i < (std::size_t{1} << range_bits_); ++i) {
      try {
        io::remove_file(range_path(spill_dir_, i));
      } catch (...) {
      }
    }
  }
}

void EntrySorter::add(const WireEntry* entries, std::size_t count) {
  if (added_ + count > total_) throw std::logic_error("more entries than announced");
  added_ += count;
  const unsigned hist_shift = 32 - histogram_bits_;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t prefix = wire_prefix32(entries[i].data());
    if (histogram_bits_ > 0) {
      ++histogram_[prefix >> hist_shift];
    } else {
      ++histogram_[0];
    }
    if (range_bits_ == 0) {
      memory_.push_back(entries[i]);
    } else {
      const std::size_t r = prefix >> (32 - range_bits_);
      ranges_[r]->write(entries[i].data(), kWireEntrySize);
      ++range_counts_[r];
    }
  }
}

void EntrySorter::for_each_sorted(const SortedSpanFn& fn) {
  if (added_ != total_) throw std::logic_error("fewer entries than announced");
  if (range_bits_ == 0) {
    std::sort(memory_.begin(), memory_.end());
    fn(memory_.data(), memory_.size());
    memory_ = std::vector<WireEntry>();
    return;
  }
  for (auto& writer : ranges_) writer->finish(false);  // temporary: rebuilt from checkpoints after a crash
  ranges_.clear();
  std::vector<WireEntry> range;
  // Sized once for the largest range: growing it range after range would hold two copies at a time.
  range.reserve(static_cast<std::size_t>(*std::max_element(range_counts_.begin(), range_counts_.end())));
  for (std::size_t i = 0; i < range_counts_.size(); ++i) {
    const std::string path = range_path(spill_dir_, i);
    range.resize(static_cast<std::size_t>(range_counts_[i]));
    {
      io::SequentialReader reader(path, 0, 1 << 20);
      for (auto& entry : range) {
        if (!reader.read(entry.data(), kWireEntrySize)) throw std::runtime_error("range file shorter than written: " + path);
      }
    }
    io::remove_file(path);
    std::sort(range.begin(), range.end());
    fn(range.data(), range.size());
  }
}

}  // namespace breachcheck
