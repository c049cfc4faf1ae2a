// SPDX-License-Identifier: MPL-2.0
// Whom a rate limit applies to, without ever storing who that is: the client's address (the peer, or behind a
// trusted reverse proxy the address it appended to X-Forwarded-For), grouped by /64 for IPv6, then replaced by
// a keyed hash before it reaches the rate-limit store.
#pragma once

#include <sodium.h>

#include <cstdint>
#include <string>

#include "net/http_server.h"

namespace breachcheck::cli {

// The address a rate limit applies to, in a compact binary form ("4:" + 4 bytes, "6:" + 16 bytes with the
// interface half zeroed unless IPv4-mapped, or "?:" + at most 64 characters of something unparsable).
std::string client_address(const HttpRequest& req, bool trust_proxy);

// Keyed BLAKE2b-128 of the address, in hex: the pseudonym the rate-limit store sees.
std::string client_id(const std::string& address, const std::uint8_t key[crypto_generichash_KEYBYTES]);

}  // namespace breachcheck::cli
