// SPDX-License-Identifier: MPL-2.0
// Shared helpers for the libFuzzer targets (tests/fuzz/README.md): the committed golden data set and its
// test key, a fixed trust policy, the closed lists of codes the engine may emit (from the registry), and a
// checked abort.
// Every target is bounded (no I/O after start-up, Argon2id only at libsodium's minimum cost) and turns a
// broken property into an abort, so libFuzzer records it as a crash with the input that caused it.
#pragma once

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "check/bucket_lookup.h"
#include "check/checker.h"
#include "check/header_verifier.h"
#include "format/catalog.h"
#include "format/keys.h"
#include "util/error_codes.h"

#ifndef BREACHCHECK_SOURCE_DIR
#error "BREACHCHECK_SOURCE_DIR must point at the repository root"
#endif

namespace breachcheck::fuzz {

[[noreturn]] inline void property_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "PROPERTY FAILED: %s (%s:%d)\n", what, file, line);
  std::abort();
}
#define FUZZ_ASSERT(cond)                                                           \
  do {                                                                              \
    if (!(cond)) ::breachcheck::fuzz::property_failed(#cond, __FILE__, __LINE__);   \
  } while (0)

inline std::string read_repo_file(const std::string& relative) {
  std::ifstream in(std::string(BREACHCHECK_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s\n", relative.c_str());
    std::abort();
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void init_sodium() {
  if (sodium_init() < 0) std::abort();
}

inline const Catalog& default_catalog() {
  static const Catalog catalog = parse_catalog(read_repo_file("wasm/catalog/viamedis-almerys-2024.json"));
  return catalog;
}

// tests/golden/: a data set signed by a committed test key (never a real publisher key).
struct Golden {
  Bytes file;
  KeyPair key;
  TrustPolicy policy;
  VerifiedHeader header;
};

inline const Golden& golden() {
  static const Golden g = [] {
    Golden out;
    const std::string file = read_repo_file("tests/golden/golden.bcd");
    out.file.assign(file.begin(), file.end());
    const auto key = parse_secret_key_file(read_repo_file("tests/golden/publisher.key"));
    if (!key) std::abort();
    out.key = *key;
    out.policy.pinned_keys = {out.key.public_key};
    out.policy.now = 1795910400;  // 2026-11-29: the golden set was created 2026-11-28, valid 10 years
    out.policy.allow_weak_kdf_for_tests();
    const HeaderCheck check = verify_header(out.file, out.policy, out.file.size());
    if (!check.header) {
      std::fprintf(stderr, "fuzz: the golden data set does not verify: %s\n", check.error.c_str());
      std::abort();
    }
    out.header = *check.header;
    return out;
  }();
  return g;
}

// The codes a target may see, from the registry (wasm/core/util/error_codes.h): a code the engine emits but the
// registry does not list fails the property, so the registry cannot fall behind the code.
template <typename Predicate>
std::set<std::string> registry_codes(Predicate wanted) {
  std::set<std::string> codes;
  for (const auto& entry : error_codes()) {
    if (wanted(entry)) codes.emplace(entry.code);
  }
  return codes;
}

inline const std::set<std::string>& identity_codes() {
  static const std::set<std::string> codes = registry_codes([](const ErrorCodeInfo& e) {
    return e.category == ErrorCategory::identity && e.severity == ErrorSeverity::error && e.origin == ErrorOrigin::core;
  });
  return codes;
}

inline const std::set<std::string>& warning_codes() {
  static const std::set<std::string> codes = registry_codes([](const ErrorCodeInfo& e) {
    return e.category == ErrorCategory::identity && e.severity == ErrorSeverity::warning;
  });
  return codes;
}

inline const std::set<std::string>& integrity_codes() {
  static const std::set<std::string> codes = registry_codes([](const ErrorCodeInfo& e) {
    return e.category == ErrorCategory::dataset && e.status == "integrity_error";
  });
  return codes;
}

inline const std::set<std::string>& csv_codes() {
  static const std::set<std::string> codes =
      registry_codes([](const ErrorCodeInfo& e) { return e.category == ErrorCategory::csv; });
  return codes;
}

inline std::uint64_t read_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

inline void write_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// Re-signs the header of `file` (whose fixed header is already in place) with `key`.
inline void sign_header(Bytes& file, std::size_t metadata_length, const KeyPair& key) {
  const std::size_t body = kFixedHeaderSize + metadata_length;
  const Bytes message = header_signed_message(ByteView(file.data(), body));
  crypto_sign_detached(file.data() + body, nullptr, message.data(), message.size(), key.secret_key.data());
}

}  // namespace breachcheck::fuzz
