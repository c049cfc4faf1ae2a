// SPDX-License-Identifier: MPL-2.0
#include "commands/build_support.h"

#include <sodium.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "check/header_verifier.h"
#include "cli_support.h"
#include "build/file_io.h"
#include "util/atomic_write.h"
#include "util/coded_error.h"

namespace breachcheck::cli {

Salt parse_salt(const std::string& hex, const char* option) {
  Salt salt{};
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(salt.data(), salt.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
      written != salt.size() || end != hex.data() + hex.size()) {
    throw UsageError(std::string(option) + " must be 32 hexadecimal characters (16 bytes)");
  }
  return salt;
}

std::uint64_t parse_memory_size(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw UsageError("--max-memory: expected a size such as 512M, 2G or 262144K");
  }
  std::string unit = text.substr(used);
  for (auto& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  double scale = 1024.0 * 1024;
  if (unit == "K" || unit == "KIB" || unit == "KB") {
    scale = 1024;
  } else if (unit == "" || unit == "M" || unit == "MIB" || unit == "MB") {
    scale = 1024.0 * 1024;
  } else if (unit == "G" || unit == "GIB" || unit == "GB") {
    scale = 1024.0 * 1024 * 1024;
  } else {
    throw UsageError("--max-memory: unknown unit '" + unit + "' (K, M or G)");
  }
  if (!(value > 0)) throw UsageError("--max-memory must be positive");
  return static_cast<std::uint64_t>(value * scale);
}

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec spec;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t a = 0, b = 0;
    const unsigned long i = std::stoul(text.substr(0, slash), &a);
    const unsigned long n = std::stoul(text.substr(slash + 1), &b);
    if (a != slash || b != text.size() - slash - 1) throw std::invalid_argument("trailing text");
    spec.index = static_cast<std::uint32_t>(i);
    spec.count = static_cast<std::uint32_t>(n);
    if (n < 1 || n > 65536 || i >= n) throw std::invalid_argument("range");
  } catch (const std::exception&) {
    throw UsageError("--shard must be i/n with 0 <= i < n <= 65536 (e.g. --shard 3/8, or \"$JOB_COMPLETION_INDEX/8\")");
  }
  return spec;
}

ShardSpec shard_from_environment(std::uint32_t count) {
  const char* value = std::getenv(kShardIndexVariable);
  const std::string text = value != nullptr ? value : "";
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError(std::string("--shard-count needs the shard index in ") + kShardIndexVariable +
                     " (a decimal number, set by Kubernetes in an Indexed Job); it is " +
                     (value == nullptr ? "not set" : "not a number"));
  }
  return parse_shard(text + "/" + std::to_string(count));
}

std::string with_shard_index(const std::string& path, std::uint32_t index) {
  static const std::string kPlaceholder = "{shard}";
  std::string out = path;
  for (auto at = out.find(kPlaceholder); at != std::string::npos; at = out.find(kPlaceholder, at)) {
    const std::string digits = std::to_string(index);
    out.replace(at, kPlaceholder.size(), digits);
    at += digits.size();
  }
  return out;
}

void make_output_dir(const std::string& out) {
  coded_step("write_failed", "creating the directory of " + out, [&] { io::make_dirs(io::parent_dir(out)); });
}

std::uint64_t creation_time(const std::string& created) {
  try {
    if (!created.empty()) return std::stoull(created);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) return std::stoull(epoch);
  } catch (const std::exception&) {
    throw UsageError("--created / SOURCE_DATE_EPOCH must be Unix seconds");
  }
  return static_cast<std::uint64_t>(now_unix());
}

