// SPDX-License-Identifier: MPL-2.0
#include "util/base64.h"

#include <sodium.h>

#include <cstring>

namespace breachcheck {

std::string encode_base64(const std::uint8_t* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(&out[0], out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool decode_base64_exact(std::string_view text, std::uint8_t* out, std::size_t size, bool require_padding) {
  if (text.empty() || text.size() > 256) return false;
  // libsodium 1.0.18's decoder maps some bytes outside the alphabet (e.g. 0xFF) to digits, so a text with them
  // could decode to a valid key or element (found by fuzz_oprf_wire): check the alphabet first.
  std::size_t padding = 0;
  for (char c : text) {
    const bool digit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=') {
      ++padding;
    } else if (!digit || padding > 0) {
      return false;  // outside the alphabet, or a digit after the padding
    }
  }
  if (padding > 2 || (require_padding && padding == 0 && size % 3 != 0)) return false;
  const int variant = padding > 0 ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out, size, text.data(), text.size(), nullptr, &written, &end, variant) != 0) return false;
  return written == size && end == text.data() + text.size();
}

std::string_view trim_ascii_space(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace breachcheck
