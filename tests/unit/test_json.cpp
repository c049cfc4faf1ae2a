// SPDX-License-Identifier: MPL-2.0
// The engine's own JSON reader and writer (wasm/core/util/json_reader.h, json_writer.h): what the browser engine
// uses instead of nlohmann/json. Hostile input, and a differential test against nlohmann/json (the publisher
// side's library) over thousands of valid and mutated texts.
#include <catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "json_oracle.h"
#include "oprf/oprf_header.h"
#include "test_support.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

using namespace breachcheck;
using breachcheck::test::read_repo_file;

namespace {

constexpr JsonLimits kLimits{1u << 20, 16};

struct Read {
  bool ok = false;
  JsonValue value;
  JsonError error;
};

Read read(std::string_view text, const JsonLimits& limits = kLimits) {
  Read r;
  r.ok = parse_json(text, limits, r.value, r.error);
  return r;
}

JsonErrorCode error_of(std::string_view text, const JsonLimits& limits = kLimits) {
  const Read r = read(text, limits);
  return r.ok ? JsonErrorCode::none : r.error.code;
}

std::string written(std::string_view text) {
  const Read r = read(text);
  REQUIRE(r.ok);
  std::string out;
  append_json_value(out, r.value);
  return out;
}

std::string golden_metadata() {
  const std::string file = read_repo_file("tests/golden/golden.bcd");
  REQUIRE(file.size() > 112);
  const auto length = static_cast<std::size_t>(static_cast<unsigned char>(file[76])) |
                      static_cast<std::size_t>(static_cast<unsigned char>(file[77])) << 8 |
                      static_cast<std::size_t>(static_cast<unsigned char>(file[78])) << 16;
  return file.substr(112, length);
}

// Valid texts the engine reads (metadata, catalogs, the "oprf" object, an evaluation response) and texts that
// stress the grammar's corners.
std::vector<std::string> seed_texts() {
  std::vector<std::string> seeds = {
      golden_metadata(),
      read_repo_file("wasm/catalog/viamedis-almerys-2024.json"),
      read_repo_file("tests/unit/catalogs/minimal.json"),
      read_repo_file("tests/unit/catalogs/bidi-override.json"),
      oprf_header_json(OprfHeaderConfig{{}, {"https://oprf.example.fr/v1/evaluate", "http://127.0.0.1:8080/e"}}),
      "{\"evaluated_element\":\"" + std::string(43, 'A') + "=\",\"proof\":\"" + std::string(86, 'B') + "==\"}",
      R"({"a":"\u00e9\uD83D\uDE00\n\t\"\\\/\b\f\r","b":"Alm\u00e9rys","c":"\u0000x"})",
      "[0,-0,1,-1,18446744073709551615,18446744073709551616,-9223372036854775808,-9223372036854775809]",
      "[1.5,-0.25,1e3,1E-3,2.5e+10,0.000001,123456789012345678901234567890,1.7976931348623157e308,4.9e-324]",
      "{\"nested\":{\"a\":[{\"b\":[[],{}]},null,true,false]},\"\xC3\xA9\":\"\xE2\x82\xAC\xF0\x9F\x98\x80\"}",
      " \t\r\n{ \"k\" : [ 1 , 2 ] , \"l\" : { } } \n",
      "\"top-level string\"",
      "42",
  };
  return seeds;
}

// Deterministic mutations: std::mt19937's output is fixed by the standard (distributions are not: not used).
class Mutator {
 public:
  explicit Mutator(std::uint32_t seed) : random_(seed) {}

  std::string mutate(const std::string& text) {
    std::string out = text;
    const int edits = 1 + static_cast<int>(next(3));
    for (int e = 0; e < edits && !out.empty(); ++e) {
      const std::size_t at = next(out.size());
      switch (next(6)) {
        case 0: out[at] = interesting(); break;
        case 1: out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), interesting()); break;
        case 2: out.erase(at, 1 + next(3)); break;
        case 3: out.resize(at); break;
        case 4: {  // repeat a span (duplicate keys, deeper nesting)
          const std::size_t length = std::min<std::size_t>(out.size() - at, 1 + next(40));
          out.insert(at, out.substr(at, length));
          break;
        }
        default: out[at] = static_cast<char>(next(256)); break;
      }
    }
    return out;
  }

 private:
  std::size_t next(std::size_t bound) { return static_cast<std::size_t>(random_() % bound); }
  char interesting() {
    static constexpr char kBytes[] = {'{', '}', '[', ']', ',', ':', '"', '\\', 'u', 'e', 'E', '-', '+', '.', '0',
                                      '1', '9', ' ', '\n', 't', 'n', 'D', '8', '\x00', '\x1F', '\x7F', '\x80',
                                      '\xBF', '\xC0', '\xC3', '\xED', '\xF0', '\xF4', '\xF5', '\xFF', '/', '*'};
    return kBytes[next(sizeof kBytes)];
  }
  std::mt19937 random_;
};

}  // namespace

