// SPDX-License-Identifier: MPL-2.0
// The signed directory of lists (docs/DIRECTORY.md) and the check over every list it names: the committed golden
// directory read with offsets written here from the spec, its bytes reproduced by signing again; the tamper
// matrix (any body byte, a swapped key, expired, created ahead, rolled back, hostile bodies signed with the
// right key); per-list failures that leave the other lists answering (a list signed by a key its entry does not
// pin, a KDF mismatch, a hardened list); no entry shared by two lists of one KDF salt; one Argon2id per group.
#include <catch.hpp>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "check/directory_check.h"
#include "format/directory.h"
#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

constexpr Salt kSharedKdfSalt{0x5d, 0x4b, 0x44, 0x46, 1};  // the salt the two publishers agreed on
constexpr Salt kVersionSaltA{0xa1, 1};
constexpr Salt kVersionSaltB{0xb2, 2};

// The first six fixture people in list A (Viamedis's), the last five in list B (Almérys's); person 0 in A only,
// person 5 in B only (fixture_records' rows 0 and 10 are both valid identities).
std::string rows_of(std::size_t first, std::size_t last) {
  std::istringstream all(fixture_records());
  std::string line, out;
  std::getline(all, line);
  out = line + "\n";
  for (std::size_t i = 0; std::getline(all, line); ++i) {
    if (i >= first && i <= last) out += line + "\n";
  }
  return out;
}

struct Fixture {
  KeyPair directory_key = generate_key_pair();
  TestDataset list_a = build_v2_dataset(rows_of(0, 5), kSharedKdfSalt, kVersionSaltA, 3, generate_key_pair());
  TestDataset list_b = build_v2_dataset(rows_of(6, 10), kSharedKdfSalt, kVersionSaltB, 4, generate_key_pair());

  DirectoryList entry(const std::string& id, const KeyPair& key, std::uint32_t min_version) const {
    DirectoryList list;
    list.id = id;
    list.names = {{"en", id + " (demo)"}, {"fr", id + " (démo)"}};
    list.url = id + ".bcd";
    list.publisher_keys = {key.public_key};
    list.min_version = min_version;
    list.operators = {id == "almerys-demo" ? "almerys" : "viamedis"};
    list.kdf = DirectoryKdf{kTestKdf, kSharedKdfSalt};
    return list;
  }

  Directory directory(std::uint32_t version = 5) const {
    Directory d;
    d.version = version;
    d.created = kCreated;
    d.not_after = kCreated + 30 * 86400;
    d.directory_key = directory_key.public_key;
    d.incident = "viamedis-almerys-2024";
    d.lists = {entry("viamedis-demo", list_a.key, 3), entry("almerys-demo", list_b.key, 4)};
    return d;
  }

  Bytes signed_file(const Directory& d) const { return sign_directory(d, directory_key.secret_key); }

