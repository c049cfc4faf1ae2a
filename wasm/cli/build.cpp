// breachcheck build: affected-records CSV + catalog + secret key -> signed data set.
#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "builder.h"
#include "cli_support.h"
#include "commands.h"

namespace breachcheck::cli {
namespace {

constexpr std::uint64_t kDay = 86400;

Salt parse_salt(const std::string& hex) {
  Salt salt{};
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(salt.data(), salt.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
      written != salt.size() || end != hex.data() + hex.size()) {
    throw UsageError("--salt must be 32 hexadecimal characters (16 bytes)");
  }
  return salt;
}

std::uint64_t creation_time(const std::string& created) {
  if (!created.empty()) return std::stoull(created);
  // Reproducible builds convention: https://reproducible-builds.org/docs/source-date-epoch/
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) return std::stoull(epoch);
  return static_cast<std::uint64_t>(now_unix());
}

// Progress on stderr at most once a second: records done, rate, time left.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet), start_(Clock::now()), last_(start_) {}
  void operator()(const Progress& p) {
    if (quiet_) return;
    const auto now = Clock::now();
    if (p.done != p.total && now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(p.done) / seconds : 0;
    const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
    std::fprintf(stderr, "%s: %llu/%llu records (%.0f/s, %.0f s left)\n", p.stage,
                 static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total), rate, eta);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool quiet_;
  Clock::time_point start_, last_;
};

}  // namespace