TEST_CASE("json reader: values and their kinds", "[json]") {
  const Read r = read(R"({"n":null,"t":true,"f":false,"i":-12,"u":18446744073709551615,"x":1.50,"s":"a\u00e9","a":[1,[]],"o":{}})");
  REQUIRE(r.ok);
  const JsonValue& v = r.value;
  REQUIRE(v.is_object());
  CHECK(v.size() == 9);
  CHECK(v.keys().size() == v.items().size());
  CHECK(v.keys()[0] == "n");  // document order
  CHECK(v.keys()[8] == "o");
  CHECK(v.items()[8].is_object());
  CHECK(v.find("n")->kind() == JsonKind::null);
  CHECK(v.find("t")->boolean());
  CHECK_FALSE(v.find("f")->boolean());
  CHECK(v.find("i")->as_int64() == -12);
  CHECK_FALSE(v.find("i")->as_uint64().has_value());
  CHECK(v.find("u")->as_uint64() == UINT64_MAX);
  CHECK_FALSE(v.find("u")->as_int64().has_value());
  CHECK(v.find("x")->kind() == JsonKind::other_number);
  CHECK(v.find("x")->text() == "1.50");  // kept as written
  CHECK(v.find("s")->text() == "a\xC3\xA9");
  CHECK(v.find("a")->items().size() == 2);
  CHECK(v.find("o")->size() == 0);
  CHECK(v.find("missing") == nullptr);

  CHECK(read("-9223372036854775808").value.as_int64() == INT64_MIN);
  CHECK(read("-9223372036854775809").value.kind() == JsonKind::other_number);
  CHECK(read("18446744073709551616").value.kind() == JsonKind::other_number);
  CHECK(read("-0").value.as_uint64() == 0u);  // -0 is the integer 0
  CHECK(read("1e2").value.kind() == JsonKind::other_number);  // an exponent is never an integer here
  CHECK(read("\"\\u0000\"").value.text() == std::string(1, '\0'));  // an escaped NUL is a character like any
  CHECK(read("\"\\uD83D\\uDE00\"").value.text() == "\xF0\x9F\x98\x80");
  CHECK(read("\"\\u20AC\\u20ac\"").value.text() == "\xE2\x82\xAC\xE2\x82\xAC");
  CHECK(read(" [ ] \r\n\t").ok);
}

TEST_CASE("json reader: what RFC 8259 does not allow is refused, with where", "[json][hostile]") {
  using E = JsonErrorCode;
  CHECK(error_of("") == E::unexpected_end);
  CHECK(error_of("   ") == E::unexpected_end);
  CHECK(error_of("[1,]") == E::unexpected_byte);          // trailing comma
  CHECK(error_of("{\"a\":1,}") == E::unexpected_byte);
  CHECK(error_of("/* c */ {}") == E::unexpected_byte);    // comments
  CHECK(error_of("{} // c") == E::trailing_content);
  CHECK(error_of("{}x") == E::trailing_content);
  CHECK(error_of("{}{}") == E::trailing_content);
  CHECK(error_of("01") == E::invalid_number);             // leading zero
  CHECK(error_of("-01") == E::invalid_number);
  CHECK(error_of("[-]") == E::invalid_number);
  CHECK(error_of("1.") == E::unexpected_end);
  CHECK(error_of("[1.]") == E::invalid_number);
  CHECK(error_of("[.5]") == E::unexpected_byte);
  CHECK(error_of("[1e]") == E::invalid_number);
  CHECK(error_of("[+1]") == E::unexpected_byte);
  CHECK(error_of("[NaN]") == E::unexpected_byte);
  CHECK(error_of("[Infinity]") == E::unexpected_byte);
  CHECK(error_of("[tru]") == E::unexpected_byte);
  CHECK(error_of("nul") == E::unexpected_end);
  CHECK(error_of("'a'") == E::unexpected_byte);
  CHECK(error_of("{a:1}") == E::unexpected_byte);
  CHECK(error_of("\"\\x41\"") == E::invalid_escape);
  CHECK(error_of("\"\\u12G4\"") == E::invalid_escape);
  CHECK(error_of("\"\\u12\"") == E::invalid_escape);
  CHECK(error_of("\xEF\xBB\xBF{}") == E::unexpected_byte);  // byte order mark: refused (RFC 8259 allows that)

  const Read r = read("{\"a\": [1, 2,, 3]}");
  CHECK(r.error.code == E::unexpected_byte);
  CHECK(r.error.offset == 12);  // the second comma
  CHECK(read("[1, 2").error.offset == 5);  // the end
}

