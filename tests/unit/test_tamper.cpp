// SPDX-License-Identifier: MPL-2.0
// The tamper matrix (docs/SECURITY.md): every way a host, a CDN or a network attacker can
// alter a data set, table-driven. Every row must end as `integrity_error`, never `not_found` or `affected`,
// both for a person who is in the list and for one who is not. Rows are named after what they tamper with.
//
// Scopes:
//   file    every check fails (header, size, key, policy): both people get integrity_error, and so does a
//           full verification;
//   bucket  the bucket of the listed person is altered: their check gets integrity_error, as does a full
//           verification (`breachcheck verify`). A check that fetches an untouched bucket may still answer.
#include <catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

const std::string kCsv = fixture_records();

// Forty more synthetic people (valid keys, matching dates), so that the data set has several buckets.
std::string more_rows() {
  std::string rows;
  for (int i = 0; i < 40; ++i) {
    char body[14];
    std::snprintf(body, sizeof body, "%d%02d%02d75120%03d", 1 + i % 2, 50 + i, 1 + i % 12, 100 + i);
    const int key = nir_key(body);
    char line[160];
    std::snprintf(line, sizeof line, "%s%02d,19%02d-%02d-15,1,%s,civil_status;nir,Mutuelle Test %c\n", body, key,
                  50 + i, 1 + i % 12, i % 3 ? "viamedis" : "almerys", 'A' + i % 4);
    rows += line;
  }
  return rows;
}

constexpr char kListedNir[] = "185057800608491";
constexpr char kListedDate[] = "1985-05-12";
constexpr std::uint32_t kVersion = 5;

KeyPair fixed_key(std::uint8_t label) {
  SecretArray<kSecretSeedSize> seed;
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(label + i);
  return key_pair_from_seed(seed);
}

