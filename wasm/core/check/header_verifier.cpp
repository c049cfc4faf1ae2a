// SPDX-License-Identifier: MPL-2.0
#include "check/header_verifier.h"

#include <sodium.h>

#include "format/keys.h"
#include "util/json_reader.h"

namespace breachcheck {
namespace {

constexpr std::size_t kMaxPublisherLength = 200;
constexpr std::size_t kMaxInsurers = 10000;
constexpr std::int64_t kClockSkewSeconds = 86400;
constexpr std::size_t kMaxMetadataDepth = 16;

bool is_pinned(const PublicKey& key, const std::vector<PublicKey>& pinned) {
  bool found = false;
  for (const auto& candidate : pinned) {
    found |= sodium_memcmp(candidate.data(), key.data(), key.size()) == 0;
  }
  return found;
}

// Parses the verified metadata JSON; returns an integrity code on failure, or kOprfHeaderUnread for a hardened
// header read without an "oprf" reader.
std::string parse_metadata(const std::string& text, VerifiedHeader& out, OprfHeaderParser parse_oprf) {
  // Bounded nesting: a signed but deeply nested document must not exhaust the stack (the wasm stack is small).
  // The schema needs 5 levels.
  // Duplicate keys refused at every level: JSON readers disagree on which copy of a repeated key wins, so a
  // signed document with one is ambiguous (the widget and another reader could show different texts).
  JsonValue metadata;
  JsonError json_error;
  if (!parse_json(text, JsonLimits{kMaxMetadataLength, kMaxMetadataDepth}, metadata, json_error) ||
      !metadata.is_object()) {
    return "metadata_json";
  }
  const JsonValue* publisher = metadata.find("publisher");
  if (publisher == nullptr || !publisher->is_string()) return "metadata_publisher";
  out.publisher = publisher->text();
  if (out.publisher.empty() || out.publisher.size() > kMaxPublisherLength) return "metadata_publisher";

  const JsonValue* catalog = metadata.find("catalog");
  if (catalog == nullptr || !catalog->is_object()) return "metadata_catalog";
  try {
    out.catalog = parse_catalog_value(*catalog);  // the value parsed from the signed bytes, not a re-serialisation
  } catch (const CatalogError&) {
    return "metadata_catalog";
  }

  const JsonValue* insurers = metadata.find("insurers");
  if (insurers == nullptr || !insurers->is_array() || insurers->size() > kMaxInsurers) return "metadata_insurers";
  for (const JsonValue& item : insurers->items()) {
    if (!item.is_object()) return "metadata_insurers";
    const JsonValue* name = item.find("name");
    const JsonValue* operators = item.find("operators");
    if (name == nullptr || !name->is_string() || operators == nullptr || !operators->is_array()) {
      return "metadata_insurers";
    }
    InsurerEntry entry;
    entry.name = name->text();
    if (entry.name.empty() || entry.name.size() > kMaxPublisherLength) return "metadata_insurers";
    for (const JsonValue& op : operators->items()) {
      if (!op.is_string() || operator_bit(out.catalog, op.text()) < 0) return "metadata_insurers";
      entry.operators.push_back(op.text());
    }
    out.insurers.push_back(std::move(entry));
  }

  // Format version 2: the sub-keys are bound to this signed per-version salt, 32 lowercase hex characters.
  // Version 1 ignores the key (unknown keys are), so the old derivation is chosen by the signed format version.
  if (out.fixed.format_version == kFormatVersionVersionSalt) {
    const JsonValue* version_salt = metadata.find("version_salt");
    if (version_salt == nullptr || !version_salt->is_string()) return "metadata_version_salt";
    out.version_salt = parse_salt_hex(version_salt->text());
    if (!out.version_salt) return "metadata_version_salt";
  }

  const JsonValue* oprf = metadata.find("oprf");
  if (oprf != nullptr) {
    if (parse_oprf == nullptr) return kOprfHeaderUnread;
    OprfHeaderConfig config;
    const std::string error = parse_oprf(*oprf, config);
    if (!error.empty()) return error;
    out.oprf = std::move(config);
  }
  return "";
}

std::uint64_t kdf_cost_kib_passes(const KdfParams& kdf) { return std::uint64_t{kdf.mem_kib} * kdf.ops; }

}  // namespace

bool kdf_below_default_floor(const KdfParams& kdf) {
  const TrustPolicy defaults;
  return kdf.mem_kib < defaults.min_kdf_mem_kib || kdf.ops < defaults.min_kdf_ops ||
         kdf_cost_kib_passes(kdf) < defaults.min_kdf_cost_kib_passes;
}

DatasetInfo VerifiedHeader::info() const {
  DatasetInfo info;
  info.publisher = publisher;
  info.version = fixed.dataset_version;
  info.created = iso8601_utc(fixed.created);
  info.key_fingerprint = key_fingerprint(fixed.publisher_key);
  return info;
}

HeaderCheck verify_header_with(ByteView header_bytes, const TrustPolicy& policy, std::optional<std::uint64_t> file_size,
                               OprfHeaderParser parse_oprf) {
  HeaderCheck check;
  auto fixed = parse_fixed_header(header_bytes, check.error);
  if (!fixed) return check;
  if (header_bytes.size < fixed->header_length()) {
    check.error = "header_truncated";
    return check;
  }
  if (file_size && *file_size != fixed->file_size()) {
    check.error = "file_size";
    return check;
  }
  if (policy.pinned_keys.empty() || !is_pinned(fixed->publisher_key, policy.pinned_keys)) {
    check.error = "publisher_key";
    return check;
  }
  const ByteView body = header_bytes.subview(0, kFixedHeaderSize + fixed->metadata_length);
  const std::uint8_t* signature = header_bytes.data + body.size;
  const Bytes message = header_signed_message(body);
  if (crypto_sign_verify_detached(signature, message.data(), message.size(), fixed->publisher_key.data()) != 0) {
    check.error = "header_signature";
    return check;
  }
  // Signed, but still bounded by the client's own policy: a publisher mistake must not freeze a browser.
  if (fixed->kdf.mem_kib < policy.min_kdf_mem_kib || fixed->kdf.mem_kib > policy.max_kdf_mem_kib ||
      fixed->kdf.ops < policy.min_kdf_ops || fixed->kdf.ops > policy.max_kdf_ops ||
      kdf_cost_kib_passes(fixed->kdf) < policy.min_kdf_cost_kib_passes ||
      fixed->kdf.mem_kib < crypto_pwhash_argon2id_MEMLIMIT_MIN / 1024 ||
      fixed->kdf.ops < crypto_pwhash_argon2id_OPSLIMIT_MIN) {
    check.error = "kdf_limits";
    return check;
  }
  if (fixed->dataset_version < policy.min_dataset_version) {
    check.error = "dataset_version";
    return check;
  }
  // Compared as unsigned 64-bit seconds (docs/FORMAT.md): a signed cast would turn a `created` of 2^63 or
  // more into a date before 1970 and let it pass.
  const std::uint64_t now = policy.now > 0 ? static_cast<std::uint64_t>(policy.now) : 0;
  if (fixed->created > now + static_cast<std::uint64_t>(kClockSkewSeconds)) {
    check.error = "dataset_created";
    return check;
  }
  if (fixed->not_after < now) {
    check.error = "dataset_expired";
    return check;
  }
  VerifiedHeader header;
  header.fixed = *fixed;
  header.dataset_id = compute_dataset_id(body);
  header.metadata_json.assign(reinterpret_cast<const char*>(body.data + kFixedHeaderSize), fixed->metadata_length);
  check.error = parse_metadata(header.metadata_json, header, parse_oprf);
  if (!check.error.empty()) return check;
  // The "oprf" object and the mode byte must agree: a static header with an "oprf" object (or the reverse) is
  // a publisher error or a forgery attempt, never something to guess around.
  if (header.oprf.has_value() != (fixed->derivation_mode == DerivationMode::oprf)) {
    check.error = "metadata_oprf";
    return check;
  }
  if (header.oprf) {
    for (const auto& endpoint : header.oprf->endpoints) {
      if (!oprf_endpoint_syntax_ok(endpoint, policy.allow_loopback_oprf_endpoints)) {
        check.error = "oprf_endpoint";
        return check;
      }
    }
  }
  check.header = std::move(header);
  return check;
}

CheckResult error_result(CheckStatus status, std::vector<std::string> codes, const VerifiedHeader* header) {
  CheckResult result;
  result.status = status;
  result.errors = std::move(codes);
  if (header) {
    result.has_dataset = true;
    result.dataset = header->info();
  }
  return result;
}

}  // namespace breachcheck
