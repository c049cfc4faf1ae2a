// SPDX-License-Identifier: MPL-2.0
#include "build/build_pipeline.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "build/file_io.h"
#include "build/kdf_pool.h"
#include "util/atomic_write.h"
#include "util/civil_date.h"
#include "util/coded_error.h"

namespace breachcheck {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kMiB = 1024 * 1024;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string tmp_dir(const std::string& work) { return work + "/tmp"; }
std::string chunk_dir(const std::string& work) { return work + "/chunks"; }

}  // namespace

std::uint64_t default_memory_budget() {
  const std::uint64_t physical = io::physical_memory_bytes();
  return std::max<std::uint64_t>(1024 * kMiB, physical / 2);
}

MemoryPlan plan_memory(std::uint64_t budget_bytes, unsigned threads, const KdfParams& kdf, unsigned histogram_bits,
                       std::uint32_t chunk_records) {
  MemoryPlan plan;
  plan.budget = budget_bytes;
  // Process and libraries (~6 MiB resident), I/O buffers (input 1 MiB, a few 1 MiB writers), two chunks in
  // flight (up to 4x the mean size each), the prefix histogram.
  plan.fixed_bytes = 12 * kMiB + 2ull * 4 * chunk_records * (sizeof(SourceRecord) + kWireEntrySize) +
                     (std::uint64_t{8} << std::min(histogram_bits, 24u));
  const std::uint64_t per_thread = std::uint64_t{kdf.mem_kib} * 1024 + 256 * 1024;
  const std::uint64_t min_work = 4 * kMiB;
  if (budget_bytes < plan.fixed_bytes + per_thread + min_work) {
    throw std::invalid_argument("--max-memory is too small: this KDF setting needs at least " +
                                std::to_string((plan.fixed_bytes + per_thread + min_work + kMiB - 1) / kMiB) + " MiB");
  }
  const std::uint64_t fit = (budget_bytes - plan.fixed_bytes - min_work) / per_thread;
  plan.threads = static_cast<unsigned>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, fit)));
  plan.threads_reduced = plan.threads < threads;
  plan.collect_bytes = budget_bytes - plan.fixed_bytes - plan.threads * per_thread;
  plan.sort_bytes = budget_bytes - plan.fixed_bytes;
  return plan;
}

PublisherBuild::PublisherBuild(const Catalog& catalog, PipelineOptions options)
    : catalog_(catalog), options_(std::move(options)) {
  if (options_.work_dir.empty()) throw std::invalid_argument("a work directory is required");
  if (options_.max_memory_bytes == 0) options_.max_memory_bytes = default_memory_budget();
  stats_.memory = plan_memory(options_.max_memory_bytes, usable_threads(options_.threads), options_.kdf,
                              options_.histogram_bits, options_.chunk_records);
  io::make_dirs(options_.work_dir);
  lock_ = std::make_unique<io::DirLock>(options_.work_dir);
  io::remove_tree(tmp_dir(options_.work_dir));  // spill files of an interrupted run are useless (ephemeral keys)
  io::make_dirs(tmp_dir(options_.work_dir));
  const bool processes = options_.worker_processes && worker_processes_supported();
  if (options_.kdf_salt && options_.shard.count > 1) {
    throw std::invalid_argument("format version 2 (a long-lived KDF salt) is not available for sharded builds");
  }
  pool_ = std::make_unique<KdfPool>(stats_.memory.threads, argon2id_salt(), options_.kdf, false,
                                    processes ? KdfPool::Workers::processes : KdfPool::Workers::threads,
                                    std::size_t{4} * options_.chunk_records, options_.oprf ? &*options_.oprf : nullptr,
                                    options_.kdf_salt ? &options_.salt : nullptr);
}

PublisherBuild::~PublisherBuild() {
  stream_.reset();
  collector_.reset();
  pool_.reset();
  try {
    if (lock_) io::remove_tree(tmp_dir(options_.work_dir));
  } catch (...) {
  }
}