  DirectoryPolicy policy(std::uint32_t min_version = 0) const {
    DirectoryPolicy p;
    p.pinned_keys = {directory_key.public_key};
    p.min_version = min_version;
    p.now = kNow;
    return p;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

std::string verify_code(const Bytes& file, const DirectoryPolicy& policy) {
  return verify_directory(ByteView(file.data(), file.size()), policy).error;
}

// A directory file around any body, laid out from docs/DIRECTORY.md's table and signed with `key`: for
// bodies sign_directory would never write.
Bytes file_with_body(const std::string& body, const KeyPair& key, std::uint64_t created = kCreated) {
  Bytes file(68 + body.size() + 64, 0);
  const std::uint8_t magic[8] = {0x89, 'B', 'C', 'D', 'I', 'R', '\r', '\n'};
  std::memcpy(file.data(), magic, 8);
  put_le(file, 8, 1, 2);        // format version
  put_le(file, 12, 5, 4);       // directory version
  put_le(file, 16, created, 8);
  put_le(file, 24, created + 30 * 86400, 8);
  std::memcpy(file.data() + 32, key.public_key.data(), 32);
  put_le(file, 64, body.size(), 4);
  if (!body.empty()) std::memcpy(file.data() + 68, body.data(), body.size());
  std::string message = std::string("breachcheck:directory:v1") + '\0';
  message.append(reinterpret_cast<const char*>(file.data()), 68 + body.size());
  crypto_sign_detached(file.data() + 68 + body.size(), nullptr, reinterpret_cast<const std::uint8_t*>(message.data()),
                       message.size(), key.secret_key.data());
  return file;
}

std::string body_of(const Bytes& file) {
  const std::size_t length = static_cast<std::size_t>(get_le(file, 64, 4));
  return std::string(file.begin() + 68, file.begin() + 68 + static_cast<std::ptrdiff_t>(length));
}

struct OpenedLists {
  std::vector<VerifiedHeader> headers;
  std::vector<DirectoryListHeader> lists;
  std::vector<std::string> failures;  // by list index; "" when opened
};

// Opens every list of `d` from `files` (by index) as a page would: each under its entry.
OpenedLists open_lists(const Directory& d, const std::vector<const Bytes*>& files) {
  OpenedLists out;
  TrustPolicy page;
  page.now = kNow;
  page.allow_weak_kdf_for_tests();
  out.headers.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    HeaderCheck check = verify_list_header(d.lists[i], ByteView(*files[i]), page, files[i]->size());
    out.failures.push_back(check.error);
    if (check.header) {
      out.headers.push_back(std::move(*check.header));
      out.lists.push_back(DirectoryListHeader{i, &out.headers.back()});
    }
  }
  return out;
}

struct CheckOutcome {
  std::map<std::size_t, std::string> status;  // by list index
  std::size_t kdf_runs = 0;
  std::size_t requests = 0;
};

// One check over the opened lists, reading each requested bucket from its file; Argon2id counted.
// The real Argon2id, counted (SeedDerivation is a plain function pointer: the count is a file-level variable).
std::size_t derivations = 0;
bool counting_derive_seed(const CanonicalIdentity& id, const Salt& salt, const KdfParams& kdf, Seed& seed) {
  ++derivations;
  return derive_seed(id, salt, kdf, seed);
}

CheckOutcome run_check(const OpenedLists& opened, const std::vector<const Bytes*>& files, const std::string& nir,
                       const std::string& date) {
  derivations = 0;
  IdentityInput input;
  input.nir = nir;
  input.birth_date = date;
  DirectoryCheckSession session(opened.lists, input, kToday, counting_derive_seed);
  CheckOutcome outcome;
  const auto requests = session.requests();
  outcome.requests = requests.size();
  for (const auto& request : requests) {
    const Bytes& file = *files[request.index];
    session.bucket_read(request.index, ByteView(file.data() + request.offset, static_cast<std::size_t>(request.length)));
  }
  REQUIRE(session.done());
  for (const auto& item : session.results()) outcome.status[item.index] = status_name(item.result->status);
  outcome.kdf_runs = derivations;
  CHECK(session.kdf_runs() == derivations);
  return outcome;
}

}  // namespace

TEST_CASE("a directory signs and verifies, canonical body and all", "[directory]") {
  const Fixture& f = fixture();
  const Directory d = f.directory();
  const Bytes file = f.signed_file(d);
  const DirectoryVerification verified = verify_directory(file, f.policy(5));
  REQUIRE(verified.error == "");
  REQUIRE(verified.directory);
  CHECK(verified.directory->incident == "viamedis-almerys-2024");
  CHECK(verified.directory->lists.size() == 2);
  CHECK(verified.directory->lists[1].id == "almerys-demo");
  CHECK(verified.directory->lists[1].publisher_keys.front() == f.list_b.key.public_key);
  CHECK(directory_body_json(*verified.directory) == body_of(file));  // what build signs is the canonical form
  CHECK(verified.directory->body == body_of(file));
  CHECK(list_name(verified.directory->lists[0], "en") == "viamedis-demo (demo)");
  CHECK(list_name(verified.directory->lists[0], "de") == "viamedis-demo (démo)");  // French when missing
}