void ProgressPrinter::operator()(const Progress& p) {
  if (quiet_) return;
  const auto now = Clock::now();
  if (stage_ != p.stage) {
    stage_ = p.stage;
    stage_start_ = now;
    last_ = now - std::chrono::seconds(2);
    reused_at_start_ = p.reused;
  }
  const bool final = p.done >= p.total;
  if (!final && now - last_ < std::chrono::seconds(1)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - stage_start_).count();
  // Work taken from checkpoints is not part of the rate (it would make the ETA optimistic).
  const double worked = static_cast<double>(p.done - std::min(p.done, p.reused));
  const double rate = seconds > 0.5 ? worked / seconds : 0;
  const double left = static_cast<double>(p.total - std::min(p.total, p.done));
  const bool bytes = stage_ == "reading";
  const double unit = bytes ? 1024.0 * 1024 : 1;
  const char* what = bytes ? "MiB" : stage_ == "hashing" ? "records" : "entries";
  std::fprintf(stderr, "%s: %.*f/%.*f %s", p.stage, bytes ? 1 : 0, static_cast<double>(p.done) / unit, bytes ? 1 : 0,
               static_cast<double>(p.total) / unit, what);
  if (p.reused > 0) std::fprintf(stderr, " (%llu from checkpoints)", static_cast<unsigned long long>(p.reused));
  if (rate > 0) {
    std::fprintf(stderr, ", %.*f %s/s, ", bytes ? 1 : 0, rate / unit, what);
    const double eta = left / rate;
    if (eta >= 3600) {
      std::fprintf(stderr, "%.1f h left", eta / 3600);
    } else if (eta >= 120) {
      std::fprintf(stderr, "%.0f min left", eta / 60);
    } else {
      std::fprintf(stderr, "%.0f s left", eta);
    }
  }
  std::fprintf(stderr, "\n");
}

std::string kdf_browser_warning(const KdfParams& kdf) {
  const TrustPolicy browsers;  // the widget's default policy (check/header_verifier.h)
  if (!kdf_below_default_floor(kdf) && kdf.mem_kib <= browsers.max_kdf_mem_kib && kdf.ops <= browsers.max_kdf_ops) {
    return "";
  }
  char text[320];
  std::snprintf(text, sizeof text,
                "Argon2id t=%u, %u KiB is outside what browsers accept by default (%u to %u MiB, %u to %u passes, "
                "memory x passes at least %llu MiB): the widget refuses this data set unless the embedder allows "
                "weak KDF settings, for tests only",
                kdf.ops, kdf.mem_kib, browsers.min_kdf_mem_kib / 1024, browsers.max_kdf_mem_kib / 1024,
                browsers.min_kdf_ops, browsers.max_kdf_ops,
                static_cast<unsigned long long>(browsers.min_kdf_cost_kib_passes / 1024));
  return text;
}

std::string duration_text(double seconds) {
  char buffer[64];
  if (seconds < 1e-3) {
    std::snprintf(buffer, sizeof buffer, "%.1f us", seconds * 1e6);
  } else if (seconds < 1) {
    std::snprintf(buffer, sizeof buffer, "%.0f ms", seconds * 1e3);
  } else if (seconds < 120) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else if (seconds < 7200) {
    std::snprintf(buffer, sizeof buffer, "%.0f min", seconds / 60);
  } else if (seconds < 2 * 86400) {
    std::snprintf(buffer, sizeof buffer, "%.1f h", seconds / 3600);
  } else if (seconds < 2 * 365.25 * 86400) {
    std::snprintf(buffer, sizeof buffer, "%.0f days", seconds / 86400);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g years", seconds / (365.25 * 86400));
  }
  return buffer;
}

void add_input_options(CLI::App* cmd, InputArguments& args) {
  cmd->add_option("--delimiter", args.delimiter, "Field separator: , or ; or tab (default: detected from the header line)");
  cmd->add_option("--encoding", args.encoding, "utf-8 (default), windows-1252 (Excel's CSV on French Windows) or latin-1");
  cmd->add_option("--date-format", args.date_format,
                  "How birth dates are written: yyyy-mm-dd (default), dd/mm/yyyy, d/m/yyyy, dd.mm.yyyy, yyyymmdd...");
  cmd->add_option("--columns", args.columns,
                  "Your export's column names, e.g. nir=NUM_SECU,birth_date=DATE_NAISS,key=CLE "
                  "(fields: nir, birth_date, birth_rank, operator, categories, insurer, key, beneficiary; unmapped "
                  "fields keep their own names; other columns are ignored and named in the report)");
  cmd->add_option("--operator", args.operator_for_all,
                  "The operator of every row, a catalog id (e.g. viamedis), when the file has no operator column");
  cmd->add_option("--categories", args.categories_for_all,
                  "The exposed categories of every row, catalog ids separated by commas, when the file has no "
                  "categories column");
}

