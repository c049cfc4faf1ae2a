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
      for (std::size_t i = 0; i < value.members().size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, value.members()[i].key);
        out += ':';
        append_json_value(out, value.members()[i].value);
      }
      out += '}';
      return;
  }
}

JsonText::JsonText(const std::vector<std::string>& strings) : kind_(Kind::list) {
  items_.reserve(strings.size());
  for (const std::string& text : strings) items_.emplace_back(text);
}

JsonText JsonText::list(std::vector<JsonText> items) {
  JsonText text(Kind::list, std::string());
  text.items_ = std::move(items);
  return text;
}

JsonText JsonText::raw(std::string json) { return JsonText(Kind::literal, std::move(json)); }

bool JsonText::is_member() const {
  return kind_ == Kind::list && items_.size() == 2 && items_[0].kind_ == Kind::string;
}

bool JsonText::append_to(std::string& out) const {
  if (kind_ == Kind::string) return append_json_string(out, text_);
  if (kind_ == Kind::literal) {
    out += text_;
    return true;
  }
  bool object = !items_.empty();
  for (const JsonText& item : items_) object = object && item.is_member();
  bool valid = true;
  out += object ? '{' : '[';
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (i > 0) out += ',';
    if (object) {
      valid = append_json_string(out, items_[i].items_[0].text_) && valid;
      out += ':';
      valid = items_[i].items_[1].append_to(out) && valid;
    } else {
      valid = items_[i].append_to(out) && valid;
    }
  }
  out += object ? '}' : ']';
  return valid;
}

std::string JsonText::str() const {
  std::string out;
  append_to(out);
  return out;
}

}  // namespace breachcheck