TEST_CASE("a list's publisher contact: optional, signed, written canonically, in the forms a page shows",
          "[directory][contact]") {
  const Fixture& f = fixture();
  // Absent: no member written, none read.
  const Directory plain = f.directory();
  CHECK(body_of(f.signed_file(plain)).find("contact") == std::string::npos);
  // Each form a page's publisher-contact takes, at the bounds too; non-ASCII plain text as is.
  const std::vector<std::string> accepted = {
      "tel:01 99 00 12 34", "tel:+33 1 99 00 12 34", "tel:0199", "https://almerys-demo.example.org/contact",
      "mailto:contact@viamedis-demo.example.org", "Service réclamations, 1 rue de l'Exemple, 75000 Paris",
      "Tél. : 01 99 00 12 34", "x", std::string(300, 'a')};
  for (const auto& contact : accepted) {
    INFO(contact);
    Directory d = f.directory();
    d.lists[1].contact = contact;
    const Bytes file = f.signed_file(d);
    const DirectoryVerification verified = verify_directory(file, f.policy());
    REQUIRE(verified.error == "");
    CHECK(verified.directory->lists[0].contact.empty());
    CHECK(verified.directory->lists[1].contact == contact);
    // Canonical: "contact" sorts first among a list's keys; the same directory always has the same bytes.
    const std::string body = body_of(file);
    const std::size_t member = body.find("{\"contact\":");
    CHECK(member > body.find("\"id\":\"viamedis-demo\""));
    CHECK(body.find(",\"id\":\"almerys-demo\"") > member);
    CHECK(body.find("\"contact\"", member + 2) == std::string::npos);  // only list B has one
    CHECK(directory_body_json(*verified.directory) == body);
  }
  // Signed with the directory: one byte of the contact changed fails the signature.
  Directory d = f.directory();
  d.lists[0].contact = "tel:01 99 00 12 34";
  Bytes file = f.signed_file(d);
  const std::string body = body_of(file);
  const std::size_t at = 68 + body.find("12 34");
  file[at] = '9';
  CHECK(verify_code(file, f.policy()) == "directory_signature");
  // The publisher's lists file names the field.
  Directory parsed;
  std::string bad = body;
  bad.replace(bad.find("tel:01"), 3, "sms");
  CHECK(describe(parse_directory_body(bad, parsed)) == "lists[0].contact");
}

TEST_CASE("directory tamper matrix: every refusal has its code", "[directory][tamper]") {
  const Fixture& f = fixture();
  const Bytes file = f.signed_file(f.directory());
  const std::size_t body_length = static_cast<std::size_t>(get_le(file, 64, 4));

  SECTION("any byte of the body changed: the signature fails") {
    for (std::size_t offset = 68; offset < 68 + body_length; ++offset) {
      Bytes changed = file;
      changed[offset] ^= 0x01;
      INFO(offset);
      REQUIRE(verify_code(changed, f.policy()) == "directory_signature");
    }
  }
  SECTION("any byte of the fixed header or the signature changed: refused") {
    for (std::size_t offset : std::vector<std::size_t>{8, 10, 12, 16, 24, 32, 63, 64, 68 + body_length,
                                                        file.size() - 1}) {
      Bytes changed = file;
      changed[offset] ^= 0x01;
      INFO(offset);
      CHECK(verify_code(changed, f.policy()) != "");
    }
  }
  SECTION("a swapped key: another key in the header, pinned or not") {
    const KeyPair other = generate_key_pair();
    Bytes swapped = file;
    std::memcpy(swapped.data() + 32, other.public_key.data(), 32);
    CHECK(verify_code(swapped, f.policy()) == "directory_key");
    DirectoryPolicy both = f.policy();
    both.pinned_keys.push_back(other.public_key);
    CHECK(verify_code(swapped, both) == "directory_signature");
    // Signed whole by the other key: refused unless the page pins it.
    Directory d = f.directory();
    d.directory_key = other.public_key;
    const Bytes resigned = sign_directory(d, other.secret_key);
    CHECK(verify_code(resigned, f.policy()) == "directory_key");
    CHECK(verify_code(resigned, both) == "");
  }
  SECTION("expired, created in the future, rolled back") {
    Directory expired = f.directory();
    expired.not_after = kNow - 1;
    CHECK(verify_code(f.signed_file(expired), f.policy()) == "directory_expired");
    Directory ahead = f.directory();
    ahead.created = kNow + 86400 + 1;
    ahead.not_after = ahead.created + 86400;
    CHECK(verify_code(f.signed_file(ahead), f.policy()) == "directory_created");
    ahead.created = kNow + 86400;  // within the day of clock skew
    CHECK(verify_code(f.signed_file(ahead), f.policy()) == "");
    Directory huge = f.directory();
    huge.created = std::uint64_t{1} << 63;  // must not read as a date before 1970
    huge.not_after = ~std::uint64_t{0};
    CHECK(verify_code(f.signed_file(huge), f.policy()) == "directory_created");
    CHECK(verify_code(file, f.policy(6)) == "directory_rollback");
    CHECK(verify_code(file, f.policy(5)) == "");
  }
  SECTION("layout: magic, format, lengths, trailing bytes") {
    CHECK(verify_code(Bytes(file.begin(), file.begin() + 67), f.policy()) == "directory_truncated");
    CHECK(verify_code(Bytes(file.begin(), file.end() - 1), f.policy()) == "directory_truncated");
    Bytes longer = file;
    longer.push_back(0);
    CHECK(verify_code(longer, f.policy()) == "directory_format");
    Bytes magic = file;
    magic[3] = 'X';
    CHECK(verify_code(magic, f.policy()) == "directory_magic");
    Bytes version = file;
    put_le(version, 8, 2, 2);
    CHECK(verify_code(version, f.policy()) == "directory_format");
    Bytes reserved = file;
    put_le(reserved, 10, 1, 2);
    CHECK(verify_code(reserved, f.policy()) == "directory_format");
    Bytes oversize = file;
    put_le(oversize, 64, kMaxDirectoryBodyLength + 1, 4);
    CHECK(verify_code(oversize, f.policy()) == "directory_format");
  }
  SECTION("no pinned key at all") {
    DirectoryPolicy none = f.policy();
    none.pinned_keys.clear();
    CHECK(verify_code(file, none) == "directory_key");
  }
}

