// SPDX-License-Identifier: MPL-2.0
// The browser's view of the engine: two Embind classes over the pure core (wasm/core). `Engine` verifies a
// header and keeps it; `CheckSession` is one person's check from the identity to the result, driven by the
// worker (web/src/engine/engine-worker.js) with the reads and the evaluation request in between, and deleted
// by it when the check ends, which wipes its keys: no lookup state outlives a check.
// Bytes cross as typed arrays copied straight into wasm memory; identifiers are wiped on both sides after use.
//
// Every call answers JSON text of one shape, the EngineReply of web/src/engine/reply.js:
//   {"ok": true, "value": ...}   or   {"ok": false, "status": "integrity_error" | "unavailable", "code": "..."}
// (startCheck returns a CheckSession handle, and a directory engine's startDirectoryCheck an array of them, one per
// list; a CheckSession's calls answer EngineReply texts).
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/checker.h"
#include "check/directory_check.h"
#include "format/directory.h"
#include "format/keys.h"
#include "oprf/oprf_wire.h"
#include "util/json_reader.h"
#include "util/json_writer.h"
#include "hardened_mode.h"
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

// The one reply shape (EngineReply), written by the core's JSON writer (no JSON library in the browser engine).
// The value of an ok reply: begin_ok_reply(w) ... value ..., then end_ok_reply(w).
JsonWriter& begin_ok_reply(JsonWriter& w) { return w.begin_object().key("ok").boolean(true).key("value"); }
std::string end_ok_reply(JsonWriter& w) { return w.end_object().text(); }

std::string ok_reply(const JsonText& value) {
  JsonWriter w;
  return end_ok_reply(begin_ok_reply(w).raw(value.str()));
}

std::string failure_reply(CheckStatus status, const std::string& code) {
  std::string reply = "{\"ok\":false,\"status\":\"";
  reply += status_name(status);  // a fixed name: nothing to escape
  reply += "\",\"code\":";
  append_json_string(reply, code);
  return reply + '}';
}

// A member of the verified metadata as JSON text for the page, null when absent.
std::string metadata_member(const JsonValue& metadata, const char* key) {
  const JsonValue* value = metadata.find(key);
  if (value == nullptr) return "null";
  std::string json;
  append_json_value(json, *value);
  return json;
}

// A call the worker should never make (no verified header, an argument out of range): the engine's fault as
// far as the page can tell.
std::string misuse_reply() { return failure_reply(CheckStatus::unavailable, "engine_failure"); }

// Codes and statuses handed in by the worker (a reader's or the evaluation request's failure) end up in a result
// the page shows: only a status a failure may have, and a code's shape, never free text.
std::optional<CheckStatus> failure_status(const std::string& name) {
  if (name == "integrity_error") return CheckStatus::integrity_error;
  if (name == "unavailable") return CheckStatus::unavailable;
  return std::nullopt;
}

