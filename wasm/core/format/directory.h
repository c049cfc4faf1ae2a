// SPDX-License-Identifier: MPL-2.0
// A signed directory of lists (docs/DIRECTORY.md is the specification; this file mirrors it): several data
// sets of one incident, each with its URL, its publisher's pinned keys, its rollback floor, the operators it
// covers and, when its publishers agreed on one, the shared Argon2id setting. Same conventions as a data set
// (docs/FORMAT.md): a fixed little-endian header, canonical JSON, an Ed25519 signature over a domain-separated
// message, expiry, version and rollback refused. Every code a verification can end with is `directory_*`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "format/format.h"
#include "identity/kdf.h"
#include "util/byte_view.h"
#include "util/json_reader.h"
#include "util/secure_bytes.h"

namespace breachcheck {

inline constexpr std::array<std::uint8_t, 8> kDirectoryMagic = {0x89, 'B', 'C', 'D', 'I', 'R', '\r', '\n'};
inline constexpr std::uint16_t kDirectoryFormatVersion = 1;
inline constexpr std::size_t kDirectoryFixedSize = 68;
inline constexpr std::uint32_t kMinDirectoryBodyLength = 2;
inline constexpr std::uint32_t kMaxDirectoryBodyLength = 64u * 1024u;
inline constexpr std::size_t kMaxDirectorySize = kDirectoryFixedSize + kMaxDirectoryBodyLength + kSignatureSize;
inline constexpr char kDirectorySignaturePrefix[] = "breachcheck:directory:v1";  // signed with its NUL: 25 bytes
inline constexpr std::size_t kMaxDirectoryLists = 16;
inline constexpr std::size_t kMaxListPublisherKeys = 4;
inline constexpr std::size_t kMaxListOperators = 16;
inline constexpr std::size_t kMaxListNames = 16;  // languages
// The body nests 4 levels deep (document, lists, list, name/kdf/keys); one more is refused.
inline constexpr std::size_t kMaxDirectoryDepth = 4;

// The Argon2id setting the publishers of a group of lists agreed on: each such list's header must carry it.
struct DirectoryKdf {
  KdfParams params;
  Salt salt{};
};

struct DirectoryList {
  std::string id;                                          // [a-z0-9-]{1,40}, unique in the directory
  std::vector<std::pair<std::string, std::string>> names;  // (language, name) as read; "fr" required; written sorted
  std::string url;                                         // relative to the directory's URL, or https://
  std::vector<PublicKey> publisher_keys;                   // 1..4, pinned for that list
  std::uint32_t min_version = 0;                           // that list's rollback floor
  std::vector<std::string> operators;                      // operator ids the list covers, 1..16
  std::optional<DirectoryKdf> kdf;
  // The list publisher's contact, shown with that list's verdict (empty: none; the page's own contact then).
  // As a page's publisher-contact reads it: https://..., mailto:a@b, tel:+33 1 23 45 67 89, or plain text;
  // 1..300 bytes, no control or direction-changing character, no other scheme (docs/DIRECTORY.md).
  std::string contact;
};

struct Directory {
  std::uint32_t version = 0;  // the directory's own version: rollback floor = the page's minimum
  std::uint64_t created = 0;  // Unix seconds
  std::uint64_t not_after = 0;
  PublicKey directory_key{};
  std::string incident;
  std::vector<DirectoryList> lists;  // 1..16
  std::string body;                  // the verified body text (set by verify_directory)
};

// Why a body was refused (its code is always "directory_body"), as a few fixed fields rather than text, so the
// browser engine carries no message building: which member (`field`, e.g. "publisherKeys"), of which list and
// which item of it, or where the JSON itself broke. describe() turns it into the publisher's words.
struct DirectoryBodyError {
  const char* field = nullptr;  // null: no error
  int list = -1;                // the list the member belongs to, or -1 (a top-level member)
  int item = -1;                // the item of an array member, or -1
  JsonErrorCode json = JsonErrorCode::none;  // field "JSON": the text is not valid JSON (json_offset: where)
  std::size_t json_offset = 0;
  bool failed() const { return field != nullptr; }
};

// "lists[1].publisherKeys[0]", "incident", "JSON: ... at byte N", "(not canonical)": never a byte of the input.
std::string describe(const DirectoryBodyError& error);

// Parses a body's JSON into `out` (incident and lists): strict and bounded JSON (no duplicate key at any level),
// no unknown key, every field checked. Whitespace and escapes carry no meaning, so a reader needs no canonical
// check (and the browser engine no second writer of the body); the builder always writes the canonical form.
DirectoryBodyError parse_directory_body(std::string_view json, Directory& out);

// The canonical body `directory build` writes: sorted keys, no insignificant whitespace, keys in standard padded
// base64. Publisher side (the CLI, the tests): the browser engine does not link it.
std::string directory_body_json(const Directory& directory);

// The whole signed file: fixed header, canonical body, signature over the prefix and everything before it.
// `signing_key` must be the pair of directory.directory_key.
Bytes sign_directory(const Directory& directory, const SecretArray<64>& signing_secret_key);

struct DirectoryPolicy {
  std::vector<PublicKey> pinned_keys;  // one, or two during a rotation
  std::uint32_t min_version = 0;       // rollback floor
  std::int64_t now = 0;                // Unix seconds
};

struct DirectoryVerification {
  std::optional<Directory> directory;
  std::string error;  // a directory_* integrity code when directory is empty
};

// Checks, in this order: size and magic, format, the pinned key (constant time), the signature, the rollback
// floor, created in the future (> 1 day), expired, then the body (bounded, no duplicate or unknown key, fields).
DirectoryVerification verify_directory(ByteView bytes, const DirectoryPolicy& policy);

// The entry's display name in `language`, else the French one.
const std::string& list_name(const DirectoryList& list, std::string_view language);

}  // namespace breachcheck
