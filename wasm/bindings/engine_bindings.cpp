// SPDX-License-Identifier: MPL-2.0
// The browser's view of the engine: one Embind class over the pure core (wasm/core). Bytes cross as typed
// arrays copied straight into wasm memory; identifiers are wiped on both sides after use; answers are JSON
// text in the shape documented in web/breachcheck.d.ts.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "check/bucket_lookup.h"
#include "format/keys.h"
#include "oprf/oprf_wire.h"
#include "random_emscripten.h"

using emscripten::val;
using namespace breachcheck;

namespace {

// Copies a JS Uint8Array into a buffer that wipes itself, without an intermediate JS or C++ copy.
SecretBytes copy_in(const val& array, std::size_t max_bytes) {
  const std::size_t length = array["length"].as<std::size_t>();
  if (length > max_bytes) return SecretBytes();
  SecretBytes bytes(length);
  if (length > 0) val(emscripten::typed_memory_view(length, bytes.data())).call<void>("set", array);
  return bytes;
}

// Through `const char*` iterators, like every JSON parser in the core: one instantiation of nlohmann's lexer and
// parser in the wasm instead of two (measured: 0.6 KB brotli less).
nlohmann::json parse_json(const std::string& text) {
  const char* begin = text.data();
  return nlohmann::json::parse(begin, begin + text.size());
}

std::string failure(const std::string& code) { return nlohmann::json{{"ok", false}, {"error", code}}.dump(); }

constexpr std::size_t kMaxIdentifierBytes = 256;

class Engine {
 public:
  Engine() {
    breachcheck_platform_init();
    ready_ = sodium_init() >= 0;
  }

  static int fixedHeaderSize() { return static_cast<int>(kFixedHeaderSize); }

  // From the first 112 bytes: how many bytes the whole header takes, or a structural integrity code.
  std::string headerLength(const val& first_bytes) const {
    const SecretBytes bytes = copy_in(first_bytes, kFixedHeaderSize);
    std::string error;
    const auto fixed = parse_fixed_header(ByteView(bytes.data(), bytes.size()), error);
    if (!fixed) return failure(error);
    return nlohmann::json{{"ok", true}, {"headerLength", fixed->header_length()}, {"fileSize", fixed->file_size()}}.dump();
  }

  // Verifies the header against the pinned keys and policy; keeps it for prepare/lookup.
  std::string open(const val& header_bytes, const val& pinned_keys, double min_version, bool allow_weak_kdf,
                   double now_seconds, double file_size) {
    header_.reset();
    if (!ready_) return failure("engine_init");
    TrustPolicy policy;
    const auto keys = emscripten::vecFromJSArray<std::string>(pinned_keys);
    if (keys.empty() || keys.size() > 2) return failure("publisher_key");
    for (const auto& text : keys) {
      const auto key = parse_public_key(text);
      if (!key) return failure("publisher_key");
      policy.pinned_keys.push_back(*key);
    }
    // JS numbers may be NaN or out of range: casting those is undefined behaviour, so refuse them.
    if (!(min_version >= 0 && min_version <= 4294967295.0) || !(now_seconds >= 0 && now_seconds < 1e15)) {
      return failure("bad_argument");
    }
    policy.min_dataset_version = static_cast<std::uint32_t>(min_version);
    policy.now = static_cast<std::int64_t>(now_seconds);
    if (allow_weak_kdf) {
      // The embedder's test policy: weak KDF settings and loopback http:// evaluation servers (demo, tests).
      policy.allow_weak_kdf_for_tests();
      policy.allow_loopback_oprf_endpoints = true;
    }
    const SecretBytes bytes = copy_in(header_bytes, kFixedHeaderSize + kMaxMetadataLength + kSignatureSize);
    const std::optional<std::uint64_t> size = file_size >= 0 && file_size < 9007199254740992.0
                                                  ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(file_size))
                                                  : std::nullopt;
    HeaderCheck check = verify_header(ByteView(bytes.data(), bytes.size()), policy, size);
    if (!check.header) return failure(check.error.empty() ? "header_truncated" : check.error);
    header_ = std::move(check.header);
    const DatasetInfo info = header_->info();
    const FixedHeader& h = header_->fixed;
    nlohmann::json out = {
        {"ok", true},
        {"dataset",
         {{"publisher", info.publisher},
          {"version", info.version},
          {"created", info.created},
          {"notAfter", iso8601_utc(h.not_after)},
          {"keyFingerprint", info.key_fingerprint},
          {"records", h.record_count}}},
        {"headerLength", h.header_length()},
        {"bucketStride", h.bucket_stride()},
        {"bucketCount", h.bucket_count()},
        {"kdf", {{"ops", h.kdf.ops}, {"memKiB", h.kdf.mem_kib}, {"belowDefaultFloor", kdf_below_default_floor(h.kdf)}}},
        {"metadata", parse_json(header_->metadata_json)},
        {"mode", header_->oprf ? "oprf" : "static"},
    };
    if (header_->oprf) {
      out["oprf"] = {{"endpoints", header_->oprf->endpoints},
                     {"keyFingerprint", oprf_key_fingerprint(header_->oprf->public_key)}};
    }
    return out.dump();
  }