void PublisherBuild::collect() {
  const auto start = Clock::now();
  io::DigestingFileBuf input(options_.records_path);
  if (!input.is_open()) throw CodedError("records_unreadable", "cannot open the records file " + options_.records_path);
  std::istream csv(&input);
  CollectorConfig config;
  config.collect.today = civil_date_of_unix(options_.created);
  config.collect.max_problems = options_.max_problems;
  config.collect.input = options_.input;
  config.on_problem = options_.on_problem;
  config.shard = options_.shard;
  config.salt = options_.salt;
  config.memory_bytes = stats_.memory.collect_bytes;
  config.spill_dir = tmp_dir(options_.work_dir);
  config.progress = options_.progress;
  config.input_position = [&input] { return input.consumed(); };
  config.input_size = input.size();
  collector_ = std::make_unique<RecordCollector>(catalog_, config);
  collector_->read(csv);
  stats_.collect = collector_->stats();
  stats_.input_digest = input.digest();
  stats_.collect_seconds = seconds_since(start);
}

void PublisherBuild::use_seed_cache(const SeedCache* in, SeedCache* out, const SeedCacheKey* key) {
  if (!options_.kdf_salt) throw std::logic_error("a seed cache needs format version 2 (a long-lived KDF salt)");
  if (!key || !out) throw std::logic_error("a seed cache needs its key and an output");
  if ((in && in->kdf_salt() != *options_.kdf_salt) || out->kdf_salt() != *options_.kdf_salt) {
    throw std::logic_error("seed cache and build disagree on the KDF salt");
  }
  seed_cache_in_ = in;
  seed_cache_out_ = out;
  seed_cache_key_ = key;
}

void PublisherBuild::hash() {
  if (!collector_) throw std::logic_error("collect() first");
  stream_ = collector_->merged();
  stats_.collect.spill_runs = collector_->stats().spill_runs;  // the last run is spilled by merged()
  HashStageConfig config;
  config.chunk_dir = chunk_dir(options_.work_dir);
  config.salt = argon2id_salt();
  if (options_.kdf_salt) config.version_salt = options_.salt;
  config.kdf = options_.kdf;
  config.threads = stats_.memory.threads;
  config.chunk_records = options_.chunk_records;
  config.sync = options_.sync;
  config.progress = options_.progress;
  config.checkpoint_seconds = options_.checkpoint_seconds;
  config.stop_requested = options_.stop_requested;
  config.pool = pool_.get();
  config.oprf = options_.oprf ? &*options_.oprf : nullptr;
  config.seed_cache_in = seed_cache_in_;
  config.seed_cache_out = seed_cache_out_;
  config.seed_cache_key = seed_cache_key_;
  stats_.hash = run_hash_stage(*stream_, config);
  pool_.reset();  // workers exit: their memory is back before sorting
  stream_.reset();
  collector_.reset();  // memory back before sorting
  if (stats_.hash.interrupted) return;  // the caller stops; the work directory keeps the checkpoints
  stats_.records = stats_.hash.records;
  stats_.rows_merged = stats_.collect.rows_kept - stats_.records;
}

void PublisherBuild::sort_into(EntrySorter& sorter) {
  std::uint64_t done = 0;
  for (const auto& chunk : stats_.hash.chunks) {
    add_chunk_to_sorter(chunk, sorter);
    done += chunk.count;
    if (options_.progress) options_.progress({"sorting", done, stats_.records, 0});
  }
  stats_.sort_range_bits = sorter.range_bits();
}