TEST_CASE("json reader: control characters, NUL bytes and invalid UTF-8 are refused", "[json][hostile]") {
  using E = JsonErrorCode;
  CHECK(error_of(std::string("\"a\0b\"", 5)) == E::control_character);
  CHECK(error_of(std::string("[1]\0", 4)) == E::trailing_content);  // nlohmann/json stops at the NUL: accepted
  CHECK(error_of(std::string("{}\0{\"hidden\":1}", 15)) == E::trailing_content);
  CHECK(error_of(std::string("\0[1]", 4)) == E::unexpected_byte);
  CHECK(error_of("\"a\nb\"") == E::control_character);
  CHECK(error_of("\"a\tb\"") == E::control_character);
  CHECK(error_of("\"\x1F\"") == E::control_character);
  CHECK(read("\"\x7F\"").ok);  // DEL is not a JSON control character
  for (const char* bad : {"\"\xFF\"", "\"\xC0\x80\"", "\"\xC3\"", "\"\xE2\x82\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
                          "\"\x80\"", "\"\xF5\x80\x80\x80\"", "[\xFF]", "\xC3"}) {
    INFO(bad);
    CHECK(error_of(bad) == E::invalid_utf8);
  }
  const Read r = read("{\"ok\":\"caf\xC3\xA9\",\"bad\":\"caf\xFF\"}");
  CHECK(r.error.code == E::invalid_utf8);
  CHECK(r.error.offset == 24);
  CHECK(error_of("[\xC3\xA9]") == E::unexpected_byte);  // UTF-8, but not JSON out of a string
}

TEST_CASE("json reader: lone surrogates in \\u escapes are refused, pairs decoded", "[json][hostile]") {
  using E = JsonErrorCode;
  for (const char* bad : {R"("\uD800")", R"("\uDBFF")", R"("\uDC00")", R"("\uDFFF x")", R"("\uD800\u0041")",
                          R"("\uD800\uD800")", R"("\uD800\n")", R"("\uD800\uDC0")", R"("\uDE00\uD83D")"}) {
    INFO(bad);
    CHECK(error_of(bad) == E::lone_surrogate);
  }
  CHECK(error_of("\"\\uD800") == E::lone_surrogate);  // cut after the high half
  CHECK(read(R"("\uD800\uDC00")").value.text() == "\xF0\x90\x80\x80");
  CHECK(read(R"("\uDBFF\uDFFF")").value.text() == "\xF4\x8F\xBF\xBF");
}

TEST_CASE("json reader: nesting is bounded, without recursion past the bound", "[json][hostile]") {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(read(nested(16)).ok);
  CHECK(error_of(nested(17)) == JsonErrorCode::too_deep);
  CHECK(read(nested(17)).error.offset == 16);
  CHECK(error_of(nested(400000)) == JsonErrorCode::too_deep);  // a stack overflow without the bound
  CHECK(error_of(std::string(1000000, '[')) == JsonErrorCode::too_deep);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  CHECK(error_of(objects) == JsonErrorCode::too_deep);
  CHECK(error_of("{\"a\":[{\"b\":1}]}", JsonLimits{1024, 2}) == JsonErrorCode::too_deep);
  CHECK(read("{\"a\":[{\"b\":1}]}", JsonLimits{1024, 3}).ok);
  // No caller gets more than kMaxJsonDepth (the reader recurses once per level).
  CHECK(read(nested(kMaxJsonDepth), JsonLimits{1u << 20, 1000}).ok);
  CHECK(error_of(nested(kMaxJsonDepth + 1), JsonLimits{1u << 20, 1000}) == JsonErrorCode::too_deep);
}

TEST_CASE("json reader: the size bound is checked before reading", "[json][hostile]") {
  const std::string text = "[" + std::string(100, ' ') + "]";
  CHECK(read(text, JsonLimits{text.size(), 4}).ok);
  const Read r = read(text, JsonLimits{text.size() - 1, 4});
  CHECK(r.error.code == JsonErrorCode::too_large);
  CHECK(error_of(std::string(2u << 20, ' ')) == JsonErrorCode::too_large);
}