// Re-signs the header and every bucket with `key`: what someone holding a signing key could publish.
Bytes resign_all(Bytes file, const KeyPair& key) {
  file = resign_header(std::move(file), key);
  std::string error;
  const auto h = parse_fixed_header(file, error);
  REQUIRE(h);
  REQUIRE(file.size() == h->file_size());
  const DatasetId id = compute_dataset_id(ByteView(file.data(), kFixedHeaderSize + h->metadata_length));
  for (std::uint64_t i = 0; i < h->bucket_count(); ++i) {
    std::uint8_t* bucket = file.data() + h->bucket_offset(i);
    const std::size_t entries = h->bucket_capacity * kEntrySize;
    const Bytes message = bucket_signed_message(id, static_cast<std::uint32_t>(i), ByteView(bucket, entries));
    crypto_sign_detached(bucket + entries, nullptr, message.data(), message.size(), key.secret_key.data());
  }
  return file;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct World {
  TestDataset ds;         // the genuine data set, version 5
  TestDataset older;      // the same publisher's version 4 (a replay)
  TestDataset sibling;    // the same publisher's version 6 (another data set with the same layout)
  KeyPair attacker;
  FixedHeader h;
  VerifiedHeader header;
  std::uint32_t listed_bucket = 0;
  std::string unlisted_nir;  // not in the list, and maps to the listed person's bucket
  std::string unlisted_date = "1960-01-05";
};

PreparedLookup lookup_for(const VerifiedHeader& header, const std::string& nir, const std::string& date) {
  IdentityInput input;
  input.nir = nir;
  input.birth_date = date;
  return prepare_lookup(header, input, kToday);
}

const World& world() {
  static const World w = [] {
    World out;
    out.attacker = fixed_key(200);
    const KeyPair key = fixed_key(1);
    out.ds = build_dataset(kCsv + more_rows(), 2, &key, kVersion);
    out.older = build_dataset(kCsv + more_rows(), 2, &key, kVersion - 1);
    out.sibling = build_dataset(kCsv + more_rows(), 2, &key, kVersion + 1);
    MemorySource source(out.ds.bytes);
    OpenedDataset opened = open_dataset(source, test_policy(out.ds.key.public_key));
    REQUIRE(opened.header);
    out.header = *opened.header;
    out.h = out.header.fixed;
    out.listed_bucket = lookup_for(out.header, kListedNir, kListedDate).bucket;
    // An unlisted person whose lookup lands in the same bucket: tampering that bucket must fail their
    // check too (not answer "not_found").
    for (int order = 1; order < 999 && out.unlisted_nir.empty(); ++order) {
      char body[14];
      std::snprintf(body, sizeof body, "2600175120%03d", order);
      const PreparedLookup l = lookup_for(out.header, body, out.unlisted_date);
      if (l.ok() && l.bucket == out.listed_bucket) out.unlisted_nir = body;
    }
    REQUIRE_FALSE(out.unlisted_nir.empty());
    return out;
  }();
  return w;
}

enum class Scope { file, bucket };

struct Case {
  std::string name;
  std::function<Bytes(const Bytes&)> tamper;
  Scope scope = Scope::file;
  std::string code;                                   // expected code for the listed person, when exact
  std::function<void(TrustPolicy&)> policy = nullptr;  // the embedder's settings for this row
};

Case file_case(std::string name, std::function<Bytes(const Bytes&)> tamper, std::string code = "") {
  return Case{std::move(name), std::move(tamper), Scope::file, std::move(code), nullptr};
}

Case bucket_case(std::string name, std::function<Bytes(const Bytes&)> tamper, std::string code = "") {
  return Case{std::move(name), std::move(tamper), Scope::bucket, std::move(code), nullptr};
}

Case policy_case(std::string name, std::function<void(TrustPolicy&)> policy, std::string code,
                 std::function<Bytes(const Bytes&)> tamper = [](const Bytes& b) { return b; }) {
  return Case{std::move(name), std::move(tamper), Scope::file, std::move(code), std::move(policy)};
}

// Runs one row: the listed and the unlisted person, then a full verification.
void run(const Case& c) {
  const World& w = world();
  const Bytes tampered = c.tamper(w.ds.bytes);
  TrustPolicy policy = test_policy(w.ds.key.public_key);
  if (c.policy) c.policy(policy);
  INFO("tampered: " << c.name);
  if (!c.policy) REQUIRE(tampered != w.ds.bytes);  // sanity: the row changes something

  const CheckResult listed = check_bytes(tampered, policy, kListedNir, kListedDate);
  CHECK(listed.status == CheckStatus::integrity_error);
  if (!c.code.empty()) CHECK(listed.errors == std::vector<std::string>{c.code});
  CHECK(listed.exposed.empty());
  const CheckResult unlisted = check_bytes(tampered, policy, w.unlisted_nir, w.unlisted_date);
  CHECK(unlisted.status == CheckStatus::integrity_error);

  // Full verification (`breachcheck verify`): header, then every bucket.
  MemorySource source(tampered);
  const OpenedDataset opened = open_dataset(source, policy);
  if (opened.header) {
    CHECK(c.scope == Scope::bucket);
    CHECK_FALSE(verify_all_buckets(source, *opened.header).empty());
  }
}

// Header fields, by offset range (docs/FORMAT.md, "Fixed header").
struct Field {
  const char* name;
  std::size_t offset;
  std::size_t size;
};
constexpr Field kFields[] = {
    {"magic", 0, 8},           {"format_version", 8, 2},   {"derivation_mode", 10, 1}, {"prefix_bits", 11, 1},
    {"bucket_capacity", 12, 4}, {"entry_size", 16, 2},      {"fingerprint_size", 18, 2}, {"payload_size", 20, 2},
    {"reserved", 22, 2},        {"kdf_ops", 24, 4},         {"kdf_mem_kib", 28, 4},      {"salt", 32, 16},
    {"record_count", 48, 8},    {"created", 56, 8},         {"not_after", 64, 8},        {"dataset_version", 72, 4},
    {"metadata_length", 76, 4}, {"publisher_key", 80, 32}};

std::vector<Case> header_byte_cases() {
  std::vector<Case> cases;
  std::size_t covered = 0;
  for (const Field& f : kFields) {
    CHECK(f.offset == covered);  // the table covers the fixed header without gaps
    covered += f.size;
    for (std::size_t i = 0; i < f.size; ++i) {
      const std::size_t at = f.offset + i;
      for (const std::uint8_t mask : {0x01, 0x80, 0xFF}) {
        char name[96];
        std::snprintf(name, sizeof name, "header field %s, byte %zu of %zu, xor 0x%02X", f.name, i + 1, f.size, mask);
        cases.push_back(file_case(name, [at, mask](const Bytes& b) {
          Bytes t = b;
          t[at] ^= mask;
          return t;
        }));
      }
    }
  }
  CHECK(covered == kFixedHeaderSize);
  const World& w = world();
  const std::size_t metadata_end = kFixedHeaderSize + w.h.metadata_length;
  for (std::size_t at = kFixedHeaderSize; at < metadata_end; at += (at < kFixedHeaderSize + 64 ? 1 : 29)) {
    cases.push_back(file_case("metadata JSON byte " + std::to_string(at - kFixedHeaderSize) + " xor 0x01",
                              [at](const Bytes& b) {
                                Bytes t = b;
                                t[at] ^= 0x01;
                                return t;
                              },
                              "header_signature"));
  }
  cases.push_back(file_case("metadata JSON last byte xor 0x01", [metadata_end](const Bytes& b) {
    Bytes t = b;
    t[metadata_end - 1] ^= 0x01;
    return t;
  }, "header_signature"));
  for (std::size_t i = 0; i < kSignatureSize; ++i) {
    for (const std::uint8_t mask : {0x01, 0x80}) {
      const std::size_t at = metadata_end + i;
      char name[64];
      std::snprintf(name, sizeof name, "header signature byte %zu xor 0x%02X", i, mask);
      cases.push_back(file_case(name, [at, mask](const Bytes& b) {
        Bytes t = b;
        t[at] ^= mask;
        return t;
      }, "header_signature"));
    }
  }
  cases.push_back(file_case("header signature zeroed", [metadata_end](const Bytes& b) {
    Bytes t = b;
    std::fill(t.begin() + static_cast<std::ptrdiff_t>(metadata_end),
              t.begin() + static_cast<std::ptrdiff_t>(metadata_end + kSignatureSize), 0);
    return t;
  }, "header_signature"));
  cases.push_back(file_case("header signature replaced by bucket 0's signature", [metadata_end](const Bytes& b) {
    const World& w = world();
    Bytes t = b;
    const auto sig = b.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(1) - kSignatureSize);
    std::copy(sig, sig + kSignatureSize, t.begin() + static_cast<std::ptrdiff_t>(metadata_end));
    return t;
  }, "header_signature"));
  return cases;
}