TEST_CASE("hostile bodies, signed with the pinned key, are refused as directory_body", "[directory][hostile]") {
  const Fixture& f = fixture();
  const std::string good = body_of(f.signed_file(f.directory()));
  REQUIRE(verify_code(file_with_body(good, f.directory_key), f.policy()) == "");

  std::vector<std::pair<std::string, std::string>> bodies = {
      {"not JSON", "{\"incident\":"},
      {"deep nesting", std::string(200, '[') + std::string(200, ']')},
      {"nesting one level over the schema", "{\"incident\":\"x\",\"lists\":[{\"id\":{\"a\":[1]}}]}"},
      {"bad UTF-8", "{\"incident\":\"\xff\xfe\",\"lists\":[]}"},
      {"lone surrogate", "{\"incident\":\"\\ud800\",\"lists\":[]}"},
      {"no lists", "{\"incident\":\"viamedis-almerys-2024\",\"lists\":[]}"},
      {"unknown key", good.substr(0, good.size() - 1) + ",\"zz\":1}"},
  };
  // A key repeated: readers disagree on which copy wins.
  bodies.emplace_back("duplicate key", "{\"incident\":\"a\"," + good.substr(1));
  // Duplicate ids: the second list given the first one's id.
  Directory twins = f.directory();
  twins.lists[1].id = twins.lists[0].id;
  bodies.emplace_back("duplicate ids", directory_body_json(twins));
  // 17 lists: over the limit.
  Directory many = f.directory();
  while (many.lists.size() <= kMaxDirectoryLists) {
    many.lists.push_back(many.lists[0]);
    many.lists.back().id = "list-" + std::to_string(many.lists.size());
  }
  bodies.emplace_back("17 lists", directory_body_json(many));
  // Field by field.
  auto with = [&](auto change) {
    Directory d = f.directory();
    change(d.lists[0]);
    return directory_body_json(d);
  };
  bodies.emplace_back("id with capitals", with([](DirectoryList& l) { l.id = "Viamedis"; }));
  bodies.emplace_back("id of 41 characters", with([](DirectoryList& l) { l.id = std::string(41, 'a'); }));
  bodies.emplace_back("no French name", with([](DirectoryList& l) { l.names = {{"en", "Viamedis"}}; }));
  bodies.emplace_back("name with a control character", with([](DirectoryList& l) { l.names = {{"fr", "a\nb"}}; }));
  bodies.emplace_back("http:// URL", with([](DirectoryList& l) { l.url = "http://example.fr/a.bcd"; }));
  bodies.emplace_back("protocol-relative URL", with([](DirectoryList& l) { l.url = "//example.fr/a.bcd"; }));
  bodies.emplace_back("javascript: URL", with([](DirectoryList& l) { l.url = "javascript:alert(1)"; }));
  bodies.emplace_back("no publisher key", with([](DirectoryList& l) { l.publisher_keys.clear(); }));
  bodies.emplace_back("five publisher keys", with([](DirectoryList& l) { l.publisher_keys.resize(5); }));
  bodies.emplace_back("no operator", with([](DirectoryList& l) { l.operators.clear(); }));
  bodies.emplace_back("kdf ops 0", with([](DirectoryList& l) { l.kdf->params.ops = 0; }));
  bodies.emplace_back("kdf memory 4 KiB", with([](DirectoryList& l) { l.kdf->params.mem_kib = 4; }));
  // A list's publisher contact (optional): bounded, no control or direction-changing character, no other scheme.
  const std::vector<std::pair<std::string, std::string>> bad_contacts = {
      {"contact of 301 bytes", std::string(301, 'a')},
      {"contact with a line feed", "Service clients\n01 99 00 12 34"},
      {"contact with a tab", "Service\tclients"},
      {"contact with DEL", "Service\x7f"},
      {"contact with a C1 control (U+0085)", "Service\xc2\x85" "clients"},
      {"contact with a right-to-left override (U+202E)", "tel:\xe2\x80\xae" "4321 00 99 10"},
      {"contact with a first-strong isolate (U+2068)", "Service \xe2\x81\xa8" "clients"},
      {"contact with a line separator (U+2028)", "Service\xe2\x80\xa8" "clients"},
      {"contact with a leading space", " tel:01 99 00 12 34"},
      {"contact with a trailing space", "tel:01 99 00 12 34 "},
      {"javascript: contact", "javascript:alert(1)"},
      {"data: contact", "data:text/html,<script>alert(1)</script>"},
      {"http: contact", "http://publisher.example.org/contact"},
      {"vbscript: contact", "vbscript:msgbox"},
      {"HTTPS: in capitals", "HTTPS://publisher.example.org/contact"},
      {"https: without //", "https:publisher.example.org"},
      {"https: with an empty host", "https:///contact"},
      {"https: with a space", "https://publisher.example.org/con tact"},
      {"mailto: without @", "mailto:nobody"},
      {"mailto: with a query", "mailto:a@example.org?body=x"},
      {"tel: too short", "tel:112"},
      {"tel: with letters", "tel:01-CALL-NOW"},
      {"tel: too long", "tel:+33 1 99 00 12 34 56 78 90"},
      {"an unknown scheme", "skype:publisher"},
  };
  for (const auto& [label, contact] : bad_contacts) {
    bodies.emplace_back(label, with([&contact = contact](DirectoryList& l) { l.contact = contact; }));
  }
  // Present but empty, or not a string.
  std::string with_contact = with([](DirectoryList& l) { l.contact = "tel:01 99 00 12 34"; });
  const std::string contact_member = "\"contact\":\"tel:01 99 00 12 34\"";
  REQUIRE(with_contact.find(contact_member) != std::string::npos);
  for (const auto& [label, value] : std::vector<std::pair<std::string, std::string>>{
           {"empty contact", "\"\""}, {"contact as a number", "199001234"}, {"contact as null", "null"},
           {"contact as an array", "[\"tel:01 99 00 12 34\"]"}, {"contact as an object", "{\"fr\":\"x\"}"},
           {"contact as true", "true"}}) {
    std::string body = with_contact;
    body.replace(body.find(contact_member), contact_member.size(), "\"contact\":" + value);
    bodies.emplace_back(label, body);
  }
  std::string upper_salt = good;
  upper_salt.replace(upper_salt.find("5d4b4446"), 8, "5D4B4446");
  bodies.emplace_back("salt in capitals", upper_salt);
  std::string negative = good;
  negative.replace(negative.find("\"minVersion\":3"), 14, "\"minVersion\":-3");
  bodies.emplace_back("negative minVersion", negative);

  for (const auto& [label, body] : bodies) {
    INFO(label);
    CHECK(verify_code(file_with_body(body, f.directory_key), f.policy()) == "directory_body");
  }
  // Whitespace and escapes carry no meaning: a signed body written otherwise than canonically still reads the same.
  const std::string spaced = " " + good.substr(0, 1) + " \n" + good.substr(1) + "\t";
  const DirectoryVerification loose = verify_directory(file_with_body(spaced, f.directory_key), f.policy());
  REQUIRE(loose.directory);
  CHECK(directory_body_json(*loose.directory) == good);
  CHECK(loose.directory->body == spaced);
  // Over 64 KiB: refused by its length field before anything is parsed.
  CHECK(verify_code(file_with_body(std::string(kMaxDirectoryBodyLength + 1, ' '), f.directory_key), f.policy()) ==
        "directory_format");
}

