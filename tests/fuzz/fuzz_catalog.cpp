// SPDX-License-Identifier: MPL-2.0
// Target: the category catalog JSON (publisher input to `breachcheck build`, and the signed text every
// client parses). Properties: only CatalogError escapes, with a bounded, printable message; a catalog that
// parses round-trips: parse(to_json(c)) == c and to_json is a fixed point (canonical form).
#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Catalog catalog;
  try {
    catalog = parse_catalog(text);
  } catch (const CatalogError& error) {
    const std::string message = error.what();
    FUZZ_ASSERT(message.rfind("catalog: ", 0) == 0);
    FUZZ_ASSERT(message.size() <= 1024);
    for (const char c : message) FUZZ_ASSERT(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    return 0;
  }
  FUZZ_ASSERT(!catalog.categories.empty() && catalog.categories.size() <= kMaxCategories);
  FUZZ_ASSERT(!catalog.sources.empty());
  const std::string canonical = catalog_to_json(catalog);  // a parsed catalog must serialise
  const Catalog again = parse_catalog(canonical);
  FUZZ_ASSERT(again == catalog);
  FUZZ_ASSERT(catalog_to_json(again) == canonical);
  return 0;
}