// A named change to the fixed header (values a forger would pick, not random bytes).
struct Edit {
  std::string name;
  std::size_t offset;
  std::size_t size;
  std::function<std::uint64_t(std::uint64_t)> value;
  std::string code_if_signed;  // the code when the real key signs it ("*": refused, code depends on the
                               // layout; "": a signed edit the client has no reason to refuse)
};

std::vector<Edit> header_edits() {
  const World& w = world();
  const std::uint64_t now = static_cast<std::uint64_t>(kNow);
  auto set = [](std::uint64_t v) { return [v](std::uint64_t) { return v; }; };
  auto add = [](std::int64_t d) { return [d](std::uint64_t v) { return v + static_cast<std::uint64_t>(d); }; };
  return {
      {"format_version 0", 8, 2, set(0), "header_version"},
      // Version 2 exists (docs/FORMAT.md, "Version 2"): a version 1 file relabelled 2 lacks its signed version salt.
      {"format_version 2", 8, 2, set(2), "metadata_version_salt"},
      {"format_version 3", 8, 2, set(3), "header_version"},
      {"format_version 0xFFFF", 8, 2, set(0xFFFF), "header_version"},
      {"derivation_mode 1 (OPRF) on a header without the \"oprf\" object", 10, 1, set(1), "metadata_oprf"},
      {"derivation_mode 2", 10, 1, set(2), "header_mode"},
      {"derivation_mode 0xFF", 10, 1, set(0xFF), "header_mode"},
      {"prefix_bits + 1", 11, 1, add(1), "file_size"},
      {"prefix_bits 25", 11, 1, set(25), "header_buckets"},
      {"prefix_bits 0xFF", 11, 1, set(0xFF), "header_buckets"},
      {"bucket_capacity + 1", 12, 4, add(1), "file_size"},
      {"bucket_capacity - 1", 12, 4, add(-1), "*"},  // file_size or header_record_count
      {"bucket_capacity 0", 12, 4, set(0), "header_buckets"},
      {"bucket_capacity 2^20 + 1", 12, 4, set((1u << 20) + 1), "header_buckets"},
      {"bucket_capacity 0xFFFFFFFF", 12, 4, set(0xFFFFFFFF), "header_buckets"},
      {"entry_size 32", 16, 2, set(32), "header_layout"},
      {"fingerprint_size 16", 18, 2, set(16), "header_layout"},
      {"payload_size 0", 20, 2, set(0), "header_layout"},
      {"reserved 1", 22, 2, set(1), "header_layout"},
      {"kdf_ops 0", 24, 4, set(0), "kdf_limits"},
      {"kdf_ops 11 (above the client's bound)", 24, 4, set(11), "kdf_limits"},
      {"kdf_ops 0xFFFFFFFF", 24, 4, set(0xFFFFFFFF), "kdf_limits"},
      {"kdf_ops 2", 24, 4, set(2), ""},
      {"kdf_mem_kib 0", 28, 4, set(0), "kdf_limits"},
      {"kdf_mem_kib 7 (below libsodium's minimum)", 28, 4, set(7), "kdf_limits"},
      {"kdf_mem_kib 256 MiB + 1 KiB (above the client's bound)", 28, 4, set(256 * 1024 + 1), "kdf_limits"},
      {"kdf_mem_kib 0xFFFFFFFF", 28, 4, set(0xFFFFFFFF), "kdf_limits"},
      {"kdf_mem_kib 16", 28, 4, set(16), ""},
      {"salt: first 8 bytes zeroed", 32, 8, set(0), ""},
      {"record_count 0", 48, 8, set(0), ""},
      {"record_count + 1", 48, 8, add(1), ""},
      {"record_count above buckets x capacity", 48, 8, set(w.h.bucket_count() * w.h.bucket_capacity + 1),
       "header_record_count"},
      {"record_count 2^64 - 1", 48, 8, set(~std::uint64_t{0}), "header_record_count"},
      {"created 0", 56, 8, set(0), ""},
      {"created two days ahead", 56, 8, set(now + 2 * 86400), "dataset_created"},
      {"created 2^63 (negative if read as signed)", 56, 8, set(std::uint64_t{1} << 63), "dataset_created"},
      {"created 2^64 - 1", 56, 8, set(~std::uint64_t{0}), "dataset_created"},
      {"not_after yesterday", 64, 8, set(now - 86400), "dataset_expired"},
      {"not_after 0", 64, 8, set(0), "dataset_expired"},
      {"not_after pushed 10 years later", 64, 8, add(3650 * 86400), ""},
      {"not_after 2^64 - 1", 64, 8, set(~std::uint64_t{0}), ""},
      {"dataset_version 0", 72, 4, set(0), ""},
      {"dataset_version + 1 (a replay dressed as newer)", 72, 4, add(1), ""},
      {"dataset_version 0xFFFFFFFF", 72, 4, set(0xFFFFFFFF), ""},
      {"metadata_length 0", 76, 4, set(0), "header_metadata_length"},
      {"metadata_length 1", 76, 4, set(1), "header_metadata_length"},
      {"metadata_length - 1", 76, 4, add(-1), ""},
      {"metadata_length + 1", 76, 4, add(1), ""},
      {"metadata_length 2^20 + 1", 76, 4, set((1u << 20) + 1), "header_metadata_length"},
      {"metadata_length 0xFFFFFFFF", 76, 4, set(0xFFFFFFFF), "header_metadata_length"},
      {"publisher_key: first 8 bytes zeroed", 80, 8, set(0), "publisher_key"},
  };
}

