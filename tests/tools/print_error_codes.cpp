// SPDX-License-Identifier: MPL-2.0
// Prints the error-code registry (wasm/core/util/error_codes.h) as JSON, one object per code, for
// tests/js/error-codes.test.mjs: the JavaScript side checks docs/ERRORS.md, web/breachcheck.d.ts and the FR and
// EN texts against what it prints, so there is no second hand-kept list.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "util/error_codes.h"

using namespace breachcheck;

int main(int argc, char** argv) {
  if (argc != 2 || std::string(argv[1]) != "--json") {
    std::cerr << "usage: print_error_codes --json\n";
    return 2;
  }
  nlohmann::json codes = nlohmann::json::array();
  for (const auto& entry : error_codes()) {
    codes.push_back({{"code", entry.code},
                     {"category", to_string(entry.category)},
                     {"severity", to_string(entry.severity)},
                     {"status", entry.status},
                     {"field", entry.field},
                     {"origin", to_string(entry.origin)},
                     {"text", to_string(entry.text)}});
  }
  std::cout << codes.dump(1) << "\n";
  return 0;
}
