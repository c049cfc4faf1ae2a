// SPDX-License-Identifier: MPL-2.0
// Helpers shared by `build`, `merge` and `plan`: option parsing (salt, memory sizes, shard specs, creation
// time), the progress printer (stderr, rate and ETA) and the records input options (delimiter, encoding, date
// format, column mapping).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "build/builder.h"
#include "build/planner.h"
#include "oprf/oprf_wire.h"

namespace breachcheck::cli {

Salt parse_salt(const std::string& hex, const char* option = "--salt");
// "512", "512M", "512MiB", "2G", "256K" (binary units; a bare number is MiB). Throws UsageError.
std::uint64_t parse_memory_size(const std::string& text);
// "i/n" with 0 <= i < n <= 65536. Throws UsageError.
ShardSpec parse_shard(const std::string& text);
// Shard i of `count`, i read from the environment variable JOB_COMPLETION_INDEX (set by Kubernetes in every pod of
// an Indexed Job), so a Job runs the binary directly, without a shell to expand it. Throws UsageError when the
// variable is missing or not a decimal index below `count`.
ShardSpec shard_from_environment(std::uint32_t count);
inline constexpr const char* kShardIndexVariable = "JOB_COMPLETION_INDEX";
// `path` with every "{shard}" replaced by `index` (the per-pod file names of an Indexed Job).
std::string with_shard_index(const std::string& path, std::uint32_t index);
// Creates the directory --out goes into when it is missing (a Job's fresh volume), as `mkdir -p` would: the
// manifests then need no shell step. Throws CodedError write_failed.
void make_output_dir(const std::string& out);
// --created, else SOURCE_DATE_EPOCH (https://reproducible-builds.org/docs/source-date-epoch/), else now.
std::uint64_t creation_time(const std::string& created);

// Progress on stderr at most once a second per stage and once at the end of each: done/total, rate, time left.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet) {}
  void operator()(const Progress& p);

 private:
  using Clock = std::chrono::steady_clock;
  bool quiet_;
  std::string stage_;
  Clock::time_point stage_start_, last_;
  std::uint64_t reused_at_start_ = 0;
};

// The header options `build` and `merge` share: publisher (1 to 200 bytes, else UsageError), version, expiry
// after `valid_days`, k and the prefix cap; KDF, salt and creation time come from the hashed entries.
struct LayoutArguments {
  std::string publisher = "breachcheck publisher";
  // 90 days: a list nobody renews stops answering within a season (renewal: docs/PUBLISHER-GUIDE.md).
  std::uint32_t dataset_version = 1, valid_days = 90;
  unsigned k = 50, max_prefix_bits = 15;
};
void add_layout_options(CLI::App* cmd, LayoutArguments& args);
LayoutOptions layout_options(const LayoutArguments& args, const KdfParams& kdf, const Salt& salt, std::uint64_t created);

// Hardened mode's header options, for `build` and `merge`: --oprf-endpoint (repeatable), --oprf-allow-loopback.
struct OprfEndpointArguments {
  std::vector<std::string> endpoints;
  bool allow_loopback = false;
};
void add_oprf_endpoint_options(CLI::App* cmd, OprfEndpointArguments& args);

// Report fields `build` and `merge` share: the bucket layout written, and the mode with the OPRF key's fingerprint.
void report_layout(nlohmann::ordered_json& report, const WriteReport& written, unsigned k, std::uint64_t records);
void report_mode(nlohmann::ordered_json& report, const std::optional<OprfPublicKey>& oprf_key);

// The planner's knobs, for `plan` and `validate` (a dry run shows the figures `plan` would): --ops, --mem,
// --mem-kib, --k, --max-prefix-bits, --threads.
struct PlanArguments {
  unsigned ops = 3, k = 50, max_prefix_bits = 15, threads = std::max(1u, std::thread::hardware_concurrency());
  double mem_mib = 64;
  std::uint32_t mem_kib = 0;  // overrides mem_mib when given
  KdfParams kdf() const;
};
void add_plan_options(CLI::App* cmd, PlanArguments& args);

// How to read the records file, for `build` and `validate`: --delimiter, --encoding, --date-format, --columns,
// --operator, --categories.
struct InputArguments {
  std::string delimiter, encoding = "utf-8", date_format = "yyyy-mm-dd", columns, operator_for_all, categories_for_all;
};
void add_input_options(CLI::App* cmd, InputArguments& args);
RecordsInput records_input(const InputArguments& args);  // throws UsageError

// A warning when `kdf` is outside the browsers' default policy (the widget would refuse the data set), else "".
std::string kdf_browser_warning(const KdfParams& kdf);

// "250 ms", "3.5 s", "12 min", "4.2 h", "31 days", "2.1e+03 years": for the planner's readable figures.
std::string duration_text(double seconds);

// The planner's bucket layout (prefixBits, buckets, meanRealPerBucket, expectedMinReal, meetsK, bucketCapacity),
// appended to `out` in that order: one spelling for `plan`, `inspect` and `validate`.
void append_prefix_layout(nlohmann::ordered_json& out, const PlanFigures& figures);

// The planner's figures as JSON (shared by `plan` and `inspect`).
std::string plan_figures_json(const PlanInput& input, const PlanFigures& figures, const KdfMeasurement& kdf);

}  // namespace breachcheck::cli