TEST_CASE("the publisher's lists file: each bad field is named", "[directory]") {
  const Fixture& f = fixture();
  Directory d;
  const std::string good = directory_body_json(f.directory());
  CHECK(!parse_directory_body(good, d).failed());
  // Whitespace and key order are the publisher's business: accepted, then written canonically.
  const std::string loose = "{ \"lists\": " + good.substr(good.find('['), good.size() - good.find('[') - 1) +
                            ", \"incident\": \"viamedis-almerys-2024\" }";
  CHECK(!parse_directory_body(loose, d).failed());
  CHECK(directory_body_json(d) == good);

  std::string bad_key = good;
  const std::size_t at = bad_key.find("\"publisherKeys\":[\"", bad_key.find("almerys-demo")) + 18;
  bad_key.replace(at, 4, "!!!!");
  const DirectoryBodyError error = parse_directory_body(bad_key, d);
  CHECK(error.failed());
  CHECK(describe(error) == "lists[1].publisherKeys[0]");
  CHECK(describe(parse_directory_body("{\"incident\":", d)) == "JSON: the text stops inside a value at byte 12");
}

TEST_CASE("one check over a directory: each list answers for itself", "[directory][check]") {
  const Fixture& f = fixture();
  const Directory d = f.directory();
  const std::vector<const Bytes*> files = {&f.list_a.bytes, &f.list_b.bytes};
  const OpenedLists opened = open_lists(d, files);
  REQUIRE(opened.failures == std::vector<std::string>{"", ""});

  // Person 0 (185057800608491, 1985-05-12) is in list A; 292012B05432162 (1992-01-11) is in list B.
  CheckOutcome in_a = run_check(opened, files, "185057800608491", "1985-05-12");
  CHECK(in_a.status == std::map<std::size_t, std::string>{{0, "affected"}, {1, "not_found"}});
  CHECK(in_a.requests == 2);  // one bucket of every list, whatever the answer
  CheckOutcome in_b = run_check(opened, files, "292012B05432162", "1992-01-11");
  CHECK(in_b.status == std::map<std::size_t, std::string>{{0, "not_found"}, {1, "affected"}});
  CHECK(in_b.requests == 2);
  CheckOutcome nowhere = run_check(opened, files, "279074523405672", "1979-07-08");
  CHECK(nowhere.status == std::map<std::size_t, std::string>{{0, "not_found"}, {1, "not_found"}});
  CHECK(nowhere.requests == 2);

  SECTION("Argon2id runs once for the two lists of one KDF group") {
    CHECK(in_a.kdf_runs == 1);
    CHECK(in_b.kdf_runs == 1);
  }
  SECTION("refused input: every list says so, and Argon2id never runs") {
    CheckOutcome refused = run_check(opened, files, "185057800608400", "1985-05-12");
    CHECK(refused.status == std::map<std::size_t, std::string>{{0, "invalid_input"}, {1, "invalid_input"}});
    CHECK(refused.kdf_runs == 0);
    CHECK(refused.requests == 0);
  }
  SECTION("an unreadable bucket ends that list only, never as not found") {
    IdentityInput input;
    input.nir = "185057800608491";
    input.birth_date = "1985-05-12";
    DirectoryCheckSession session(opened.lists, input, kToday);
    const auto requests = session.requests();
    REQUIRE(requests.size() == 2);
    session.bucket_unreadable(1, CheckStatus::unavailable, "read_timeout");
    CHECK(!session.done());
    CHECK(session.requests().size() == 1);
    CHECK(!session.bucket_read(1, ByteView()));  // not waiting any more: ignored
    const Bytes& a = f.list_a.bytes;
    session.bucket_read(0, ByteView(a.data() + requests[0].offset, static_cast<std::size_t>(requests[0].length)));
    REQUIRE(session.done());
    const auto results = session.results();
    CHECK(results[0].result->status == CheckStatus::affected);
    CHECK(results[1].result->status == CheckStatus::unavailable);
    CHECK(results[1].result->errors == std::vector<std::string>{"read_timeout"});
  }
}

