// SPDX-License-Identifier: MPL-2.0
// Target: the hardened mode's outside bytes (docs/OPRF.md section 4): the evaluation request body the server
// parses, the response body the client parses, the OPRF key file and public key text, and the signed header's
// "oprf" object. Properties: every parser is strict and bounded; what parses re-encodes to itself; an accepted
// element is canonical and not the identity; an accepted "oprf" object has 1 to 8 endpoints of the allowed
// syntax.

#include "fuzz_common.h"
#include "oprf/oprf_header.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto element = parse_oprf_request(text)) {
    FUZZ_ASSERT(size == kOprfRequestBodyBytes);
    FUZZ_ASSERT(oprf_element_check(element->data()) == kOprfOk);
    FUZZ_ASSERT(oprf_encode_request(*element) == text);
  }
  if (const auto evaluation = parse_oprf_response(text)) {
    FUZZ_ASSERT(size <= kOprfMaxResponseBytes);
    FUZZ_ASSERT(oprf_element_check(evaluation->evaluated_element.data()) == kOprfOk);
    const auto again = parse_oprf_response(oprf_encode_response(*evaluation));
    FUZZ_ASSERT(again && again->evaluated_element == evaluation->evaluated_element && again->proof == evaluation->proof);
  }
  if (const auto key = parse_oprf_public_key(text)) {
    FUZZ_ASSERT(oprf_element_check(key->data()) == kOprfOk);
    const auto again = parse_oprf_public_key(oprf_public_key_to_base64(*key));
    FUZZ_ASSERT(again && *again == *key);
  }
  if (const auto pair = parse_oprf_secret_key_file(text)) {
    FUZZ_ASSERT(oprf_secret_key_check(pair->secret_key.data()) == kOprfOk);
    const auto again = parse_oprf_secret_key_file(oprf_secret_key_file_text(*pair));
    FUZZ_ASSERT(again && again->public_key == pair->public_key);
  }
  // Read as the header's own parser (parse_metadata) reads the metadata around this object.
  JsonValue json;
  JsonError error;
  if (parse_json(text, JsonLimits{1u << 20, 16}, json, error)) {
    OprfHeaderConfig config;
    if (parse_oprf_header(json, config).empty()) {
      FUZZ_ASSERT(!config.endpoints.empty() && config.endpoints.size() <= kMaxOprfEndpoints);
      for (const auto& url : config.endpoints) FUZZ_ASSERT(oprf_endpoint_syntax_ok(url, true));
      FUZZ_ASSERT(oprf_element_check(config.public_key.data()) == kOprfOk);
      OprfHeaderConfig again;
      JsonValue written;
      FUZZ_ASSERT(parse_json(oprf_header_json(config), JsonLimits{1u << 20, 16}, written, error));
      FUZZ_ASSERT(parse_oprf_header(written, again).empty() && again.endpoints == config.endpoints);
    }
  }
  return 0;
}
