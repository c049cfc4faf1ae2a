// SPDX-License-Identifier: MPL-2.0
// The CLI's HTTP Range reader: a ByteSource over http(s):// URLs (cpp-httplib from Debian's
// libcpp-httplib-dev, linked through pkg-config; TLS through its OpenSSL build), held to the same rules as
// the browser's reader (docs/ARCHITECTURE.md, "Reading a bucket"): every read is one `Range: bytes=a-b` request
// that must come back 206 with exactly `Content-Range: bytes a-b/TOTAL`, the same TOTAL every time, and exactly
// b-a+1 body bytes. No cookies, no credentials, no redirects, no compression. CLI only: the core never does
// network I/O.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "util/byte_source.h"

namespace breachcheck::cli {

bool is_http_url(const std::string& location);

// A file path or an http:// URL. For URLs, probes the size with a 1-byte Range request first; returns nullptr
// (with `error` set to a code) when the source cannot be opened.
std::unique_ptr<ByteSource> open_byte_source(const std::string& location, std::string& error);

}  // namespace breachcheck::cli
