// SPDX-License-Identifier: MPL-2.0
// The publisher pipeline at scale (docs/PUBLISHER-GUIDE.md, docs/DEPLOY.md): spill runs, range files, shards,
// checkpoints and partial files must all give exactly the bytes of the in-memory build. Small inputs and budgets
// so every spill path runs; the same tests run natively (threads) and as wasm under Node (one thread, NODERAWFS
// for the work dirs).
#include <catch.hpp>
#include <sodium.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "build/builder.h"
#include "build/file_io.h"
#include "build/planner.h"
#include "synth/synth.h"
#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

constexpr unsigned kThreads = 2;  // one under wasm (usable_threads)

struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/bc-scale-test-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempDir() { io::remove_tree(path); }
};

std::string synth_csv(std::uint64_t rows, std::uint64_t seed) {
  std::ostringstream out;
  write_synthetic_csv(out, rows, seed, kToday);
  return out.str();
}

std::string write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

struct Drained {
  std::vector<SourceRecord> records;
  std::uint64_t rows = 0;
};

Drained drain(RecordStream& stream) {
  Drained d;
  SourceRecord r;
  std::uint32_t rows = 0;
  while (stream.next(r, rows)) {
    d.records.push_back(r);
    d.rows += rows;
  }
  return d;
}

bool same_record(const SourceRecord& a, const SourceRecord& b) {
  return a.canonical == b.canonical && a.payload.operators == b.payload.operators &&
         a.payload.flags == b.payload.flags && a.payload.categories == b.payload.categories;
}

const Salt kSalt{7, 7, 7, 1, 2, 3};

PipelineOptions pipeline_options(const std::string& csv, const std::string& work) {
  PipelineOptions o;
  o.records_path = csv;
  o.salt = kSalt;
  o.kdf = kTestKdf;
  o.created = kCreated;
  o.threads = kThreads;
  o.max_memory_bytes = 64ull << 20;
  o.work_dir = work;
  o.chunk_records = 64;
  o.histogram_bits = 15;
  o.sync = false;
  return o;
}

LayoutOptions layout_options() {
  LayoutOptions layout;
  layout.publisher = "Scale test";
  layout.kdf = kTestKdf;
  layout.salt = kSalt;
  layout.created = kCreated;
  layout.not_after = kCreated + 30 * 86400;
  layout.k = 5;
  return layout;
}

std::string in_memory_build(const std::string& csv_text, const KeyPair& key) {
  std::istringstream csv(csv_text);
  CollectOptions collect;
  collect.today = kToday;
  RecordSet set = collect_records(csv, default_catalog(), collect);
  std::vector<HashedEntry> entries = hash_records(set.records, kSalt, kTestKdf, 1, nullptr);
  std::ostringstream out;
  write_dataset(entries, default_catalog(), set.insurers, layout_options(), key, out);
  return out.str();
}

std::string single_build(const std::string& csv, const std::string& work, const KeyPair& key, const std::string& out,
                         std::uint64_t memory = 64ull << 20, PipelineStats* stats = nullptr, bool keep = false) {
  PipelineOptions o = pipeline_options(csv, work);
  o.max_memory_bytes = memory;
  o.keep_work = keep;
  PublisherBuild build(default_catalog(), o);
  build.collect();
  build.hash();
  build.write_dataset(layout_options(), key, out);
  if (stats) *stats = build.stats();
  build.finish();
  return test::read_file(out);
}

}  // namespace

TEST_CASE("Folding a person's rows does not depend on their order", "[scale]") {
  const RecordPayload rows[] = {{1, 0, 0b0011}, {2, 0, 0b0100}, {1, 0, 0b0011}};
  std::vector<int> order = {0, 1, 2};
  std::vector<std::array<std::uint32_t, 3>> results;
  do {
    RecordPayload into = rows[order[0]];
    fold_record(into, rows[order[1]]);
    fold_record(into, rows[order[2]]);
    results.push_back({into.operators, into.flags, into.categories});
  } while (std::next_permutation(order.begin(), order.end()));
  for (const auto& r : results) CHECK(r == results.front());
  CHECK(results.front()[0] == 3);
  CHECK(results.front()[1] == kPayloadFlagMerged);
  RecordPayload same = rows[0];
  fold_record(same, rows[2]);
  CHECK(same.flags == 0);  // identical rows are not "merged"
}

