// SPDX-License-Identifier: MPL-2.0
#include "util/text_encoding.h"

#include <sodium.h>

#include <cstdint>

#include "util/utf8.h"

namespace breachcheck {
namespace {

// Windows-1252 0x80-0x9F (the only range where it differs from Latin-1); 0 marks the five undefined bytes.
// From the code page's published table (also WHATWG's index-windows-1252, which maps the undefined bytes to
// C1 controls instead: refusing them is stricter and they never occur in text an export means).
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<TextEncoding> parse_text_encoding(std::string_view name) {
  for (const char* utf8 : {"utf-8", "utf8"}) {
    if (equals_ignoring_case(name, utf8)) return TextEncoding::utf8;
  }
  for (const char* cp1252 : {"windows-1252", "cp1252"}) {
    if (equals_ignoring_case(name, cp1252)) return TextEncoding::windows1252;
  }
  for (const char* latin1 : {"latin-1", "latin1", "iso-8859-1"}) {
    if (equals_ignoring_case(name, latin1)) return TextEncoding::latin1;
  }
  return std::nullopt;
}

const char* text_encoding_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::windows1252: return "windows-1252";
    case TextEncoding::latin1: return "latin-1";
    case TextEncoding::utf8: break;
  }
  return "utf-8";
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < s.size()) {
    if (!decode_utf8(s, i, cp)) return false;
  }
  return true;
}

bool to_utf8(std::string_view bytes, TextEncoding from, std::string& out) {
  out.clear();
  if (from == TextEncoding::utf8) {
    if (!is_valid_utf8(bytes)) return false;
    out.assign(bytes);
    return true;
  }
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    char32_t cp = b;
    if (from == TextEncoding::windows1252 && b >= 0x80 && b <= 0x9F) {
      cp = kWindows1252High[b - 0x80];
      if (cp == 0) {
        if (!out.empty()) sodium_memzero(out.data(), out.size());
        out.clear();
        return false;
      }
    }
    append_utf8(out, cp);
  }
  return true;
}

}  // namespace breachcheck
