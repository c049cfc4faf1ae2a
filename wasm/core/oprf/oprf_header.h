// SPDX-License-Identifier: MPL-2.0
// The hardened mode's part of the signed data set header (docs/OPRF.md section 3): the metadata JSON's "oprf"
// object, which commits the evaluation server's public key and where to reach it. Written by the builder,
// parsed strictly by every client; present exactly when the fixed header says derivation_mode = 1.
#pragma once

#include <string>
#include <vector>

#include "oprf/oprf_wire.h"
#include "util/json_reader.h"

namespace breachcheck {

inline constexpr std::size_t kMaxOprfEndpoints = 8;
inline constexpr std::size_t kMaxOprfEndpointLength = 512;

struct OprfHeaderConfig {
  OprfPublicKey public_key{};
  std::vector<std::string> endpoints;  // 1 to 8 evaluation URLs
};

// {"endpoints":[...],"mode":"voprf","public_key":"<base64>","suite":"ristretto255-SHA512"} (keys in byte order,
// as the builder signs them).
std::string oprf_header_json(const OprfHeaderConfig& config);

// Strict: exactly those four keys with those values; the key canonical and not the identity; 1 to 8 endpoints,
// each passing oprf_endpoint_syntax_ok. Returns "" or the integrity code "metadata_oprf".
std::string parse_oprf_header(const JsonValue& object, OprfHeaderConfig& out);

// An https:// URL of printable ASCII without spaces, quotes, backslashes or fragments, at most 512 bytes, with a
// non-empty host. With `allow_loopback_http` (test policy only), also http://127.0.0.1, http://localhost and
// http://[::1], each with an optional port.
bool oprf_endpoint_syntax_ok(const std::string& url, bool allow_loopback_http);

}  // namespace breachcheck
