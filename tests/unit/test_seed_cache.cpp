// SPDX-License-Identifier: MPL-2.0
// The seed cache (build/seed_cache.h, docs/FORMAT.md "Seed cache"): a version 2 build that takes unchanged
// records' Argon2id outputs from the cache gives exactly the bytes of a build without it, through the pipeline's
// KDF pool (threads here; worker processes in tests/suites/format-v2.sh); and the cache file, outside bytes, is
// refused whole at every truncation and every flipped byte. Natively and as wasm under Node (NODERAWFS).
#include <catch.hpp>
#include <sodium.h>
#include <stdlib.h>

#include <sstream>

#include "build/builder.h"
#include "build/file_io.h"
#include "synth/synth.h"
#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

constexpr Salt kKdfSalt{0x5e, 0xed, 1};
constexpr Salt kVersionSalt{0x5e, 0xed, 2};

struct CacheDir {
  std::string path;
  CacheDir() {
    char name[] = "/tmp/bc-seed-cache-test-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~CacheDir() { io::remove_tree(path); }
};

std::string write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A version 2 build of `csv` through the pipeline; with `in`/`out`, through the seed cache.
std::string build_v2(const std::string& csv, const std::string& work, const KeyPair& key, const std::string& out_path,
                     const SeedCache* in, SeedCache* out, std::uint64_t* from_cache = nullptr) {
  PipelineOptions o;
  o.records_path = csv;
  o.salt = kVersionSalt;
  o.kdf_salt = kKdfSalt;
  o.kdf = kTestKdf;
  o.created = kCreated;
  o.threads = 2;
  o.worker_processes = false;
  o.max_memory_bytes = 64ull << 20;
  o.work_dir = work;
  o.chunk_records = 64;
  o.sync = false;
  PublisherBuild build(default_catalog(), o);
  const SeedCacheKey cache_key = seed_cache_key(key);
  if (out) build.use_seed_cache(in, out, &cache_key);
  build.collect();
  build.hash();
  LayoutOptions layout;
  layout.publisher = "Seed cache test";
  layout.kdf = kTestKdf;
  layout.salt = kVersionSalt;
  layout.kdf_salt = kKdfSalt;
  layout.created = kCreated;
  layout.not_after = kCreated + 30 * 86400;
  layout.k = 5;
  build.write_dataset(layout, key, out_path);
  if (from_cache) *from_cache = build.stats().hash.records_from_seed_cache;
  build.finish();
  return read_file(out_path);
}

std::string synth_csv(std::uint64_t rows, std::uint64_t seed) {
  std::ostringstream out;
  write_synthetic_csv(out, rows, seed, kToday);
  return out.str();
}

}  // namespace

