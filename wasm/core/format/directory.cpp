// SPDX-License-Identifier: MPL-2.0
#include "format/directory.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "format/keys.h"
#include "util/json_reader.h"
#include "util/json_writer.h"
#include "util/little_endian.h"
#include "util/utf8.h"

namespace breachcheck {
namespace {

constexpr std::int64_t kClockSkewSeconds = 86400;  // as for a data set: created more than a day ahead is refused
constexpr std::size_t kMaxIdLength = 40;
constexpr std::size_t kMaxIncidentLength = 60;
constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxUrlLength = 500;
constexpr std::size_t kMaxContactLength = 300;

constexpr std::size_t kOffsetFormat = 8;
constexpr std::size_t kOffsetReserved = 10;
constexpr std::size_t kOffsetVersion = 12;
constexpr std::size_t kOffsetCreated = 16;
constexpr std::size_t kOffsetNotAfter = 24;
constexpr std::size_t kOffsetKey = 32;
constexpr std::size_t kOffsetBodyLength = 64;
static_assert(kOffsetBodyLength + 4 == kDirectoryFixedSize, "the fixed header ends with the body length");

// [a-z0-9-]{1,max}: ids and the incident, which pages may use in element ids and file names.
bool is_slug(const std::string& text, std::size_t max_length) {
  if (text.empty() || text.size() > max_length) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// An operator id as the catalog has them: [a-z0-9_-]{1,40}.
bool is_operator_id(const std::string& text) {
  if (text.empty() || text.size() > kMaxIdLength) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool is_language(const std::string& text) {
  return text.size() >= 2 && text.size() <= 3 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `text` starts with `prefix` (a byte comparison: no std::string search code in the engine for four prefixes).
bool has_prefix(const std::string& text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::memcmp(text.data(), prefix.data(), prefix.size()) == 0;
}

bool has_control_character(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// A list's URL: https://..., or a path relative to the directory's own URL (no scheme, not protocol-relative,
// no query or fragment, no backslash or space a browser would rewrite).
bool is_list_url(const std::string& url) {
  if (url.empty() || url.size() > kMaxUrlLength || has_control_character(url)) return false;
  if (url.find_first_of(" \\?#") != std::string::npos) return false;
  if (has_prefix(url, "https://")) return url.size() > 8 && url[8] != '/';
  if (url[0] == '/' ) return false;
  const std::size_t colon = url.find(':');
  const std::size_t slash = url.find('/');
  return colon == std::string::npos || (slash != std::string::npos && slash < colon);
}

// A list publisher's contact, in the four forms a page's publisher-contact takes (web/src/ui/view-publisher.js
// links the first three, shows the fourth as text): https://host..., mailto:local@domain, tel: then 4 to 20 of
// "0-9 .-" after an optional "+", or plain text. Anything that reads as another scheme (letters, then a colon,
// as javascript:, data:, http:, or a scheme in capitals) is refused rather than shown, as are control and
// direction-changing characters (C0, DEL, C1, U+2028/2029, bidi embeddings and isolates: a contact that displays
// otherwise than it reads) and spaces at either end (a page trims them: not part of the signed meaning).
bool is_contact(const std::string& text) {
  const std::size_t n = text.size();
  if (n == 0 || n > kMaxContactLength || text[0] == ' ' || text[n - 1] == ' ') return false;
  for (std::size_t i = 0; i < n;) {
    char32_t c = 0;
    // (Valid UTF-8 already: the JSON reader refuses anything else.)
    if (!decode_utf8(text, i, c) || c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x2028 && c <= 0x202e) ||
        (c >= 0x2066 && c <= 0x2069)) {
      return false;
    }
  }
  // Where a scheme would end: a letter, then letters, digits, "+", "-" or "." (RFC 3986), then ":".
  std::size_t end = 0;
  while (end < n) {
    const char c = text[end];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && (end == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) break;
    ++end;
  }
  if (end == 0 || end == n || text[end] != ':') return true;  // plain text
  if (has_prefix(text, "https://")) {
    return n > 8 && text[8] != '/' && text.find_first_of(" \\") == std::string::npos;
  }
  if (has_prefix(text, "mailto:")) {
    const std::size_t at = text.find('@');
    return at != std::string::npos && at > 7 && at + 1 < n && text.find_first_of(" ?") == std::string::npos;
  }
  if (!has_prefix(text, "tel:")) return false;  // any other scheme, or one in capitals
  const std::size_t digits = text[4] == '+' ? 5 : 4;
  return n - digits >= 4 && n - digits <= 20 && text.find_first_not_of("0123456789 .-", digits) == std::string::npos;
}

std::optional<std::uint32_t> bounded_uint(const JsonValue* value, std::uint64_t low, std::uint64_t high) {
  if (value == nullptr) return std::nullopt;
  const auto number = value->as_uint64();
  if (!number || *number < low || *number > high) return std::nullopt;
  return static_cast<std::uint32_t>(*number);
}

// Each object takes exactly the keys it knows: an unknown one in the publisher's file is a typo to report, and
// in a signed file something a reader of this version would silently skip.
bool only_keys(const JsonValue& object, std::initializer_list<std::string_view> allowed) {
  for (const auto& key : object.keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) return false;
  }
  return true;
}

// Not inlined: twenty call sites, each a call instead of the fields written out (engine size).
[[gnu::noinline]] DirectoryBodyError body_error(const char* field, int list = -1, int item = -1) {
  DirectoryBodyError error;
  error.field = field;
  error.list = list;
  error.item = item;
  return error;
}

// The text of the member `key` of `object` when it is a JSON string; null when absent or of another kind.
// Not inlined, as the next one: one call per field instead of the lookup and the checks written out (engine size).
[[gnu::noinline]] const std::string* string_member(const JsonValue& object, const char* key) {
  const JsonValue* value = object.find(key);
  return value != nullptr && value->is_string() ? &value->text() : nullptr;
}

// The member `key` of `object` when it is of `kind` (an array or an object) with 1..`max_size` items, else null.
[[gnu::noinline]] const JsonValue* sized_member(const JsonValue& object, const char* key, JsonKind kind,
                                                std::size_t max_size) {
  const JsonValue* value = object.find(key);
  return value != nullptr && value->kind() == kind && value->size() > 0 && value->size() <= max_size ? value : nullptr;
}

DirectoryBodyError parse_list(const JsonValue& item, int at, DirectoryList& list) {
  if (!item.is_object()) return body_error("(list)", at);
  if (!only_keys(item, {"id", "name", "url", "publisherKeys", "minVersion", "operators", "kdf", "contact"})) {
    return body_error("(unknown key)", at);
  }
  const std::string* id = string_member(item, "id");
  if (id == nullptr || !is_slug(*id, kMaxIdLength)) return body_error("id", at);
  list.id = *id;

  const JsonValue* names = sized_member(item, "name", JsonKind::object, kMaxListNames);
  if (names == nullptr) return body_error("name", at);
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& language = names->keys()[i];
    const JsonValue& text = names->items()[i];
    if (!is_language(language) || !text.is_string() || text.text().empty() || text.text().size() > kMaxNameLength ||
        has_control_character(text.text())) {
      return body_error("name", at);
    }
    list.names.emplace_back(language, text.text());
  }
  if (names->find("fr") == nullptr) return body_error("name.fr", at);

  const std::string* url = string_member(item, "url");
  if (url == nullptr || !is_list_url(*url)) return body_error("url", at);
  list.url = *url;

  const JsonValue* keys = sized_member(item, "publisherKeys", JsonKind::array, kMaxListPublisherKeys);
  if (keys == nullptr) return body_error("publisherKeys", at);
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const JsonValue& text = keys->items()[i];
    const auto key = text.is_string() ? parse_public_key(text.text()) : std::nullopt;
    if (!key) return body_error("publisherKeys", at, static_cast<int>(i));
    list.publisher_keys.push_back(*key);
  }

  const auto min_version = bounded_uint(item.find("minVersion"), 0, 0xffffffffu);
  if (!min_version) return body_error("minVersion", at);
  list.min_version = *min_version;

  const JsonValue* operators = sized_member(item, "operators", JsonKind::array, kMaxListOperators);
  if (operators == nullptr) return body_error("operators", at);
  for (std::size_t i = 0; i < operators->size(); ++i) {
    const JsonValue& op = operators->items()[i];
    if (!op.is_string() || !is_operator_id(op.text())) {
      return body_error("operators", at, static_cast<int>(i));
    }
    list.operators.push_back(op.text());
  }

  const JsonValue* contact = item.find("contact");
  if (contact != nullptr) {
    if (!contact->is_string() || !is_contact(contact->text())) return body_error("contact", at);
    list.contact = contact->text();
  }

  const JsonValue* kdf = item.find("kdf");
  if (kdf != nullptr) {
    if (!kdf->is_object() || !only_keys(*kdf, {"ops", "memKiB", "salt"})) return body_error("kdf", at);
    DirectoryKdf setting;
    // libsodium's and the trust policy's outer bounds; each list's header is still held to the page's policy.
    const auto ops = bounded_uint(kdf->find("ops"), 1, 10);
    if (!ops) return body_error("kdf.ops", at);
    const auto mem = bounded_uint(kdf->find("memKiB"), 8, 256u * 1024u);
    if (!mem) return body_error("kdf.memKiB", at);
    const std::string* salt = string_member(*kdf, "salt");
    const auto parsed = salt != nullptr ? parse_salt_hex(*salt) : std::nullopt;
    if (!parsed) return body_error("kdf.salt", at);
    setting.params.ops = *ops;
    setting.params.mem_kib = *mem;
    setting.salt = *parsed;
    list.kdf = setting;
  }
  return {};
}

// The fixed header's bytes for `directory` and a body of `body_length` bytes.
std::array<std::uint8_t, kDirectoryFixedSize> fixed_header_bytes(const Directory& directory, std::uint32_t body_length) {
  std::array<std::uint8_t, kDirectoryFixedSize> out{};
  std::memcpy(out.data(), kDirectoryMagic.data(), kDirectoryMagic.size());
  put_le16(out.data() + kOffsetFormat, kDirectoryFormatVersion);
  put_le16(out.data() + kOffsetReserved, 0);
  put_le32(out.data() + kOffsetVersion, directory.version);
  put_le64(out.data() + kOffsetCreated, directory.created);
  put_le64(out.data() + kOffsetNotAfter, directory.not_after);
  std::memcpy(out.data() + kOffsetKey, directory.directory_key.data(), kPublicKeySize);
  put_le32(out.data() + kOffsetBodyLength, body_length);
  return out;
}

// "breachcheck:directory:v1\0" || fixed header || body.
Bytes directory_signed_message(ByteView signed_bytes) {
  Bytes message(sizeof kDirectorySignaturePrefix + signed_bytes.size);
  std::memcpy(message.data(), kDirectorySignaturePrefix, sizeof kDirectorySignaturePrefix);
  if (signed_bytes.size > 0) {
    std::memcpy(message.data() + sizeof kDirectorySignaturePrefix, signed_bytes.data, signed_bytes.size);
  }
  return message;
}

bool is_pinned(const PublicKey& key, const std::vector<PublicKey>& pinned) {
  bool found = false;  // every candidate compared, in constant time: which pin matched does not show
  for (const auto& candidate : pinned) found |= sodium_memcmp(candidate.data(), key.data(), key.size()) == 0;
  return found;
}

}  // namespace

DirectoryBodyError parse_directory_body(std::string_view json, Directory& out) {
  JsonValue body;
  JsonError json_error;
  if (!parse_json(json, JsonLimits{kMaxDirectoryBodyLength, kMaxDirectoryDepth}, body, json_error)) {
    DirectoryBodyError error = body_error("JSON");
    error.json = json_error.code;
    error.json_offset = json_error.offset;
    return error;
  }
  if (!body.is_object() || !only_keys(body, {"incident", "lists"})) return body_error("(top level)");
  const std::string* incident = string_member(body, "incident");
  if (incident == nullptr || !is_slug(*incident, kMaxIncidentLength)) return body_error("incident");
  out.incident = *incident;
  const JsonValue* lists = sized_member(body, "lists", JsonKind::array, kMaxDirectoryLists);
  if (lists == nullptr) return body_error("lists");
  // Made at its size and read in place (no growth or move code for a list's entry).
  out.lists = std::vector<DirectoryList>(lists->size());
  for (std::size_t i = 0; i < lists->size(); ++i) {
    const int at = static_cast<int>(i);
    DirectoryBodyError error = parse_list(lists->items()[i], at, out.lists[i]);
    if (error.failed()) return error;
    for (std::size_t earlier = 0; earlier < i; ++earlier) {
      if (out.lists[earlier].id == out.lists[i].id) return body_error("id (duplicate)", at);
    }
  }
  return {};
}

std::string directory_body_json(const Directory& directory) {
  // Keys in byte order at every level, as the data set's metadata (docs/FORMAT.md).
  JsonWriter w;
  w.begin_object().key("incident").string(directory.incident).key("lists").begin_array();
  for (const auto& list : directory.lists) {
    w.begin_object();
    if (!list.contact.empty()) w.key("contact").string(list.contact);
    w.key("id").string(list.id);
    if (list.kdf) {
      w.key("kdf")
          .begin_object()
          .key("memKiB").number(list.kdf->params.mem_kib)
          .key("ops").number(list.kdf->params.ops)
          .key("salt").string(salt_hex(list.kdf->salt))
          .end_object();
    }
    // The names sorted by language (the canonical order), here on the publisher's side: a reader keeps them as
    // written, and the browser engine has no sort.
    auto names = list.names;
    std::sort(names.begin(), names.end());
    w.key("minVersion").number(list.min_version).key("name").begin_object();
    for (const auto& [language, name] : names) w.key(language).string(name);
    w.end_object().key("operators").strings(list.operators).key("publisherKeys").begin_array();
    for (const auto& key : list.publisher_keys) w.string(public_key_to_base64(key));
    w.end_array().key("url").string(list.url).end_object();
  }
  return w.end_array().end_object().text();
}

Bytes sign_directory(const Directory& directory, const SecretArray<64>& signing_secret_key) {
  const std::string body = directory_body_json(directory);
  const auto fixed = fixed_header_bytes(directory, static_cast<std::uint32_t>(body.size()));
  // Sized once and filled in place (g++ 12 misreads vector::insert after a reallocation: -Warray-bounds).
  Bytes file(kDirectoryFixedSize + body.size() + kSignatureSize);
  std::memcpy(file.data(), fixed.data(), kDirectoryFixedSize);
  std::memcpy(file.data() + kDirectoryFixedSize, body.data(), body.size());
  const std::size_t signed_size = kDirectoryFixedSize + body.size();
  const Bytes message = directory_signed_message(ByteView(file.data(), signed_size));
  crypto_sign_detached(file.data() + signed_size, nullptr, message.data(), message.size(), signing_secret_key.data());
  return file;
}

DirectoryVerification verify_directory(ByteView bytes, const DirectoryPolicy& policy) {
  // A fresh answer for each refusal (never a copy of one holding a directory: no copy code in the engine).
  auto fail = [](const char* code) {
    DirectoryVerification refused;
    refused.error = code;
    return refused;
  };
  if (bytes.size < kDirectoryFixedSize) return fail("directory_truncated");
  if (std::memcmp(bytes.data, kDirectoryMagic.data(), kDirectoryMagic.size()) != 0) return fail("directory_magic");
  const std::uint32_t body_length = get_le32(bytes.data + kOffsetBodyLength);
  if (get_le16(bytes.data + kOffsetFormat) != kDirectoryFormatVersion || get_le16(bytes.data + kOffsetReserved) != 0 ||
      body_length < kMinDirectoryBodyLength || body_length > kMaxDirectoryBodyLength) {
    return fail("directory_format");
  }
  const std::size_t signed_size = kDirectoryFixedSize + body_length;
  if (bytes.size < signed_size + kSignatureSize) return fail("directory_truncated");
  if (bytes.size > signed_size + kSignatureSize) return fail("directory_format");  // trailing bytes

  Directory directory;
  directory.version = get_le32(bytes.data + kOffsetVersion);
  directory.created = get_le64(bytes.data + kOffsetCreated);
  directory.not_after = get_le64(bytes.data + kOffsetNotAfter);
  std::memcpy(directory.directory_key.data(), bytes.data + kOffsetKey, kPublicKeySize);
  if (policy.pinned_keys.empty() || !is_pinned(directory.directory_key, policy.pinned_keys)) {
    return fail("directory_key");
  }
  const Bytes message = directory_signed_message(bytes.subview(0, signed_size));
  if (crypto_sign_verify_detached(bytes.data + signed_size, message.data(), message.size(),
                                  directory.directory_key.data()) != 0) {
    return fail("directory_signature");
  }
  if (directory.version < policy.min_version) return fail("directory_rollback");
  // Unsigned 64-bit comparisons, as for a data set: a created of 2^63 or more must not read as before 1970.
  const std::uint64_t now = policy.now > 0 ? static_cast<std::uint64_t>(policy.now) : 0;
  if (directory.created > now + static_cast<std::uint64_t>(kClockSkewSeconds)) return fail("directory_created");
  if (directory.not_after < now) return fail("directory_expired");
  const std::string_view body(reinterpret_cast<const char*>(bytes.data + kDirectoryFixedSize), body_length);
  if (parse_directory_body(body, directory).failed()) return fail("directory_body");
  directory.body.assign(body);
  DirectoryVerification verified;
  verified.directory = std::move(directory);
  return verified;
}

std::string describe(const DirectoryBodyError& error) {
  if (!error.failed()) return "";
  if (error.json != JsonErrorCode::none) {
    return std::string("JSON: ") + json_error_text(error.json) + " at byte " + std::to_string(error.json_offset);
  }
  std::string text;
  if (error.list >= 0) text = "lists[" + std::to_string(error.list) + "].";
  text += error.field;
  if (error.item >= 0) text += "[" + std::to_string(error.item) + "]";
  return text;
}

const std::string& list_name(const DirectoryList& list, std::string_view language) {
  const std::string* french = nullptr;
  for (const auto& [lang, name] : list.names) {
    if (lang == language) return name;
    if (lang == "fr") french = &name;
  }
  return *french;  // parse_directory_body requires "fr"
}

}  // namespace breachcheck