Bytes apply(const Bytes& b, const Edit& e) {
  Bytes t = b;
  put_le(t, e.offset, e.value(get_le(b, e.offset, e.size)), e.size);
  return t;
}

std::vector<Case> header_edit_cases() {
  std::vector<Case> cases;
  for (const Edit& e : header_edits()) {
    cases.push_back(file_case("header " + e.name + ", signature kept", [e](const Bytes& b) { return apply(b, e); }));
    cases.push_back(file_case("header " + e.name + ", re-signed with another key, pinned key field kept",
                              [e](const Bytes& b) { return resign_header(apply(b, e), world().attacker); }));
    cases.push_back(file_case("header " + e.name + ", re-signed with another key and its key in the header",
                              [e](const Bytes& b) {
                                const KeyPair& a = world().attacker;
                                Bytes t = apply(b, e);
                                if (e.offset != 80) std::copy(a.public_key.begin(), a.public_key.end(), t.begin() + 80);
                                return resign_header(std::move(t), a);
                              }));
    if (!e.code_if_signed.empty()) {
      const std::string code = e.code_if_signed == "*" ? "" : e.code_if_signed;
      // Signed by the genuine key and still refused: the client's own structural and policy bounds.
      cases.push_back(file_case("header " + e.name + ", signed by the pinned key",
                                [e](const Bytes& b) { return resign_header(apply(b, e), world().ds.key); },
                                code));
    }
  }
  return cases;
}

std::vector<Case> metadata_cases() {
  struct MetaEdit {
    std::string name;
    std::function<std::string(const std::string&)> edit;
  };
  const std::vector<MetaEdit> edits = {
      {"publisher renamed", [](const std::string& m) {
         return replace_once(m, "\"publisher\":\"Test publisher\"", "\"publisher\":\"Test publisher (official)\"");
       }},
      {"a category label changed", [](const std::string& m) {
         return replace_once(m, "\"en\":\"Date of birth\"", "\"en\":\"Date of birth (not exposed)\"");
       }},
      {"not-exposed list emptied", [](const std::string& m) {
         const std::size_t from = m.find("\"not_exposed_categories\":[");
         REQUIRE(from != std::string::npos);
         std::size_t depth = 0;
         std::size_t end = m.find('[', from);
         for (std::size_t i = end; i < m.size(); ++i) {
           depth += m[i] == '[';
           if (m[i] == ']' && --depth == 0) {
             end = i;
             break;
           }
         }
         std::string t = m;
         return t.replace(from, end + 1 - from, "\"not_exposed_categories\":[]");
       }},
      {"an insurer added", [](const std::string& m) {
         return replace_once(m, "\"insurers\":[", "\"insurers\":[{\"name\":\"Forged Mutual\",\"operators\":[\"viamedis\"]},");
       }},
      {"an unknown key added", [](const std::string& m) {
         return replace_once(m, "{\"catalog\"", "{\"aaa\":1,\"catalog\"");
       }},
      {"insignificant whitespace added", [](const std::string& m) { return " " + m; }},
      {"a source URL pointed elsewhere", [](const std::string& m) {
         const std::size_t at = m.find("\"url\":\"https://");
         REQUIRE(at != std::string::npos);
         std::string t = m;
         return t.insert(at + 15, "phishing.example/");
       }},
      {"metadata replaced by another publisher's", [](const std::string&) {
         return std::string("{\"catalog\":") + catalog_to_json(default_catalog()) +
                ",\"insurers\":[],\"publisher\":\"Someone else\"}";
       }},
  };
  std::vector<Case> cases;
  for (const MetaEdit& e : edits) {
    auto edited = [e](const Bytes& b) {
      const std::string m = e.edit(metadata_of(b));
      REQUIRE(m != metadata_of(b));
      return with_metadata(b, m);
    };
    cases.push_back(file_case("metadata: " + e.name + ", unsigned (old signature kept)", edited, "header_signature"));
    cases.push_back(file_case("metadata: " + e.name + ", re-signed with another key, pinned key field kept",
                              [edited](const Bytes& b) { return resign_header(edited(b), world().attacker); },
                              "header_signature"));
    cases.push_back(file_case("metadata: " + e.name + ", re-signed with another key and its key in the header",
                              [edited](const Bytes& b) {
                                const KeyPair& a = world().attacker;
                                Bytes t = edited(b);
                                std::copy(a.public_key.begin(), a.public_key.end(), t.begin() + 80);
                                return resign_header(std::move(t), a);
                              },
                              "publisher_key"));
    cases.push_back(file_case("metadata: " + e.name + ", header and every bucket re-signed with another key",
                              [edited](const Bytes& b) {
                                const KeyPair& a = world().attacker;
                                Bytes t = edited(b);
                                std::copy(a.public_key.begin(), a.public_key.end(), t.begin() + 80);
                                return resign_all(std::move(t), a);
                              },
                              "publisher_key"));
  }
  return cases;
}

