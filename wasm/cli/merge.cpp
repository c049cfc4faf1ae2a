// breachcheck merge: the partial files of a sharded build (`build --shard i/n`) + catalog + secret key -> the
// signed data set, byte-identical to a single-machine `build` with the same records, salt, --created and key.
// Checks that the partials belong together (salt, KDF, input digest, catalog, day, problem report, every
// shard exactly once, checksums) before the first byte is written (docs/DEPLOY.md).
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "build_support.h"
#include "builder.h"
#include "cli_support.h"
#include "commands.h"

namespace breachcheck::cli {

Command add_merge(CLI::App& app) {
  struct Options {
    std::vector<std::string> parts;
    std::string catalog, key, out, publisher = "breachcheck publisher", max_memory, work_dir;
    unsigned k = 50, max_prefix_bits = 15;
    std::uint32_t dataset_version = 1, valid_days = 365;
    bool quiet = false, oprf_loopback = false;
    std::vector<std::string> oprf_endpoints;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("merge", "Combine partial files of a sharded build into the signed data set");
  cmd->add_option("--parts", opt->parts, "Partial files (.bcp), all shards of one build")->required();
  cmd->add_option("--catalog", opt->catalog, "Category catalog JSON: the one the shards used")->required();
  cmd->add_option("--key", opt->key, "Secret key file from `breachcheck keygen`")->required();
  cmd->add_option("--out", opt->out, "Data set file to write (.bcd)")->required();
  cmd->add_option("--k", opt->k, "Minimum real records in every bucket")->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--max-prefix-bits", opt->max_prefix_bits, "Cap on P (the host learns P bits of the tag)")
      ->check(CLI::Range(0u, 24u));
  cmd->add_option("--publisher", opt->publisher, "Publisher name shown to people (the data controller)");
  cmd->add_option("--dataset-version", opt->dataset_version, "Version number, increasing with every release");
  cmd->add_option("--valid-days", opt->valid_days, "Days until the data set expires (not_after)")->check(CLI::Range(1u, 3650u));
  cmd->add_option("--max-memory", opt->max_memory, "Memory budget, e.g. 512M or 4G (default: half the RAM)");
  cmd->add_option("--work-dir", opt->work_dir, "Spill files (default: OUT.work; removed after success)");
  cmd->add_option("--oprf-endpoint", opt->oprf_endpoints,
                  "Hardened mode (partials hashed with --oprf-key): evaluation URL for the header (repeatable)");
  cmd->add_flag("--oprf-allow-loopback", opt->oprf_loopback,
                "Accept http:// endpoints on 127.0.0.1/localhost/[::1] (test servers only)");
  cmd->add_flag("--quiet", opt->quiet, "No progress lines");

  return [opt]() {
    const auto started = std::chrono::steady_clock::now();
    const Catalog catalog = parse_catalog(read_file(opt->catalog, kMaxCatalogJsonBytes));
    const KeyPair key = load_secret_key(opt->key);
    PartialSet parts(opt->parts, catalog);
    const PartialHeader& first = parts.first();
    print_problems(parts.problems().problems);

    LayoutOptions layout;
    layout.publisher = opt->publisher;
    if (layout.publisher.empty() || layout.publisher.size() > 200) throw UsageError("--publisher must be 1..200 bytes");
    layout.dataset_version = opt->dataset_version;
    layout.kdf = first.kdf;
    layout.salt = first.salt;
    layout.created = first.created;
    layout.not_after = layout.created + opt->valid_days * std::uint64_t{86400};
    layout.k = opt->k;
    layout.max_prefix_bits = opt->max_prefix_bits;
    // The partials say which OPRF key hashed them (all the same, checked by PartialSet); the header commits it.
    const auto& oprf_key = parts.problems().oprf_public_key;
    if (oprf_key) {
      layout.oprf = oprf_header_config(*oprf_key, opt->oprf_endpoints, opt->oprf_loopback);
    } else if (!opt->oprf_endpoints.empty()) {
      throw UsageError("--oprf-endpoint given, but the partial files were built without --oprf-key");
    }
    ProgressPrinter printer(opt->quiet);
    WriteReport written;
    try {
      written = parts.write_dataset(layout, key, opt->out, opt->max_memory.empty() ? 0 : parse_memory_size(opt->max_memory),
                                    opt->work_dir.empty() ? opt->out + ".work" : opt->work_dir, true,
                                    [&](const Progress& p) { printer(p); });
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }

    nlohmann::ordered_json report;
    report["dataset"] = opt->out;
    report["shards"] = first.shard.count;
    report["rowsRead"] = first.rows_read;
    report["rowsSkipped"] = first.rows_bad;
    report["rowsMerged"] = parts.rows_merged();
    report["records"] = parts.records();
    report["insurers"] = parts.insurers().size();
    report["prefixBits"] = written.buckets.prefix_bits;
    report["buckets"] = std::uint64_t{1} << written.buckets.prefix_bits;
    report["bucketCapacity"] = written.buckets.capacity;
    report["realPerBucket"] = {{"min", written.buckets.min_real},
                               {"mean", written.buckets.mean_real},
                               {"max", written.buckets.max_real},
                               {"k", opt->k}};
    report["fileBytes"] = written.file_size;
    report["bytesPerRecord"] = static_cast<double>(written.file_size) / static_cast<double>(parts.records());
    report["kdf"] = {{"ops", first.kdf.ops}, {"memKiB", first.kdf.mem_kib}};
    report["mode"] = oprf_key ? "oprf" : "static";
    if (oprf_key) report["oprfKeyFingerprint"] = oprf_key_fingerprint(*oprf_key);
    report["totalSeconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report["keyFingerprint"] = key_fingerprint(key.public_key);
    print_json_line(report.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
