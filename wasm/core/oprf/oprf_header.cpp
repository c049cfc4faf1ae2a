// SPDX-License-Identifier: MPL-2.0
#include "oprf/oprf_header.h"

#include "util/json_writer.h"

namespace breachcheck {
namespace {

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// After "scheme://": the host runs to the first '/', '?' or end; a port is digits after a ':' outside brackets.
bool is_loopback_authority(const std::string& rest) {
  const std::string authority = rest.substr(0, rest.find_first_of("/?"));
  for (const char* host : {"127.0.0.1", "localhost", "[::1]"}) {
    const std::string h(host);
    if (authority == h) return true;
    if (starts_with(authority, (h + ":").c_str())) {
      const std::string port = authority.substr(h.size() + 1);
      if (port.empty() || port.size() > 5) return false;
      for (char c : port) {
        if (c < '0' || c > '9') return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

std::string oprf_header_json(const OprfHeaderConfig& config) {
  return JsonText{{"endpoints", config.endpoints},
                  {"mode", "voprf"},
                  {"public_key", oprf_public_key_to_base64(config.public_key)},
                  {"suite", kOprfSuiteId}}
      .str();
}

bool oprf_endpoint_syntax_ok(const std::string& url, bool allow_loopback_http) {
  if (url.empty() || url.size() > kMaxOprfEndpointLength) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '#' || c == '<' || c == '>' || c == '`') return false;
  }
  if (starts_with(url, "https://")) {
    const std::string rest = url.substr(8);
    const std::size_t host_end = rest.find_first_of("/?");
    const std::string authority = rest.substr(0, host_end);
    // No user info (a URL like https://good@evil/ reads as one host and goes to another).
    return !authority.empty() && authority.find('@') == std::string::npos && authority[0] != ':';
  }
  if (allow_loopback_http && starts_with(url, "http://")) return is_loopback_authority(url.substr(7));
  return false;
}

std::string parse_oprf_header(const JsonValue& object, OprfHeaderConfig& out) {
  const std::string bad = "metadata_oprf";
  if (!object.is_object() || object.size() != 4) return bad;
  const JsonValue* suite = object.find("suite");
  const JsonValue* mode = object.find("mode");
  const JsonValue* key = object.find("public_key");
  const JsonValue* endpoints = object.find("endpoints");
  if (suite == nullptr || !suite->is_string() || suite->text() != kOprfSuiteId) return bad;
  // Only the verifiable mode: without the proof a server could evaluate each visitor under its own key.
  if (mode == nullptr || !mode->is_string() || mode->text() != "voprf") return bad;
  if (key == nullptr || !key->is_string()) return bad;
  const auto parsed_key = parse_oprf_public_key(key->text());
  if (!parsed_key) return bad;
  if (endpoints == nullptr || !endpoints->is_array() || endpoints->size() == 0 ||
      endpoints->size() > kMaxOprfEndpoints) {
    return bad;
  }
  OprfHeaderConfig config;
  config.public_key = *parsed_key;
  for (const JsonValue& endpoint : endpoints->items()) {
    // Syntax only here; whether loopback http is acceptable is the client's policy (verify_header).
    if (!endpoint.is_string() || !oprf_endpoint_syntax_ok(endpoint.text(), true)) return bad;
    config.endpoints.push_back(endpoint.text());
  }
  out = std::move(config);
  return "";
}

}  // namespace breachcheck