RecordsInput records_input(const InputArguments& args) {
  RecordsInput input;
  const std::string& d = args.delimiter;
  if (d.empty()) {
    input.delimiter = 0;
  } else if (d == "," || d == "comma") {
    input.delimiter = ',';
  } else if (d == ";" || d == "semicolon") {
    input.delimiter = ';';
  } else if (d == "\t" || d == "tab" || d == "\\t") {
    input.delimiter = '\t';
  } else {
    throw UsageError("--delimiter must be , or ; or tab");
  }
  const auto encoding = parse_text_encoding(args.encoding);
  if (!encoding) throw UsageError("--encoding must be utf-8, windows-1252 or latin-1");
  input.encoding = *encoding;
  const auto format = DateFormat::parse(args.date_format);
  if (!format) {
    throw UsageError("--date-format: a pattern of yyyy, mm (or m) and dd (or d) with one of / - . or space between "
                     "them, e.g. dd/mm/yyyy (two-digit years are ambiguous and not accepted)");
  }
  input.date_format = *format;
  input.operator_for_all = args.operator_for_all;
  input.categories_for_all = args.categories_for_all;
  try {
    input.columns = parse_column_mapping(args.columns);
  } catch (const CodedError& e) {
    throw UsageError(e.what());
  }
  return input;
}

void append_prefix_layout(nlohmann::ordered_json& out, const PlanFigures& f) {
  out["prefixBits"] = f.prefix.prefix_bits;
  out["buckets"] = f.buckets;
  out["meanRealPerBucket"] = f.prefix.mean_real;
  out["expectedMinReal"] = f.prefix.expected_min;
  out["meetsK"] = f.prefix.meets_k;
  out["bucketCapacity"] = f.prefix.expected_capacity;
}

std::string plan_figures_json(const PlanInput& in, const PlanFigures& f, const KdfMeasurement& kdf) {
  const PlanConstants c;
  nlohmann::ordered_json j;
  j["records"] = in.records;
  j["kdf"] = {{"algorithm", "argon2id13"}, {"ops", in.kdf.ops}, {"memKiB", in.kdf.mem_kib}};
  j["k"] = in.k;
  j["maxPrefixBits"] = in.max_prefix_bits;
  nlohmann::ordered_json& layout = j["layout"];
  append_prefix_layout(layout, f);
  layout["bucketBytes"] = f.bucket_bytes;
  layout["headerBytes"] = f.header_bytes;
  layout["fileBytes"] = f.file_bytes;
  layout["bytesPerRecord"] = f.bytes_per_record;
  layout["paddingShare"] = f.padding_share;
  layout["method"] = "bucket counts ~ Poisson(records / 2^P); P = largest <= maxPrefixBits whose smallest bucket "
                     "reaches k with probability >= 1/2; min and capacity are medians";
  j["kdfMeasurement"] = {{"medianMs", kdf.median_ms},
                         {"runs", kdf.reps},
                         {"how", "Argon2id (crypto_pwhash, one lane) at these parameters on this machine, one "
                                 "thread, median after one warm-up run"}};
  j["build"] = {{"coreHours", f.build_core_hours},
                {"threads", in.threads},
                {"wallHours", f.build_wall_hours},
                {"coresForOneDay", f.cores_for_one_day},
                {"browsersAccept", kdf_browser_warning(in.kdf).empty()},
                {"parallelEfficiency", c.parallel_efficiency},
                {"nonKdfMicrosecondsPerRecord", c.non_kdf_us_per_record},
                {"how", "records x (measured Argon2id + non-KDF work) / 3600; wall = core-hours / (threads x "
                        "parallel efficiency); constants: docs/PERFORMANCE.md, Publisher at scale"}};
  j["browserCheck"] = {{"seconds", f.browser_check_seconds},
                       {"steadySeconds", kdf.median_ms * f.wasm_ratio / 1e3},
                       {"wasmFirstCallToNativeRatio", f.wasm_first_call_ratio},
                       {"wasmToNativeRatio", f.wasm_ratio},
                       {"bucketBytesFetched", f.bucket_bytes},
                       {"how", "measured native Argon2id x the wasm/native ratio of a page's first call, from node "
                               "tests/bench/engine-bench.mjs (V8, as in Chromium); a desktop-class CPU like this "
                               "one; phones are slower (not measured); plus one Range request of bucketBytes"}};
  j["attacker"] = {
      {"targetedCandidates", c.targeted_candidates},
      {"nirSpace", c.nir_space},
      {"cpu", {{"coreSecondsPerTargetedGuess", f.cpu_targeted_core_seconds},
               {"coreYearsExhaustive", f.cpu_exhaustive_core_years},
               {"how", "candidates x measured single-thread Argon2id on this machine"}}},
      {"gpu", {{"guessesPerSecond", f.gpu_guesses_per_second},
               {"secondsPerTargetedGuess", f.gpu_targeted_seconds},
               {"gpuDaysExhaustive", f.gpu_exhaustive_gpu_days},
               {"how", "docs/THREAT-MODEL.md: ~1e4 Argon2id(16 MiB, t=3)/s per GPU, scaled by (16 MiB x 3) / (memory x "
                       "passes); an upper bound on GPU speed below ~1 MiB"}}},
      {"prefixNarrowing", f.prefix_narrowing},
      {"notes", "One enumeration covers every record of the data set (one salt per data set). A memory-hard "
                "KDF stops mass enumeration, not a targeted guess at one known person: only a server-held key "
                "(OPRF mode) does. The host also learns P bits of each person's tag: one observed request "
                "narrows a candidate list by 2^-P."}};
  return j.dump();
}

