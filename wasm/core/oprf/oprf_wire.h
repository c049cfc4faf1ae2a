// SPDX-License-Identifier: MPL-2.0
// What the parties of breachcheck's hardened mode exchange around the RFC 9497 VOPRF (docs/OPRF.md): the OPRF
// secret key file, the public key's text form, and the evaluation request / response of the wire protocol.
// Pure and shared: the evaluation server (`breachcheck serve`), the builder and the browser module use the same
// encoders and the same strict parsers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "oprf/oprf.h"
#include "util/secure_bytes.h"

namespace breachcheck {

inline constexpr char kOprfSecretKeyFileHeader[] = "breachcheck-oprf-secret-key-v1";
inline constexpr std::size_t kOprfRequestBodyBytes = 44;    // standard base64 of 32 bytes, with its "="
inline constexpr std::size_t kOprfMaxRequestBodyBytes = 64; // the server refuses anything longer (413)
inline constexpr std::size_t kOprfMaxResponseBytes = 1024;  // the client refuses a longer response
inline constexpr std::size_t kOprfMaxResponseDepth = 8;      // and one nested deeper (the response is flat)

using OprfPublicKey = std::array<std::uint8_t, kOprfPublicKeyBytes>;
using OprfElement = std::array<std::uint8_t, kOprfElementBytes>;
using OprfProof = std::array<std::uint8_t, kOprfProofBytes>;

struct OprfKeyPair {
  SecretArray<kOprfSecretKeyBytes> secret_key;  // skS: canonical, non-zero
  OprfPublicKey public_key{};                   // pkS = skS * G
};

OprfKeyPair generate_oprf_key_pair();

// Secret key file: "breachcheck-oprf-secret-key-v1\n" + base64(skS) + "\n" (mode 600, never on a command line).
// Parsing refuses anything but a canonical non-zero scalar and recomputes pkS; temporaries are wiped.
std::string oprf_secret_key_file_text(const OprfKeyPair& pair);
std::optional<OprfKeyPair> parse_oprf_secret_key_file(std::string_view text);

// pkS as standard base64 (the header's "oprf.public_key"). Parsing accepts only a canonical, non-identity element.
std::string oprf_public_key_to_base64(const OprfPublicKey& key);
std::optional<OprfPublicKey> parse_oprf_public_key(std::string_view text);
// "1a2b 3c4d 5e6f 7a8b": first 8 bytes of BLAKE2b-256(pkS), for people to compare (as for publisher keys).
std::string oprf_key_fingerprint(const OprfPublicKey& key);

// Evaluation request body: exactly 44 characters, the standard base64 (with padding) of the blinded element.
std::string oprf_encode_request(const OprfElement& blinded_element);
// Strict: exactly 44 characters, canonical base64, and the decoded element must pass oprf_element_check.
std::optional<OprfElement> parse_oprf_request(std::string_view body);

struct OprfEvaluation {
  OprfElement evaluated_element{};
  OprfProof proof{};
};
// Response body: {"evaluated_element":"<base64 32 bytes>","proof":"<base64 64 bytes>"}.
std::string oprf_encode_response(const OprfEvaluation& evaluation);
// Strict on lengths and encodings (the element must pass oprf_element_check; proof scalars are checked by
// voprf_finalize). Unknown keys are ignored; the body must be a JSON object of at most kOprfMaxResponseBytes,
// read strictly (util/json_reader.h: a repeated key is refused).
std::optional<OprfEvaluation> parse_oprf_response(std::string_view body);

}  // namespace breachcheck
