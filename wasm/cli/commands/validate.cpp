// SPDX-License-Identifier: MPL-2.0
// breachcheck validate --records F --catalog C [input options] [--json]: a dry run of `build` without keys and
// without hashing. Reads and validates every row exactly as `build` would (same options, same codes), merges
// duplicates, and reports: rows read and refused (grouped by code, with what to do), duplicates merged,
// records per operator and per category, and the planner's figures for this many records at the chosen KDF
// (P, bucket fill, k met or not, file size, build time). The publisher runs it until it is clean, then builds.
// Exit 0: every row accepted; 1: rows refused or the file is unreadable (with an error code); 2: usage.
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include "build/builder.h"
#include "build/file_io.h"
#include "cli_support.h"
#include "commands/build_support.h"
#include "commands/commands.h"
#include "commands/problem_report.h"

namespace breachcheck::cli {
namespace {

struct RecordCounts {
  std::uint64_t records = 0;
  std::vector<std::uint64_t> per_operator, per_category;  // by bit
};

RecordCounts count_records(RecordStream& stream, const Catalog& catalog) {
  RecordCounts counts;
  counts.per_operator.assign(8, 0);
  counts.per_category.assign(catalog.categories.size(), 0);
  SourceRecord record;
  std::uint32_t rows = 0;
  while (stream.next(record, rows)) {
    ++counts.records;
    for (unsigned bit = 0; bit < 8; ++bit) counts.per_operator[bit] += (record.payload.operators >> bit) & 1u;
    for (std::size_t bit = 0; bit < counts.per_category.size(); ++bit) {
      counts.per_category[bit] += (record.payload.categories >> bit) & 1u;
    }
  }
  sodium_memzero(record.canonical.data(), record.canonical.size());
  return counts;
}

// Spill runs (only past the memory budget) go to a fresh directory under --work-dir, removed when validation
// ends, whatever happens; they are encrypted under a key that dies with the process. Without --work-dir nothing
// is written but --errors-out: past the budget, validation stops with out_of_memory (a container with a
// read-only root file system has no writable temporary directory, and validate must not need one).
struct ScratchDir {
  std::string path;
  explicit ScratchDir(const std::string& work_dir) {
    if (work_dir.empty()) return;
    std::random_device random;
    path = (std::filesystem::path(work_dir) / ("breachcheck-validate-" + std::to_string(random()))).string();
  }
  ~ScratchDir() {
    if (path.empty()) return;
    try {
      io::remove_tree(path);
    } catch (...) {
    }
  }
};

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

Command add_validate(CLI::App& app) {
  struct Options {
    std::string records, catalog, created, max_memory, errors_out, work_dir;
    InputArguments input;
    PlanArguments plan;  // the build you intend: its planner figures
    bool json = false, quiet = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("validate", "Dry run of build without keys: rows, errors, duplicates, counts, plan");
  cmd->add_option("--records", opt->records, "The records file, as you would give it to `build`")->required();
  cmd->add_option("--catalog", opt->catalog, "Category catalog JSON (docs/CATALOG.md)")->required();
  add_input_options(cmd, opt->input);
  cmd->add_option("--errors-out", opt->errors_out, "Write every bad row's problems (line,column,code) to this file");
  cmd->add_option("--created", opt->created, "Day the build will use, Unix seconds (later birth dates are refused; "
                                             "default: SOURCE_DATE_EPOCH or now)");
  add_plan_options(cmd, opt->plan);
  cmd->add_option("--max-memory", opt->max_memory, "Memory for merging duplicates (default: half the RAM); past it, "
                                                   "encrypted runs go to --work-dir (without it: out_of_memory)");
  cmd->add_option("--work-dir", opt->work_dir, "Directory for encrypted spill runs past --max-memory (a fresh "
                                               "subdirectory, removed at the end); without it validate writes "
                                               "nothing but --errors-out");
  cmd->add_flag("--quiet", opt->quiet, "No progress lines on stderr");
  cmd->add_flag("--json", opt->json, "One JSON object on stdout instead of the readable report (docs/PUBLISHER-GUIDE.md)");

  return [opt]() {
    const Catalog catalog = coded_step("catalog_invalid", "--catalog " + opt->catalog,
                                       [&] { return parse_catalog(read_file(opt->catalog, kMaxCatalogJsonBytes)); });
    const RecordsInput input = records_input(opt->input);
    const KdfParams kdf = opt->plan.kdf();
    ErrorsFile errors(opt->errors_out);
    ScratchDir scratch(opt->work_dir);

    CollectorConfig config;
    config.collect.today = civil_date_of_unix(creation_time(opt->created));
    config.collect.input = input;
    config.memory_bytes = opt->max_memory.empty() ? default_memory_budget() : parse_memory_size(opt->max_memory);
    config.spill_dir = scratch.path;
    config.on_problem = [&errors](const RowProblem& problem) { errors.add(problem); };
    std::ifstream file(opt->records, std::ios::binary);
    if (!file) throw CodedError("records_unreadable", "cannot open the records file " + opt->records);
    auto printer = std::make_shared<ProgressPrinter>(opt->quiet);
    config.progress = [printer](const Progress& p) { (*printer)(p); };
    std::error_code size_error;
    const std::uint64_t size = std::filesystem::file_size(opt->records, size_error);
    config.input_size = size_error ? 0 : size;
    config.input_position = [&file, size = config.input_size] {
      const std::streamoff position = file.tellg();  // -1 once the end has been read
      return position < 0 ? size : static_cast<std::uint64_t>(position);
    };
    RecordCollector collector(catalog, config);
    RecordCounts counts = coded_step("records_unreadable", "reading " + opt->records, [&] {
      collector.read(file);
      if (file.bad()) throw CodedError("records_unreadable", "reading " + opt->records + " failed");
      return count_records(*collector.merged(), catalog);
    });
    errors.finish();
    const CollectStats& stats = collector.stats();
    const std::uint64_t rows_merged = stats.rows_kept - counts.records;

    nlohmann::ordered_json j;
    j["recordsFile"] = opt->records;
    j["input"] = input_json(stats, input);
    const bool insurers_fit = stats.insurers.size() <= kMaxInsurerNames;
    j["clean"] = stats.rows_bad == 0 && counts.records > 0 && insurers_fit;
    j["rowsRead"] = stats.rows_read;
    j["rowsRefused"] = stats.rows_bad;
    j["problems"] = problem_groups_json(stats.problem_groups, input);
    if (!opt->errors_out.empty()) j["errorsOut"] = opt->errors_out;
    j["rowsMerged"] = rows_merged;
    j["records"] = counts.records;
    j["beneficiariesUnderHolder"] = stats.rows_beneficiary_by_holder;
    nlohmann::ordered_json operators = nlohmann::ordered_json::object(), categories = nlohmann::ordered_json::object();
    for (const auto& op : catalog.operators) operators[op.id] = counts.per_operator[op.bit];
    for (std::size_t bit = 0; bit < catalog.categories.size(); ++bit) {
      categories[catalog.categories[bit].id] = counts.per_category[bit];
    }
    j["operators"] = operators;
    j["categories"] = categories;
    j["insurers"] = stats.insurers.size();
    if (!insurers_fit) j["insurersOverLimit"] = kMaxInsurerNames;

    PlanFigures figures;
    KdfMeasurement measured;
    if (counts.records > 0) {
      PlanInput plan;
      plan.records = counts.records;
      plan.kdf = kdf;
      plan.k = opt->plan.k;
      plan.max_prefix_bits = opt->plan.max_prefix_bits;
      plan.threads = opt->plan.threads;
      plan.metadata_bytes = build_metadata_json(LayoutArguments{}.publisher, catalog, stats.insurers).size();
      measured = measure_argon2id(kdf, 1.0);
      if (measured.reps == 0) throw UsageError("Argon2id refused --ops/--mem on this machine");
      figures = compute_plan(plan, measured);
      nlohmann::ordered_json& summary = j["plan"];
      summary["kdf"] = {{"ops", kdf.ops}, {"memKiB", kdf.mem_kib}, {"measuredMs", measured.median_ms}};
      summary["k"] = opt->plan.k;
      summary["maxPrefixBits"] = opt->plan.max_prefix_bits;
      append_prefix_layout(summary, figures);
      summary["fileBytes"] = figures.file_bytes;
      summary["threads"] = opt->plan.threads;
      summary["buildCoreHours"] = figures.build_core_hours;
      summary["buildWallHours"] = figures.build_wall_hours;
      summary["coresForOneDay"] = figures.cores_for_one_day;
      summary["browsersAccept"] = kdf_browser_warning(kdf).empty();
    }

    if (opt->json) {
      print_json_line(j.dump());
    } else {
      std::ostream& out = std::cout;
      out << "Records file " << opt->records << "\n";
      out << "  read as: " << describe_input(stats, input, "detected from the header line");
      // rows read = records built + rows refused + duplicates merged into a record: nothing is left unsaid.
      out << "\n  rows read: " << thousands(stats.rows_read) << " = records built " << thousands(counts.records)
          << " + refused " << thousands(stats.rows_bad) << " + duplicates merged " << thousands(rows_merged) << "\n";
      out << "  the list answers \"affected\" for " << thousands(counts.records)
          << " people (each record: one NIR, date of birth and rank, as the widget is given them)";
      if (stats.rows_beneficiary_by_holder > 0) {
        out << ";\n  " << thousands(stats.rows_beneficiary_by_holder)
            << " rows built as beneficiaries under their card holder's NIR (their own date; the card holder is in the file)";
      }
      out << "\n";
      out << "  per operator:";
      for (const auto& op : catalog.operators) out << " " << op.id << " " << thousands(counts.per_operator[op.bit]);
      out << "\n  per category:";
      for (std::size_t bit = 0; bit < catalog.categories.size(); ++bit) {
        out << (bit ? ", " : " ") << catalog.categories[bit].id << " " << thousands(counts.per_category[bit]);
      }
      out << "\n  insurers: " << stats.insurers.size()
          << (insurers_fit ? "" : " (over the " + std::to_string(kMaxInsurerNames) + " a data set can list: check the insurer column)")
          << "\n";
      print_problem_summary(out, stats.problem_groups, stats.rows_bad, stats.rows_read, input, opt->errors_out);
      if (counts.records > 0) {
        char line[256];
        std::snprintf(line, sizeof line,
                      "Plan at Argon2id t=%u, %u KiB (%.2f ms here), k=%u, P <= %u:\n"
                      "  P = %u: %llu buckets of ~%.0f real records, the smallest ~%llu: k %s\n",
                      kdf.ops, kdf.mem_kib, measured.median_ms, opt->plan.k, opt->plan.max_prefix_bits, figures.prefix.prefix_bits,
                      static_cast<unsigned long long>(figures.buckets), figures.prefix.mean_real,
                      static_cast<unsigned long long>(figures.prefix.expected_min),
                      figures.prefix.meets_k ? "met" : "NOT met (too few records for this k: lower --k, or do not publish)");
        out << line;
        std::snprintf(line, sizeof line,
                      "  file ~%.1f MB; build on this machine ~%s on %u threads (%.2f core-hours); %llu such cores "
                      "finish it in a day\n",
                      static_cast<double>(figures.file_bytes) / 1e6, duration_text(figures.build_wall_hours * 3600).c_str(),
                      opt->plan.threads, figures.build_core_hours,
                      static_cast<unsigned long long>(figures.cores_for_one_day));
        out << line;
        const std::string warning = kdf_browser_warning(kdf);
        if (!warning.empty()) out << "  warning: " << warning << "\n";
      }
      out << (j["clean"].get<bool>() ? "Clean: every row accepted. Build with the same input options.\n"
                                     : "Not clean: fix the rows above (or build with --on-error skip).\n");
    }
    return j["clean"].get<bool>() ? 0 : 1;
  };
}

}  // namespace breachcheck::cli