TEST_CASE("The collector spills encrypted runs under a small budget and merges them back exactly", "[scale]") {
  TempDir dir;
  const std::string text = synth_csv(5000, 3);
  std::istringstream reference_in(text);
  CollectOptions collect;
  collect.today = kToday;
  const RecordSet reference = collect_records(reference_in, default_catalog(), collect);

  CollectorConfig config;
  config.collect = collect;
  config.memory_bytes = 1024 * 40;  // 1,024 rows per run: about five runs
  config.spill_dir = dir.path + "/runs";
  RecordCollector collector(default_catalog(), config);
  std::istringstream in(text);
  collector.read(in);
  CHECK(collector.stats().spill_runs >= 4);
  // Runs hold canonical identities encrypted under a key that only this process has.
  const auto runs = io::list_dir(dir.path + "/runs");
  REQUIRE(!runs.empty());
  const std::string run_bytes = test::read_file(dir.path + "/runs/" + runs.front());
  CHECK(run_bytes.find("bc-id-v1") == std::string::npos);

  auto stream = collector.merged();
  const Drained merged = drain(*stream);
  REQUIRE(merged.records.size() == reference.records.size());
  for (std::size_t i = 0; i < merged.records.size(); ++i) REQUIRE(same_record(merged.records[i], reference.records[i]));
  CHECK(merged.rows == collector.stats().rows_kept);
  CHECK(collector.stats().insurers == reference.insurers);
  stream.reset();
  CHECK(io::list_dir(dir.path + "/runs").empty());  // runs are deleted once merged
}

TEST_CASE("Shards split by identity: their union is the whole list, and every shard reports every bad row", "[scale]") {
  std::string text = synth_csv(3000, 5);
  text += "185057800608491,1985-13-12,1,viamedis,nir,Mutuelle A\n";  // bad date
  text += "not-a-nir,1985-05-12,1,viamedis,nir,Mutuelle A\n";
  std::istringstream reference_in(text);
  CollectOptions collect;
  collect.today = kToday;
  const RecordSet reference = collect_records(reference_in, default_catalog(), collect);

  std::vector<SourceRecord> all;
  std::map<std::string, std::uint8_t> insurers;
  std::vector<std::string> reports;
  std::uint64_t kept = 0;
  for (std::uint32_t i = 0; i < 3; ++i) {
    CollectorConfig config;
    config.collect = collect;
    config.shard = {i, 3};
    config.salt = kSalt;
    RecordCollector collector(default_catalog(), config);
    std::istringstream in(text);
    collector.read(in);
    auto stream = collector.merged();
    const Drained d = drain(*stream);
    all.insert(all.end(), d.records.begin(), d.records.end());
    for (const auto& [name, mask] : collector.stats().insurers) insurers[name] |= mask;
    kept += collector.stats().rows_kept;
    CHECK(collector.stats().rows_bad == 2);
    std::string report;
    for (const auto& p : collector.stats().problems) report += std::to_string(p.line) + p.field + p.reason + ";";
    reports.push_back(report);
  }
  CHECK(reports[0] == reports[1]);
  CHECK(reports[1] == reports[2]);
  CHECK(reports[0].find("3002") != std::string::npos);
  std::sort(all.begin(), all.end(), [](const SourceRecord& a, const SourceRecord& b) { return a.canonical < b.canonical; });
  REQUIRE(all.size() == reference.records.size());
  for (std::size_t i = 0; i < all.size(); ++i) REQUIRE(same_record(all[i], reference.records[i]));
  CHECK(insurers == reference.insurers);
  CHECK(kept == reference.records.size() + reference.rows_merged);
}