WriteReport PublisherBuild::write_dataset(const LayoutOptions& layout, const KeyPair& key, const std::string& out_path) {
  const auto start = Clock::now();
  if (layout.salt != options_.salt || layout.kdf.ops != options_.kdf.ops || layout.kdf.mem_kib != options_.kdf.mem_kib) {
    throw std::logic_error("layout and pipeline disagree on salt or KDF parameters");
  }
  if (layout.kdf_salt != options_.kdf_salt) throw std::logic_error("layout and pipeline disagree on the KDF salt");
  if (layout.oprf.has_value() != options_.oprf.has_value() ||
      (layout.oprf && layout.oprf->public_key != options_.oprf->public_key)) {
    throw std::logic_error("layout and pipeline disagree on the OPRF key");
  }
  const unsigned bits = std::min(layout.max_prefix_bits, kMaxPrefixBits);
  EntrySorter sorter(stats_.records, stats_.memory.sort_bytes, tmp_dir(options_.work_dir), bits);
  sort_into(sorter);
  SortedEntries sorted;
  sorted.total = stats_.records;
  sorted.histogram = &sorter.histogram();
  sorted.histogram_bits = sorter.histogram_bits();
  sorted.for_each_sorted = [&](const SortedSpanFn& fn) { sorter.for_each_sorted(fn); };
  WriteReport report;
  io::write_then_rename(
      out_path,
      [&](std::ostream& out) {
        report = write_dataset_sorted(sorted, catalog_, stats_.collect.insurers, layout, key, out);
      },
      options_.sync);
  stats_.sort_write_seconds = seconds_since(start);
  return report;
}

void PublisherBuild::write_partial(const std::string& out_path) {
  const auto start = Clock::now();
  EntrySorter sorter(stats_.records, stats_.memory.sort_bytes, tmp_dir(options_.work_dir), 0);
  sort_into(sorter);
  PartialHeader header;
  header.shard = options_.shard;
  header.kdf = options_.kdf;
  header.salt = options_.salt;
  header.input_digest = stats_.input_digest;
  header.catalog_digest = catalog_digest(catalog_);
  header.created = options_.created;
  header.rows_read = stats_.collect.rows_read;
  header.rows_bad = stats_.collect.rows_bad;
  header.rows_kept = stats_.collect.rows_kept;
  header.rows_merged = stats_.rows_merged;
  PartialMetadata metadata;
  metadata.insurers = stats_.collect.insurers;
  metadata.problem_count = stats_.collect.problem_count;
  metadata.problems = stats_.collect.problems;
  if (options_.oprf) metadata.oprf_public_key = options_.oprf->public_key;
  metadata.dataset_version = options_.dataset_version;
  write_partial_file(out_path, header, metadata, sorter, options_.sync);
  stats_.sort_write_seconds = seconds_since(start);
}

void PublisherBuild::finish() {
  if (options_.keep_work) return;
  lock_.reset();
  io::remove_tree(options_.work_dir);
}

