// SPDX-License-Identifier: MPL-2.0
#include "util/json_writer.h"

#include <utility>

#include "util/utf8.h"

namespace breachcheck {

bool append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  bool valid = true;
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t start = i;
      char32_t cp = 0;
      if (decode_utf8(text, i, cp)) {
        out.append(text.substr(start, i - start));
      } else {
        out += "\xEF\xBF\xBD";  // U+FFFD for the one byte that does not start a character
        valid = false;
        ++i;
      }
      continue;
    }
    ++i;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xF];
        } else {
          out += static_cast<char>(byte);
        }
    }
  }
  out += '"';
  return valid;
}

void append_json_value(std::string& out, const JsonValue& value) {
  switch (value.kind()) {
    case JsonKind::null: out += "null"; return;
    case JsonKind::boolean: out += value.boolean() ? "true" : "false"; return;
    case JsonKind::integer:
      if (const auto unsigned_value = value.as_uint64()) {
        out += std::to_string(*unsigned_value);
      } else {
        out += std::to_string(*value.as_int64());
      }
      return;
    case JsonKind::other_number: out += value.text(); return;
    case JsonKind::string: append_json_string(out, value.text()); return;
    case JsonKind::array:
      out += '[';
      for (std::size_t i = 0; i < value.items().size(); ++i) {
        if (i > 0) out += ',';
        append_json_value(out, value.items()[i]);
      }
      out += ']';
      return;
    case JsonKind::object:
      out += '{';
      for (std::size_t i = 0; i < value.keys().size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, value.keys()[i]);
        out += ':';
        append_json_value(out, value.items()[i]);
      }
      out += '}';
      return;
  }
}

JsonText::JsonText(std::string_view text) : is_string_(true), text_(text) { valid_ = append_json_string(json_, text); }

JsonText::JsonText(const std::vector<std::string>& strings) {
  json_ += '[';
  for (std::size_t i = 0; i < strings.size(); ++i) {
    if (i > 0) json_ += ',';
    valid_ = append_json_string(json_, strings[i]) && valid_;
  }
  json_ += ']';
}

JsonText::JsonText(std::initializer_list<JsonText> items) { write_list(items); }

JsonText JsonText::list(const std::vector<JsonText>& items) {
  JsonText text;
  text.write_list(items);
  return text;
}

JsonText JsonText::raw(std::string json) {
  JsonText text;
  text.json_ = std::move(json);
  return text;
}

template <typename Items>
void JsonText::write_list(const Items& items) {
  bool object = items.size() > 0;
  for (const JsonText& item : items) {
    object = object && item.is_member_;
    valid_ = valid_ && item.valid_;
  }
  json_ += object ? '{' : '[';
  bool first = true;
  for (const JsonText& item : items) {
    if (!first) json_ += ',';
    first = false;
    if (object) {
      append_json_string(json_, item.text_);  // the key; whether it was UTF-8 is in item.valid_ already
      json_ += ':';
      json_ += item.member_value_;
    } else {
      json_ += item.json_;
    }
  }
  json_ += object ? '}' : ']';
  if (items.size() == 2 && items.begin()->is_string_) {
    is_member_ = true;
    text_ = items.begin()->text_;
    member_value_ = (items.begin() + 1)->json_;
  }
}

void JsonWriter::before_value() {
  if (needs_comma_) out_ += ',';
  needs_comma_ = true;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  needs_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  needs_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view key) {
  before_value();
  append_json_string(out_, key);
  out_ += ':';
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::number(std::uint64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& texts) {
  begin_array();
  for (const std::string& text : texts) string(text);
  return end_array();
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

}  // namespace breachcheck