TEST_CASE("Entries sorted through range files come out exactly as one in-memory sort", "[scale]") {
  TempDir dir;
  std::mt19937_64 rng(42);
  std::vector<WireEntry> entries(20000);
  for (auto& e : entries) {
    for (auto& b : e) b = static_cast<std::uint8_t>(rng());
  }
  EntrySorter sorter(entries.size(), 64 * 1024, dir.path + "/ranges", 8);
  CHECK(sorter.range_bits() >= 3);
  sorter.add(entries.data(), 12345);
  sorter.add(entries.data() + 12345, entries.size() - 12345);
  std::vector<WireEntry> out;
  sorter.for_each_sorted([&](const WireEntry* span, std::size_t n) { out.insert(out.end(), span, span + n); });
  std::vector<WireEntry> expected = entries;
  std::sort(expected.begin(), expected.end());
  CHECK(out == expected);
  std::uint64_t sum = 0;
  for (auto c : sorter.histogram()) sum += c;
  CHECK(sum == entries.size());
  CHECK(sorter.histogram().size() == 256);
  CHECK(io::list_dir(dir.path + "/ranges").empty());
}

TEST_CASE("Single, spilled, sharded and in-memory builds write the same bytes", "[scale]") {
  TempDir dir;
  const KeyPair key = generate_key_pair();
  const std::string text = synth_csv(1500, 9);
  const std::string csv = write_text(dir.path + "/records.csv", text);
  const std::string reference = in_memory_build(text, key);

  PipelineStats stats;
  CHECK(single_build(csv, dir.path + "/w1", key, dir.path + "/single.bcd", 64ull << 20, &stats) == reference);
  CHECK(stats.hash.chunks.size() > 5);
  CHECK(!io::exists(dir.path + "/w1"));  // removed after success

  for (std::uint32_t n : {1u, 3u}) {
    std::vector<std::string> parts;
    for (std::uint32_t i = 0; i < n; ++i) {
      PipelineOptions o = pipeline_options(csv, dir.path + "/s" + std::to_string(i));
      o.shard = {i, n};
      PublisherBuild build(default_catalog(), o);
      build.collect();
      build.hash();
      parts.push_back(dir.path + "/part-" + std::to_string(i) + ".bcp");
      build.write_partial(parts.back());
      build.finish();
    }
    std::reverse(parts.begin(), parts.end());  // order on the command line does not matter
    PartialSet set(parts, default_catalog());
    CHECK(set.records() == stats.records);
    set.write_dataset(layout_options(), key, dir.path + "/merged.bcd", 32ull << 20, dir.path + "/mw", false, nullptr);
    CHECK(test::read_file(dir.path + "/merged.bcd") == reference);
  }
}

TEST_CASE("A rerun reuses valid checkpoints, and never stale or damaged ones", "[scale]") {
  TempDir dir;
  const KeyPair key = generate_key_pair();
  const std::string csv = write_text(dir.path + "/records.csv", synth_csv(800, 4));
  const std::string work = dir.path + "/work";
  PipelineStats first, second;
  const std::string a = single_build(csv, work, key, dir.path + "/a.bcd", 64ull << 20, &first, /*keep=*/true);
  CHECK(first.hash.chunks_reused == 0);
  CHECK(first.hash.records_hashed == first.records);

  // Damage one checkpoint: it must be recomputed, not reused.
  const auto names = io::list_dir(work + "/chunks");
  REQUIRE(names.size() == first.hash.chunks.size());
  {
    const std::string victim = work + "/chunks/" + names.front();
    std::string bytes = test::read_file(victim);
    bytes[60] = static_cast<char>(bytes[60] ^ 1);
    write_text(victim, bytes);
  }
  const std::string b = single_build(csv, work, key, dir.path + "/b.bcd", 64ull << 20, &second, /*keep=*/true);
  CHECK(a == b);
  CHECK(second.hash.chunks_reused == first.hash.chunks.size() - 1);
  CHECK(second.hash.records_hashed > 0);
  CHECK(second.hash.records_hashed < first.records);

  // Another salt (so another build): nothing is reused.
  PipelineOptions o = pipeline_options(csv, work);
  o.salt[0] ^= 1;
  o.keep_work = true;
  PublisherBuild other(default_catalog(), o);
  other.collect();
  other.hash();
  CHECK(other.stats().hash.chunks_reused == 0);
}

