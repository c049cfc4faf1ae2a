// SPDX-License-Identifier: MPL-2.0
#include "oprf/oprf_wire.h"

#include "format/keys.h"
#include "util/base64.h"
#include "util/json_reader.h"

#include <sodium.h>

#include <cstring>

namespace breachcheck {

OprfKeyPair generate_oprf_key_pair() {
  OprfKeyPair pair;
  (void)oprf_generate_key_pair(pair.secret_key.data(), pair.public_key.data());
  return pair;
}

std::string oprf_secret_key_file_text(const OprfKeyPair& pair) {
  return std::string(kOprfSecretKeyFileHeader) + "\n" +
         encode_base64(pair.secret_key.data(), pair.secret_key.size()) + "\n";
}

std::optional<OprfKeyPair> parse_oprf_secret_key_file(std::string_view text) {
  if (text.size() > 512) return std::nullopt;
  const std::string_view header(kOprfSecretKeyFileHeader);
  if (text.substr(0, header.size()) != header) return std::nullopt;
  text.remove_prefix(header.size());
  if (text.empty() || (text.front() != '\n' && text.front() != '\r')) return std::nullopt;
  OprfKeyPair pair;
  if (!decode_base64_exact(trim_ascii_space(text), pair.secret_key.data(), pair.secret_key.size(), false)) return std::nullopt;
  if (oprf_public_key(pair.public_key.data(), pair.secret_key.data()) != kOprfOk) return std::nullopt;
  return pair;
}

std::string oprf_public_key_to_base64(const OprfPublicKey& key) { return encode_base64(key.data(), key.size()); }

std::optional<OprfPublicKey> parse_oprf_public_key(std::string_view text) {
  OprfPublicKey key{};
  if (!decode_base64_exact(trim_ascii_space(text), key.data(), key.size(), false)) return std::nullopt;
  if (oprf_element_check(key.data()) != kOprfOk) return std::nullopt;
  return key;
}

std::string oprf_key_fingerprint(const OprfPublicKey& key) { return key_fingerprint(key.data(), key.size()); }

std::string oprf_encode_request(const OprfElement& blinded_element) {
  return encode_base64(blinded_element.data(), blinded_element.size());
}

std::optional<OprfElement> parse_oprf_request(std::string_view body) {
  if (body.size() != kOprfRequestBodyBytes) return std::nullopt;
  OprfElement element{};
  if (!decode_base64_exact(body, element.data(), element.size(), true)) return std::nullopt;
  if (oprf_element_check(element.data()) != kOprfOk) return std::nullopt;
  return element;
}

std::string oprf_encode_response(const OprfEvaluation& evaluation) {
  return "{\"evaluated_element\":\"" + encode_base64(evaluation.evaluated_element.data(), kOprfElementBytes) +
         "\",\"proof\":\"" + encode_base64(evaluation.proof.data(), kOprfProofBytes) + "\"}";
}

std::optional<OprfEvaluation> parse_oprf_response(std::string_view body) {
  if (body.empty() || body.size() > kOprfMaxResponseBytes) return std::nullopt;
  JsonValue j;
  JsonError error;
  if (!parse_json(body, JsonLimits{kOprfMaxResponseBytes, kOprfMaxResponseDepth}, j, error) || !j.is_object()) {
    return std::nullopt;
  }
  const JsonValue* element = j.find("evaluated_element");
  const JsonValue* proof = j.find("proof");
  if (element == nullptr || proof == nullptr || !element->is_string() || !proof->is_string()) return std::nullopt;
  OprfEvaluation out;
  if (!decode_base64_exact(element->text(), out.evaluated_element.data(), kOprfElementBytes, true) ||
      !decode_base64_exact(proof->text(), out.proof.data(), kOprfProofBytes, true)) {
    return std::nullopt;
  }
  if (oprf_element_check(out.evaluated_element.data()) != kOprfOk) return std::nullopt;
  return out;
}

}  // namespace breachcheck