std::vector<Case> bucket_cases() {
  const World& w = world();
  const std::uint64_t start = w.h.bucket_offset(w.listed_bucket);
  const std::size_t capacity = w.h.bucket_capacity;
  const std::size_t sig = start + capacity * kEntrySize;
  std::vector<Case> cases;
  auto flip = [](std::size_t at, std::uint8_t mask) {
    return [at, mask](const Bytes& b) {
      Bytes t = b;
      t[at] ^= mask;
      return t;
    };
  };
  for (std::size_t e = 0; e < capacity; ++e) {
    for (std::size_t i = 0; i < kEntrySize; ++i) {
      const char* region = i < kFingerprintSize ? "fingerprint" : "payload";
      const std::size_t in_region = i < kFingerprintSize ? i : i - kFingerprintSize;
      char name[96];
      std::snprintf(name, sizeof name, "bucket entry %zu %s byte %zu xor 0x01", e, region, in_region);
      cases.push_back(bucket_case(name, flip(start + e * kEntrySize + i, 0x01), "bucket_signature"));
    }
  }
  for (std::size_t i = 0; i < kSignatureSize; ++i) {
    cases.push_back(bucket_case("bucket signature byte " + std::to_string(i) + " xor 0x01", flip(sig + i, 0x01),
                                "bucket_signature"));
  }
  auto edit = [start, capacity, sig](std::function<void(std::uint8_t* entries, std::uint8_t* signature)> f) {
    return [start, capacity, sig, f](const Bytes& b) {
      (void)capacity;
      Bytes t = b;
      f(t.data() + start, t.data() + sig);
      return t;
    };
  };
  cases.push_back(bucket_case("bucket signature zeroed",
                              edit([](std::uint8_t*, std::uint8_t* s) { std::memset(s, 0, kSignatureSize); }),
                              "bucket_signature"));
  cases.push_back(bucket_case("bucket signature replaced by the header signature", edit([&w](std::uint8_t*, std::uint8_t* s) {
    std::memcpy(s, w.ds.bytes.data() + kFixedHeaderSize + w.h.metadata_length, kSignatureSize);
  }), "bucket_signature"));
  cases.push_back(bucket_case("bucket signature replaced by another bucket's", edit([&w](std::uint8_t*, std::uint8_t* s) {
    const std::uint32_t other = (w.listed_bucket + 1) % static_cast<std::uint32_t>(w.h.bucket_count());
    std::memcpy(s, w.ds.bytes.data() + w.h.bucket_offset(other + 1) - kSignatureSize, kSignatureSize);
  }), "bucket_signature"));
  cases.push_back(bucket_case("bucket entries zeroed",
                              edit([capacity](std::uint8_t* e, std::uint8_t*) { std::memset(e, 0, capacity * kEntrySize); }),
                              "bucket_signature"));
  if (capacity >= 2) {
    cases.push_back(bucket_case("bucket entries 0 and 1 swapped", edit([](std::uint8_t* e, std::uint8_t*) {
      std::swap_ranges(e, e + kEntrySize, e + kEntrySize);
    }), "bucket_signature"));
    cases.push_back(bucket_case("bucket entry 0 duplicated over entry 1", edit([](std::uint8_t* e, std::uint8_t*) {
      std::memcpy(e + kEntrySize, e, kEntrySize);
    }), "bucket_signature"));
    cases.push_back(bucket_case("bucket entries rotated by one", edit([capacity](std::uint8_t* e, std::uint8_t*) {
      std::rotate(e, e + kEntrySize, e + capacity * kEntrySize);
    }), "bucket_signature"));
    cases.push_back(bucket_case("bucket payloads of entries 0 and 1 swapped", edit([](std::uint8_t* e, std::uint8_t*) {
      std::swap_ranges(e + kFingerprintSize, e + kEntrySize, e + kEntrySize + kFingerprintSize);
    }), "bucket_signature"));
  }
  cases.push_back(bucket_case("bucket re-signed with another key", [&w, start, capacity, sig](const Bytes& b) {
    Bytes t = b;
    const Bytes message = bucket_signed_message(w.header.dataset_id, w.listed_bucket,
                                                ByteView(t.data() + start, capacity * kEntrySize));
    crypto_sign_detached(t.data() + sig, nullptr, message.data(), message.size(), w.attacker.secret_key.data());
    return t;
  }, "bucket_signature"));
  cases.push_back(bucket_case("bucket entry added and re-signed with another key", [&w, start, capacity, sig](const Bytes& b) {
    Bytes t = b;
    std::memset(t.data() + start, 0, kEntrySize);  // a new smallest entry replaces entry 0
    const Bytes message = bucket_signed_message(w.header.dataset_id, w.listed_bucket,
                                                ByteView(t.data() + start, capacity * kEntrySize));
    crypto_sign_detached(t.data() + sig, nullptr, message.data(), message.size(), w.attacker.secret_key.data());
    return t;
  }, "bucket_signature"));
  return cases;
}

