// SPDX-License-Identifier: MPL-2.0
#include "build/planner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "format/format.h"

namespace breachcheck {
namespace {

constexpr double kLn2 = 0.6931471805599453;

double log_pmf(double lambda, double i) { return i * std::log(lambda) - lambda - std::lgamma(i + 1); }

// Poisson(lambda) probabilities over a window wide enough that what lies outside is negligible.
struct PoissonWindow {
  std::uint64_t lo = 0;
  std::vector<double> pmf;
  explicit PoissonWindow(double lambda) {
    const double spread = 40 * std::sqrt(lambda) + 60;
    lo = static_cast<std::uint64_t>(std::max(0.0, lambda - spread));
    const auto hi = static_cast<std::uint64_t>(lambda + spread);
    pmf.reserve(static_cast<std::size_t>(hi - lo + 1));
    for (std::uint64_t i = lo; i <= hi; ++i) pmf.push_back(std::exp(log_pmf(lambda, static_cast<double>(i))));
  }
  // P[X < m]
  double below(std::uint64_t m) const {
    double s = 0;
    for (std::uint64_t i = lo; i < m && i - lo < pmf.size(); ++i) s += pmf[static_cast<std::size_t>(i - lo)];
    return s;
  }
};

}  // namespace

PrefixEstimate estimate_prefix_bits(std::uint64_t records, unsigned k, unsigned max_prefix_bits) {
  max_prefix_bits = std::min(max_prefix_bits, kMaxPrefixBits);
  PrefixEstimate best;
  for (int p = static_cast<int>(max_prefix_bits); p >= 0; --p) {
    const double buckets = std::ldexp(1.0, p);
    const double lambda = static_cast<double>(records) / buckets;
    if (lambda <= 0) continue;
    const PoissonWindow window(lambda);
    const bool ok = buckets * window.below(k) <= kLn2 || p == 0;
    if (!ok) continue;
    best.prefix_bits = static_cast<unsigned>(p);
    best.mean_real = lambda;
    best.meets_k = buckets * window.below(k) <= kLn2;
    // Median of the minimum: the largest m with buckets * P[X < m] <= ln 2; of the maximum: the smallest c
    // with buckets * P[X > c] <= ln 2.
    double cumulative = 0;
    best.expected_min = window.lo;
    best.expected_capacity = window.lo + window.pmf.size() - 1;
    bool capacity_found = false;
    for (std::size_t i = 0; i < window.pmf.size(); ++i) {
      if (buckets * cumulative <= kLn2) best.expected_min = window.lo + i;
      cumulative += window.pmf[i];
      if (!capacity_found && buckets * (1 - cumulative) <= kLn2) {
        best.expected_capacity = window.lo + i;
        capacity_found = true;
      }
    }
    if (p == 0) {
      best.expected_min = best.expected_capacity = records;
    }
    best.expected_capacity = std::max<std::uint64_t>(1, best.expected_capacity);
    return best;
  }
  return best;
}

KdfMeasurement measure_argon2id(const KdfParams& kdf, double budget_seconds) {
  using Clock = std::chrono::steady_clock;
  CanonicalIdentity identity;
  for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<std::uint8_t>('0' + i % 10);
  Salt salt{};
  for (std::size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<std::uint8_t>(i * 7 + 1);
  Seed seed;
  KdfMeasurement m;
  if (!derive_seed(identity, salt, kdf, seed)) return m;  // warm-up (page faults of the first arena)
  std::vector<double> ms;
  const auto start = Clock::now();
  while (ms.size() < 3 || (ms.size() < 25 && std::chrono::duration<double>(Clock::now() - start).count() < budget_seconds)) {
    const auto t = Clock::now();
    if (!derive_seed(identity, salt, kdf, seed)) return m;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  m.median_ms = ms[ms.size() / 2];
  m.reps = static_cast<unsigned>(ms.size());
  return m;
}

PlanFigures compute_plan(const PlanInput& input, const KdfMeasurement& kdf, const PlanConstants& c) {
  PlanFigures f;
  f.prefix = estimate_prefix_bits(input.records, input.k, input.max_prefix_bits);
  f.buckets = std::uint64_t{1} << f.prefix.prefix_bits;
  f.bucket_bytes = f.prefix.expected_capacity * kEntrySize + kSignatureSize;
  f.header_bytes = kFixedHeaderSize + input.metadata_bytes + kSignatureSize;
  f.file_bytes = f.header_bytes + f.buckets * f.bucket_bytes;
  const double n = static_cast<double>(std::max<std::uint64_t>(1, input.records));
  f.bytes_per_record = static_cast<double>(f.file_bytes) / n;
  f.padding_share = 1.0 - static_cast<double>(input.records) / static_cast<double>(f.buckets * f.prefix.expected_capacity);

  f.kdf_ms = kdf.median_ms;
  f.build_core_hours = n * (kdf.median_ms / 1e3 + c.non_kdf_us_per_record / 1e6) / 3600;
  f.build_wall_hours = f.build_core_hours / (std::max(1u, input.threads) * c.parallel_efficiency);
  f.cores_for_one_day =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(f.build_core_hours / (24 * c.parallel_efficiency))));

  const double mem_mib = input.kdf.mem_kib / 1024.0;
  const int row = mem_mib <= 12 ? 0 : mem_mib <= 40 ? 1 : 2;
  f.wasm_ratio = row == 0 ? c.wasm_ratio_8mib : row == 1 ? c.wasm_ratio_16mib : c.wasm_ratio_64mib;
  f.wasm_first_call_ratio = row == 0 ? c.wasm_first_call_8mib : row == 1 ? c.wasm_first_call_16mib : c.wasm_first_call_64mib;
  f.browser_check_seconds = kdf.median_ms * f.wasm_first_call_ratio / 1e3;

  f.cpu_targeted_core_seconds = c.targeted_candidates * kdf.median_ms / 1e3;
  f.cpu_exhaustive_core_years = c.nir_space * kdf.median_ms / 1e3 / (365.25 * 86400);
  f.gpu_guesses_per_second = c.gpu_reference_per_second * (c.gpu_reference_mem_kib * c.gpu_reference_ops) /
                             (static_cast<double>(input.kdf.mem_kib) * std::max<std::uint32_t>(1, input.kdf.ops));
  f.gpu_targeted_seconds = c.targeted_candidates / f.gpu_guesses_per_second;
  f.gpu_exhaustive_gpu_days = c.nir_space / f.gpu_guesses_per_second / 86400;
  f.prefix_narrowing = std::ldexp(1.0, -static_cast<int>(f.prefix.prefix_bits));
  return f;
}

}  // namespace breachcheck
