// SPDX-License-Identifier: MPL-2.0
// The `breachcheck` subcommands (docs/PUBLISHER-GUIDE.md; `breachcheck --help`). Each registers itself on the
// CLI11 app.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace breachcheck::cli {

using Command = std::function<int()>;

Command add_keygen(CLI::App& app);
Command add_build(CLI::App& app);
Command add_verify(CLI::App& app);
Command add_inspect(CLI::App& app);
Command add_check(CLI::App& app);
Command add_directory(CLI::App& app);  // directory.cpp: build / verify a signed directory of lists
Command add_synth(CLI::App& app);
Command add_merge(CLI::App& app);  // merge.cpp: partial files of a sharded build -> signed data set
Command add_plan(CLI::App& app);   // plan.cpp: layout, build and attacker costs before a build
Command add_serve(CLI::App& app);
Command add_validate(CLI::App& app);  // validate.cpp: dry run of build without keys (rows, errors, counts, plan)  // serve.cpp: OPRF evaluation server (hardened mode, docs/OPRF.md)

}  // namespace breachcheck::cli
