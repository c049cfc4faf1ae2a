// SPDX-License-Identifier: MPL-2.0
#include "cli_support.h"

#include <sodium.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace breachcheck::cli {

std::string read_file(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string bytes;
  bytes.resize(max_bytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > max_bytes) throw std::runtime_error(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  return bytes;
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

CivilDate today_utc() { return civil_date_of_unix(static_cast<std::uint64_t>(now_unix())); }

std::vector<PublicKey> load_pinned_keys(const std::vector<std::string>& values, const std::string& option) {
  if (values.empty()) throw UsageError(option + " is required");
  if (values.size() > 2) throw UsageError("at most two " + option + " values (current and next key during a rotation)");
  std::vector<PublicKey> keys;
  for (const auto& value : values) {
    std::optional<PublicKey> key = parse_public_key(value);
    if (!key) {
      std::ifstream probe(value);
      if (!probe) throw UsageError(option + ": neither a readable file nor a base64 Ed25519 public key");
      key = parse_public_key(read_file(value, 1024));
      if (!key) throw UsageError(option + ": " + value + " does not hold a base64 Ed25519 public key");
    }
    keys.push_back(*key);
  }
  return keys;
}

KeyPair load_secret_key(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    std::cerr << "warning: " << path << " is readable by other users; chmod 600 it\n";
  }
  std::string text = read_file(path, 512);
  std::optional<KeyPair> pair = parse_secret_key_file(text);
  sodium_memzero(text.data(), text.size());
  if (!pair) throw std::runtime_error(path + " is not a breachcheck secret key file");
  return std::move(*pair);
}

OprfKeyPair load_oprf_secret_key(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    std::cerr << "warning: " << path << " is readable by other users; chmod 600 it\n";
  }
  std::string text = read_file(path, 512);
  std::optional<OprfKeyPair> pair = parse_oprf_secret_key_file(text);
  sodium_memzero(text.data(), text.size());
  if (!pair) throw std::runtime_error(path + " is not a breachcheck OPRF secret key file (keygen --oprf)");
  return std::move(*pair);
}

OprfHeaderConfig oprf_header_config(const OprfPublicKey& key, const std::vector<std::string>& endpoints,
                                    bool allow_loopback_http) {
  if (endpoints.empty() || endpoints.size() > kMaxOprfEndpoints) {
    throw UsageError("hardened mode needs 1 to 8 --oprf-endpoint URLs");
  }
  for (const auto& url : endpoints) {
    if (!oprf_endpoint_syntax_ok(url, allow_loopback_http)) {
      throw UsageError("--oprf-endpoint must be an https:// URL (at most 512 printable characters, no user info)" +
                       std::string(allow_loopback_http ? " or http:// on loopback" : "") + ": " + url);
    }
  }
  return OprfHeaderConfig{key, endpoints};
}

void print_json_line(const std::string& json) { std::cout << json << '\n' << std::flush; }

}  // namespace breachcheck::cli
