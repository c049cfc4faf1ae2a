// SPDX-License-Identifier: MPL-2.0
// The client's JSON reader: strict RFC 8259, bounded, for the few JSON texts a check reads (the signed metadata
// with its catalog, the evaluation server's response). The browser engine carries this instead of nlohmann/json,
// which stays the publisher side's library (docs/ARCHITECTURE.md, "JSON in the engine": ~22 KB brotli of wasm).
//
// Refused: comments, trailing commas, leading zeros, a byte order mark, invalid UTF-8, lone surrogates (also as
// \u escapes), unescaped control characters, numbers no double can hold (they would read as infinity), a key
// repeated within one object at any depth (readers disagree on which copy wins: a signed text must not be
// ambiguous), nesting deeper than the caller's limit, input over the caller's size limit, and anything after
// the value but whitespace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace breachcheck {

enum class JsonKind : std::uint8_t {
  null,
  boolean,
  integer,       // exact: a non-negative value up to 2^64 - 1, a negative one down to -2^63
  other_number,  // a fraction, an exponent, or an integer outside those ranges: kept as written, not computed
  string,
  array,
  object,
};

// A parsed value; read-only (only the reader builds them).
class JsonValue {
 public:
  JsonKind kind() const { return kind_; }
  bool is_object() const { return kind_ == JsonKind::object; }
  bool is_array() const { return kind_ == JsonKind::array; }
  bool is_string() const { return kind_ == JsonKind::string; }

  bool boolean() const { return boolean_; }
  // Integers: the value when it fits the type, else nothing (and nothing for every other kind).
  std::optional<std::uint64_t> as_uint64() const;
  std::optional<std::int64_t> as_int64() const;
  // Strings: the decoded text (valid UTF-8, may hold U+0000). Other numbers: the number as written.
  const std::string& text() const { return text_; }
  // Arrays: the items. Objects: the members' values, in document order; keys()[i] is the key of items()[i].
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<std::string>& keys() const { return keys_; }  // objects
  // Arrays: items; objects: members; else 0.
  std::size_t size() const;
  // Objects: the member's value, or nullptr (also for every other kind).
  const JsonValue* find(std::string_view key) const;

 private:
  friend class JsonParser;
  JsonKind kind_ = JsonKind::null;
  bool boolean_ = false;
  bool negative_ = false;        // integers below zero
  std::uint64_t magnitude_ = 0;  // integers: the absolute value
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<std::string> keys_;
};

struct JsonLimits {
  std::size_t max_bytes = 0;
  std::size_t max_depth = 0;  // objects and arrays open at once; capped at kMaxJsonDepth
};

// The reader recurses once per level: no caller may ask for more (the wasm stack is 1 MiB).
inline constexpr std::size_t kMaxJsonDepth = 64;

enum class JsonErrorCode : std::uint8_t {
  none,
  too_large,          // input over max_bytes
  too_deep,           // nesting over max_depth
  unexpected_end,     // the text stops inside a value
  unexpected_byte,    // a byte that cannot start or continue what is being read (also comments, trailing commas)
  invalid_number,     // leading zero, missing digits, or beyond what a double can hold
  control_character,  // unescaped U+0000..U+001F in a string
  invalid_escape,     // a backslash sequence JSON does not have, or \u without four hex digits
  lone_surrogate,     // a \u escape of half a surrogate pair
  invalid_utf8,       // bytes that are not UTF-8, inside a string or out of one
  duplicate_key,      // a key repeated within one object
  trailing_content,   // something other than whitespace after the value
};

// "the text stops inside a value", ... (for error messages).
const char* json_error_text(JsonErrorCode code);

struct JsonError {
  JsonErrorCode code = JsonErrorCode::none;
  std::size_t offset = 0;  // the byte (from 0) where the problem is; the input's size at its end
  std::string key;         // duplicate_key: the repeated key (at `offset`)
};

// Parses the whole of `text` as one JSON value. On failure `out` is unspecified and `error` says why and where.
bool parse_json(std::string_view text, const JsonLimits& limits, JsonValue& out, JsonError& error);

// A step of json_path_to's path that is an item of an array, not a member's key: a byte that is never UTF-8, so
// never a key the reader returns.
inline constexpr char kJsonArrayItem[] = "\xFF";

// Where a duplicate_key error is, for a message: the keys (or kJsonArrayItem) from the top level to the object
// holding the key at `offset`. A second pass over the text, for the publisher's messages only: the reader keeps
// no path while it reads (the browser engine never shows one).
std::vector<std::string> json_path_to(std::string_view text, std::size_t offset);

}  // namespace breachcheck
