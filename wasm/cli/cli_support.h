// SPDX-License-Identifier: MPL-2.0
// Helpers shared by the CLI's subcommands: files, clocks, key loading. Errors are thrown as UsageError
// (exit 2) or std::runtime_error (exit 1); messages never include identifiers or secrets.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "dataset.h"
#include "identity.h"
#include "keys.h"

namespace breachcheck::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path, std::size_t max_bytes);
// Writes to PATH.partial then renames, so an interrupted write never leaves a half file under PATH.
void write_file_atomically(const std::string& path, const std::string& bytes);

std::int64_t now_unix();
CivilDate today_utc();
CivilDate civil_date_of(std::int64_t unix_seconds);

// Each value is a file holding a base64 key, or the base64 key itself. At most two (key rotation).
std::vector<PublicKey> load_pinned_keys(const std::vector<std::string>& values);
KeyPair load_secret_key(const std::string& path);
// Hardened mode: the OPRF secret key file from `keygen --oprf` (same warnings; temporaries wiped).
OprfKeyPair load_oprf_secret_key(const std::string& path);
// The header's "oprf" object from the key and --oprf-endpoint values: 1 to 8 https:// URLs (loopback http://
// only with `allow_loopback_http`, for test servers). Throws UsageError.
OprfHeaderConfig oprf_header_config(const OprfPublicKey& key, const std::vector<std::string>& endpoints,
                                    bool allow_loopback_http);

void print_json_line(const std::string& json);

}  // namespace breachcheck::cli
