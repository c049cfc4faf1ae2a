// SPDX-License-Identifier: MPL-2.0
// Target: the engine's own JSON reader (wasm/core/util/json_reader.h), which reads the signed metadata and the
// evaluation server's response in the browser. Differential, against nlohmann/json read with the same rules
// (tests/unit/json_oracle.h): the reader accepts exactly what the oracle accepts, with equal values; what it
// accepts, the writer writes back to a text that reads as the same value; a repeated key's path can be found.
#include "../unit/json_oracle.h"
#include "fuzz_common.h"
#include "util/json_writer.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the nesting bound (1..16; the metadata's is 16), the rest is the text.
  const JsonLimits limits{64 * 1024, 1 + static_cast<std::size_t>(data[0] % 16)};
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string difference = json_oracle::disagreement(text, limits);
  if (!difference.empty()) std::fprintf(stderr, "%s\n", difference.c_str());
  FUZZ_ASSERT(difference.empty());

  JsonValue value;
  JsonError error;
  if (!parse_json(text, limits, value, error)) {
    FUZZ_ASSERT(error.code != JsonErrorCode::none && error.offset <= text.size());
    // The message pass: the path to a repeated key runs through the open containers, the key's own excepted.
    if (error.code == JsonErrorCode::duplicate_key) FUZZ_ASSERT(json_path_to(text, error.offset).size() < limits.max_depth);
    return 0;
  }
  std::string written;
  append_json_value(written, value);
  JsonValue again;
  FUZZ_ASSERT(parse_json(written, JsonLimits{written.size(), limits.max_depth}, again, error));
  FUZZ_ASSERT(json_oracle::to_nlohmann(again) == json_oracle::to_nlohmann(value));
  std::string rewritten;
  append_json_value(rewritten, again);
  FUZZ_ASSERT(rewritten == written);  // the writer's output is a fixed point
  return 0;
}
