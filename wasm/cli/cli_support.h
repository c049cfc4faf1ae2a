// SPDX-License-Identifier: MPL-2.0
// Helpers shared by the CLI's subcommands: files, clocks, key loading. Errors are thrown as UsageError
// (exit 2) or CodedError (exit 1, with a code of docs/ERRORS.md, "Publisher commands"); messages never
// include identifiers or secrets.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <new>
#include <system_error>

#include <nlohmann/json.hpp>

#include "check/header_verifier.h"
#include "format/keys.h"
#include "identity/identity.h"
#include "util/coded_error.h"

namespace breachcheck::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path, std::size_t max_bytes);

std::int64_t now_unix();
CivilDate today_utc();

// Each value is a file holding a base64 key, or the base64 key itself. At most two (key rotation).
// `option` names the flag in messages.
std::vector<PublicKey> load_pinned_keys(const std::vector<std::string>& values, const std::string& option = "--pubkey");
KeyPair load_secret_key(const std::string& path);
// Hardened mode: the OPRF secret key file from `keygen --oprf` (same warnings; temporaries wiped).
OprfKeyPair load_oprf_secret_key(const std::string& path);
// The header's "oprf" object from the key and --oprf-endpoint values: 1 to 8 https:// URLs (loopback http://
// only with `allow_loopback_http`, for test servers). Throws UsageError.
OprfHeaderConfig oprf_header_config(const OprfPublicKey& key, const std::vector<std::string>& endpoints,
                                    bool allow_loopback_http);

void print_json_line(const std::string& json);

// Runs one step of a command so that whatever fails in it ends as a CodedError: our own sentences get the
// step's code; a library's exception (JSON, system, logic errors, out of memory) gets a sentence of ours,
// since its text is neither meant for a publisher nor guaranteed free of input bytes. Usage errors and
// already-coded failures pass through.
template <typename Step>
auto coded_step(const char* code, const std::string& what, Step&& step) -> decltype(step()) {
  try {
    return step();
  } catch (const UsageError&) {
    throw;
  } catch (const CodedError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw CodedError("out_of_memory", what + ": out of memory (lower --max-memory, or use a larger machine)");
  } catch (const std::system_error& e) {
    throw CodedError(code, what + ": " + e.code().message());
  } catch (const nlohmann::json::exception&) {
    throw CodedError("internal_error", what + ": unexpected JSON failure (a bug: please report it with the command)");
  } catch (const std::logic_error&) {
    throw CodedError("internal_error", what + ": unexpected internal failure (a bug: please report it with the command)");
  } catch (const std::runtime_error& e) {
    throw CodedError(code, e.what());
  }
}

}  // namespace breachcheck::cli