std::vector<Case> size_cases() {
  const World& w = world();
  const std::uint64_t size = w.ds.bytes.size();
  const std::uint64_t header_length = w.h.header_length();
  std::vector<std::uint64_t> cuts = {0, 1, 7, 8, 9, 10, 11, 12, 16, 24, 32, 48, 56, 64, 72, 76, 80, 111, 112, 113,
                                     kFixedHeaderSize + w.h.metadata_length / 2, kFixedHeaderSize + w.h.metadata_length - 1,
                                     kFixedHeaderSize + w.h.metadata_length, header_length - 1, header_length,
                                     header_length + 1, size - kSignatureSize, size - kSignatureSize - 1, size - 1};
  for (std::uint64_t i = 1; i < w.h.bucket_count(); ++i) {
    const std::uint64_t at = w.h.bucket_offset(i);
    for (const std::uint64_t cut : {at - 1, at, at + 1, at - w.h.bucket_stride() / 2}) cuts.push_back(cut);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Case> cases;
  for (const std::uint64_t cut : cuts) {
    const std::string code = cut < kFixedHeaderSize || cut < header_length ? "header_truncated" : "file_size";
    cases.push_back(file_case("truncated to " + std::to_string(cut) + " of " + std::to_string(size) + " bytes",
                              [cut](const Bytes& b) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(cut)); },
                              code));
  }
  cases.push_back(file_case("extended by one zero byte", [](const Bytes& b) {
    Bytes t = b;
    t.push_back(0);
    return t;
  }, "file_size"));
  cases.push_back(file_case("extended by a signature's worth of bytes", [](const Bytes& b) {
    Bytes t = b;
    t.insert(t.end(), b.end() - kSignatureSize, b.end());
    return t;
  }, "file_size"));
  cases.push_back(file_case("extended by a copy of the last bucket", [&w](const Bytes& b) {
    Bytes t = b;
    t.insert(t.end(), b.end() - static_cast<std::ptrdiff_t>(w.h.bucket_stride()), b.end());
    return t;
  }, "file_size"));
  cases.push_back(file_case("extended by 1 MiB", [](const Bytes& b) {
    Bytes t = b;
    t.resize(t.size() + (1u << 20), 0x41);
    return t;
  }, "file_size"));
  cases.push_back(file_case("one byte prepended", [](const Bytes& b) {
    const std::uint8_t zero = 0;
    return concat({ByteView(&zero, 1), b});
  }, "header_magic"));
  cases.push_back(file_case("a second copy of the header prepended", [&w, header_length](const Bytes& b) {
    (void)w;
    Bytes t(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(header_length));
    t.insert(t.end(), b.begin(), b.end());
    return t;
  }, "file_size"));
  cases.push_back(file_case("doubling prefix_bits and bucket count, buckets duplicated, re-signed with another key",
                            [&w](const Bytes& b) {
                              Bytes t = b;
                              t[11] = static_cast<std::uint8_t>(t[11] + 1);
                              t.insert(t.end(), b.begin() + static_cast<std::ptrdiff_t>(w.h.header_length()), b.end());
                              const KeyPair& a = w.attacker;
                              std::copy(a.public_key.begin(), a.public_key.end(), t.begin() + 80);
                              return resign_all(std::move(t), a);
                            },
                            "publisher_key"));
  return cases;
}

std::vector<Case> swap_cases() {
  const World& w = world();
  std::vector<Case> cases;
  const std::uint64_t stride = w.h.bucket_stride();
  for (std::uint64_t i = 0; i < w.h.bucket_count(); ++i) {
    for (std::uint64_t j = i + 1; j < w.h.bucket_count(); ++j) {
      const bool touches = i == w.listed_bucket || j == w.listed_bucket;
      auto swap = [&w, i, j, stride](const Bytes& b) {
        Bytes t = b;
        std::swap_ranges(t.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(i)),
                         t.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(i) + stride),
                         t.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(j)));
        return t;
      };
      auto copy = [&w, i, j, stride](const Bytes& b) {
        Bytes t = b;
        const auto from = b.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(i));
        std::copy(from, from + static_cast<std::ptrdiff_t>(stride),
                  t.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(j)));
        return t;
      };
      auto copy_back = [&w, i, j, stride](const Bytes& b) {
        Bytes t = b;
        const auto from = b.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(j));
        std::copy(from, from + static_cast<std::ptrdiff_t>(stride),
                  t.begin() + static_cast<std::ptrdiff_t>(w.h.bucket_offset(i)));
        return t;
      };
      const std::string pair = std::to_string(i) + " and " + std::to_string(j);
      if (touches) {
        cases.push_back(bucket_case("buckets " + pair + " swapped", swap, "bucket_signature"));
        const std::uint64_t overwritten_by_copy = j, overwritten_by_back = i;
        if (overwritten_by_copy == w.listed_bucket) {
          cases.push_back(bucket_case("bucket " + std::to_string(i) + " copied over bucket " + std::to_string(j), copy,
                                      "bucket_signature"));
        }
        if (overwritten_by_back == w.listed_bucket) {
          cases.push_back(bucket_case("bucket " + std::to_string(j) + " copied over bucket " + std::to_string(i),
                                      copy_back, "bucket_signature"));
        }
      }
    }
  }
  return cases;
}