KdfParams PlanArguments::kdf() const {
  KdfParams params;
  params.ops = ops;
  params.mem_kib = mem_kib ? mem_kib : static_cast<std::uint32_t>(mem_mib * 1024);
  return params;
}

void add_plan_options(CLI::App* cmd, PlanArguments& args) {
  cmd->add_option("--ops", args.ops, "Argon2id passes")->check(CLI::Range(1u, 10u));
  cmd->add_option("--mem", args.mem_mib, "Argon2id memory, MiB")->check(CLI::Range(0.0078125, 256.0));
  cmd->add_option("--mem-kib", args.mem_kib, "Argon2id memory in KiB (overrides --mem)")->check(CLI::Range(8u, 262144u));
  cmd->add_option("--k", args.k, "Minimum real records in every bucket")->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--max-prefix-bits", args.max_prefix_bits, "Cap on P")->check(CLI::Range(0u, 24u));
  cmd->add_option("--threads", args.threads, "Threads of the build machine (default: this one's cores)")
      ->check(CLI::Range(1u, 100000u));
}

void add_layout_options(CLI::App* cmd, LayoutArguments& args) {
  cmd->add_option("--k", args.k, "Minimum real records in every bucket")->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--max-prefix-bits", args.max_prefix_bits, "Cap on P (the host learns P bits of the tag)")
      ->check(CLI::Range(0u, 24u));
  cmd->add_option("--publisher", args.publisher, "Publisher name shown to people (the data controller)");
  cmd->add_option("--dataset-version", args.dataset_version, "Version number, increasing with every release");
  cmd->add_option("--valid-days", args.valid_days, "Days until the data set expires (not_after; default 90)")
      ->check(CLI::Range(1u, 3650u));
}

LayoutOptions layout_options(const LayoutArguments& args, const KdfParams& kdf, const Salt& salt, std::uint64_t created) {
  if (args.publisher.empty() || args.publisher.size() > 200) throw UsageError("--publisher must be 1..200 bytes");
  LayoutOptions layout;
  layout.publisher = args.publisher;
  layout.dataset_version = args.dataset_version;
  layout.kdf = kdf;
  layout.salt = salt;
  layout.created = created;
  layout.not_after = created + std::uint64_t{args.valid_days} * 86400;
  layout.k = args.k;
  layout.max_prefix_bits = args.max_prefix_bits;
  return layout;
}

void add_oprf_endpoint_options(CLI::App* cmd, OprfEndpointArguments& args) {
  cmd->add_option("--oprf-endpoint", args.endpoints,
                  "Hardened mode: evaluation URL written into the signed header (https://; repeatable, 1 to 8)");
  cmd->add_flag("--oprf-allow-loopback", args.allow_loopback,
                "Accept http:// endpoints on 127.0.0.1/localhost/[::1] (test servers only)");
}

void report_layout(nlohmann::ordered_json& report, const WriteReport& written, unsigned k, std::uint64_t records) {
  report["prefixBits"] = written.buckets.prefix_bits;
  report["buckets"] = std::uint64_t{1} << written.buckets.prefix_bits;
  report["bucketCapacity"] = written.buckets.capacity;
  report["realPerBucket"] = {{"min", written.buckets.min_real},
                             {"mean", written.buckets.mean_real},
                             {"max", written.buckets.max_real},
                             {"k", k}};
  report["fileBytes"] = written.file_size;
  report["bytesPerRecord"] = static_cast<double>(written.file_size) / static_cast<double>(records);
}

void report_mode(nlohmann::ordered_json& report, const std::optional<OprfPublicKey>& oprf_key) {
  report["mode"] = oprf_key ? "oprf" : "static";
  if (oprf_key) report["oprfKeyFingerprint"] = oprf_key_fingerprint(*oprf_key);
}

}  // namespace breachcheck::cli