TEST_CASE("A version 2 build through the seed cache is byte-identical to one without it", "[seed-cache]") {
  CacheDir dir;
  const KeyPair key = generate_key_pair();
  const SeedCacheKey cache_key = seed_cache_key(key);
  // Version 2 of the list drops the first 5 data rows of version 1 and adds 7 other people.
  const std::string v1 = synth_csv(300, 41);
  const std::string added = synth_csv(7, 42);
  std::string v2 = v1.substr(0, v1.find('\n') + 1);
  std::istringstream lines(v1);
  std::string line;
  std::getline(lines, line);
  for (int i = 0; std::getline(lines, line); ++i) {
    if (i >= 5) v2 += line + "\n";
  }
  v2 += added.substr(added.find('\n') + 1);
  const std::string csv1 = write_text(dir.path + "/v1.csv", v1);
  const std::string csv2 = write_text(dir.path + "/v2.csv", v2);

  SeedCache first(kKdfSalt, kTestKdf);
  build_v2(csv1, dir.path + "/w1", key, dir.path + "/v1.bcd", nullptr, &first);
  REQUIRE(first.size() > 250);
  first.write(dir.path + "/cache.bsc", cache_key, false);

  const SeedCache reread = SeedCache::read(dir.path + "/cache.bsc", cache_key, kKdfSalt, kTestKdf);
  CHECK(reread.size() == first.size());
  SeedCache second(kKdfSalt, kTestKdf);
  std::uint64_t from_cache = 0;
  const std::string cached = build_v2(csv2, dir.path + "/w2", key, dir.path + "/v2.bcd", &reread, &second, &from_cache);
  const std::string plain = build_v2(csv2, dir.path + "/w3", key, dir.path + "/v2-plain.bcd", nullptr, nullptr);
  CHECK(cached == plain);
  CHECK(from_cache > 0);
  CHECK(from_cache + 7 >= second.size());  // at most the 7 added people (fewer if merged) ran Argon2id
  CHECK(from_cache < second.size());

  // Every output in the new cache is the real Argon2id output of its identity: none is stale or shifted.
  second.write(dir.path + "/cache2.bsc", cache_key, false);
  const SeedCache written = SeedCache::read(dir.path + "/cache2.bsc", cache_key, kKdfSalt, kTestKdf);
  std::istringstream csv(v2);
  CollectOptions collect;
  collect.today = kToday;
  const RecordSet set = collect_records(csv, default_catalog(), collect);
  REQUIRE(set.records.size() == written.size());
  for (const auto& record : set.records) {
    std::uint8_t stored[kSeedSize];
    REQUIRE(written.find(seed_cache_id(cache_key, record.canonical.data()), stored));
    CanonicalIdentity canonical;
    std::memcpy(canonical.data(), record.canonical.data(), kCanonicalIdentitySize);
    Seed seed;
    REQUIRE(derive_seed(canonical, kKdfSalt, kTestKdf, seed));
    CHECK(sodium_memcmp(stored, seed.data(), kSeedSize) == 0);
  }
}

TEST_CASE("A seed cache file is refused whole when truncated, altered, foreign or made for other settings",
          "[seed-cache]") {
  CacheDir dir;
  const KeyPair key = generate_key_pair();
  const SeedCacheKey cache_key = seed_cache_key(key);
  SeedCache cache(kKdfSalt, kTestKdf);
  for (std::uint8_t i = 0; i < 5; ++i) {
    SeedCacheId id{};
    id[0] = static_cast<std::uint8_t>(i * 40);
    std::uint8_t seed[kSeedSize];
    std::memset(seed, i + 1, sizeof seed);
    cache.add(id, seed);
  }
  const std::string path = dir.path + "/cache.bsc";
  cache.write(path, cache_key, false);
  const std::string good = read_file(path);
  REQUIRE(good.size() == kSeedCacheHeaderSize + 5 * kSeedCacheEntrySize + kSeedCacheChecksumSize);
  const std::string probe = dir.path + "/probe.bsc";
  auto code_of = [&](const std::string& bytes, const SeedCacheKey& k, const Salt& salt, const KdfParams& kdf) {
    write_text(probe, bytes);
    return coded_error_of([&] { (void)SeedCache::read(probe, k, salt, kdf); });
  };
  CHECK(code_of(good, cache_key, kKdfSalt, kTestKdf).empty());

  for (std::size_t length = 0; length < good.size(); ++length) {
    INFO("truncated to " << length << " bytes");
    CHECK(code_of(good.substr(0, length), cache_key, kKdfSalt, kTestKdf) == "seed_cache_invalid");
  }
  CHECK(code_of(good + '\0', cache_key, kKdfSalt, kTestKdf) == "seed_cache_invalid");
  for (std::size_t at = 0; at < good.size(); ++at) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    INFO("byte " << at << " flipped");
    CHECK(code_of(flipped, cache_key, kKdfSalt, kTestKdf) == "seed_cache_invalid");
  }
  const SeedCacheKey other_key = seed_cache_key(generate_key_pair());
  CHECK(code_of(good, other_key, kKdfSalt, kTestKdf) == "seed_cache_invalid");
  CHECK(code_of(good, cache_key, Salt{9}, kTestKdf) == "seed_cache_mismatch");
  CHECK(code_of(good, cache_key, kKdfSalt, KdfParams{2, 8}) == "seed_cache_mismatch");
  CHECK(code_of(good, cache_key, kKdfSalt, KdfParams{1, 16}) == "seed_cache_mismatch");
  CHECK(coded_error_of([&] { (void)peek_seed_cache(dir.path + "/absent.bsc"); }) == "seed_cache_invalid");
}
