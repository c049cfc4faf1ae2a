// SPDX-License-Identifier: MPL-2.0
// breachcheck plan --records N --ops T --mem MiB [--k K] [--max-prefix-bits P] [--threads C] [--human]:
// expected layout (P, bucket capacity and bytes, file size), build cost (core-hours from a short Argon2id
// measurement here), a person's check time in a browser, and an attacker's cost for a targeted guess and for
// exhaustive enumeration of the NIR space, on CPU and GPU. JSON (one line); --human adds a readable table on
// stderr. Sources of every constant: docs/PERFORMANCE.md, "Publisher at scale".
#include <cstdio>
#include <memory>
#include <thread>

#include "build/planner.h"
#include "cli_support.h"
#include "commands/build_support.h"
#include "commands/commands.h"

namespace breachcheck::cli {
namespace {

void print_human(const PlanInput& in, const PlanFigures& f) {
  auto row = [](const char* what, const std::string& value) { std::fprintf(stderr, "  %-44s %s\n", what, value.c_str()); };
  char b[128];
  std::fprintf(stderr, "Plan for %llu records, Argon2id t=%u, %u KiB, k=%u, P <= %u\n",
               static_cast<unsigned long long>(in.records), in.kdf.ops, in.kdf.mem_kib, in.k, in.max_prefix_bits);
  std::snprintf(b, sizeof b, "%u (%llu buckets, ~%.0f real each, min ~%llu)", f.prefix.prefix_bits,
                static_cast<unsigned long long>(f.buckets), f.prefix.mean_real,
                static_cast<unsigned long long>(f.prefix.expected_min));
  row("prefix bits P", b);
  std::snprintf(b, sizeof b, "%llu entries, %llu bytes", static_cast<unsigned long long>(f.prefix.expected_capacity),
                static_cast<unsigned long long>(f.bucket_bytes));
  row("bucket (every response)", b);
  std::snprintf(b, sizeof b, "%.1f MB (%.1f bytes/record, %.0f%% padding)", f.file_bytes / 1e6, f.bytes_per_record,
                f.padding_share * 100);
  row("file", b);
  std::snprintf(b, sizeof b, "%.3f ms (measured here, 1 thread)", f.kdf_ms);
  row("one Argon2id", b);
  std::snprintf(b, sizeof b, "%s on %u threads (%.2f core-hours)", duration_text(f.build_wall_hours * 3600).c_str(),
                in.threads, f.build_core_hours);
  row("build on this machine", b);
  std::snprintf(b, sizeof b, "%llu (cores as fast as these)", static_cast<unsigned long long>(f.cores_for_one_day));
  row("cores to finish the build in a day", b);
  row("check in a browser (desktop)", duration_text(f.browser_check_seconds) + " + one bucket fetch");
  row("attacker, targeted guess (CPU core)", duration_text(f.cpu_targeted_core_seconds));
  row("attacker, targeted guess (one GPU)", duration_text(f.gpu_targeted_seconds));
  std::snprintf(b, sizeof b, "%.3g core-years", f.cpu_exhaustive_core_years);
  row("attacker, whole NIR space (CPU)", b);
  std::snprintf(b, sizeof b, "%.3g GPU-days", f.gpu_exhaustive_gpu_days);
  row("attacker, whole NIR space (GPU)", b);
  const std::string warning = kdf_browser_warning(in.kdf);
  if (!warning.empty()) std::fprintf(stderr, "warning: %s\n", warning.c_str());
}

}  // namespace

Command add_plan(CLI::App& app) {
  struct Options {
    std::uint64_t records = 0;
    PlanArguments plan;
    std::uint64_t metadata_bytes = PlanInput{}.metadata_bytes;
    bool human = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("plan", "Expected layout, build cost and attacker cost for N records (JSON)");
  cmd->add_option("--records", opt->records, "Records after merging duplicates")->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  add_plan_options(cmd, opt->plan);
  cmd->add_option("--metadata-bytes", opt->metadata_bytes, "Catalog + insurer table JSON size");
  cmd->add_flag("--human", opt->human, "Also print a readable table on stderr");
  return [opt]() {
    PlanInput input;
    input.records = opt->records;
    input.kdf = opt->plan.kdf();
    input.k = opt->plan.k;
    input.max_prefix_bits = opt->plan.max_prefix_bits;
    input.threads = opt->plan.threads;
    input.metadata_bytes = opt->metadata_bytes;
    const KdfMeasurement kdf = measure_argon2id(input.kdf);
    if (kdf.reps == 0) throw std::runtime_error("Argon2id refused these parameters on this machine");
    const PlanFigures figures = compute_plan(input, kdf);
    if (opt->human) print_human(input, figures);
    print_json_line(plan_figures_json(input, figures, kdf));
    return 0;
  };
}

}  // namespace breachcheck::cli