  // One Argon2id run with the data set's limits on a fixed dummy input: grows wasm memory and warms the
  // code before the person presses the button, so the first real check costs no more than later ones.
  bool warmUp() {
    if (!header_) return false;
    CanonicalIdentity dummy;
    Seed seed;
    return derive_seed(dummy, header_->fixed.salt, header_->fixed.kdf, seed);
  }

  // Validates and hashes; keeps the secret lookup keys for lookup(). Returns the byte range to fetch.
  std::string prepare(const val& nir, const val& birth_date, const val& birth_rank, bool beneficiary, int year,
                      int month, int day) {
    forget();
    if (!header_) return failure("not_open");
    const SecretBytes nir_bytes = copy_in(nir, kMaxIdentifierBytes);
    const SecretBytes date_bytes = copy_in(birth_date, kMaxIdentifierBytes);
    const SecretBytes rank_bytes = copy_in(birth_rank, kMaxIdentifierBytes);
    IdentityInput input;
    // Over-long input arrives empty and is reported as missing: never silently truncated.
    input.nir = std::string_view(reinterpret_cast<const char*>(nir_bytes.data()), nir_bytes.size());
    input.birth_date = std::string_view(reinterpret_cast<const char*>(date_bytes.data()), date_bytes.size());
    input.birth_rank = std::string_view(reinterpret_cast<const char*>(rank_bytes.data()), rank_bytes.size());
    input.beneficiary = beneficiary;
    lookup_.emplace(prepare_lookup(*header_, input, CivilDate{year, month, day}));
    nlohmann::json out;
    if (!lookup_->errors.empty() || lookup_->kdf_failed) {
      out = {{"ok", false},
             {"status", lookup_->kdf_failed ? "unavailable" : "invalid_input"},
             {"errors", lookup_->kdf_failed ? std::vector<std::string>{"kdf_failed"} : lookup_->errors},
             {"warnings", lookup_->warnings}};
      forget();
      return out.dump();
    }
    if (lookup_->awaiting_oprf()) {
      // Hardened mode: the caller POSTs this body (a fresh blinded element, nothing else) to an endpoint, then
      // hands the answer to finishOprf. The bucket is unknown until then.
      out = {{"ok", true},
             {"oprf", {{"body", oprf_encode_request(lookup_->blinded_element)}, {"endpoints", header_->oprf->endpoints}}},
             {"warnings", lookup_->warnings}};
      return out.dump();
    }
    return range_json().dump();
  }

  // Hardened mode: the evaluation server's response body (text). Verifies the proof against the header's key,
  // then returns the byte range to fetch, like prepare does in static mode. On failure the keys are wiped.
  std::string finishOprf(const std::string& response_body) {
    if (!header_ || !lookup_ || !lookup_->awaiting_oprf()) return failure("not_prepared");
    const std::optional<OprfEvaluation> evaluation =
        response_body.size() <= kOprfMaxResponseBytes ? parse_oprf_response(response_body) : std::nullopt;
    const std::string error = evaluation ? finish_oprf_lookup(*header_, *lookup_, *evaluation) : "oprf_response";
    if (!error.empty()) {
      forget();
      return nlohmann::json{{"ok", false}, {"status", "unavailable"}, {"errors", {error}}}.dump();
    }
    return range_json().dump();
  }

  // Verifies the fetched bucket and looks for the prepared identity; wipes the keys whatever happens.
  std::string lookup(const val& bucket_bytes) {
    if (!header_ || !lookup_) return failure("not_prepared");
    const SecretBytes bytes = copy_in(bucket_bytes, header_->fixed.bucket_stride());
    const CheckResult result = find_in_bucket(*header_, *lookup_, ByteView(bytes.data(), bytes.size()));
    forget();
    return check_result_to_json(result);
  }

  void forget() { lookup_.reset(); }

 private:
  nlohmann::json range_json() const {
    return {{"ok", true},
            {"bucket", lookup_->bucket},
            {"offset", header_->fixed.bucket_offset(lookup_->bucket)},
            {"length", header_->fixed.bucket_stride()},
            {"warnings", lookup_->warnings}};
  }

  bool ready_ = false;
  std::optional<VerifiedHeader> header_;
  std::optional<PreparedLookup> lookup_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(breachcheck_engine) {
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .class_function("fixedHeaderSize", &Engine::fixedHeaderSize)
      .function("headerLength", &Engine::headerLength)
      .function("open", &Engine::open)
      .function("warmUp", &Engine::warmUp)
      .function("prepare", &Engine::prepare)
      .function("finishOprf", &Engine::finishOprf)
      .function("lookup", &Engine::lookup)
      .function("forget", &Engine::forget);
}
