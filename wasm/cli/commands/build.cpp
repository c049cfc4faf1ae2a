// SPDX-License-Identifier: MPL-2.0
// breachcheck build: affected-records CSV + catalog + secret key -> signed data set; or, with --shard i/n,
// one slice of the identities -> a partial file for `breachcheck merge` (no key: shards never see it).
// Bounded memory (--max-memory), all cores (--threads), progress on stderr, and resumable: hash checkpoints
// live in --work-dir (default OUT.work) until the build succeeds, so rerunning the same command after a
// crash or a kill only hashes what is missing (docs/DEPLOY.md).
#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "build/builder.h"
#include "check/header_verifier.h"
#include "cli_support.h"
#include "commands/build_support.h"
#include "commands/commands.h"
#include "commands/problem_report.h"
#include "commands/stop_signals.h"

namespace breachcheck::cli {
namespace {

std::string hex_of(const std::uint8_t* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

}  // namespace

Command add_build(CLI::App& app) {
  struct Options {
    std::string records, catalog, key, out, salt, kdf_salt, seed_cache, created, on_error = "reject";
    std::string shard, max_memory, work_dir, oprf_key, errors_out;
    InputArguments input;
    LayoutArguments layout;
    OprfEndpointArguments oprf;
    unsigned ops = 3, threads = std::max(1u, std::thread::hardware_concurrency());
    double mem_mib = 64;
    std::uint32_t mem_kib = 0, chunk_records = kDefaultChunkRecords;
    double checkpoint_seconds = kDefaultCheckpointSeconds;
    std::uint32_t shard_count = 0;
    bool quiet = false, keep_work = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("build", "Build a signed data set (or, with --shard, one partial) from the records CSV");
  cmd->add_option("--records", opt->records, "CSV: nir,birth_date,birth_rank,operator,categories,insurer")->required();
  add_input_options(cmd, opt->input);
  cmd->add_option("--errors-out", opt->errors_out, "Write every bad row's problems (line,column,code) to this file");
  cmd->add_option("--catalog", opt->catalog, "Category catalog JSON (docs/CATALOG.md)")->required();
  cmd->add_option("--key", opt->key, "Secret key file from `breachcheck keygen` (not with --shard)");
  cmd->add_option("--out", opt->out, "File to write: the data set (.bcd), or with --shard the partial (.bcp)")->required();
  add_layout_options(cmd, opt->layout);
  cmd->add_option("--ops", opt->ops, "Argon2id passes")->check(CLI::Range(1u, 10u));
  cmd->add_option("--mem", opt->mem_mib, "Argon2id memory, MiB")->check(CLI::Range(0.0078125, 256.0));
  cmd->add_option("--mem-kib", opt->mem_kib, "Argon2id memory in KiB (overrides --mem; for tests and benchmarks)")
      ->check(CLI::Range(8u, 262144u));
  cmd->add_option("--salt", opt->salt, "Salt as 32 hex chars (default: fresh random; required with --shard)");
  cmd->add_option("--kdf-salt", opt->kdf_salt,
                  "Format version 2: the publisher's long-lived Argon2id salt, 32 hex chars, kept across versions "
                  "(docs/FORMAT.md, \"Version 2\"; not with --shard)");
  cmd->add_option("--seed-cache", opt->seed_cache,
                  "Format version 2: the publisher's seed cache file (secret, mode 0600, never published): reused "
                  "when it exists, so unchanged records skip Argon2id, and rewritten after the build "
                  "(docs/PUBLISHER-GUIDE.md, \"Corrections\"; not with --shard)");
  cmd->add_option("--created", opt->created, "Creation time, Unix seconds (default: SOURCE_DATE_EPOCH or now)");
  cmd->add_option("--threads", opt->threads, "Hashing threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  cmd->add_option("--max-memory", opt->max_memory, "Memory budget, e.g. 512M or 4G (default: half the RAM); "
                                                   "past it, rows and entries spill to the work directory");
  cmd->add_option("--work-dir", opt->work_dir, "Checkpoints and spill files (default: OUT.work; kept until success)");
  cmd->add_flag("--keep-work", opt->keep_work, "Keep the work directory after success");
  auto* shard_option =
      cmd->add_option("--shard", opt->shard, "Hash only slice i of n (i/n) into a partial file for `breachcheck merge`");
  cmd->add_option("--shard-count", opt->shard_count,
                  "Like --shard, with i read from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job: no shell needed); "
                  "{shard} in --out, --work-dir and --errors-out becomes i")
      ->check(CLI::Range(1u, 65536u))
      ->excludes(shard_option);
  cmd->add_option("--chunk-records", opt->chunk_records, "Mean records per checkpoint (power of two)")
      ->check(CLI::Range(16u, 1u << 22));
  // Hidden (no group): the time checkpoint's interval, so that tests see one without waiting five minutes.
  cmd->add_option("--checkpoint-seconds", opt->checkpoint_seconds, "Seconds of hashing between checkpoints")
      ->check(CLI::Range(0.01, 86400.0))
      ->group("");
  cmd->add_option("--on-error", opt->on_error, "reject: any bad row fails the build; skip: skip and report them")
      ->check(CLI::IsMember({"reject", "skip"}));
  cmd->add_option("--oprf-key", opt->oprf_key,
                  "Hardened mode (docs/OPRF.md): OPRF secret key file from `keygen --oprf`; every lookup then needs "
                  "the evaluation server");
  add_oprf_endpoint_options(cmd, opt->oprf);
  cmd->add_flag("--quiet", opt->quiet, "No progress lines");

  return [opt]() {
    const auto started = std::chrono::steady_clock::now();
    const bool sharded = !opt->shard.empty() || opt->shard_count > 0;
    std::optional<ShardSpec> shard;
    if (!opt->shard.empty()) shard = parse_shard(opt->shard);
    if (opt->shard_count > 0) {
      shard = shard_from_environment(opt->shard_count);
      opt->out = with_shard_index(opt->out, shard->index);
      opt->work_dir = with_shard_index(opt->work_dir, shard->index);
      opt->errors_out = with_shard_index(opt->errors_out, shard->index);
    }
    if (sharded && !opt->key.empty()) {
      throw UsageError("--shard builds never take the signing key: only `breachcheck merge` needs it");
    }
    if (!sharded && opt->key.empty()) throw UsageError("--key is required (or --shard i/n for a partial file)");
    if (sharded && opt->salt.empty()) {
      throw UsageError("--shard needs --salt: every shard and the merge must share one fresh salt (docs/DEPLOY.md)");
    }
    if (sharded && !opt->kdf_salt.empty()) throw UsageError("--kdf-salt (format version 2) is not available with --shard");
    if (sharded && !opt->seed_cache.empty()) throw UsageError("--seed-cache is not available with --shard");
    if (opt->chunk_records & (opt->chunk_records - 1)) throw UsageError("--chunk-records must be a power of two");
    const Catalog catalog = coded_step("catalog_invalid", "--catalog " + opt->catalog,
                                       [&] { return parse_catalog(read_file(opt->catalog, kMaxCatalogJsonBytes)); });
    const RecordsInput input = records_input(opt->input);
    std::optional<KeyPair> key;  // loaded after the KDF workers are forked: they never hold a copy
    if (opt->oprf_key.empty() && !opt->oprf.endpoints.empty()) throw UsageError("--oprf-endpoint needs --oprf-key");
    if (!opt->oprf_key.empty() && !sharded && opt->oprf.endpoints.empty()) {
      throw UsageError("--oprf-key needs at least one --oprf-endpoint (where browsers reach the evaluation server)");
    }
    if (sharded && !opt->oprf.endpoints.empty()) {
      throw UsageError("--oprf-endpoint goes to `breachcheck merge`, not to --shard builds");
    }

    PipelineOptions pipeline;
    pipeline.records_path = opt->records;
    pipeline.input = input;
    pipeline.kdf.ops = opt->ops;
    pipeline.kdf.mem_kib = opt->mem_kib ? opt->mem_kib : static_cast<std::uint32_t>(opt->mem_mib * 1024);
    Salt publisher_salt{};
    if (opt->salt.empty()) {
      randombytes_buf(publisher_salt.data(), publisher_salt.size());  // fresh for every build (docs/FORMAT.md)
    } else {
      publisher_salt = parse_salt(opt->salt);
    }
    const std::string salt_hex = hex_of(publisher_salt.data(), publisher_salt.size());  // for a resume hint
    pipeline.created = creation_time(opt->created);
    pipeline.dataset_version = opt->layout.dataset_version;
    // Bound to the release: a --salt typed again for a new version still gives it its own salt (kdf.h).
    pipeline.salt = release_salt(publisher_salt, pipeline.dataset_version, pipeline.created);
    sodium_memzero(publisher_salt.data(), publisher_salt.size());
    if (!opt->kdf_salt.empty()) pipeline.kdf_salt = parse_salt(opt->kdf_salt, "--kdf-salt");
    // The seed cache decides the KDF salt when it exists (its checksum is verified once the key is loaded,
    // before any hashing); a first build with a cache and no --kdf-salt draws one, which the cache keeps.
    const bool cache_exists = !opt->seed_cache.empty() && io::exists(opt->seed_cache);
    if (cache_exists) {
      const SeedCacheHeader cached = peek_seed_cache(opt->seed_cache);
      if (pipeline.kdf_salt && *pipeline.kdf_salt != cached.kdf_salt) {
        throw CodedError("seed_cache_mismatch", "the seed cache " + opt->seed_cache +
                                                    " was made with another KDF salt than --kdf-salt");
      }
      pipeline.kdf_salt = cached.kdf_salt;
    } else if (!opt->seed_cache.empty() && !pipeline.kdf_salt) {
      Salt fresh{};
      randombytes_buf(fresh.data(), fresh.size());
      pipeline.kdf_salt = fresh;
    }
    pipeline.threads = opt->threads;
    if (!opt->max_memory.empty()) pipeline.max_memory_bytes = parse_memory_size(opt->max_memory);
    make_output_dir(opt->out);
    pipeline.work_dir = opt->work_dir.empty() ? opt->out + ".work" : opt->work_dir;
    pipeline.keep_work = opt->keep_work;
    if (shard) pipeline.shard = *shard;
    pipeline.chunk_records = opt->chunk_records;
    pipeline.checkpoint_seconds = opt->checkpoint_seconds;
    install_stop_signals();
    pipeline.stop_requested = [] { return stop_signal() != 0; };
    // The OPRF key, unlike the signing key, is needed by the KDF workers: load it before they are forked.
    if (!opt->oprf_key.empty()) pipeline.oprf = load_oprf_secret_key(opt->oprf_key);
    pipeline.histogram_bits = opt->layout.max_prefix_bits;
    auto printer = std::make_shared<ProgressPrinter>(opt->quiet);
    pipeline.progress = [printer](const Progress& p) { (*printer)(p); };

    LayoutOptions layout = layout_options(opt->layout, pipeline.kdf, pipeline.salt, pipeline.created);
    layout.kdf_salt = pipeline.kdf_salt;
    if (pipeline.oprf && !sharded) {
      layout.oprf = oprf_header_config(pipeline.oprf->public_key, opt->oprf.endpoints, opt->oprf.allow_loopback);
    }
    if (kdf_below_default_floor(pipeline.kdf) && !opt->quiet) {
      std::cerr << "warning: Argon2id below the browsers' default floor (8 MiB, and 64 MiB x passes): they refuse "
                   "this data set unless the embedder allows weak KDF settings (tests and benchmarks only)\n";
    }

    auto errors = std::make_shared<ErrorsFile>(opt->errors_out);  // opened now: an unwritable path fails first
    pipeline.on_problem = [errors](const RowProblem& problem) { errors->add(problem); };
    std::unique_ptr<PublisherBuild> build = coded_step("work_dir_failed", "preparing the work directory", [&] {
      try {
        return std::make_unique<PublisherBuild>(catalog, pipeline);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    });
    if (!sharded) key = coded_step("key_invalid", "--key " + opt->key, [&] { return load_secret_key(opt->key); });
    std::optional<SeedCacheKey> cache_key;
    std::optional<SeedCache> cache_in, cache_out;
    if (!opt->seed_cache.empty()) {
      cache_key.emplace(seed_cache_key(*key));
      if (cache_exists) cache_in.emplace(SeedCache::read(opt->seed_cache, *cache_key, *pipeline.kdf_salt, pipeline.kdf));
      cache_out.emplace(*pipeline.kdf_salt, pipeline.kdf);
      build->use_seed_cache(cache_in ? &*cache_in : nullptr, &*cache_out, &*cache_key);
    }
    const MemoryPlan& memory = build->stats().memory;
    if (memory.threads_reduced) {
      std::cerr << "warning: --max-memory holds " << memory.threads << " Argon2id arena(s) of " << pipeline.kdf.mem_kib
                << " KiB next to the other buffers: hashing on " << memory.threads << " thread(s)\n";
    }
    coded_step("records_unreadable", "reading " + opt->records, [&] { build->collect(); });
    errors->finish();
    const CollectStats& collected = build->stats().collect;
    if (!opt->quiet) print_input_summary(collected, input);
    print_problem_summary(std::cerr, collected.problem_groups, collected.rows_bad, collected.rows_read, input,
                          opt->errors_out);
    if (collected.rows_bad > 0 && opt->on_error == "reject") {
      throw CodedError("rows_refused", std::to_string(collected.rows_bad) + " of " +
                                           std::to_string(collected.rows_read) +
                                           " rows refused; nothing written: fix them (`breachcheck validate` lists "
                                           "them), or --on-error skip to publish without them");
    }
    check_insurer_count(collected.insurers.size());  // a shard's share: merge checks the whole
    if (collected.rows_read - collected.rows_bad == 0) {
      throw CodedError("no_records", "no valid row in " + opt->records + ": nothing to publish");
    }
    if (stop_signal() != 0) {
      std::cerr << "interrupted by " << stop_signal_name(stop_signal())
                << " before hashing: nothing to keep; run the same command again to start over\n";
      return 128 + stop_signal();
    }
    coded_step("build_failed", "hashing", [&] { build->hash(); });
    const PipelineStats& stats = build->stats();
    if (stats.hash.interrupted) {
      const HashStageResult& hashed = stats.hash;
      std::cerr << "interrupted by " << stop_signal_name(stop_signal()) << ": checkpoint written; "
                << (hashed.records + hashed.records_in_part) << " records hashed are kept in " << pipeline.work_dir
                << "\nTo resume, run the same command again";
      if (opt->salt.empty()) {
        // The salt is what the data set header publishes (bound to the release), not a secret: without it a
        // rerun draws a new one and every checkpoint is useless.
        std::cerr << " with --salt " << salt_hex << " --created " << pipeline.created
                  << " (this build drew its salt; a rerun without them starts over)";
      } else if (opt->created.empty() && std::getenv("SOURCE_DATE_EPOCH") == nullptr) {
        std::cerr << " with --created " << pipeline.created;
      }
      if (pipeline.kdf_salt && opt->kdf_salt.empty() && !cache_exists) {
        // A first build with a seed cache drew its KDF salt, and the cache is written only at the end.
        std::cerr << " (and --kdf-salt " << hex_of(pipeline.kdf_salt->data(), kSaltSize)
                  << ": this build drew its KDF salt)";
      }
      std::cerr << ": it hashes only what is missing.\n";
      return 128 + stop_signal();
    }
    if (!sharded && stats.records < opt->layout.k) {
      throw CodedError("too_few_records", "only " + std::to_string(stats.records) + " records after merging: every "
                                          "bucket must hold at least --k " + std::to_string(opt->layout.k) +
                                          " real records, so this list is too small to publish safely");
    }

    nlohmann::ordered_json report;
    WriteReport written;
    if (sharded) {
      coded_step("write_failed", "writing " + opt->out, [&] { build->write_partial(opt->out); });
      report["partial"] = opt->out;
      report["shard"] = std::to_string(pipeline.shard.index) + "/" + std::to_string(pipeline.shard.count);
    } else {
      written = coded_step("write_failed", "writing " + opt->out, [&] { return build->write_dataset(layout, *key, opt->out); });
      report["dataset"] = opt->out;
      if (cache_out) {
        coded_step("write_failed", "writing the seed cache " + opt->seed_cache,
                   [&] { cache_out->write(opt->seed_cache, *cache_key, true); });
        report["seedCache"] = {{"reusedRecords", stats.hash.records_from_seed_cache}, {"entries", cache_out->size()}};
      }
    }
    report["input"] = input_json(collected, input);
    report["rowsRead"] = collected.rows_read;
    report["rowsSkipped"] = collected.rows_bad;
    if (!collected.problem_groups.empty()) report["problems"] = problem_groups_json(collected.problem_groups, input);
    if (sharded) report["rowsInShard"] = collected.rows_kept;
    report["rowsMerged"] = stats.rows_merged;
    report["records"] = stats.records;
    report["insurers"] = collected.insurers.size();
    if (!sharded) {
      report_layout(report, written, opt->layout.k, stats.records);
    } else {
      report["fileBytes"] = io::file_size(opt->out);
    }
    report["kdf"] = {{"ops", pipeline.kdf.ops}, {"memKiB", pipeline.kdf.mem_kib}, {"threads", memory.threads}};
    report_mode(report, pipeline.oprf ? std::optional<OprfPublicKey>(pipeline.oprf->public_key) : std::nullopt);
    report["hashedRecords"] = stats.hash.records_hashed;
    report["reusedRecords"] = stats.hash.records_reused;
    report["resumedRecords"] = stats.hash.records_resumed;  // from a partial checkpoint (time or signal)
    report["partialCheckpoints"] = stats.hash.partial_checkpoints;
    report["chunks"] = stats.hash.chunks.size();
    report["chunksReused"] = stats.hash.chunks_reused;
    report["memory"] = {{"budgetMiB", static_cast<double>(memory.budget) / (1024.0 * 1024)},
                        {"spillRuns", collected.spill_runs},
                        {"sortRangeFiles", stats.sort_range_bits ? (1u << stats.sort_range_bits) : 0u}};
    report["collectSeconds"] = stats.collect_seconds;
    report["hashSeconds"] = stats.hash.kdf_seconds;
    report["hashRecordsPerSecond"] =
        stats.hash.kdf_seconds > 0 ? static_cast<double>(stats.hash.records_hashed) / stats.hash.kdf_seconds : 0.0;
    report["writeSeconds"] = stats.sort_write_seconds;
    report["totalSeconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (key) report["keyFingerprint"] = key_fingerprint(key->public_key);
    coded_step("write_failed", "removing the work directory", [&] { build->finish(); });
    print_json_line(report.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
