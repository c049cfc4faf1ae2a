// SPDX-License-Identifier: MPL-2.0
// Text from the publisher's file (a value, a header name, an option's argument) as a report may show it: on a
// terminal, in a log, in JSON. Printable characters stay; what could rewrite a terminal line or reorder what
// the reader sees is escaped (docs/ERRORS.md, "Records file"):
//   - bytes that are not UTF-8, C0 controls and DEL: \xNN (the byte);
//   - C1 controls (U+0080-U+009F: what --encoding latin-1 makes of Windows-1252 punctuation) and the
//     invisible formatting and bidirectional characters (U+061C, U+200B-U+200F, U+202A-U+202E,
//     U+2060-U+2064, U+2066-U+2069, U+FEFF): \u{XXXX}.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace breachcheck {

// At most `max_characters` characters of `text` (each escape counts as one), then "..." when cut.
std::string escape_report_text(std::string_view text, std::size_t max_characters = 40);

// True for the code points escape_report_text writes as \u{XXXX}.
bool is_escaped_format_character(char32_t cp);

}  // namespace breachcheck