TEST_CASE("json reader: numbers no double can hold are refused, huge integers kept as written", "[json][hostile]") {
  using E = JsonErrorCode;
  CHECK(read("1.7976931348623157e308").ok);   // DBL_MAX
  CHECK(read("1.7976931348623158e308").ok);   // still rounds to DBL_MAX
  CHECK(error_of("1.7976931348623159e308") == E::invalid_number);  // rounds to infinity
  // 2^1024 - 2^970 exactly (the tie rounds up to infinity), and the largest integer just below it.
  const std::string threshold =
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286"
      "416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571"
      "366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
  CHECK(error_of(threshold) == E::invalid_number);
  CHECK(error_of(threshold + ".0e-0") == E::invalid_number);
  CHECK(read(threshold.substr(0, threshold.size() - 1) + "1").value.kind() == JsonKind::other_number);
  CHECK(read("0." + threshold.substr(0, threshold.size() - 1) + "1e309").ok);
  for (const std::string& text : std::vector<std::string>{threshold, threshold.substr(0, threshold.size() - 1) + "1",
                                                          "1e309", "-1e309", "1.7976931348623158e308",
                                                          "1.7976931348623159e308"}) {
    CHECK(json_oracle::disagreement(text, kLimits).empty());  // where strtod (nlohmann's reader) puts the line
  }
  CHECK(error_of("1e309") == E::invalid_number);
  CHECK(error_of("-1e309") == E::invalid_number);
  CHECK(error_of("[1e999999999999999999999]") == E::invalid_number);
  CHECK(error_of("1" + std::string(309, '0')) == E::invalid_number);
  CHECK(read("1" + std::string(308, '0')).value.kind() == JsonKind::other_number);
  CHECK(read("0." + std::string(100000, '0') + "1e100000").ok);  // 1e-1: digits far from the decimal point
  CHECK(read("1e-999999999999999999").ok);                         // underflows to 0, as strtod reads it
  CHECK(read("0e999999999").ok);                                   // zero whatever the exponent
  CHECK(read("[" + std::string(100000, '9') + "e-99800]").ok);     // a long mantissa, a small value
  CHECK(error_of("[" + std::string(100000, '9') + "e-99690]") == E::invalid_number);
}

TEST_CASE("json reader: a repeated key is refused at any depth, with the path to it", "[json][hostile]") {
  const Read top = read("{\"a\":1,\"b\":2,\"a\":3}");
  CHECK(top.error.code == JsonErrorCode::duplicate_key);
  CHECK(top.error.key == "a");
  CHECK(top.error.offset == 13);
  CHECK(json_path_to("{\"a\":1,\"b\":2,\"a\":3}", top.error.offset).empty());

  const std::string nested_text = "{\"x\":[{\"y\":{\"k\":1,\"\\u006b\":2}}]}";  // "\u006b" is "k"
  const Read nested = read(nested_text);
  REQUIRE(nested.error.code == JsonErrorCode::duplicate_key);
  CHECK(nested.error.key == "k");
  CHECK(json_path_to(nested_text, nested.error.offset) == std::vector<std::string>{"x", kJsonArrayItem, "y"});
  const std::string in_array = "[{\"\\\"a,\":[{}],\"b\":{\"c\":[1,\"]\"]},\"\\\"a,\":{}}]";  // keys "\"a," and b
  const Read second = read(in_array);
  REQUIRE(second.error.code == JsonErrorCode::duplicate_key);
  CHECK(second.error.key == "\"a,");
  CHECK(json_path_to(in_array, second.error.offset) == std::vector<std::string>{kJsonArrayItem});

  CHECK(read("{\"a\":{\"k\":1},\"b\":{\"k\":1}}").ok);  // the same key in two objects
  CHECK(read("[{\"k\":1},{\"k\":1}]").ok);
  CHECK(read("{\"k\":1,\"K\":1,\"k \":1}").ok);        // exact bytes, no folding
}

TEST_CASE("json reader: every truncation of a valid text is refused", "[json][hostile]") {
  for (const std::string& text : seed_texts()) {
    const bool top_number = !text.empty() && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9'));
    if (top_number) continue;  // "42" cut is "4", a valid text
    std::size_t end = text.find_last_not_of(" \t\r\n") + 1;
    for (std::size_t cut = 0; cut < end; ++cut) {
      INFO(text.substr(0, 60) << " cut at " << cut);
      const Read r = read(std::string_view(text).substr(0, cut));
      CHECK_FALSE(r.ok);
      CHECK(r.error.offset <= cut);
    }
  }
}

