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
  JsonText(const char* text) : kind_(Kind::string), text_(text) {}
  JsonText(std::string_view text) : kind_(Kind::string), text_(text) {}
  JsonText(const std::string& text) : kind_(Kind::string), text_(text) {}
  JsonText(bool value) : kind_(Kind::literal), text_(value ? "true" : "false") {}
  template <typename Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  JsonText(Integer value) : kind_(Kind::literal), text_(std::to_string(value)) {}
  JsonText(const std::vector<std::string>& strings);
  JsonText(std::initializer_list<JsonText> items) : kind_(Kind::list), items_(items) {}

  // A list built item by item (an array, or an object by the rule above; empty: []).
  static JsonText list(std::vector<JsonText> items);
  // JSON text written elsewhere, spliced in as is (the caller vouches that it is JSON).
  static JsonText raw(std::string json);

  std::string str() const;
  // False when a string was not UTF-8 (written with U+FFFD, see append_json_string).
  bool append_to(std::string& out) const;

 private:
  enum class Kind : std::uint8_t { string, literal, list };
  JsonText(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {}
  bool is_member() const;

  Kind kind_;
  std::string text_;  // string: the raw text; literal: its JSON
  std::vector<JsonText> items_;
};

}  // namespace breachcheck
