// SPDX-License-Identifier: MPL-2.0
#include "util/json_reader.h"

#include <algorithm>
#include <set>
#include <utility>

#include "util/utf8.h"

namespace breachcheck {
namespace {

// 2^1024 - 2^970, the smallest value strtod rounds to infinity (halfway between DBL_MAX and 2^1024; the tie
// rounds to the even 2^1024), written out: 309 digits, the last one not zero. (Computing it at run time costs
// more wasm than the digits: measured.)
constexpr std::string_view kDoubleOverflowDigits =
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286"
    "416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571"
    "366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
constexpr std::int64_t kDoubleOverflowExponent = 309;  // kDoubleOverflowDigits = 0.<digits> x 10^309
static_assert(kDoubleOverflowDigits.size() == kDoubleOverflowExponent);

// True when the decimal number 0.<digits> x 10^exponent (digits without leading or trailing zeros) would read as
// infinity.
bool beyond_double(std::string_view digits, std::int64_t exponent) {
  if (digits.empty() || exponent < kDoubleOverflowExponent) return false;
  if (exponent > kDoubleOverflowExponent) return true;
  return digits.compare(kDoubleOverflowDigits) >= 0;  // as fractions: a proper prefix is the smaller one
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// Recursive descent, one call per nesting level (bounded by max_depth, itself capped by kMaxJsonDepth).
class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonLimits& limits, JsonError& error)
      : text_(text), max_depth_(std::min(limits.max_depth, kMaxJsonDepth)), max_bytes_(limits.max_bytes),
        error_(error) {}

  // Over text the reader accepted up to `offset`: the keys (or kJsonArrayItem) by which the containers open there
  // were entered, outermost first, the innermost one's excepted.
  std::vector<std::string> path_to(std::size_t offset) {
    struct Open {
      bool object = false;
      std::string key;  // objects: the last key read
    };
    std::vector<Open> open;
    bool expect_key = false;
    while (pos_ < offset && !at_end()) {
      const char c = text_[pos_];
      if (c == '"') {
        std::string text;
        if (!parse_string(text)) break;
        if (expect_key) open.back().key = std::move(text);
        expect_key = false;
        continue;
      }
      if (c == '{' || c == '[') {
        open.push_back(Open{c == '{', {}});
        expect_key = c == '{';
      } else if (c == '}' || c == ']') {
        if (!open.empty()) open.pop_back();
        expect_key = false;
      } else if (c == ',') {
        expect_key = !open.empty() && open.back().object;
      }
      ++pos_;
    }
    std::vector<std::string> path;
    for (std::size_t i = 0; i + 1 < open.size(); ++i) path.push_back(open[i].object ? open[i].key : kJsonArrayItem);
    return path;
  }

  bool parse_document(JsonValue& out) {
    error_ = JsonError{};
    if (text_.size() > max_bytes_) return fail(JsonErrorCode::too_large, max_bytes_);
    skip_whitespace();
    if (!parse_value(out, 0)) return false;
    skip_whitespace();
    if (pos_ != text_.size()) return fail(JsonErrorCode::trailing_content, pos_);
    return true;
  }

 private:
  bool fail(JsonErrorCode code, std::size_t offset) {
    error_.code = code;
    error_.offset = offset;
    return false;
  }

  bool at_end() const { return pos_ >= text_.size(); }

  void skip_whitespace() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // A byte that cannot be where it is: invalid UTF-8 is named as such (the most useful message for a text file).
  bool fail_here() {
    if (at_end()) return fail(JsonErrorCode::unexpected_end, text_.size());
    std::size_t i = pos_;
    char32_t cp = 0;
    if (static_cast<unsigned char>(text_[pos_]) >= 0x80 && !decode_utf8(text_, i, cp)) {
      return fail(JsonErrorCode::invalid_utf8, pos_);
    }
    return fail(JsonErrorCode::unexpected_byte, pos_);
  }

  bool parse_value(JsonValue& out, std::size_t depth) {
    if (at_end()) return fail_here();
    switch (text_[pos_]) {
      case '{': return parse_object(out, depth + 1);
      case '[': return parse_array(out, depth + 1);
      case '"':
        out.kind_ = JsonKind::string;
        return parse_string(out.text_);
      case 't': return parse_literal("true", JsonKind::boolean, true, out);
      case 'f': return parse_literal("false", JsonKind::boolean, false, out);
      case 'n': return parse_literal("null", JsonKind::null, false, out);
      default:
        if (text_[pos_] == '-' || is_digit(text_[pos_])) return parse_number(out);
        return fail_here();
    }
  }

