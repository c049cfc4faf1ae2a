// SPDX-License-Identifier: MPL-2.0
// Engine micro-benchmarks, one source for both builds (native, and wasm under Node), so ratios come from
// the same code. Prints one JSON object per line.
//   engine_bench kdf OPS MEM_KIB REPS         Argon2id through derive_seed: median and mean ms
//   engine_bench lookup RECORDS PREFIX_BITS   find_in_bucket on an in-memory data set: median us
//   engine_bench oprf REPS                    hardened mode's VOPRF steps (client blind and finalize with proof
//                                             verification, server evaluation with proof, builder's direct
//                                             evaluation): median us each
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "build/builder.h"
#include "check/checker.h"
#include "oprf/oprf.h"
#include "oprf/oprf_wire.h"
#include "synth/synth.h"

using namespace breachcheck;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int bench_kdf(std::uint32_t ops, std::uint32_t mem_kib, int reps) {
  CanonicalIdentity identity;
  for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<std::uint8_t>('0' + i % 10);
  Salt salt{};
  randombytes_buf(salt.data(), salt.size());
  Seed seed;
  std::vector<double> ms;
  const auto first_start = Clock::now();
  if (!derive_seed(identity, salt, KdfParams{ops, mem_kib}, seed)) return 1;
  const double first = std::chrono::duration<double, std::milli>(Clock::now() - first_start).count();
  for (int i = 0; i < reps; ++i) {
    const auto start = Clock::now();
    if (!derive_seed(identity, salt, KdfParams{ops, mem_kib}, seed)) return 1;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  double sum = 0;
  for (double m : ms) sum += m;
  std::printf("{\"bench\":\"kdf\",\"ops\":%u,\"memKiB\":%u,\"reps\":%d,\"firstMs\":%.3f,\"medianMs\":%.3f,\"meanMs\":%.3f}\n",
              ops, mem_kib, reps, first, median(ms), sum / static_cast<double>(ms.size()));
  return 0;
}

int bench_lookup(std::uint64_t records, unsigned prefix_bits) {
  std::stringstream csv;
  write_synthetic_csv(csv, records, 5, CivilDate{2026, 11, 29});
  const std::string csv_text = csv.str();
  std::istringstream csv_in(csv_text);
  // Catalog: read from the repository (the bench runs from its root).
  std::FILE* f = std::fopen("wasm/catalog/viamedis-almerys-2024.json", "rb");
  if (!f) return 1;
  std::string catalog_text(kMaxCatalogJsonBytes, '\0');
  catalog_text.resize(std::fread(catalog_text.data(), 1, catalog_text.size(), f));
  std::fclose(f);
  const Catalog catalog = parse_catalog(catalog_text);
  CollectOptions collect;
  collect.today = CivilDate{2026, 11, 29};
  RecordSet set = collect_records(csv_in, catalog, collect);
  const KdfParams kdf{1, 8};
  const Salt salt{9};
  std::vector<HashedEntry> entries = hash_records(set.records, salt, kdf, 1, nullptr);
  LayoutOptions layout;
  layout.publisher = "bench";
  layout.kdf = kdf;
  layout.salt = salt;
  layout.created = 1795824000;
  layout.not_after = layout.created + 86400 * 30;
  layout.k = 1;
  layout.max_prefix_bits = prefix_bits;
  const KeyPair key = generate_key_pair();
  std::ostringstream out;
  const WriteReport report = write_dataset(entries, catalog, set.insurers, layout, key, out);
  const std::string file = out.str();
  MemorySource source(Bytes(file.begin(), file.end()));
  TrustPolicy policy;
  policy.pinned_keys = {key.public_key};
  policy.now = 1795910400;
  policy.allow_weak_kdf_for_tests();
  const OpenedDataset opened = open_dataset(source, policy);
  if (!opened.header) return 1;

  // A record that is in the list: its bucket, fetched once; then time verify + scan + decrypt.
  IdentityInput input;
  std::istringstream again(csv_text);
  std::string line;
  std::getline(again, line);
  std::getline(again, line);
  const std::string nir = line.substr(0, line.find(','));
  const std::string date = line.substr(line.find(',') + 1, 10);
  input.nir = nir;
  input.birth_date = date;
  input.beneficiary = true;
  const PreparedLookup lookup = prepare_lookup(*opened.header, input, collect.today);
  Bytes bucket;
  source.read(opened.header->fixed.bucket_offset(lookup.bucket), opened.header->fixed.bucket_stride(), bucket);
  std::vector<double> us;
  CheckStatus status = CheckStatus::unavailable;
  for (int i = 0; i < 200; ++i) {
    const auto start = Clock::now();
    status = find_in_bucket(*opened.header, lookup, bucket).status;
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::printf("{\"bench\":\"lookup\",\"records\":%zu,\"prefixBits\":%u,\"bucketCapacity\":%u,\"bucketBytes\":%llu,"
              "\"status\":\"%s\",\"medianUs\":%.1f,\"bytesPerRecord\":%.2f}\n",
              entries.size(), report.buckets.prefix_bits, report.buckets.capacity,
              static_cast<unsigned long long>(opened.header->fixed.bucket_stride()), status_name(status), median(us),
              static_cast<double>(report.file_size) / static_cast<double>(entries.size()));
  return status == CheckStatus::affected ? 0 : 1;
}

int bench_oprf(int reps) {
  const OprfKeyPair key = generate_oprf_key_pair();
  std::uint8_t input[32];
  randombytes_buf(input, sizeof input);
  std::vector<double> blind_us, server_us, finalize_us, direct_us;
  int failures = 0;
  for (int i = 0; i < reps; ++i) {
    std::uint8_t blind[kOprfScalarBytes], blinded[kOprfElementBytes], evaluated[kOprfElementBytes],
        proof[kOprfProofBytes], output[kOprfOutputBytes], direct[kOprfOutputBytes];
    auto t0 = Clock::now();
    failures += oprf_blind(blind, blinded, OprfMode::kVoprf, input, sizeof input) != 0;
    auto t1 = Clock::now();
    failures += voprf_blind_evaluate(evaluated, proof, key.secret_key.data(), key.public_key.data(), blinded) != 0;
    auto t2 = Clock::now();
    failures += voprf_finalize(output, input, sizeof input, blind, evaluated, blinded, key.public_key.data(), proof) != 0;
    auto t3 = Clock::now();
    failures += oprf_evaluate(direct, OprfMode::kVoprf, key.secret_key.data(), input, sizeof input) != 0;
    auto t4 = Clock::now();
    failures += sodium_memcmp(output, direct, sizeof output) != 0;
    blind_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    server_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    finalize_us.push_back(std::chrono::duration<double, std::micro>(t3 - t2).count());
    direct_us.push_back(std::chrono::duration<double, std::micro>(t4 - t3).count());
  }
  std::printf("{\"bench\":\"oprf\",\"reps\":%d,\"blindUs\":%.1f,\"serverEvaluateUs\":%.1f,\"finalizeUs\":%.1f,"
              "\"directEvaluateUs\":%.1f,\"failures\":%d}\n",
              reps, median(blind_us), median(server_us), median(finalize_us), median(direct_us), failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 2;
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "kdf" && argc == 5) {
    return bench_kdf(static_cast<std::uint32_t>(std::stoul(argv[2])), static_cast<std::uint32_t>(std::stoul(argv[3])),
                     std::stoi(argv[4]));
  }
  if (mode == "lookup" && argc == 4) return bench_lookup(std::stoull(argv[2]), static_cast<unsigned>(std::stoul(argv[3])));
  if (mode == "oprf" && argc == 3) return bench_oprf(std::stoi(argv[2]));
  std::fprintf(stderr, "usage: engine_bench kdf OPS MEM_KIB REPS | lookup RECORDS PREFIX_BITS | oprf REPS\n");
  return 2;
}
