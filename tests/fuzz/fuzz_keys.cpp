// SPDX-License-Identifier: MPL-2.0
// Target: key text the embedder or the publisher supplies: the pinned public key (base64) and the secret
// key file. Properties: parsing is bounded and strict, and what parses re-encodes to something that parses
// to the same key.
#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto key = parse_public_key(text)) {
    const auto again = parse_public_key(public_key_to_base64(*key));
    FUZZ_ASSERT(again && *again == *key);
    FUZZ_ASSERT(key_fingerprint(*key).size() == 19);
  }
  if (const auto pair = parse_secret_key_file(text)) {
    FUZZ_ASSERT(size <= 512);
    const auto again = parse_secret_key_file(secret_key_file_text(*pair));
    FUZZ_ASSERT(again && again->public_key == pair->public_key);
  }
  return 0;
}
