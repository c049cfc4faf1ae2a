// SPDX-License-Identifier: MPL-2.0
#include "net/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace breachcheck::cli {

// The address a rate limit applies to: the peer, or (behind a trusted reverse proxy) the last address the proxy
// appended to X-Forwarded-For. IPv6 clients are grouped by /64, the block a single subscriber usually holds.
std::string client_address(const HttpRequest& req, bool trust_proxy) {
  std::string address = req.peer;
  const std::size_t forwarded = trust_proxy ? req.header_count("X-Forwarded-For") : 0;
  if (forwarded > 0) {
    // The last hop of the last header: a proxy that appends a header line instead of extending the value must
    // not let the client's own (first) header choose the bucket.
    const std::string xff = req.header("X-Forwarded-For", forwarded - 1);
    const auto comma = xff.rfind(',');
    address = trim_ows(comma == std::string::npos ? xff : xff.substr(comma + 1));
  }
  unsigned char v6[16];
  if (inet_pton(AF_INET6, address.c_str(), v6) == 1) {
    const bool v4_mapped = std::all_of(v6, v6 + 10, [](unsigned char b) { return b == 0; }) && v6[10] == 0xff &&
                           v6[11] == 0xff;
    if (!v4_mapped) std::fill(v6 + 8, v6 + 16, 0);
    return std::string("6:") + std::string(reinterpret_cast<const char*>(v6), 16);
  }
  unsigned char v4[4];
  if (inet_pton(AF_INET, address.c_str(), v4) == 1) {
    return std::string("4:") + std::string(reinterpret_cast<const char*>(v4), 4);
  }
  return "?:" + address.substr(0, 64);
}

// Keyed BLAKE2b-128 of the address: the store never holds an address, and the pseudonyms mean nothing to anyone
// without the server key (every instance derives the same hash key from skS, so they agree on buckets).
std::string client_id(const std::string& address, const std::uint8_t key[crypto_generichash_KEYBYTES]) {
  std::uint8_t digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const std::uint8_t*>(address.data()), address.size(),
                     key, crypto_generichash_KEYBYTES);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace breachcheck::cli