TEST_CASE("A time checkpoint cuts a chunk; an interrupted build resumes to the uninterrupted bytes", "[scale]") {
  if (usable_threads(2) < 2) {
    WARN("one thread here (wasm): the pool hashes a chunk in one call, nothing can cut it");
    return;
  }
  TempDir dir;
  const KeyPair key = generate_key_pair();
  const std::string csv = write_text(dir.path + "/records.csv", synth_csv(1200, 21));
  // Slow enough that one chunk takes about a second on two threads, so both the timer and the stop land in it.
  const KdfParams kdf{1, 2048};
  LayoutOptions layout = layout_options();
  layout.kdf = kdf;
  auto options = [&](const std::string& work) {
    PipelineOptions o = pipeline_options(csv, work);
    o.kdf = kdf;
    o.chunk_records = 4096;  // the whole file is one or two chunks
    o.keep_work = true;
    return o;
  };
  auto build_with = [&](PipelineOptions o, const std::string& out, PipelineStats& stats) {
    PublisherBuild build(default_catalog(), std::move(o));
    build.collect();
    build.hash();
    stats = build.stats();
    if (stats.hash.interrupted) return std::string();
    build.write_dataset(layout, key, out);
    stats = build.stats();
    return test::read_file(out);
  };
  auto parts_in = [](const std::string& work) {
    std::size_t n = 0;
    for (const auto& name : io::list_dir(work + "/chunks")) n += name.size() > 5 && name.substr(name.size() - 5) == ".part";
    return n;
  };

  PipelineStats plain, timed, stopped, resumed;
  const std::string reference = build_with(options(dir.path + "/plain"), dir.path + "/plain.bcd", plain);
  CHECK(plain.hash.partial_checkpoints == 0);  // default interval: five minutes

  PipelineOptions o = options(dir.path + "/timed");
  o.checkpoint_seconds = 0.05;
  CHECK(build_with(o, dir.path + "/timed.bcd", timed) == reference);
  CHECK(timed.hash.partial_checkpoints >= 2);
  CHECK(parts_in(dir.path + "/timed") == 0);  // each replaced by the whole chunk's checkpoint

  o = options(dir.path + "/stopped");
  o.checkpoint_seconds = 0.02;
  int polls = 0;
  o.stop_requested = [&polls] { return ++polls > 4; };
  build_with(o, "", stopped);
  REQUIRE(stopped.hash.interrupted);
  CHECK(stopped.hash.records_in_part > 0);
  CHECK(parts_in(dir.path + "/stopped") == 1);

  o = options(dir.path + "/stopped");
  CHECK(build_with(o, dir.path + "/resumed.bcd", resumed) == reference);
  CHECK(resumed.hash.records_resumed == stopped.hash.records_in_part);
  CHECK(resumed.hash.records_hashed + resumed.hash.records_resumed + resumed.hash.records_reused == plain.records);
  CHECK(parts_in(dir.path + "/stopped") == 0);
}

TEST_CASE("The memory plan holds the Argon2id arenas first and reduces threads, never the KDF", "[scale]") {
  const KdfParams heavy{3, 65536};
  const MemoryPlan roomy = plan_memory(4ull << 30, 8, heavy, 15, kDefaultChunkRecords);
  CHECK(roomy.threads == 8);
  CHECK_FALSE(roomy.threads_reduced);
  CHECK(roomy.collect_bytes + roomy.fixed_bytes + 8 * (65536ull * 1024 + 256 * 1024) == roomy.budget);
  const MemoryPlan tight = plan_memory(300ull << 20, 8, heavy, 15, kDefaultChunkRecords);
  CHECK(tight.threads < 8);
  CHECK(tight.threads >= 1);
  CHECK(tight.threads_reduced);
  CHECK_THROWS_WITH(plan_memory(40ull << 20, 1, heavy, 15, kDefaultChunkRecords), Catch::Contains("too small"));
}