TEST_CASE("Argon2id runs once per distinct KDF setting", "[directory][check]") {
  const Fixture& f = fixture();
  // List B rebuilt under another KDF salt: two groups, two Argon2id runs.
  const Salt other_salt{0x07, 7};
  const TestDataset b_other = build_v2_dataset(rows_of(6, 10), other_salt, kVersionSaltB, 4, f.list_b.key);
  Directory d = f.directory();
  d.lists[1].kdf->salt = other_salt;
  const std::vector<const Bytes*> files = {&f.list_a.bytes, &b_other.bytes};
  const OpenedLists opened = open_lists(d, files);
  REQUIRE(opened.lists.size() == 2);
  const CheckOutcome outcome = run_check(opened, files, "292012B05432162", "1992-01-11");
  CHECK(outcome.kdf_runs == 2);
  CHECK(outcome.status == std::map<std::size_t, std::string>{{0, "not_found"}, {1, "affected"}});
}

TEST_CASE("a list that fails leaves the others answering", "[directory][tamper]") {
  const Fixture& f = fixture();
  SECTION("list B signed by a key its entry does not pin: integrity_error for B only") {
    Directory d = f.directory();
    d.lists[1].publisher_keys = {generate_key_pair().public_key};
    const std::vector<const Bytes*> files = {&f.list_a.bytes, &f.list_b.bytes};
    const OpenedLists opened = open_lists(d, files);
    CHECK(opened.failures == std::vector<std::string>{"", "publisher_key"});
    const CheckOutcome outcome = run_check(opened, files, "185057800608491", "1985-05-12");
    CHECK(outcome.status == std::map<std::size_t, std::string>{{0, "affected"}});
  }
  SECTION("keys of the two entries swapped: both lists refused") {
    Directory d = f.directory();
    std::swap(d.lists[0].publisher_keys, d.lists[1].publisher_keys);
    const OpenedLists opened = open_lists(d, {&f.list_a.bytes, &f.list_b.bytes});
    CHECK(opened.failures == std::vector<std::string>{"publisher_key", "publisher_key"});
  }
  SECTION("the entry announces another KDF setting: directory_kdf_mismatch") {
    Directory d = f.directory();
    d.lists[0].kdf->salt[0] ^= 1;
    d.lists[1].kdf->params.ops = 2;
    const OpenedLists opened = open_lists(d, {&f.list_a.bytes, &f.list_b.bytes});
    CHECK(opened.failures == std::vector<std::string>{"directory_kdf_mismatch", "directory_kdf_mismatch"});
  }
  SECTION("a list older than its entry's floor: dataset_version") {
    Directory d = f.directory();
    d.lists[1].min_version = 5;
    const OpenedLists opened = open_lists(d, {&f.list_a.bytes, &f.list_b.bytes});
    CHECK(opened.failures == std::vector<std::string>{"", "dataset_version"});
  }
  SECTION("a hardened-mode list: directory_oprf_list") {
    const OprfKeyPair oprf = generate_oprf_key_pair();
    const TestDataset hardened = build_dataset(rows_of(6, 10), 2, &f.list_b.key, 4, 15, &oprf);
    Directory d = f.directory();
    d.lists[1].kdf.reset();
    const OpenedLists opened = open_lists(d, {&f.list_a.bytes, &hardened.bytes});
    CHECK(opened.failures == std::vector<std::string>{"", "directory_oprf_list"});
  }
}