std::vector<Case> other_dataset_cases() {
  const World& w = world();
  std::vector<Case> cases;
  REQUIRE(w.sibling.bytes.size() == w.ds.bytes.size());
  REQUIRE(w.older.bytes.size() == w.ds.bytes.size());
  const std::uint64_t start = w.h.bucket_offset(w.listed_bucket);
  const std::uint64_t stride = w.h.bucket_stride();
  for (const auto* other : {&w.sibling, &w.older}) {
    const std::string which = other == &w.sibling ? "the same publisher's version 6" : "the same publisher's older version 4";
    cases.push_back(bucket_case("the person's bucket taken from " + which, [other, start, stride](const Bytes& b) {
      Bytes t = b;
      std::copy(other->bytes.begin() + static_cast<std::ptrdiff_t>(start),
                other->bytes.begin() + static_cast<std::ptrdiff_t>(start + stride),
                t.begin() + static_cast<std::ptrdiff_t>(start));
      return t;
    }, "bucket_signature"));
    cases.push_back(bucket_case("every bucket taken from " + which, [other, &w](const Bytes& b) {
      Bytes t = b;
      std::copy(other->bytes.begin() + static_cast<std::ptrdiff_t>(w.h.header_length()), other->bytes.end(),
                t.begin() + static_cast<std::ptrdiff_t>(w.h.header_length()));
      return t;
    }, "bucket_signature"));
    cases.push_back(bucket_case("header taken from " + which + ", buckets kept", [other, &w](const Bytes& b) {
      Bytes t = b;
      std::copy(other->bytes.begin(), other->bytes.begin() + static_cast<std::ptrdiff_t>(w.h.header_length()), t.begin());
      return t;
    }, "bucket_signature"));
  }
  const KeyPair stranger = fixed_key(77);
  const TestDataset foreign = build_dataset(kCsv + more_rows(), 2, &stranger, kVersion);
  if (foreign.bytes.size() == w.ds.bytes.size()) {
    cases.push_back(bucket_case("the person's bucket taken from another publisher's data set",
                                [foreign, start, stride](const Bytes& b) {
                                  Bytes t = b;
                                  std::copy(foreign.bytes.begin() + static_cast<std::ptrdiff_t>(start),
                                            foreign.bytes.begin() + static_cast<std::ptrdiff_t>(start + stride),
                                            t.begin() + static_cast<std::ptrdiff_t>(start));
                                  return t;
                                },
                                "bucket_signature"));
  }
  cases.push_back(file_case("the whole file from another publisher", [foreign](const Bytes&) { return foreign.bytes; },
                            "publisher_key"));
  return cases;
}

std::vector<Case> key_and_policy_cases() {
  const World& w = world();
  std::vector<Case> cases;
  const PublicKey genuine = w.ds.key.public_key;
  auto older_file = [](const Bytes&) { return world().older.bytes; };
  cases.push_back(policy_case("no pinned key at all", [](TrustPolicy& p) { p.pinned_keys.clear(); }, "publisher_key"));
  cases.push_back(policy_case("another publisher's key pinned", [&w](TrustPolicy& p) {
    p.pinned_keys = {w.attacker.public_key};
  }, "publisher_key"));
  cases.push_back(policy_case("two other keys pinned (rotation)", [](TrustPolicy& p) {
    p.pinned_keys = {fixed_key(50).public_key, fixed_key(51).public_key};
  }, "publisher_key"));
  cases.push_back(policy_case("an all-zero key pinned", [](TrustPolicy& p) { p.pinned_keys = {PublicKey{}}; },
                              "publisher_key"));
  for (std::size_t i = 0; i < kPublicKeySize; ++i) {
    cases.push_back(policy_case("pinned key with byte " + std::to_string(i) + " flipped", [genuine, i](TrustPolicy& p) {
      PublicKey k = genuine;
      k[i] ^= 0x01;
      p.pinned_keys = {k};
    }, "publisher_key"));
  }
  // Replays: the older file, served while the page pins a minimum version.
  cases.push_back(policy_case("older version 4 replayed while the page pins version >= 5",
                              [](TrustPolicy& p) { p.min_dataset_version = kVersion; }, "dataset_version", older_file));
  cases.push_back(policy_case("older version 4 replayed while the page pins version >= 6 (and current is 5)",
                              [](TrustPolicy& p) { p.min_dataset_version = kVersion + 1; }, "dataset_version",
                              older_file));
  cases.push_back(policy_case("expired: one second after not_after", [&w](TrustPolicy& p) {
    p.now = static_cast<std::int64_t>(w.h.not_after) + 1;
  }, "dataset_expired"));
  cases.push_back(policy_case("expired: ten years later", [&w](TrustPolicy& p) {
    p.now = static_cast<std::int64_t>(w.h.not_after) + 3650 * 86400;
  }, "dataset_expired"));
  cases.push_back(policy_case("created more than a day in the client's future", [&w](TrustPolicy& p) {
    p.now = static_cast<std::int64_t>(w.h.created) - 86400 - 1;
  }, "dataset_created"));
  cases.push_back(policy_case("KDF weaker than the client's default floor", [](TrustPolicy& p) {
    p.min_kdf_mem_kib = 8 * 1024;
  }, "kdf_limits"));
  return cases;
}

