// SPDX-License-Identifier: MPL-2.0
// breachcheck synth --count N --out FILE.csv [--seed S]: synthetic records for demos, tests and benchmarks.
#include <memory>

#include "cli_support.h"
#include "commands/commands.h"
#include "synth/synth.h"
#include "util/atomic_write.h"

namespace breachcheck::cli {

Command add_synth(CLI::App& app) {
  struct Options {
    std::uint64_t count = 0;
    std::string out;
    std::uint64_t seed = 1;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("synth", "Write synthetic, valid-looking records (never real data)");
  cmd->add_option("--count", opt->count, "Number of rows")->required()->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}));
  cmd->add_option("--out", opt->out, "CSV file to write")->required();
  cmd->add_option("--seed", opt->seed, "Generator seed (same seed, same file)");
  return [opt]() {
    io::write_then_rename(opt->out,
                          [&](std::ostream& out) { write_synthetic_csv(out, opt->count, opt->seed, today_utc()); });
    return 0;
  };
}

}  // namespace breachcheck::cli
