// SPDX-License-Identifier: MPL-2.0
#include "build/report_text.h"

#include <cstdio>

#include "util/utf8.h"

namespace breachcheck {

bool is_escaped_format_character(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xFEFF;
}

std::string escape_report_text(std::string_view text, std::size_t max_characters) {
  std::string out;
  std::size_t shown = 0, i = 0;
  char escape[16];
  while (i < text.size() && shown < max_characters) {
    ++shown;
    const std::size_t start = i;
    char32_t cp = 0;
    if (!decode_utf8(text, i, cp) || cp < 0x20 || cp == 0x7F) {
      i = start + 1;
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned char>(text[start]));
      out += escape;
    } else if (is_escaped_format_character(cp)) {
      std::snprintf(escape, sizeof escape, "\\u{%04X}", static_cast<unsigned>(cp));
      out += escape;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  if (i < text.size()) out += "...";
  return out;
}

}  // namespace breachcheck
