// SPDX-License-Identifier: MPL-2.0
// breachcheck: the publisher's command-line tool. Exit codes: 0 success, 1 failure (bad data, integrity),
// 2 usage error.
#include <sodium.h>

#include <iostream>
#include <map>

#include "cli_support.h"
#include "commands.h"

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "breachcheck: libsodium failed to initialise\n";
    return 1;
  }
  CLI::App app{"breachcheck: build, verify and query signed breach data sets"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "breachcheck 0.1.0 (data set format 1)");

  using namespace breachcheck::cli;
  std::map<CLI::App*, Command> commands;
  auto add = [&](Command (*factory)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    Command run = factory(app);
    commands[app.get_subcommands({})[before]] = std::move(run);
  };
  add(add_keygen);
  add(add_build);
  add(add_verify);
  add(add_inspect);
  add(add_check);
  add(add_synth);
  add(add_merge);
  add(add_plan);
  add(add_serve);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    for (auto* sub : app.get_subcommands()) return commands.at(sub)();
  } catch (const UsageError& e) {
    std::cerr << "breachcheck: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "breachcheck: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
