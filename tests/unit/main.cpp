// SPDX-License-Identifier: MPL-2.0
// Catch2 entry point; sodium_init runs once before any test (natively and under Node).
#define CATCH_CONFIG_RUNNER
#include <catch.hpp>
#include <sodium.h>

int main(int argc, char* argv[]) {
  if (sodium_init() < 0) return 2;
  return Catch::Session().run(argc, argv);
}
