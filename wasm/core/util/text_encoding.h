// SPDX-License-Identifier: MPL-2.0
// The character encodings a publisher's export may come in, and their conversion to UTF-8 (the only encoding
// inside the engine and the data set). Spreadsheets on French Windows save "CSV" in Windows-1252; older
// tools say "latin-1". Both are single-byte and ASCII-compatible, so the CSV structure (separators, quotes,
// line breaks) is the same bytes in all three and fields can be converted one by one after splitting.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace breachcheck {

enum class TextEncoding { utf8, windows1252, latin1 };

// "utf-8" (also "utf8"), "windows-1252" ("cp1252"), "latin-1" ("latin1", "iso-8859-1"); case-insensitive.
std::optional<TextEncoding> parse_text_encoding(std::string_view name);
const char* text_encoding_name(TextEncoding encoding);  // the first spelling above

// Strict UTF-8 (RFC 3629, utf8.h): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// `bytes` in `from` -> UTF-8 in `out` (replaced, never appended to). False when a byte is not a character of
// `from`: invalid UTF-8, or one of the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
// Latin-1 maps 0x80-0x9F to the C1 control characters, as the standard says (the caller refuses controls).
// `out` may hold an identifier: the caller wipes it.
bool to_utf8(std::string_view bytes, TextEncoding from, std::string& out);

}  // namespace breachcheck
