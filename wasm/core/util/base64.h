// SPDX-License-Identifier: MPL-2.0
// Standard base64 (RFC 4648 section 4) for keys and the hardened mode's wire messages: one strict decoder, so
// that every accepted text is the unique encoding of its bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace breachcheck {

std::string encode_base64(const std::uint8_t* bytes, std::size_t size);

// Exactly `size` bytes from `text` (at most 256 characters): only A-Z a-z 0-9 + / and, at the end, "=" padding
// (required when `require_padding`, else optional). Non-zero trailing bits are refused. Writes `out` even on
// failure (callers wipe or discard it).
bool decode_base64_exact(std::string_view text, std::uint8_t* out, std::size_t size, bool require_padding);

// Without leading and trailing ASCII white space (key files end with a newline; pasted keys may carry spaces).
std::string_view trim_ascii_space(std::string_view text);

}  // namespace breachcheck