PartialSet::PartialSet(const std::vector<std::string>& paths, const Catalog& catalog) : catalog_(catalog) {
  if (paths.empty()) throw std::invalid_argument("no partial files given");
  for (const auto& path : paths) readers_.emplace_back(path);
  const PartialHeader& a = readers_.front().header();
  const Digest32 catalog_id = catalog_digest(catalog);
  std::vector<bool> seen(a.shard.count, false);
  for (const auto& reader : readers_) {
    const PartialHeader& h = reader.header();
    const std::string who = "partial for shard " + std::to_string(h.shard.index) + "/" + std::to_string(h.shard.count);
    auto refused = [&](const std::string& why) { return CodedError("partials_invalid", who + ": " + why); };
    if (h.shard.count != a.shard.count) throw refused("shard counts differ between partial files");
    if (h.salt != a.salt) throw refused("salts differ (shards of different builds?)");
    if (h.kdf.ops != a.kdf.ops || h.kdf.mem_kib != a.kdf.mem_kib) throw refused("KDF parameters differ");
    if (h.input_digest != a.input_digest) throw refused("built from a different records file");
    if (h.catalog_digest != catalog_id) throw refused("built with a different catalog than --catalog");
    if (h.created != a.created) throw refused("--created differs between shards");
    if (h.rows_read != a.rows_read || h.rows_bad != a.rows_bad) throw refused("row counts differ");
    if (reader.metadata().problem_count != readers_.front().metadata().problem_count ||
        partial_metadata_json({{}, reader.metadata().problem_count, reader.metadata().problems, std::nullopt, 0}) !=
            partial_metadata_json({{}, readers_.front().metadata().problem_count, readers_.front().metadata().problems, std::nullopt, 0})) {
      throw refused("problem reports differ");
    }
    if (reader.metadata().dataset_version != readers_.front().metadata().dataset_version) {
      throw refused("built for another --dataset-version than the other shards");
    }
    if (reader.metadata().oprf_public_key != readers_.front().metadata().oprf_public_key) {
      throw refused("hashed with a different OPRF key (or mode) than the other shards");
    }
    if (seen[h.shard.index]) throw refused("given twice");
    seen[h.shard.index] = true;
    records_ += h.record_count;
    rows_merged_ += h.rows_merged;
    rows_kept_ += h.rows_kept;
    for (const auto& [name, mask] : reader.metadata().insurers) insurers_[name] |= mask;
  }
  for (std::uint32_t i = 0; i < a.shard.count; ++i) {
    if (!seen[i]) {
      throw CodedError("partials_invalid",
                       "partial for shard " + std::to_string(i) + "/" + std::to_string(a.shard.count) + " is missing");
    }
  }
  if (rows_kept_ + a.rows_bad != a.rows_read) {
    throw CodedError("partials_invalid", "partial files do not add up to the records file's rows");
  }
}

WriteReport PartialSet::write_dataset(const LayoutOptions& layout, const KeyPair& key, const std::string& out_path,
                                      std::uint64_t max_memory_bytes, const std::string& work_dir, bool sync,
                                      const ProgressFn& progress) {
  const PartialHeader& a = first();
  if (layout.salt != a.salt || layout.kdf.ops != a.kdf.ops || layout.kdf.mem_kib != a.kdf.mem_kib ||
      layout.created != a.created || layout.dataset_version != problems().dataset_version) {
    throw std::logic_error("layout must carry the partials' salt, KDF parameters, creation time and version");
  }
  const auto& partial_key = problems().oprf_public_key;
  if (layout.oprf.has_value() != partial_key.has_value() || (layout.oprf && layout.oprf->public_key != *partial_key)) {
    throw std::logic_error("layout must carry the partials' OPRF key");
  }
  if (max_memory_bytes == 0) max_memory_bytes = default_memory_budget();
  const unsigned bits = std::min(layout.max_prefix_bits, kMaxPrefixBits);
  const MemoryPlan plan = plan_memory(max_memory_bytes, 1, KdfParams{1, 8}, bits, 1024);
  io::make_dirs(work_dir);
  auto lock = std::make_unique<io::DirLock>(work_dir);
  const std::string spill = tmp_dir(work_dir);
  io::remove_tree(spill);
  WriteReport report;
  {
    EntrySorter sorter(records_, plan.sort_bytes, spill, bits);
    std::uint64_t done = 0;
    for (auto& reader : readers_) {
      reader.add_entries_to(sorter);  // verifies each file's checksum before anything is written
      done += reader.header().record_count;
      if (progress) progress({"sorting", done, records_, 0});
    }
    SortedEntries sorted;
    sorted.total = records_;
    sorted.histogram = &sorter.histogram();
    sorted.histogram_bits = sorter.histogram_bits();
    sorted.for_each_sorted = [&](const SortedSpanFn& fn) { sorter.for_each_sorted(fn); };
    io::write_then_rename(
        out_path,
        [&](std::ostream& out) { report = write_dataset_sorted(sorted, catalog_, insurers_, layout, key, out); },
        sync);
  }
  lock.reset();
  io::remove_tree(work_dir);  // only spill files and the lock live there
  return report;
}

}  // namespace breachcheck