  bool parse_literal(std::string_view word, JsonKind kind, bool value, JsonValue& out) {
    for (const char c : word) {
      if (at_end() || text_[pos_] != c) return fail_here();
      ++pos_;
    }
    out.kind_ = kind;
    out.boolean_ = value;
    return true;
  }

  bool parse_number(JsonValue& out) {
    const std::size_t start = pos_;
    const bool negative = text_[pos_] == '-';
    if (negative) ++pos_;
    if (at_end() || !is_digit(text_[pos_])) return at_end() ? fail_here() : fail(JsonErrorCode::invalid_number, pos_);
    const std::size_t int_start = pos_;
    if (text_[pos_] == '0') {
      ++pos_;
      if (!at_end() && is_digit(text_[pos_])) return fail(JsonErrorCode::invalid_number, pos_);  // leading zero
    } else {
      while (!at_end() && is_digit(text_[pos_])) ++pos_;
    }
    const std::size_t int_end = pos_;
    std::size_t frac_start = pos_, frac_end = pos_;
    bool integer = true;
    if (!at_end() && text_[pos_] == '.') {
      integer = false;
      frac_start = ++pos_;
      if (at_end() || !is_digit(text_[pos_])) return at_end() ? fail_here() : fail(JsonErrorCode::invalid_number, pos_);
      while (!at_end() && is_digit(text_[pos_])) ++pos_;
      frac_end = pos_;
    }
    std::int64_t exponent = 0;
    if (!at_end() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integer = false;
      ++pos_;
      bool exponent_negative = false;
      if (!at_end() && (text_[pos_] == '+' || text_[pos_] == '-')) exponent_negative = text_[pos_++] == '-';
      if (at_end() || !is_digit(text_[pos_])) return at_end() ? fail_here() : fail(JsonErrorCode::invalid_number, pos_);
      while (!at_end() && is_digit(text_[pos_])) {
        // Saturates: past a billion, the number is infinite or zero whatever its digits (they are fewer).
        exponent = std::min<std::int64_t>(exponent * 10 + (text_[pos_] - '0'), 1000000000);
        ++pos_;
      }
      if (exponent_negative) exponent = -exponent;
    }

    if (integer) {
      std::uint64_t magnitude = 0;
      bool fits = true;
      for (std::size_t i = int_start; i < int_end && fits; ++i) {
        const auto digit = static_cast<std::uint64_t>(text_[i] - '0');
        fits = magnitude <= (UINT64_MAX - digit) / 10;
        magnitude = magnitude * 10 + digit;
      }
      if (negative) fits = fits && magnitude <= std::uint64_t{1} << 63;
      if (fits) {
        out.kind_ = JsonKind::integer;
        out.negative_ = negative && magnitude != 0;  // -0 is 0
        out.magnitude_ = magnitude;
        return true;
      }
    }

    // Not computed, but refused when a double would be infinite (RFC 8259 leaves such numbers to the reader;
    // ours cannot represent them, and nlohmann/json refuses them too).
    std::string digits(text_.substr(int_start, int_end - int_start));
    digits.append(text_.substr(frac_start, frac_end - frac_start));
    const std::size_t first = digits.find_first_not_of('0');
    if (first != std::string::npos) {
      const std::size_t last = digits.find_last_not_of('0');
      const std::int64_t scale = static_cast<std::int64_t>(int_end - int_start) - static_cast<std::int64_t>(first);
      if (beyond_double(std::string_view(digits).substr(first, last + 1 - first), scale + exponent)) {
        return fail(JsonErrorCode::invalid_number, start);
      }
    }
    out.kind_ = JsonKind::other_number;
    out.text_.assign(text_.substr(start, pos_ - start));
    return true;
  }

  bool read_hex4(std::size_t at, char32_t& value) const {
    if (text_.size() - at < 4) return false;
    value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const int digit = hex_value(text_[i]);
      if (digit < 0) return false;
      value = (value << 4) | static_cast<char32_t>(digit);
    }
    return true;
  }