TEST_CASE("merge refuses partials that do not belong together or were altered", "[scale]") {
  TempDir dir;
  const KeyPair key = generate_key_pair();
  const std::string csv = write_text(dir.path + "/records.csv", synth_csv(600, 2));
  auto shard = [&](std::uint32_t i, std::uint32_t n, Salt salt, const std::string& name) {
    PipelineOptions o = pipeline_options(csv, dir.path + "/w-" + name);
    o.shard = {i, n};
    o.salt = salt;
    PublisherBuild build(default_catalog(), o);
    build.collect();
    build.hash();
    build.write_partial(dir.path + "/" + name);
    build.finish();
    return dir.path + "/" + name;
  };
  const std::string p0 = shard(0, 2, kSalt, "p0.bcp");
  const std::string p1 = shard(1, 2, kSalt, "p1.bcp");
  Salt other = kSalt;
  other[5] ^= 0x40;
  const std::string q1 = shard(1, 2, other, "q1.bcp");

  // Each refusal is partials_invalid (docs/ERRORS.md), whichever step of merge meets it.
  CHECK_THROWS_WITH(PartialSet({p0}, default_catalog()), Catch::Contains("missing"));
  CHECK(coded_error_of([&] { PartialSet({p0}, default_catalog()); }) == "partials_invalid");
  CHECK_THROWS_WITH(PartialSet({p0, p0}, default_catalog()), Catch::Contains("given twice"));
  CHECK(coded_error_of([&] { PartialSet({p0, p0}, default_catalog()); }) == "partials_invalid");
  CHECK_THROWS_WITH(PartialSet({p0, q1}, default_catalog()), Catch::Contains("salts differ"));
  CHECK(coded_error_of([&] { PartialSet({p0, q1}, default_catalog()); }) == "partials_invalid");

  // One flipped bit in an entry: caught by the checksum before the data set is written. It is met while
  // writing, yet it is the partial's fault, not the output's (write_failed would send the publisher to the disk).
  std::string bytes = test::read_file(p1);
  bytes[bytes.size() - 40] = static_cast<char>(bytes[bytes.size() - 40] ^ 0x01);
  write_text(p1, bytes);
  PartialSet set({p0, p1}, default_catalog());
  CHECK(coded_error_of([&] {
          set.write_dataset(layout_options(), key, dir.path + "/x.bcd", 32ull << 20, dir.path + "/mw", false, nullptr);
        }) == "partials_invalid");
  CHECK(!io::exists(dir.path + "/x.bcd"));
  // A truncated partial is refused when opened.
  write_text(p1, bytes.substr(0, bytes.size() - 5));
  CHECK_THROWS_WITH(PartialSet({p0, p1}, default_catalog()), Catch::Contains("truncated"));
  CHECK(coded_error_of([&] { PartialSet({p0, p1}, default_catalog()); }) == "partials_invalid");
}

TEST_CASE("The planner's expected P and bucket sizes match real builds and the format's guidance", "[scale][plan]") {
  // 33 million records: P = 15 (the privacy cap), ~1,000 real records a bucket (docs/FORMAT.md).
  const PrefixEstimate big = estimate_prefix_bits(33000000, 50, 15);
  CHECK(big.prefix_bits == 15);
  CHECK(big.mean_real == Approx(1007).epsilon(0.01));
  CHECK(big.expected_capacity > 1100);
  CHECK(big.expected_capacity < 1180);
  // The 980,620-record build measured here had P = 13, min 73, capacity 157.
  const PrefixEstimate m = estimate_prefix_bits(980620, 50, 15);
  CHECK(m.prefix_bits == 13);
  CHECK(m.expected_min >= 65);
  CHECK(m.expected_min <= 85);
  CHECK(m.expected_capacity >= 150);
  CHECK(m.expected_capacity <= 170);
  // Small lists: P falls until the smallest bucket reaches k.
  CHECK(estimate_prefix_bits(5000, 50, 15).prefix_bits <= 6);

  KdfMeasurement kdf;
  kdf.median_ms = 150;
  kdf.reps = 3;
  PlanInput in;
  in.records = 33000000;
  in.kdf = {3, 16384};
  in.threads = 64;
  const PlanFigures f = compute_plan(in, kdf);
  CHECK(f.gpu_guesses_per_second == Approx(1e4));  // docs/THREAT-MODEL.md's reference figure, unscaled
  CHECK(f.gpu_targeted_seconds == Approx(0.1));
  CHECK(f.cpu_targeted_core_seconds == Approx(150));
  CHECK(f.build_core_hours == Approx(33e6 * (0.150 + 2.2e-6) / 3600).epsilon(0.01));
  in.kdf = {3, 65536};
  CHECK(compute_plan(in, kdf).gpu_guesses_per_second == Approx(2500));  // 4x the memory: 4x slower
  CHECK(f.file_bytes == f.header_bytes + f.buckets * f.bucket_bytes);
}
