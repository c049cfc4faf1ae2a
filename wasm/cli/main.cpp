// SPDX-License-Identifier: MPL-2.0
// breachcheck: the publisher's command-line tool. Exit codes (docs/ERRORS.md): 0 success, 1 failure (refused
// input, integrity, I/O; with an error code), 2 usage error.
#include <sodium.h>

#include <iostream>
#include <map>
#include <typeinfo>

#include "cli_support.h"
#include "commands/commands.h"

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
  add(add_directory);
  add(add_synth);
  add(add_merge);
  add(add_plan);
  add(add_serve);
  add(add_validate);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "breachcheck: error usage: " << e.what() << " (--help lists the options)\n";
    return 2;
  }
  // Every failure ends as "breachcheck: error CODE: sentence" (docs/ERRORS.md, "Publisher commands"). A
  // library's exception that no step caught is not printed as such: its text is not for the publisher.
  auto fail = [](const char* code, const std::string& sentence, int status) {
    std::cerr << "breachcheck: error " << code << ": " << sentence << "\n";
    return status;
  };
  try {
    for (auto* sub : app.get_subcommands()) return commands.at(sub)();
  } catch (const UsageError& e) {
    return fail("usage", e.what(), 2);
  } catch (const breachcheck::CodedError& e) {
    return fail(e.code().c_str(), e.what(), 1);
  } catch (const breachcheck::CatalogError& e) {
    return fail("catalog_invalid", e.what(), 1);
  } catch (const std::bad_alloc&) {
    return fail("out_of_memory", "out of memory", 1);
  } catch (const std::exception& e) {
    if (typeid(e) == typeid(std::runtime_error)) return fail("failed", e.what(), 1);  // one of our sentences
    return fail("internal_error", "unexpected internal failure (a bug: please report it with the command)", 1);
  } catch (...) {
    return fail("internal_error", "unexpected internal failure (a bug: please report it with the command)", 1);
  }
  return 2;
}