bool is_code(const std::string& code) {
  if (code.empty() || code.size() > 40) return false;
  for (const char c : code) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

constexpr std::size_t kMaxIdentifierBytes = 256;

// The Argon2id the engine runs once when it starts, on a fixed dummy input: 1 MiB, one pass (a few ms). It
// compiles every Argon2id code path and calls the block function often enough for V8 to optimise it in the
// background while the page reads the header, so the person's first check does not run in the baseline
// compiler's code (measured: `load` -> first verdict 205 instead of 223 ms, docs/PERFORMANCE.md). Never a
// full-size derivation: a check sent right after load never waits behind one.
constexpr KdfParams kCodeWarmUpKdf{1, 1024};

constexpr std::size_t kWarmUpSlackBytes = 1024u * 1024u;

// One warmUpTouch slice: a few milliseconds of first writes, the longest a check sent during the warm-up waits.
constexpr std::size_t kWarmUpTouchSliceBytes = 4u * 1024u * 1024u;

std::uint64_t heap_bytes() { return static_cast<std::uint64_t>(__builtin_wasm_memory_size(0)) * 65536u; }

// The pinned keys a page passes: one, or two during a rotation, each standard base64.
bool pinned_keys_from(const val& pinned_keys, std::vector<PublicKey>& out) {
  const auto keys = emscripten::vecFromJSArray<std::string>(pinned_keys);
  if (keys.empty() || keys.size() > 2) return false;
  for (const auto& text : keys) {
    const auto key = parse_public_key(text);
    if (!key) return false;
    out.push_back(*key);
  }
  return true;
}

// The page's side of a trust policy. JS numbers may be NaN or out of range: casting those is undefined
// behaviour, so they are refused (false).
bool page_policy(double min_version, double now_seconds, bool allow_weak_kdf, TrustPolicy& policy) {
  if (!(min_version >= 0 && min_version <= 4294967295.0) || !(now_seconds >= 0 && now_seconds < 1e15)) return false;
  policy.min_dataset_version = static_cast<std::uint32_t>(min_version);
  policy.now = static_cast<std::int64_t>(now_seconds);
  if (allow_weak_kdf) {
    // The embedder's test policy: weak KDF settings and loopback http:// evaluation servers (demo, tests).
    policy.allow_weak_kdf_for_tests();
    policy.allow_loopback_oprf_endpoints = true;
  }
  return true;
}

std::optional<std::uint64_t> known_size(double file_size) {
  if (file_size >= 0 && file_size < 9007199254740992.0) return static_cast<std::uint64_t>(file_size);
  return std::nullopt;
}

// What `open` answers for a verified header: the finished description of the data set ("" if the verified
// metadata does not parse again, which verify_header makes unreachable).
std::string dataset_reply(const VerifiedHeader& header) {
  const DatasetInfo info = header.info();
  const FixedHeader& h = header.fixed;
  // The catalog and insurers as the verified metadata has them (it parsed once already, so it parses again).
  JsonValue metadata;
  JsonError error;
  if (!parse_json(header.metadata_json, JsonLimits{kMaxMetadataLength, kMaxJsonDepth}, metadata, error)) return "";
  JsonWriter w;
  begin_ok_reply(w)
      .begin_object()
      .key("dataset")
      .begin_object()
      .key("publisher").string(info.publisher)
      .key("version").number(info.version)
      .key("created").string(info.created)
      .key("notAfter").string(iso8601_utc(h.not_after))
      .key("keyFingerprint").string(info.key_fingerprint)
      .key("mode").string(header.oprf ? "oprf" : "static")
      .key("records").number(h.record_count)
      .key("prefixBits").number(h.prefix_bits)
      .key("bucketCount").number(h.bucket_count())
      .key("bucketStride").number(h.bucket_stride())
      .key("headerLength").number(h.header_length())
      .key("fileSize").number(h.file_size())
      .key("kdf")
      .begin_object()
      .key("ops").number(h.kdf.ops)
      .key("memKiB").number(h.kdf.mem_kib)
      .key("belowDefaultFloor").boolean(kdf_below_default_floor(h.kdf))
      .end_object();
  if (header.oprf) {
    w.key("oprf")
        .begin_object()
        .key("endpoints").strings(header.oprf->endpoints)
        .key("keyFingerprint").string(oprf_key_fingerprint(header.oprf->public_key))
        .end_object();
  }
  w.end_object()  // dataset
      .key("catalog").raw(metadata_member(metadata, "catalog"))
      .key("insurers").raw(metadata_member(metadata, "insurers"))
      .end_object();
  return end_ok_reply(w);
}

// The identifiers as typed, copied into buffers that wipe themselves. Over-long input arrives empty and is
// reported as missing: never silently truncated.
struct TypedIdentity {
  TypedIdentity(const val& nir, const val& birth_date, const val& birth_rank, bool beneficiary)
      : nir_bytes(copy_in(nir, kMaxIdentifierBytes)),
        date_bytes(copy_in(birth_date, kMaxIdentifierBytes)),
        rank_bytes(copy_in(birth_rank, kMaxIdentifierBytes)) {
    input.nir = std::string_view(reinterpret_cast<const char*>(nir_bytes.data()), nir_bytes.size());
    input.birth_date = std::string_view(reinterpret_cast<const char*>(date_bytes.data()), date_bytes.size());
    input.birth_rank = std::string_view(reinterpret_cast<const char*>(rank_bytes.data()), rank_bytes.size());
    input.beneficiary = beneficiary;
  }
  SecretBytes nir_bytes, date_bytes, rank_bytes;
  IdentityInput input;
};

class CheckSessionHandle {
 public:
  CheckSessionHandle() = default;
  CheckSessionHandle(std::shared_ptr<const VerifiedHeader> header, const IdentityInput& input, const CivilDate& today)
      : header_(std::move(header)),
        session_(std::make_unique<CheckSession>(*header_, input, today, engine_voprf_client())) {}
  // One list's session of a directory check (started with the others: start_list_sessions).
  CheckSessionHandle(std::shared_ptr<const VerifiedHeader> header, std::unique_ptr<CheckSession> session)
      : header_(std::move(header)), session_(std::move(session)) {}

  // What the check needs next: {need: "evaluation", body, endpoints} | {need: "bucket", offset, length} |
  // {need: "nothing", result}.
  std::string next() const {
    if (!session_) return misuse_reply();
    JsonWriter w;
    switch (session_->need()) {
      case CheckSession::Need::evaluation:
        // Hardened mode: the worker POSTs this body (a fresh blinded element, nothing else) to an endpoint.
        return end_ok_reply(begin_ok_reply(w)
                                .begin_object()
                                .key("need").string("evaluation")
                                .key("body").string(oprf_encode_request(session_->blinded_element()))
                                .key("endpoints").strings(session_->endpoints())
                                .end_object());
      case CheckSession::Need::bucket:
        return end_ok_reply(begin_ok_reply(w)
                                .begin_object()
                                .key("need").string("bucket")
                                .key("offset").number(session_->bucket_offset())
                                .key("length").number(session_->bucket_length())
                                .end_object());
      case CheckSession::Need::nothing:
        break;
    }
    // The result's JSON text as the core writes it (the CLI prints the same), spliced in rather than re-parsed.
    return R"({"ok":true,"value":{"need":"nothing","result":)" + check_result_to_json(session_->result()) + "}}";
  }

  // Hardened mode: the evaluation server's response body (text); its proof is verified against the header's key.
  std::string evaluated(const std::string& response_body) {
    if (!session_) return misuse_reply();
    session_->evaluated(std::string_view(response_body));
    return next();
  }

  // Hardened mode: the evaluation request failed (oprf_unreachable, oprf_rate_limited with the wait, ...).
  std::string evaluationFailed(const std::string& code, double retry_after) {
    if (!session_ || !is_code(code) || !(retry_after >= 0 && retry_after <= 86400)) return misuse_reply();
    OprfEvaluationOutcome outcome;
    outcome.error = code;
    outcome.retry_after = static_cast<std::uint32_t>(retry_after);
    session_->evaluated(outcome);
    return next();
  }

  std::string bucketRead(const val& bucket_bytes) {
    if (!session_) return misuse_reply();
    const SecretBytes bytes = copy_in(bucket_bytes, session_->bucket_length());
    session_->bucket_read(ByteView(bytes.data(), bytes.size()));
    return next();
  }

  std::string bucketUnreadable(const std::string& status, const std::string& code) {
    const std::optional<CheckStatus> parsed = failure_status(status);
    if (!session_ || !parsed || !is_code(code)) return misuse_reply();
    session_->bucket_unreadable(*parsed, code);
    return next();
  }

 private:
  std::shared_ptr<const VerifiedHeader> header_;  // shared with the Engine: a re-open cannot pull it away
  std::unique_ptr<CheckSession> session_;
};

class Engine {
 public:
  Engine() {
    breachcheck_platform_init();
    ready_ = sodium_init() >= 0;
    if (ready_) {
      CanonicalIdentity dummy;
      Seed seed;
      derive_seed(dummy, Salt{}, kCodeWarmUpKdf, seed);  // only its side effect on the code matters
    }
  }
  ~Engine() { release_warm_up_block(); }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // How many bytes to read first: the fixed header, which says how long the whole header is.
  std::string fixedHeaderSize() const {
    JsonWriter w;
    return end_ok_reply(begin_ok_reply(w).number(kFixedHeaderSize));
  }

  // From the first fixedHeaderSize bytes: how many bytes the whole header takes, and the file's size.
  std::string headerLength(const val& first_bytes) const {
    const SecretBytes bytes = copy_in(first_bytes, kFixedHeaderSize);
    std::string error;
    const auto fixed = parse_fixed_header(ByteView(bytes.data(), bytes.size()), error);
    if (!fixed) return failure_reply(CheckStatus::integrity_error, error);
    JsonWriter w;
    return end_ok_reply(begin_ok_reply(w)
                            .begin_object()
                            .key("headerLength").number(fixed->header_length())
                            .key("fileSize").number(fixed->file_size())
                            .end_object());
  }

  // Verifies the header against the pinned keys and policy and keeps it for the checks. The value is the
  // finished description of the data set: the page shows it as is and derives nothing from it.
  std::string open(const val& header_bytes, const val& pinned_keys, double min_version, bool allow_weak_kdf,
                   double now_seconds, double file_size) {
    header_.reset();
    release_warm_up_block();
    if (!ready_) return failure_reply(CheckStatus::unavailable, "engine_init");
    TrustPolicy policy;
    if (!pinned_keys_from(pinned_keys, policy.pinned_keys)) {
      return failure_reply(CheckStatus::integrity_error, "publisher_key");
    }
    if (!page_policy(min_version, now_seconds, allow_weak_kdf, policy)) return misuse_reply();
    const SecretBytes bytes = copy_in(header_bytes, kFixedHeaderSize + kMaxMetadataLength + kSignatureSize);
    HeaderCheck check = verify_header_with(ByteView(bytes.data(), bytes.size()), policy, known_size(file_size),
                                           engine_oprf_header_parser());
    // A hardened header in the static engine: signed and within policy, but this engine cannot check it.
    if (check.error == kOprfHeaderUnread) return failure_reply(CheckStatus::unavailable, check.error);
    if (!check.header) {
      return failure_reply(CheckStatus::integrity_error, check.error.empty() ? "header_truncated" : check.error);
    }
    header_ = std::make_shared<const VerifiedHeader>(std::move(*check.header));
    std::string reply = dataset_reply(*header_);
    if (reply.empty()) header_.reset();  // never half open
    return reply.empty() ? misuse_reply() : reply;
  }

#if BREACHCHECK_ENGINE_DIRECTORY
  // A directory of lists (docs/DIRECTORY.md): verified against the pinned directory keys, the page's minimum
  // directory version and clock, and kept with the page's policy for its lists. Closes any directory open
  // before (its lists' headers with it); the one-list data set, if any, stays open.
  std::string openDirectory(const val& bytes_in, const val& pinned_keys, double min_version, double now_seconds,
                            bool allow_weak_kdf) {
    directory_.reset();
    for (auto& header : list_headers_) header.reset();
    release_warm_up_block();
    if (!ready_) return failure_reply(CheckStatus::unavailable, "engine_init");
    DirectoryPolicy policy;
    if (!pinned_keys_from(pinned_keys, policy.pinned_keys)) {
      return failure_reply(CheckStatus::integrity_error, "directory_key");
    }
    // Written in place (no second policy to copy): used only once a directory is open.
    lists_policy_ = TrustPolicy();
    if (!page_policy(0, now_seconds, allow_weak_kdf, lists_policy_) ||
        !(min_version >= 0 && min_version <= 4294967295.0)) {
      return misuse_reply();
    }
    policy.min_version = static_cast<std::uint32_t>(min_version);
    policy.now = lists_policy_.now;
    // One byte more than the largest directory: an over-long file is refused as such, not cut to size.
    const SecretBytes bytes = copy_in(bytes_in, kMaxDirectorySize + 1);
    if (bytes.size() == 0 && bytes_in["length"].as<std::size_t>() > 0) {
      return failure_reply(CheckStatus::integrity_error, "directory_format");
    }
    DirectoryVerification check = verify_directory(ByteView(bytes.data(), bytes.size()), policy);
    if (!check.directory) return failure_reply(CheckStatus::integrity_error, check.error);
    directory_ = std::move(check.directory);
    return directory_reply(*directory_);
  }

  // The answer to openDirectory for the directory `d` it opened.
  static std::string directory_reply(const Directory& d) {
    // The incident and the lists as the signed body has them: the verified body's members spliced in after the
    // directory's fixed fields, not parsed again and rewritten (less code in the engine). The body is one JSON
    // object with only "incident" and "lists" (verify_directory read it strictly: valid UTF-8, no duplicate or
    // unknown key), so the reply is one object with no key twice; a list's index is its position.
    JsonWriter w;
    begin_ok_reply(w)
        .begin_object()
        .key("version").number(d.version)
        .key("created").string(iso8601_utc(d.created))
        .key("notAfter").string(iso8601_utc(d.not_after));
    const std::size_t members = d.body.find('{') + 1;  // after the body's opening brace (whitespace may precede it)
    return w.text() + ',' + d.body.substr(members) + '}';
  }

  // One list's header, verified under its directory entry (its keys, its floor, its KDF setting) and the
  // page's policy; the value is what `open` answers for a data set. A failure concerns this list only.
  std::string openListHeader(double index, const val& header_bytes, double now_seconds, double file_size) {
    if (!directory_ || !(index >= 0 && index < static_cast<double>(directory_->lists.size())) ||
        !(now_seconds >= 0 && now_seconds < 1e15)) {
      return misuse_reply();
    }
    const auto position = static_cast<std::size_t>(index);
    list_headers_[position].reset();
    TrustPolicy policy = lists_policy_;
    policy.now = static_cast<std::int64_t>(now_seconds);
    const SecretBytes bytes = copy_in(header_bytes, kFixedHeaderSize + kMaxMetadataLength + kSignatureSize);
    HeaderCheck check = verify_list_header(directory_->lists[position], ByteView(bytes.data(), bytes.size()), policy,
                                           known_size(file_size));
    if (!check.header) {
      return failure_reply(CheckStatus::integrity_error, check.error.empty() ? "header_truncated" : check.error);
    }
    auto header = std::make_shared<const VerifiedHeader>(std::move(*check.header));
    std::string reply = dataset_reply(*header);
    if (reply.empty()) return misuse_reply();
    list_headers_[position] = std::move(header);
    return reply;
  }
#endif

  // Before the person presses the button: reserves the memory the data set's Argon2id needs (which grows wasm
  // memory; its code was warmed when the engine started, kCodeWarmUpKdf). The reserved block is then written
  // a slice at a time (warmUpTouch), so the operating system has the pages ready before the check's Argon2id
  // needs them; a check that starts meanwhile frees the block at once, so it never waits for the rest.
  std::string warmUp() {
    const std::uint32_t mem_kib = largest_kdf_mem_kib();
    if (mem_kib == 0) return misuse_reply();
    release_warm_up_block();
    // Argon2id's blocks plus room for its bookkeeping and the check's small allocations, which may land in
    // the freed space first: without it the check's Argon2id grows the heap anyway (measured: +10 MiB).
    // A directory's groups run one after the other: the largest one's memory serves them all.
    const std::size_t bytes = static_cast<std::size_t>(mem_kib) * 1024u + kWarmUpSlackBytes;
    warm_up_block_ = static_cast<unsigned char*>(std::malloc(bytes));
    warm_up_size_ = warm_up_block_ ? bytes : 0;
    warm_up_touched_ = 0;
    // The warm-up's only Argon2id is the start's (kCodeWarmUpKdf): said here for the tests.
    return ok_reply({{"kdf", {{"ops", kCodeWarmUpKdf.ops}, {"memKiB", kCodeWarmUpKdf.mem_kib}}},
                     {"heapBytes", heap_bytes()},
                     {"reservedBytes", warm_up_size_}});
  }

  // Writes the next slice of the reserved block (a few milliseconds; the worker yields between slices so a
  // check's message is handled at once). Done when the whole block is written, or when a check started and
  // freed it.
  std::string warmUpTouch() {
    if (largest_kdf_mem_kib() == 0) return misuse_reply();
    if (warm_up_block_) {
      const std::size_t slice = std::min(kWarmUpTouchSliceBytes, warm_up_size_ - warm_up_touched_);
      sodium_memzero(warm_up_block_ + warm_up_touched_, slice);  // a write the compiler may not drop
      warm_up_touched_ += slice;
      if (warm_up_touched_ == warm_up_size_) release_warm_up_block();  // the allocator keeps the grown heap
    }
    return ok_reply({{"done", warm_up_block_ == nullptr}, {"touchedBytes", warm_up_touched_}});
  }

  // Validates the identity and runs Argon2id: the session then says what the check needs next.
  CheckSessionHandle startCheck(const val& nir, const val& birth_date, const val& birth_rank, bool beneficiary,
                                int year, int month, int day) {
    if (!header_) return CheckSessionHandle();
    release_warm_up_block();  // the check's Argon2id takes this memory now; the rest of the warm-up is dropped
    const TypedIdentity typed(nir, birth_date, birth_rank, beneficiary);
    return CheckSessionHandle(header_, typed.input, CivilDate{year, month, day});
  }

#if BREACHCHECK_ENGINE_DIRECTORY
  // The same over every list of the open directory whose header opened: one Argon2id per KDF group. An array
  // with, at each list's index, its CheckSession (driven as a one-list check's: one bucket, then the result), or
  // null for a list that did not open; empty when none did. The worker deletes every session when the check ends,
  // which wipes its keys.
  val startDirectoryCheck(const val& nir, const val& birth_date, const val& birth_rank, bool beneficiary, int year,
                          int month, int day) {
    const std::size_t count = directory_ ? directory_->lists.size() : 0;
    std::size_t opened = 0;
    for (std::size_t i = 0; i < count; ++i) opened += list_headers_[i] ? 1 : 0;
    val sessions = val::array();
    if (opened == 0) return sessions;
    std::vector<DirectoryListHeader> lists(opened);  // sized once: no growth code
    for (std::size_t i = 0, next = 0; i < count; ++i) {
      if (list_headers_[i]) lists[next++] = DirectoryListHeader{i, list_headers_[i].get()};
    }
    release_warm_up_block();
    const TypedIdentity typed(nir, birth_date, birth_rank, beneficiary);
    auto started = start_list_sessions(lists, typed.input, CivilDate{year, month, day});
    for (std::size_t i = 0, next = 0; i < count; ++i) {
      const bool opened = next < lists.size() && lists[next].index == i;
      sessions.set(i, opened ? val(CheckSessionHandle(list_headers_[i], std::move(started[next++]))) : val::null());
    }
    return sessions;
  }
#endif

 private:
  // The Argon2id memory of the largest setting among what is open (0: nothing is).
  std::uint32_t largest_kdf_mem_kib() const {
    std::uint32_t mem_kib = header_ ? header_->fixed.kdf.mem_kib : 0;
#if BREACHCHECK_ENGINE_DIRECTORY
    for (const auto& list : list_headers_) {
      if (list) mem_kib = std::max(mem_kib, list->fixed.kdf.mem_kib);
    }
#endif
    return mem_kib;
  }

  void release_warm_up_block() {
    std::free(warm_up_block_);
    warm_up_block_ = nullptr;
  }

  bool ready_ = false;
  std::shared_ptr<const VerifiedHeader> header_;
#if BREACHCHECK_ENGINE_DIRECTORY
  // Only the directory engines hold a directory: the one-list engines carry no code to destroy one.
  std::optional<Directory> directory_;
  TrustPolicy lists_policy_;  // the page's policy the directory's lists are verified under
  // By list index (a directory has at most kMaxDirectoryLists); empty: not opened. A fixed array: no growth code.
  std::array<std::shared_ptr<const VerifiedHeader>, kMaxDirectoryLists> list_headers_;
#endif
  unsigned char* warm_up_block_ = nullptr;  // reserved by warmUp until written or a check starts
  std::size_t warm_up_size_ = 0;
  std::size_t warm_up_touched_ = 0;
};

}  // namespace