TEST_CASE("json writer: strings escaped as nlohmann/json's dump() escapes them", "[json]") {
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  for (const std::string& text : {every_ascii, std::string("Alm\xC3\xA9rys \xE2\x82\xAC \xF0\x9F\x98\x80"),
                                  std::string("\xC2\x85\xE2\x80\xAE"), std::string()}) {
    std::string out;
    CHECK(append_json_string(out, text));
    CHECK(out == nlohmann::json(text).dump());
  }
  std::string out;
  append_json_string(out, "\x01\x1f\x7f\"\\/");
  CHECK(out == "\"\\u0001\\u001f\x7f\\\"\\\\/\"");  // lowercase hex, DEL and / as is

  // Not UTF-8: always valid JSON out (U+FFFD per bad byte), and the caller is told.
  std::string replaced;
  CHECK_FALSE(append_json_string(replaced, "a\xFF" "b\xC3"));
  CHECK(replaced == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
  CHECK(read(replaced).ok);
}

TEST_CASE("json writer: built values and parsed values", "[json]") {
  CHECK(JsonText{{"ok", true}, {"value", 3}}.str() == "{\"ok\":true,\"value\":3}");
  CHECK(JsonText{{"a", {{"b", std::uint64_t{18446744073709551615u}}}}, {"c", false}}.str() ==
        "{\"a\":{\"b\":18446744073709551615},\"c\":false}");
  CHECK(JsonText{1, 2, "x"}.str() == "[1,2,\"x\"]");
  CHECK(JsonText(std::vector<std::string>{"a", "b"}).str() == "[\"a\",\"b\"]");
  CHECK(JsonText(std::vector<std::string>{}).str() == "[]");
  CHECK(JsonText::list({}).str() == "[]");
  CHECK(JsonText{{"k", JsonText::raw("[1,2]")}}.str() == "{\"k\":[1,2]}");
  CHECK(JsonText{{"n", std::int64_t{-5}}, {"u8", std::uint8_t{7}}}.str() == "{\"n\":-5,\"u8\":7}");

  const std::string text = R"({"b":[1,-2,1.50,"\u00e9\n",{"z":null,"a":true}],"a":{}})";
  CHECK(written(text) == R"({"b":[1,-2,1.50,"é\n",{"z":null,"a":true}],"a":{}})");  // document order
  CHECK(written(written(text)) == written(text));
  CHECK(nlohmann::json::parse(written(text)) == nlohmann::json::parse(text));
}

TEST_CASE("json writer: a value written as it is called", "[json]") {
  JsonWriter w;
  w.begin_object()
      .key("a").number(18446744073709551615u)
      .key("b").begin_array().string("x\n").boolean(false).begin_object().end_object().end_array()
      .key("c").strings({"d", "e"})
      .key("\xC3\xA9").raw("[1,{}]")
      .key("f").strings({})
      .end_object();
  CHECK(w.text() == "{\"a\":18446744073709551615,\"b\":[\"x\\n\",false,{}],\"c\":[\"d\",\"e\"],\"\xC3\xA9\":[1,{}],\"f\":[]}");
  CHECK(read(w.text()).ok);
  JsonWriter top;
  CHECK(top.number(0).text() == "0");
}

TEST_CASE("json reader: accepts exactly what nlohmann/json accepts, with equal values (differential)",
          "[json][hostile]") {
  std::size_t cases = 0, accepted = 0;
  const auto check_text = [&](const std::string& text, const JsonLimits& limits) {
    const std::string difference = json_oracle::disagreement(text, limits);
    ++cases;
    if (difference.empty()) {
      JsonValue ignored;
      JsonError error;
      accepted += parse_json(text, limits, ignored, error);
      return;
    }
    std::string shown;  // printable, whatever the bytes (U+FFFD for those that are not UTF-8)
    append_json_string(shown, text.substr(0, 300));
    FAIL_CHECK(difference << " for " << shown);
  };
  Mutator mutator(20261130);
  for (const std::string& seed : seed_texts()) {
    check_text(seed, kLimits);
    check_text(seed, JsonLimits{kLimits.max_bytes, 3});  // the depth bound, both sides
    const int rounds = seed.size() > 4000 ? 300 : 1000;
    for (int i = 0; i < rounds; ++i) {
      const std::string mutant = mutator.mutate(seed);
      check_text(mutant, i % 10 == 0 ? JsonLimits{kLimits.max_bytes, 4} : kLimits);
      if (i % 50 == 0) check_text(mutator.mutate(mutant), kLimits);
    }
  }
  INFO(cases << " texts, " << accepted << " accepted");
  CHECK(cases > 10000);
  CHECK(accepted > cases / 10);  // the corpus is not all noise: valid mutants are compared value by value
}
