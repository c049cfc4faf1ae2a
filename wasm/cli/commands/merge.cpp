// SPDX-License-Identifier: MPL-2.0
// breachcheck merge: the partial files of a sharded build (`build --shard i/n`) + catalog + secret key -> the
// signed data set, byte-identical to a single-machine `build` with the same records, salt, --created and key.
// Checks that the partials belong together (salt, KDF, input digest, catalog, day, problem report, every
// shard exactly once, checksums) before the first byte is written (docs/DEPLOY.md).
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "build/builder.h"
#include "cli_support.h"
#include "commands/build_support.h"
#include "commands/commands.h"
#include "commands/problem_report.h"

namespace breachcheck::cli {

Command add_merge(CLI::App& app) {
  struct Options {
    std::vector<std::string> parts;
    std::string catalog, key, out, max_memory, work_dir;
    std::uint32_t shard_count = 0;
    LayoutArguments layout;
    OprfEndpointArguments oprf;
    bool quiet = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("merge", "Combine partial files of a sharded build into the signed data set");
  cmd->add_option("--parts", opt->parts, "Partial files (.bcp), all shards of one build")->required();
  cmd->add_option("--shard-count", opt->shard_count,
                  "With one --parts name holding {shard}: the files for shards 0 to N-1 (no shell needed)")
      ->check(CLI::Range(1u, 65536u));
  cmd->add_option("--catalog", opt->catalog, "Category catalog JSON: the one the shards used")->required();
  cmd->add_option("--key", opt->key, "Secret key file from `breachcheck keygen`")->required();
  cmd->add_option("--out", opt->out, "Data set file to write (.bcd)")->required();
  add_layout_options(cmd, opt->layout);
  CLI::Option* version_given = cmd->get_option("--dataset-version");
  cmd->add_option("--max-memory", opt->max_memory, "Memory budget, e.g. 512M or 4G (default: half the RAM)");
  cmd->add_option("--work-dir", opt->work_dir, "Spill files (default: OUT.work; removed after success)");
  add_oprf_endpoint_options(cmd, opt->oprf);  // for partials hashed with --oprf-key
  cmd->add_flag("--quiet", opt->quiet, "No progress lines");

  return [opt, version_given]() {
    const auto started = std::chrono::steady_clock::now();
    if (opt->shard_count > 0) {
      if (opt->parts.size() != 1 || opt->parts[0].find("{shard}") == std::string::npos) {
        throw UsageError("--shard-count takes one --parts name holding {shard}, e.g. /data/part-{shard}.bcp");
      }
      const std::string pattern = opt->parts[0];
      opt->parts.clear();
      for (std::uint32_t i = 0; i < opt->shard_count; ++i) opt->parts.push_back(with_shard_index(pattern, i));
    }
    make_output_dir(opt->out);
    const Catalog catalog = coded_step("catalog_invalid", "--catalog " + opt->catalog,
                                       [&] { return parse_catalog(read_file(opt->catalog, kMaxCatalogJsonBytes)); });
    const KeyPair key = coded_step("key_invalid", "--key " + opt->key, [&] { return load_secret_key(opt->key); });
    PartialSet parts = coded_step("partials_invalid", "--parts", [&] { return PartialSet(opt->parts, catalog); });
    const PartialHeader& first = parts.first();
    // The partials keep the first 1,000 problems (every shard reads every row): grouped, without examples.
    print_problem_summary(std::cerr, group_problems(parts.problems().problems), first.rows_bad, first.rows_read,
                          RecordsInput{}, "");

    check_insurer_count(parts.insurers().size());
    // The shards' salt is bound to the version they were built for (kdf.h, release_salt): merge writes that
    // version, and refuses another one given explicitly.
    const std::uint32_t shard_version = parts.problems().dataset_version;
    if (version_given->count() > 0 && opt->layout.dataset_version != shard_version) {
      throw UsageError("--dataset-version " + std::to_string(opt->layout.dataset_version) +
                       " differs from the shards' version " + std::to_string(shard_version) +
                       ": the salt is bound to the version, so build the shards with --dataset-version " +
                       std::to_string(opt->layout.dataset_version));
    }
    opt->layout.dataset_version = shard_version;
    LayoutOptions layout = layout_options(opt->layout, first.kdf, first.salt, first.created);
    // The partials say which OPRF key hashed them (all the same, checked by PartialSet); the header commits it.
    const auto& oprf_key = parts.problems().oprf_public_key;
    if (oprf_key) {
      layout.oprf = oprf_header_config(*oprf_key, opt->oprf.endpoints, opt->oprf.allow_loopback);
    } else if (!opt->oprf.endpoints.empty()) {
      throw UsageError("--oprf-endpoint given, but the partial files were built without --oprf-key");
    }
    ProgressPrinter printer(opt->quiet);
    const std::uint64_t max_memory = opt->max_memory.empty() ? 0 : parse_memory_size(opt->max_memory);
    const WriteReport written = coded_step("write_failed", "writing " + opt->out, [&] {
      try {
        return parts.write_dataset(layout, key, opt->out, max_memory,
                                   opt->work_dir.empty() ? opt->out + ".work" : opt->work_dir, true,
                                   [&](const Progress& p) { printer(p); });
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    });

    nlohmann::ordered_json report;
    report["dataset"] = opt->out;
    report["shards"] = first.shard.count;
    report["rowsRead"] = first.rows_read;
    report["rowsSkipped"] = first.rows_bad;
    report["rowsMerged"] = parts.rows_merged();
    report["records"] = parts.records();
    report["insurers"] = parts.insurers().size();
    report_layout(report, written, opt->layout.k, parts.records());
    report["kdf"] = {{"ops", first.kdf.ops}, {"memKiB", first.kdf.mem_kib}};
    report_mode(report, oprf_key);
    report["totalSeconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report["keyFingerprint"] = key_fingerprint(key.public_key);
    print_json_line(report.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
