// SPDX-License-Identifier: MPL-2.0
// Spreadsheet encodings: Windows-1252 and Latin-1 converted to UTF-8 on input, UTF-8 checked strictly.
#include <catch.hpp>

#include "util/text_encoding.h"

using namespace breachcheck;

namespace {

std::string converted(std::string_view bytes, TextEncoding from) {
  std::string out = "left over";
  REQUIRE(to_utf8(bytes, from, out));
  return out;
}

}  // namespace

TEST_CASE("Encoding names are read as spreadsheets and iconv spell them", "[csv][encoding]") {
  CHECK(parse_text_encoding("utf-8") == TextEncoding::utf8);
  CHECK(parse_text_encoding("UTF8") == TextEncoding::utf8);
  CHECK(parse_text_encoding("Windows-1252") == TextEncoding::windows1252);
  CHECK(parse_text_encoding("cp1252") == TextEncoding::windows1252);
  CHECK(parse_text_encoding("latin-1") == TextEncoding::latin1);
  CHECK(parse_text_encoding("ISO-8859-1") == TextEncoding::latin1);
  for (const char* unknown : {"", "utf-16", "ansi", "windows-1251", "latin-9", "utf-8 "}) {
    INFO(unknown);
    CHECK_FALSE(parse_text_encoding(unknown).has_value());
  }
  CHECK(std::string(text_encoding_name(TextEncoding::windows1252)) == "windows-1252");
}

TEST_CASE("Windows-1252 accented insurer names become the same UTF-8 text", "[csv][encoding]") {
  CHECK(converted("Mutuelle D\xE9mo des C\xE9vennes", TextEncoding::windows1252) == "Mutuelle Démo des Cévennes");
  CHECK(converted("Commer\xE7" "ants \xC0 \xCEle", TextEncoding::windows1252) == "Commerçants À Île");
  // The 0x80-0x9F range, where Windows-1252 is not Latin-1: euro, typographic quotes, OE ligature, Y diaeresis.
  CHECK(converted("\x80\x92\x8C\x9C\x9F", TextEncoding::windows1252) == "€’ŒœŸ");
  CHECK(converted("\xFF", TextEncoding::windows1252) == "ÿ");
  CHECK(converted("plain ASCII, 123", TextEncoding::windows1252) == "plain ASCII, 123");
}

TEST_CASE("Every Windows-1252 byte gives valid UTF-8, except the five it leaves undefined", "[csv][encoding]") {
  for (int b = 0; b < 256; ++b) {
    INFO(b);
    const char byte = static_cast<char>(b);
    std::string out;
    const bool undefined = b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D;
    CHECK(to_utf8(std::string_view(&byte, 1), TextEncoding::windows1252, out) == !undefined);
    if (!undefined) CHECK(is_valid_utf8(out));
    if (undefined) CHECK(out.empty());
    REQUIRE(to_utf8(std::string_view(&byte, 1), TextEncoding::latin1, out));  // Latin-1 defines all 256
    CHECK(is_valid_utf8(out));
  }
}

TEST_CASE("Latin-1 maps 0x80-0x9F to C1 controls, as the standard says", "[csv][encoding]") {
  CHECK(converted("Soci\xE9t\xE9", TextEncoding::latin1) == "Société");
  CHECK(converted("\x80", TextEncoding::latin1) == "\xC2\x80");
}

TEST_CASE("UTF-8 is checked strictly, and passed through unchanged", "[csv][encoding]") {
  CHECK(converted("Mutuelle Démo", TextEncoding::utf8) == "Mutuelle Démo");
  const char* invalid[] = {
      "Mutuelle D\xE9mo",  // Windows-1252 é
      "\xC3",              // cut sequence
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong, three bytes
      "\xED\xA0\x80",      // surrogate U+D800
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // F5 lead
      "\x80",              // lone continuation byte
  };
  for (const char* bytes : invalid) {
    INFO(bytes);
    CHECK_FALSE(is_valid_utf8(bytes));
    std::string out;
    CHECK_FALSE(to_utf8(bytes, TextEncoding::utf8, out));
  }
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  CHECK(is_valid_utf8(""));
}
