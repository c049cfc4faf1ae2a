// SPDX-License-Identifier: MPL-2.0
// The engine's one UTF-8 decoder, shared by what a person types (identity.cpp) and a publisher's records file
// (text_encoding.cpp): both refuse the same malformed bytes; and its one encoder (text_encoding.cpp's
// conversions, the JSON reader's \u escapes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace breachcheck {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Decodes the code point
// starting at byte `i` into `cp` and moves `i` past it; false (i unchanged) when the bytes there are not one.
bool decode_utf8(std::string_view s, std::size_t& i, char32_t& cp);

// Appends the UTF-8 bytes of `cp`, a Unicode scalar value (at most U+10FFFF, not a surrogate: the caller's
// decoding or mapping guarantees it).
void append_utf8(std::string& out, char32_t cp);

}  // namespace breachcheck