TEST_CASE("two version 2 lists sharing the KDF salt share no entry and no key", "[directory][format-v2]") {
  const Fixture& f = fixture();
  // The same people in both lists: the worst case for linking.
  std::vector<HashedEntry> a, b;
  build_v2_dataset(rows_of(0, 10), kSharedKdfSalt, kVersionSaltA, 1, f.list_a.key, &a);
  build_v2_dataset(rows_of(0, 10), kSharedKdfSalt, kVersionSaltB, 1, f.list_b.key, &b);
  REQUIRE(a.size() == b.size());
  std::set<std::string> fingerprints_a, payloads_a, tags_a;
  for (const auto& entry : a) {
    fingerprints_a.emplace(reinterpret_cast<const char*>(entry.fingerprint.data()), entry.fingerprint.size());
    payloads_a.emplace(reinterpret_cast<const char*>(entry.payload.data()), entry.payload.size());
  }
  std::size_t shared_fingerprints = 0, shared_payloads = 0;
  for (const auto& entry : b) {
    shared_fingerprints += fingerprints_a.count(std::string(reinterpret_cast<const char*>(entry.fingerprint.data()),
                                                            entry.fingerprint.size()));
    shared_payloads +=
        payloads_a.count(std::string(reinterpret_cast<const char*>(entry.payload.data()), entry.payload.size()));
  }
  CHECK(shared_fingerprints == 0);
  CHECK(shared_payloads == 0);

  // One identity, one seed, two lists: different tags (hence buckets and fingerprints) and payload keys.
  Seed seed;
  IdentityInput input;
  input.nir = "185057800608491";
  input.birth_date = "1985-05-12";
  const ValidatedIdentity id = validate_identity(input, kToday);
  REQUIRE(derive_seed(id.canonical, kSharedKdfSalt, kTestKdf, seed));
  const LookupKeys keys_a = derive_lookup_keys(seed, &kVersionSaltA);
  const LookupKeys keys_b = derive_lookup_keys(seed, &kVersionSaltB);
  CHECK(std::memcmp(keys_a.lookup_tag.data(), keys_b.lookup_tag.data(), kSubKeySize) != 0);
  CHECK(std::memcmp(keys_a.payload_key.data(), keys_b.payload_key.data(), kSubKeySize) != 0);
  CHECK(fingerprint_of(keys_a) != fingerprint_of(keys_b));
}