  // After a backslash at pos_: appends what it stands for.
  bool parse_escape(std::string& out) {
    const std::size_t start = pos_;
    ++pos_;
    if (at_end()) return fail_here();
    const char c = text_[pos_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return fail(JsonErrorCode::invalid_escape, start);
    }
    char32_t cp = 0;
    if (!read_hex4(pos_, cp)) return fail(JsonErrorCode::invalid_escape, start);
    pos_ += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(JsonErrorCode::lone_surrogate, start);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      char32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u" || !read_hex4(pos_ + 2, low) || low < 0xDC00 || low > 0xDFFF) {
        return fail(JsonErrorCode::lone_surrogate, start);
      }
      pos_ += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
    return true;
  }

  bool parse_string(std::string& out) {
    ++pos_;  // the opening quote
    while (true) {
      if (at_end()) return fail_here();
      const auto byte = static_cast<unsigned char>(text_[pos_]);
      if (byte == '"') {
        ++pos_;
        return true;
      }
      if (byte == '\\') {
        if (!parse_escape(out)) return false;
      } else if (byte < 0x20) {
        return fail(JsonErrorCode::control_character, pos_);
      } else if (byte < 0x80) {
        out += static_cast<char>(byte);
        ++pos_;
      } else {
        const std::size_t start = pos_;
        char32_t cp = 0;
        if (!decode_utf8(text_, pos_, cp)) return fail(JsonErrorCode::invalid_utf8, start);
        out.append(text_.substr(start, pos_ - start));
      }
    }
  }

  bool parse_array(JsonValue& out, std::size_t depth) {
    if (depth > max_depth_) return fail(JsonErrorCode::too_deep, pos_);
    out.kind_ = JsonKind::array;
    ++pos_;
    skip_whitespace();
    if (!at_end() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      out.items_.emplace_back();
      if (!parse_value(out.items_.back(), depth)) return false;
      skip_whitespace();
      if (at_end() || (text_[pos_] != ',' && text_[pos_] != ']')) return fail_here();
      if (text_[pos_++] == ']') break;
      skip_whitespace();
    }
    return true;
  }

  bool parse_object(JsonValue& out, std::size_t depth) {
    if (depth > max_depth_) return fail(JsonErrorCode::too_deep, pos_);
    out.kind_ = JsonKind::object;
    ++pos_;
    skip_whitespace();
    if (!at_end() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    std::set<std::string> keys;
    while (true) {
      if (at_end() || text_[pos_] != '"') return fail_here();  // also a trailing comma
      const std::size_t key_start = pos_;
      std::string key;
      if (!parse_string(key)) return false;
      if (!keys.insert(key).second) {
        error_.key = std::move(key);
        return fail(JsonErrorCode::duplicate_key, key_start);
      }
      skip_whitespace();
      if (at_end() || text_[pos_] != ':') return fail_here();
      ++pos_;
      skip_whitespace();
      out.keys_.push_back(std::move(key));
      out.items_.emplace_back();
      if (!parse_value(out.items_.back(), depth)) return false;
      skip_whitespace();
      if (at_end() || (text_[pos_] != ',' && text_[pos_] != '}')) return fail_here();
      if (text_[pos_++] == '}') break;
      skip_whitespace();
    }
    return true;
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t max_bytes_;
  JsonError& error_;
  std::size_t pos_ = 0;
};

std::optional<std::uint64_t> JsonValue::as_uint64() const {
  if (kind_ != JsonKind::integer || negative_) return std::nullopt;
  return magnitude_;
}

std::optional<std::int64_t> JsonValue::as_int64() const {
  if (kind_ != JsonKind::integer) return std::nullopt;
  if (negative_) {
    // magnitude_ <= 2^63 by construction: -(magnitude_ - 1) - 1 never overflows.
    return -static_cast<std::int64_t>(magnitude_ - 1) - 1;
  }
  if (magnitude_ > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(magnitude_);
}

std::size_t JsonValue::size() const { return items_.size(); }  // scalars have none

const JsonValue* JsonValue::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

const char* json_error_text(JsonErrorCode code) {
  switch (code) {
    case JsonErrorCode::none: return "no error";
    case JsonErrorCode::too_large: return "the text is too large";
    case JsonErrorCode::too_deep: return "nesting is too deep";
    case JsonErrorCode::unexpected_end: return "the text stops inside a value";
    case JsonErrorCode::unexpected_byte: return "unexpected character";
    case JsonErrorCode::invalid_number: return "invalid number";
    case JsonErrorCode::control_character: return "control character in a string (escape it)";
    case JsonErrorCode::invalid_escape: return "invalid escape sequence";
    case JsonErrorCode::lone_surrogate: return "\\u escape of half a surrogate pair";
    case JsonErrorCode::invalid_utf8: return "invalid UTF-8";
    case JsonErrorCode::duplicate_key: return "duplicate key";
    case JsonErrorCode::trailing_content: return "text after the value";
  }
  return "invalid JSON";
}

std::vector<std::string> json_path_to(std::string_view text, std::size_t offset) {
  JsonError ignored;
  return JsonParser(text, JsonLimits{text.size(), kMaxJsonDepth}, ignored).path_to(offset);
}

bool parse_json(std::string_view text, const JsonLimits& limits, JsonValue& out, JsonError& error) {
  out = JsonValue{};
  return JsonParser(text, limits, error).parse_document(out);
}

}  // namespace breachcheck