EMSCRIPTEN_BINDINGS(breachcheck_engine) {
  emscripten::class_<CheckSessionHandle>("CheckSession")
      .function("next", &CheckSessionHandle::next)
      .function("evaluated", &CheckSessionHandle::evaluated)
      .function("evaluationFailed", &CheckSessionHandle::evaluationFailed)
      .function("bucketRead", &CheckSessionHandle::bucketRead)
      .function("bucketUnreadable", &CheckSessionHandle::bucketUnreadable);
  // Only the directory flavours (and the classic single file) register the directory calls: the linker then
  // drops every directory function from the one-list engines, which a one-list page downloads (CMakeLists.txt).
  [[maybe_unused]] const auto engine = emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("fixedHeaderSize", &Engine::fixedHeaderSize)
      .function("headerLength", &Engine::headerLength)
      .function("open", &Engine::open)
      .function("warmUp", &Engine::warmUp)
      .function("warmUpTouch", &Engine::warmUpTouch)
      .function("startCheck", &Engine::startCheck);
#if BREACHCHECK_ENGINE_DIRECTORY
  engine.function("openDirectory", &Engine::openDirectory)
      .function("openListHeader", &Engine::openListHeader)
      .function("startDirectoryCheck", &Engine::startDirectoryCheck);
#endif
}