Command add_build(CLI::App& app) {
  struct Options {
    std::string records, catalog, key, out, publisher = "breachcheck publisher", salt, created, on_error = "reject";
    unsigned k = 50, max_prefix_bits = 15, ops = 3, threads = std::max(1u, std::thread::hardware_concurrency());
    double mem_mib = 64;
    std::uint32_t mem_kib = 0, dataset_version = 1, valid_days = 365;
    bool quiet = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("build", "Build a signed data set from the affected-records CSV");
  cmd->add_option("--records", opt->records, "CSV: nir,birth_date,birth_rank,operator,categories,insurer")->required();
  cmd->add_option("--catalog", opt->catalog, "Category catalog JSON (docs/CATALOG.md)")->required();
  cmd->add_option("--key", opt->key, "Secret key file from `breachcheck keygen`")->required();
  cmd->add_option("--out", opt->out, "Data set file to write (.bcd)")->required();
  cmd->add_option("--k", opt->k, "Minimum real records in every bucket")->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--max-prefix-bits", opt->max_prefix_bits, "Cap on P (the host learns P bits of the tag)")
      ->check(CLI::Range(0u, 24u));
  cmd->add_option("--ops", opt->ops, "Argon2id passes")->check(CLI::Range(1u, 10u));
  cmd->add_option("--mem", opt->mem_mib, "Argon2id memory, MiB")->check(CLI::Range(0.0078125, 256.0));
  cmd->add_option("--mem-kib", opt->mem_kib, "Argon2id memory in KiB (overrides --mem; for tests and benchmarks)")
      ->check(CLI::Range(8u, 262144u));
  cmd->add_option("--publisher", opt->publisher, "Publisher name shown to people (the data controller)");
  cmd->add_option("--dataset-version", opt->dataset_version, "Version number, increasing with every release");
  cmd->add_option("--valid-days", opt->valid_days, "Days until the data set expires (not_after)")->check(CLI::Range(1u, 3650u));
  cmd->add_option("--salt", opt->salt, "Salt as 32 hex chars (default: fresh random; set only to reproduce a build)");
  cmd->add_option("--created", opt->created, "Creation time, Unix seconds (default: SOURCE_DATE_EPOCH or now)");
  cmd->add_option("--threads", opt->threads, "Hashing threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  cmd->add_option("--on-error", opt->on_error, "reject: any bad row fails the build; skip: skip and report them")
      ->check(CLI::IsMember({"reject", "skip"}));
  cmd->add_flag("--quiet", opt->quiet, "No progress lines");

  return [opt]() {
    const auto started = std::chrono::steady_clock::now();
    const Catalog catalog = parse_catalog(read_file(opt->catalog, kMaxCatalogJsonBytes));
    const KeyPair key = load_secret_key(opt->key);
    LayoutOptions layout;
    layout.publisher = opt->publisher;
    if (layout.publisher.empty() || layout.publisher.size() > 200) throw UsageError("--publisher must be 1..200 bytes");
    layout.dataset_version = opt->dataset_version;
    layout.kdf.ops = opt->ops;
    layout.kdf.mem_kib = opt->mem_kib ? opt->mem_kib : static_cast<std::uint32_t>(opt->mem_mib * 1024);
    if (opt->salt.empty()) {
      randombytes_buf(layout.salt.data(), layout.salt.size());  // fresh for every build (docs/FORMAT.md)
    } else {
      layout.salt = parse_salt(opt->salt);
    }
    layout.created = creation_time(opt->created);
    layout.not_after = layout.created + opt->valid_days * kDay;
    layout.k = opt->k;
    layout.max_prefix_bits = opt->max_prefix_bits;
    if (layout.kdf.mem_kib < 8 * 1024 && !opt->quiet) {
      std::cerr << "warning: Argon2id memory below 8 MiB: browsers refuse this data set unless the embedder allows "
                   "weak KDF settings (tests and benchmarks only)\n";
    }

    std::ifstream csv(opt->records, std::ios::binary);
    if (!csv) throw std::runtime_error("cannot open " + opt->records);
    CollectOptions collect;
    collect.today = civil_date_of(static_cast<std::int64_t>(layout.created));
    RecordSet set = collect_records(csv, catalog, collect);
    for (const auto& problem : set.problems) {
      if (problem.line == 0) {
        std::cerr << problem.reason << "\n";
      } else {
        std::cerr << "line " << problem.line << ": " << problem.field << ": " << problem.reason << "\n";
      }
    }
    const std::uint64_t bad_rows = set.rows_read - set.records.size() - set.rows_merged;
    if (bad_rows > 0 && opt->on_error == "reject") {
      throw std::runtime_error(std::to_string(bad_rows) + " bad rows; nothing written (fix them, or --on-error skip)");
    }

    ProgressPrinter printer(opt->quiet);
    const auto hash_start = std::chrono::steady_clock::now();
    std::vector<HashedEntry> entries =
        hash_records(set.records, layout.salt, layout.kdf, opt->threads, [&](const Progress& p) { printer(p); });
    const double hash_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - hash_start).count();

    const std::string partial = opt->out + ".partial";
    WriteReport written;
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + partial);
      written = write_dataset(entries, catalog, set.insurers, layout, key, out);
      out.close();
      if (!out) throw std::runtime_error("writing " + partial + " failed");
    }
    if (std::rename(partial.c_str(), opt->out.c_str()) != 0) throw std::runtime_error("cannot rename to " + opt->out);

    nlohmann::ordered_json report;
    report["dataset"] = opt->out;
    report["rowsRead"] = set.rows_read;
    report["rowsSkipped"] = bad_rows;
    report["rowsMerged"] = set.rows_merged;
    report["records"] = entries.size();
    report["insurers"] = set.insurers.size();
    report["prefixBits"] = written.buckets.prefix_bits;
    report["buckets"] = std::uint64_t{1} << written.buckets.prefix_bits;
    report["bucketCapacity"] = written.buckets.capacity;
    report["realPerBucket"] = {{"min", written.buckets.min_real},
                               {"mean", written.buckets.mean_real},
                               {"max", written.buckets.max_real},
                               {"k", opt->k}};
    report["fileBytes"] = written.file_size;
    report["bytesPerRecord"] = static_cast<double>(written.file_size) / static_cast<double>(entries.size());
    report["kdf"] = {{"ops", layout.kdf.ops}, {"memKiB", layout.kdf.mem_kib}, {"threads", opt->threads}};
    report["hashSeconds"] = hash_seconds;
    report["totalSeconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report["keyFingerprint"] = key_fingerprint(key.public_key);
    print_json_line(report.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
