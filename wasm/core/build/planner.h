// SPDX-License-Identifier: MPL-2.0
// Cost and privacy planner (`breachcheck plan`, and the "plan" object of `breachcheck inspect`): what a data
// set of N records will look like and cost, before anyone spends core-hours on it. Pure arithmetic on a few
// inputs: the record count, the KDF setting, k and the P cap, one local Argon2id measurement, and the
// constants below, each measured or quoted in docs/PERFORMANCE.md ("Publisher at scale") with its source.
#pragma once

#include <cstdint>

#include "identity/kdf.h"

namespace breachcheck {

struct PlanConstants {
  // Argon2id in wasm (Node 18's V8, the engine of Chromium) over native, same source, same machine, same run:
  // `node tests/bench/engine-bench.mjs` (docs/PERFORMANCE.md, "Publisher at scale"). Picked by memory size
  // (nearest measured row). Steady state (median of repeated calls), and the first call of a page, which is
  // what one person's check costs (it includes growing the wasm memory): the estimate uses the first call.
  double wasm_ratio_8mib = 0.90;    // 3.5 ms wasm / 3.9 ms native (native pays mmap + page faults per call)
  double wasm_ratio_16mib = 1.49;   // 16.6 / 11.1 ms
  double wasm_ratio_64mib = 1.53;   // 125.3 / 81.9 ms
  double wasm_first_call_8mib = 4.41;   // 17.2 / 3.9 ms
  double wasm_first_call_16mib = 3.27;  // 36.3 / 11.1 ms
  double wasm_first_call_64mib = 2.28;  // 186.7 / 81.9 ms
  // GPU reference (docs/THREAT-MODEL.md, "Reference figures"): ~1e4 Argon2id(16 MiB, t=3) per second per current
  // GPU. Scaled by (16 MiB x 3) / (mem x passes): Argon2id cost is linear in memory x passes (RFC 9106, section 3),
  // and a GPU's throughput is bounded by memory bandwidth at these sizes. Below ~1 MiB a GPU stops being
  // bandwidth-bound, so the scaled figure is an upper bound on attacker speed (conservative for defenders).
  double gpu_reference_per_second = 1e4;
  double gpu_reference_mem_kib = 16384;
  double gpu_reference_ops = 3;
  // docs/THREAT-MODEL.md, "Reference figures": the NIR space (~2.4e11 values) and a targeted guess (sex, birth
  // year/month and place known: ~1,000 candidate order numbers).
  double nir_space = 2.4e11;
  double targeted_candidates = 1000;
  // Measured by tests/bench/scale-bench.mjs here (docs/PERFORMANCE.md): share of the ideal throughput
  // (workers / single-hash time) the hashing stage reaches (94-95.5% at 8 KiB..64 MiB on 2 cores), and the
  // non-KDF work per record outside the hashing stage (reading, validating, merging, sorting, writing,
  // signing: 2.15 us at 33 million records), in core-microseconds.
  double parallel_efficiency = 0.94;
  double non_kdf_us_per_record = 2.2;
};

struct PlanInput {
  std::uint64_t records = 0;
  KdfParams kdf;
  unsigned k = 50;
  unsigned max_prefix_bits = 15;
  unsigned threads = 1;
  std::uint64_t metadata_bytes = 20000;  // catalog + insurer table JSON (default catalog + ~40 insurers: ~20 KB)
};

struct PrefixEstimate {
  unsigned prefix_bits = 0;
  double mean_real = 0;
  std::uint64_t expected_min = 0;       // median of the smallest bucket's real count
  std::uint64_t expected_capacity = 0;  // median of the largest: the bucket capacity
  bool meets_k = false;                 // false: even P = 0 is unlikely to reach k
};

// Records are hashed uniformly into 2^P buckets, so bucket counts are ~Poisson(N / 2^P). P is the largest
// <= max_prefix_bits whose smallest bucket reaches k with probability >= 1/2; min and capacity are medians.
PrefixEstimate estimate_prefix_bits(std::uint64_t records, unsigned k, unsigned max_prefix_bits);

struct KdfMeasurement {
  double median_ms = 0;  // one Argon2id, one thread, this machine
  unsigned reps = 0;
};
// Runs Argon2id at `kdf` a few times (at most ~`budget_seconds`, at least 3 runs after one warm-up).
KdfMeasurement measure_argon2id(const KdfParams& kdf, double budget_seconds = 2.0);

struct PlanFigures {
  PrefixEstimate prefix;
  std::uint64_t buckets = 0;
  std::uint64_t bucket_bytes = 0;
  std::uint64_t header_bytes = 0;
  std::uint64_t file_bytes = 0;
  double bytes_per_record = 0;
  double padding_share = 0;
  // Build
  double kdf_ms = 0;                 // measured, single thread
  double build_core_hours = 0;       // KDF + non-KDF work
  double build_wall_hours = 0;       // on `threads` threads at the measured parallel efficiency
  std::uint64_t cores_for_one_day = 0;  // cores (at the same efficiency, this machine's speed) that finish in 24 h
  // Person's check (one Argon2id in the browser + one bucket)
  double wasm_ratio = 0;             // steady state
  double wasm_first_call_ratio = 0;  // first call of a page
  double browser_check_seconds = 0;  // native median x first-call ratio
  // Attacker
  double cpu_targeted_core_seconds = 0;
  double cpu_exhaustive_core_years = 0;
  double gpu_guesses_per_second = 0;
  double gpu_targeted_seconds = 0;
  double gpu_exhaustive_gpu_days = 0;
  double prefix_narrowing = 0;       // 2^-P: how much one observed bucket request narrows a candidate list
};

PlanFigures compute_plan(const PlanInput& input, const KdfMeasurement& kdf, const PlanConstants& constants = {});

}  // namespace breachcheck