// The committed golden directory (tests/golden/directory.bcdir, built by tests/golden/regenerate.sh with
// `breachcheck directory build`): its layout read from docs/DIRECTORY.md's offsets, its body as expected, and its
// bytes reproduced exactly by signing the same directory again with the committed key (Ed25519 is deterministic).
TEST_CASE("the golden directory matches docs/DIRECTORY.md and is reproduced byte for byte", "[golden][directory]") {
  const std::string text = read_repo_file("tests/golden/directory.bcdir");
  const Bytes file(text.begin(), text.end());
  REQUIRE(file.size() > 68 + 64);
  const auto expected = nlohmann::json::parse(read_repo_file("tests/golden/directory-expected.json"));
  const std::uint8_t magic[8] = {0x89, 'B', 'C', 'D', 'I', 'R', '\r', '\n'};
  CHECK(std::memcmp(file.data(), magic, 8) == 0);
  CHECK(get_le(file, 8, 2) == 1);   // format version
  CHECK(get_le(file, 10, 2) == 0);  // reserved
  CHECK(get_le(file, 12, 4) == expected["version"].get<std::uint64_t>());
  CHECK(get_le(file, 16, 8) == expected["created"].get<std::uint64_t>());
  CHECK(get_le(file, 24, 8) == expected["notAfter"].get<std::uint64_t>());
  const std::size_t body_length = static_cast<std::size_t>(get_le(file, 64, 4));
  CHECK(file.size() == 68 + body_length + 64);
  CHECK(body_of(file) == expected["body"].get<std::string>());

  const KeyPair key = *parse_secret_key_file(read_repo_file("tests/golden/directory.key"));
  CHECK(std::memcmp(file.data() + 32, key.public_key.data(), 32) == 0);
  DirectoryPolicy policy;
  policy.pinned_keys = {key.public_key};
  policy.now = static_cast<std::int64_t>(expected["created"].get<std::uint64_t>());
  const DirectoryVerification verified = verify_directory(file, policy);
  REQUIRE(verified.error == "");
  CHECK(sign_directory(*verified.directory, key.secret_key) == file);
  // Its one list is the golden data set, opened under the entry.
  const std::string golden = read_repo_file("tests/golden/golden.bcd");
  TrustPolicy page;
  page.now = policy.now;
  page.allow_weak_kdf_for_tests();
  const HeaderCheck list = verify_list_header(verified.directory->lists[0], bytes_of(golden), page, golden.size());
  CHECK(list.error == "");
}

// The committed golden directory with each list's publisher contact (tests/golden/directory-contacts.bcdir, built
// by tests/golden/regenerate.sh): a tel:, an https: and a plain-text contact, and a list without one; its body as
// expected, its contacts read back, and its bytes reproduced by signing again.
TEST_CASE("the golden directory with contacts is read and reproduced byte for byte", "[golden][directory][contact]") {
  const std::string text = read_repo_file("tests/golden/directory-contacts.bcdir");
  const Bytes file(text.begin(), text.end());
  REQUIRE(file.size() > 68 + 64);
  const auto expected = nlohmann::json::parse(read_repo_file("tests/golden/directory-contacts-expected.json"));
  CHECK(get_le(file, 12, 4) == expected["version"].get<std::uint64_t>());
  CHECK(get_le(file, 16, 8) == expected["created"].get<std::uint64_t>());
  CHECK(file.size() == 68 + get_le(file, 64, 4) + 64);
  CHECK(body_of(file) == expected["body"].get<std::string>());

  const KeyPair key = *parse_secret_key_file(read_repo_file("tests/golden/directory.key"));
  DirectoryPolicy policy;
  policy.pinned_keys = {key.public_key};
  policy.now = static_cast<std::int64_t>(expected["created"].get<std::uint64_t>());
  const DirectoryVerification verified = verify_directory(file, policy);
  REQUIRE(verified.error == "");
  std::vector<std::string> contacts;
  for (const auto& list : verified.directory->lists) contacts.push_back(list.contact);
  CHECK(contacts == expected["contacts"].get<std::vector<std::string>>());
  CHECK(sign_directory(*verified.directory, key.secret_key) == file);
  // Any byte of a contact changed: the signature no longer verifies.
  const std::string body = body_of(file);
  for (const char* needle : {"01 99", "publisher.example.org/contact", "réclamations"}) {
    INFO(needle);
    Bytes altered = file;
    altered[68 + body.find(needle)] ^= 0x01;
    CHECK(verify_code(altered, policy) == "directory_signature");
  }
}