struct Group {
  const char* name;
  std::vector<Case> cases;
};

std::vector<Group> all_groups() {
  return {{"header bytes by field", header_byte_cases()}, {"chosen header values", header_edit_cases()},
          {"metadata JSON edits", metadata_cases()},      {"bucket regions", bucket_cases()},
          {"size", size_cases()},                         {"swapped and copied buckets", swap_cases()},
          {"other data sets", other_dataset_cases()},     {"keys and policy", key_and_policy_cases()}};
}

}  // namespace

TEST_CASE("tamper matrix: the untampered data set answers, so every refusal below is the tampering's doing",
          "[tamper][tamper-matrix]") {
  const World& w = world();
  const TrustPolicy policy = test_policy(w.ds.key.public_key);
  CHECK(check_bytes(w.ds.bytes, policy, kListedNir, kListedDate).status == CheckStatus::affected);
  CHECK(check_bytes(w.ds.bytes, policy, w.unlisted_nir, w.unlisted_date).status == CheckStatus::not_found);
  CHECK(resign_all(w.ds.bytes, w.ds.key) == w.ds.bytes);  // the helpers reproduce the builder's signatures
  TrustPolicy older_ok = policy;
  CHECK(check_bytes(w.older.bytes, older_ok, kListedNir, kListedDate).status == CheckStatus::affected);
  MemorySource source(w.ds.bytes);
  CHECK(verify_all_buckets(source, w.header).empty());
}

TEST_CASE("tamper matrix: every row is integrity_error, never not_found or affected", "[tamper][tamper-matrix]") {
  const bool print = std::getenv("BREACHCHECK_PRINT_COUNTS") != nullptr;  // for docs/SECURITY.md
  std::size_t rows = 0;
  std::size_t file_rows = 0;
  for (const Group& group : all_groups()) {
    std::size_t group_file_rows = 0;
    for (const Case& c : group.cases) {
      group_file_rows += c.scope == Scope::file;
      run(c);
    }
    if (print) {
      std::printf("  %-28s %5zu rows (%zu whole-file, %zu bucket)\n", group.name, group.cases.size(), group_file_rows,
                  group.cases.size() - group_file_rows);
    }
    rows += group.cases.size();
    file_rows += group_file_rows;
  }
  CHECK(rows >= 1000);
  CHECK(file_rows > 0);
  if (print) std::printf("tamper matrix: %zu rows (%zu whole-file, %zu bucket)\n", rows, file_rows, rows - file_rows);
}

TEST_CASE("The default policy refuses signed KDF settings cheaper than a third of the builder's default",
          "[tamper][policy]") {
  const World& w = world();
  TrustPolicy strict;  // the default policy, as a publisher's page uses it
  strict.pinned_keys = {w.ds.key.public_key};
  strict.now = kNow;
  const auto with_kdf = [&w](std::uint32_t ops, std::uint32_t mem_kib) {
    Bytes file = w.ds.bytes;
    for (int i = 0; i < 4; ++i) file[24 + i] = static_cast<std::uint8_t>(ops >> (8 * i));
    for (int i = 0; i < 4; ++i) file[28 + i] = static_cast<std::uint8_t>(mem_kib >> (8 * i));
    return resign_header(std::move(file), w.ds.key);  // signed by the pinned key: only the policy stands in the way
  };
  const auto verdict = [&strict](const Bytes& file) {
    const HeaderCheck check = verify_header(file, strict, file.size());
    return check.header ? std::string("ok") : check.error;
  };
  // 8 MiB x 1 pass is 24 times cheaper than 64 MiB x 3 and was accepted before this floor.
  CHECK(verdict(with_kdf(1, 8 * 1024)) == "kdf_limits");
  CHECK(verdict(with_kdf(3, 16 * 1024)) == "kdf_limits");
  CHECK(verdict(with_kdf(1, 63 * 1024)) == "kdf_limits");
  CHECK(verdict(with_kdf(1, 64 * 1024)) == "ok");
  CHECK(verdict(with_kdf(2, 32 * 1024)) == "ok");
  CHECK(verdict(with_kdf(4, 16 * 1024)) == "ok");
  CHECK(verdict(with_kdf(3, 64 * 1024)) == "ok");
  CHECK(kdf_below_default_floor(KdfParams{1, 8 * 1024}));
  CHECK_FALSE(kdf_below_default_floor(KdfParams{3, 64 * 1024}));
  // The embedder's explicit test policy still admits light settings (demo and test data sets).
  TrustPolicy test = strict;
  test.allow_weak_kdf_for_tests();
  CHECK(verify_header(with_kdf(1, 8 * 1024), test, w.ds.bytes.size()).header.has_value());
}
