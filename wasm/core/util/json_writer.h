// SPDX-License-Identifier: MPL-2.0
// The client's JSON writer: the engine's answers (check results, the browser engine's replies) and what it hands
// back of the signed metadata. Strings are escaped exactly as nlohmann/json's dump() escapes them, so outputs
// that nlohmann wrote before (the CLI's, the golden files') keep their bytes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "util/json_reader.h"

namespace breachcheck {

// Appends `text` as a JSON string: `"` and `\` escaped, \b \f \n \r \t, the other C0 controls as \u00xx (lowercase
// hex), everything else (DEL, non-ASCII UTF-8) as is. A byte that is not UTF-8 is written as U+FFFD, so the output
// is always valid JSON; false when that happened (for callers that must refuse such text).
bool append_json_string(std::string& out, std::string_view text);

// Appends a parsed value: members in document order, strings re-escaped as above, numbers as they were written.
void append_json_value(std::string& out, const JsonValue& value);

// A short JSON value built in place, written compactly. A list whose items are all two-item lists starting with
// a string is an object of those members in that order; any other list is an array (nlohmann/json's rule for
// its initializer lists, so replies read as they did): {{"ok", true}, {"value", 3}} is {"ok":true,"value":3}.
class JsonText {
 public:
  JsonText(const char* text) : JsonText(std::string_view(text)) {}
  JsonText(std::string_view text);
  JsonText(const std::string& text) : JsonText(std::string_view(text)) {}
  JsonText(bool value) : json_(value ? "true" : "false") {}
  template <typename Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  JsonText(Integer value) : json_(std::to_string(value)) {}
  JsonText(const std::vector<std::string>& strings);
  JsonText(std::initializer_list<JsonText> items);

  // A list built item by item (an array, or an object by the rule above; empty: []).
  static JsonText list(const std::vector<JsonText>& items);
  // JSON text written elsewhere, spliced in as is (the caller vouches that it is JSON).
  static JsonText raw(std::string json);

  const std::string& str() const { return json_; }
  // False when a string in it was not UTF-8 (written with U+FFFD, see append_json_string).
  bool valid() const { return valid_; }

 private:
  JsonText() = default;
  template <typename Items>
  void write_list(const Items& items);

  // Written as soon as built: a list keeps not its items, only what an enclosing list needs of it.
  std::string json_;
  bool valid_ = true;
  bool is_string_ = false;
  std::string text_;          // a string: the text itself (a member's key); a member: its key
  bool is_member_ = false;    // a two-item list starting with a string
  std::string member_value_;  // a member: its second item's JSON
};

// Writes one JSON value as it is called, compactly: for answers with many members, where a JsonText built first
// costs code at every call site (each of its items is a temporary). The caller keeps the nesting right.
//   JsonWriter w;  w.begin_object().key("n").number(1).end_object();  w.text() == "{\"n\":1}"
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view key);  // the next value is this member's
  JsonWriter& string(std::string_view text);
  JsonWriter& number(std::uint64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& strings(const std::vector<std::string>& texts);  // an array of strings
  JsonWriter& raw(std::string_view json);                     // JSON text written elsewhere, as is
  const std::string& text() const { return out_; }

 private:
  void before_value();
  std::string out_;
  bool needs_comma_ = false;
};

}  // namespace breachcheck
