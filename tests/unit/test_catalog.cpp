// SPDX-License-Identifier: MPL-2.0
// The category catalog: the shipped default catalog, the canonical round trip, and hostile / malformed input.
#include <catch.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/catalog.h"
#include "test_support.h"

using breachcheck::Catalog;
using breachcheck::CatalogError;
using breachcheck::catalog_to_json;
using breachcheck::category_bit;
using breachcheck::operator_bit;
using breachcheck::parse_catalog;
using nlohmann::json;

namespace {

std::string read_text(const std::string& path) {
  REQUIRE(std::ifstream(path).good());
  return breachcheck::test::read_file(path);
}

std::string default_catalog_path() {
  return std::string(BREACHCHECK_SOURCE_DIR) + "/wasm/catalog/viamedis-almerys-2024.json";
}

std::string fixture(const std::string& name) {
  return read_text(std::string(BREACHCHECK_SOURCE_DIR) + "/tests/unit/catalogs/" + name);
}

const std::string& default_text() {
  static const std::string text = read_text(default_catalog_path());
  return text;
}

// The default catalog with one change, as JSON text.
std::string mutated(const std::function<void(json&)>& change) {
  json document = json::parse(default_text());
  change(document);
  return document.dump(2);
}

std::vector<std::string> ids(const std::vector<breachcheck::Category>& categories) {
  std::vector<std::string> out;
  for (const auto& category : categories) out.push_back(category.id);
  return out;
}

std::string error_of(const std::string& text) {
  try {
    parse_catalog(text);
  } catch (const CatalogError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("the default catalog parses with the fixed ids in the fixed order", "[catalog]") {
  const Catalog catalog = parse_catalog(default_text());
  CHECK(catalog.id == "viamedis-almerys-2024");

  // Order = bit index in the encrypted payload: never reorder.
  CHECK(ids(catalog.categories) ==
        std::vector<std::string>{"civil_status", "birth_date", "nir", "insurer_name", "contract_guarantees",
                                 "birth_rank", "insurer_contract_number", "operator_internal_reference",
                                 "member_number"});
  CHECK(ids(catalog.not_exposed_categories) ==
        std::vector<std::string>{"bank_details", "medical_data", "reimbursements", "postal_address", "phone_number",
                                 "email_address"});
  CHECK(category_bit(catalog, "civil_status") == 0);
  CHECK(category_bit(catalog, "nir") == 2);
  CHECK(category_bit(catalog, "member_number") == 8);
  CHECK(category_bit(catalog, "bank_details") == -1);  // not exposed: never a bit
  CHECK(category_bit(catalog, "") == -1);

  REQUIRE(catalog.operators.size() == 2);
  const auto& viamedis = catalog.operators[0];
  const auto& almerys = catalog.operators[1];
  CHECK(viamedis.id == "viamedis");
  CHECK(viamedis.name == "Viamedis");
  CHECK(viamedis.extra_categories == std::vector<std::string>{"member_number"});
  CHECK(viamedis.not_exposed == std::vector<std::string>{"bank_details", "postal_address", "phone_number",
                                                         "email_address"});
  CHECK(almerys.id == "almerys");
  CHECK(almerys.name == "Alm\xC3\xA9rys");
  CHECK(almerys.extra_categories ==
        std::vector<std::string>{"birth_rank", "insurer_contract_number", "operator_internal_reference"});
  CHECK(almerys.not_exposed == ids(catalog.not_exposed_categories));
  CHECK(operator_bit(catalog, "viamedis") == 0);
  CHECK(operator_bit(catalog, "almerys") == 1);
  CHECK(operator_bit(catalog, "Viamedis") == -1);

  CHECK(catalog.categories[0].label.in("fr") == "\xC3\x89tat civil");  // "État civil": accents are real UTF-8
  CHECK(catalog.categories[0].label.in("en") == "Civil status");
  CHECK(!catalog.incident.summary.in("fr").empty());
  CHECK(!catalog.incident.summary.in("en").empty());
  CHECK(catalog.incident.date == "2024-02-05");  // widgets refuse a birth date after it
}

TEST_CASE("the default catalog: every statement is sourced, and only known root URLs are linked", "[catalog]") {
  const Catalog catalog = parse_catalog(default_text());
  std::set<std::string> referenced;
  const auto note = [&referenced](const std::vector<std::string>& sources) {
    CHECK(!sources.empty());
    referenced.insert(sources.begin(), sources.end());
  };
  for (const auto& category : catalog.categories) note(category.sources);
  for (const auto& category : catalog.not_exposed_categories) note(category.sources);
  for (const auto& op : catalog.operators) note(op.sources);
  for (const auto& advice : catalog.advice) note(advice.sources);
  note(catalog.incident.sources);

  // No invented deep links: a source URL is empty or one of these official home pages.
  const std::set<std::string> allowed_urls = {"", "https://www.cnil.fr/", "https://www.cybermalveillance.gouv.fr/",
                                              "https://www.signal-spam.fr/", "https://www.33700.fr/",
                                              "https://www.ameli.fr/", "https://www.quechoisir.org/"};
  for (const auto& source : catalog.sources) {
    INFO(source.id);
    CHECK(allowed_urls.count(source.url) == 1);
    CHECK(referenced.count(source.id) == 1);  // no orphan source
  }
  const auto cnil = std::find_if(catalog.sources.begin(), catalog.sources.end(),
                                 [](const auto& source) { return source.id == "cnil-2024-02-07"; });
  REQUIRE(cnil != catalog.sources.end());
  CHECK(cnil->publisher == "CNIL");
  CHECK(cnil->date == "2024-02-07");

  // The five CNIL categories and the six not-exposed ones rest on the CNIL statement.
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& sources = catalog.categories[i].sources;
    CHECK(std::find(sources.begin(), sources.end(), "cnil-2024-02-07") != sources.end());
  }
  for (const auto& category : catalog.not_exposed_categories) {
    CHECK(std::find(category.sources.begin(), category.sources.end(), "cnil-2024-02-07") != category.sources.end());
  }
  CHECK(catalog.advice.size() >= 8);
}

TEST_CASE("catalog_to_json is canonical, byte-stable and round-trips", "[catalog]") {
  const Catalog catalog = parse_catalog(default_text());
  const std::string canonical = catalog_to_json(catalog);
  CHECK(canonical == catalog_to_json(catalog));
  CHECK(canonical.size() < default_text().size());  // no insignificant whitespace
  CHECK(canonical.rfind("{\"advice\":[", 0) == 0);   // sorted keys
  CHECK(canonical.find("\n") == std::string::npos);

  const Catalog again = parse_catalog(canonical);
  CHECK(again == catalog);
  CHECK(catalog_to_json(again) == canonical);

  // Same content, other formatting and key order: same canonical bytes.
  const json document = json::parse(default_text());
  json reordered = json::object();
  for (auto it = document.begin(); it != document.end(); ++it) reordered[it.key()] = it.value();
  CHECK(catalog_to_json(parse_catalog(reordered.dump(4))) == canonical);
  CHECK(catalog_to_json(parse_catalog(document.dump())) == canonical);

  // \u escapes decode to the same text.
  const std::string escaped = json::parse(default_text()).dump(-1, ' ', /*ensure_ascii=*/true);
  CHECK(escaped.find("\\u00e9") != std::string::npos);
  CHECK(catalog_to_json(parse_catalog(escaped)) == canonical);
}

TEST_CASE("a minimal catalog: optional sections absent, round trip keeps them absent", "[catalog]") {
  const Catalog catalog = parse_catalog(fixture("minimal.json"));
  CHECK(catalog.categories.size() == 1);
  CHECK(catalog.not_exposed_categories.empty());
  CHECK(catalog.operators.empty());
  CHECK(catalog.advice.empty());
  CHECK(catalog.incident.summary.in("fr").empty());
  CHECK(catalog.categories[0].description.in("fr").empty());
  const std::string canonical = catalog_to_json(catalog);
  CHECK(canonical.find("incident") == std::string::npos);
  CHECK(parse_catalog(canonical) == catalog);
  CHECK(operator_bit(catalog, "viamedis") == -1);
}

TEST_CASE("catalog_to_json refuses a catalog that readers would reject", "[catalog]") {
  Catalog catalog = parse_catalog(default_text());
  catalog.categories[0].sources.clear();
  CHECK_THROWS_AS(catalog_to_json(catalog), CatalogError);

  Catalog bad_utf8 = parse_catalog(default_text());
  bad_utf8.advice[0].text.texts["fr"] = "caf\xC3";
  CHECK_THROWS_AS(catalog_to_json(bad_utf8), CatalogError);

  Catalog too_many = parse_catalog(fixture("minimal.json"));
  for (int i = 0; i < 32; ++i) too_many.categories.push_back({"c" + std::to_string(i), {{{"fr", "a"}, {"en", "b"}}}, {}, {"s1"}});
  CHECK_THROWS_WITH(catalog_to_json(too_many), Catch::Contains("categories has 33 entries; at most 32"));
}

TEST_CASE("malformed and hostile catalogs fail with a message naming the path", "[catalog]") {
  struct Case {
    const char* name;
    std::string text;
    std::string fragment;
  };
  const std::string& good = default_text();
  std::string oversized = good;
  oversized.append(breachcheck::kMaxCatalogJsonBytes, ' ');
  const std::string deep = "{\"id\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const std::string nine_levels = "{\"id\":[[[[[[[[1]]]]]]]]}";  // 1 + 8 levels
  const std::string long_text(breachcheck::kMaxTextChars + 1, 'e');

  const std::vector<Case> cases = {
      {"not an object", fixture("not-an-object.json"), "catalog: the top level must be a JSON object, not an array"},
      {"string at top level", "\"catalog\"", "the top level must be a JSON object, not a string"},
      {"truncated JSON", fixture("truncated.json"), "catalog: invalid JSON at byte"},
      {"truncated default", good.substr(0, good.size() / 2), "catalog: invalid JSON at byte"},
      {"empty input", "", "catalog: invalid JSON at byte"},
      {"trailing garbage", good + "x", "catalog: invalid JSON at byte"},
      {"comment", "/* c */" + good, "catalog: invalid JSON at byte 0: unexpected character"},
      {"bytes after a NUL", good + std::string("\0x", 2), "invalid JSON at byte " + std::to_string(good.size())},
      {"byte order mark", "\xEF\xBB\xBF" + good, "catalog: invalid JSON at byte 0"},
      {"lone surrogate", "{\"id\":\"\\ud800\"}", "catalog: invalid JSON at byte 7: \\u escape of half a surrogate pair"},
      {"invalid UTF-8", "{\"id\":\"caf\xFF\"}", "catalog: invalid JSON at byte"},
      {"oversized", oversized, "bytes; the limit is 262144"},
      {"deep nesting", deep, "JSON nesting is deeper than 8 levels"},
      {"nine levels", nine_levels, "JSON nesting is deeper than 8 levels"},
      {"duplicate JSON key", fixture("duplicate-key.json"), "duplicate JSON key \"id\" in categories[]"},
      {"duplicate top-level key", "{\"id\":\"a\",\"version\":\"1\",\"id\":\"b\"}",
       "catalog: duplicate JSON key \"id\" in the top level"},
      {"duplicate nested key", "{\"categories\":[{\"label\":{\"fr\":\"a\",\"fr\":\"b\"}}]}",
       "duplicate JSON key \"fr\" in categories[].label"},
      {"missing FR", mutated([](json& d) { d["categories"][3]["label"].erase("fr"); }),
       "catalog: categories[3].label.fr is missing (French is required)"},
      {"empty EN", mutated([](json& d) { d["advice"][0]["text"]["en"] = ""; }), "catalog: advice[0].text.en is empty"},
      {"half-translated description",
       mutated([](json& d) { d["categories"][0]["description"] = {{"fr", "x"}, {"en", ""}}; }),
       "categories[0].description.en is empty while fr is not"},
      {"http URL", mutated([](json& d) { d["sources"][0]["url"] = "http://www.cnil.fr/"; }),
       "catalog: sources[0].url must be empty or start with https://"},
      {"javascript URL", fixture("javascript-url.json"), "sources[0].url must be empty or start with https://"},
      {"user info in URL", fixture("userinfo-url.json"), "sources[0].url must not contain user information"},
      {"space in URL", mutated([](json& d) { d["sources"][0]["url"] = "https://www.cnil.fr/a b"; }),
       "sources[0].url contains a character that is not allowed"},
      {"no host", mutated([](json& d) { d["sources"][0]["url"] = "https:///x"; }), "sources[0].url has no host"},
      // Deep links only on official domains (a look-alike host, a port, a query or fragment are deep too).
      {"deep link, look-alike host",
       mutated([](json& d) { d["sources"][0]["url"] = "https://www.cnil.fr.attacker.example/fr/x"; }),
       "sources[0].url links a page deeper than the home page on \"www.cnil.fr.attacker.example\""},
      {"deep link, suffix without a dot", mutated([](json& d) { d["sources"][0]["url"] = "https://evilcnil.fr/x"; }),
       "which is not an official domain"},
      {"deep link, official name in the path",
       mutated([](json& d) { d["sources"][0]["url"] = "https://attacker.example/www.cnil.fr/"; }),
       "which is not an official domain"},
      {"deep link, gouv.fr not at the end",
       mutated([](json& d) { d["sources"][0]["url"] = "https://gouv.fr.attacker.example/x"; }),
       "which is not an official domain"},
      {"deep link with a port", mutated([](json& d) { d["sources"][0]["url"] = "https://www.cnil.fr:8443/fr/x"; }),
       "links a page deeper than the home page"},
      {"query on another domain", mutated([](json& d) { d["sources"][0]["url"] = "https://attacker.example/?r=1"; }),
       "links a page deeper than the home page"},
      {"fragment on another domain", mutated([](json& d) { d["sources"][0]["url"] = "https://attacker.example#x"; }),
       "links a page deeper than the home page"},
      {"trailing dot host", mutated([](json& d) { d["sources"][0]["url"] = "https://www.cnil.fr./fr/x"; }),
       "which is not an official domain"},
      {"half-translated advice detail",
       mutated([](json& d) { d["advice"][0]["detail"] = {{"fr", "x"}, {"en", ""}}; }),
       "advice[0].detail.en is empty while fr is not"},
      {"unknown source ref", mutated([](json& d) { d["categories"][2]["sources"][0] = "x"; }),
       "catalog: categories[2].sources[0] refers to unknown source \"x\""},
      {"repeated source ref",
       mutated([](json& d) { d["advice"][0]["sources"] = {"cnil-2024-02-07", "cnil-2024-02-07"}; }),
       "advice[0].sources[1] repeats source \"cnil-2024-02-07\""},
      {"missing sources", mutated([](json& d) { d["advice"][1].erase("sources"); }), "advice[1].sources is missing"},
      {"empty sources", mutated([](json& d) { d["operators"][0]["sources"] = json::array(); }),
       "operators[0].sources is empty"},
      {"incident date not a day", mutated([](json& d) { d["incident"]["date"] = "2024-02"; }),
       "incident.date \"2024-02\" must be empty or YYYY-MM-DD"},
      {"incident date not in the calendar", mutated([](json& d) { d["incident"]["date"] = "2024-02-30"; }),
       "incident.date \"2024-02-30\" must be empty or YYYY-MM-DD"},
      {"incident without sources", mutated([](json& d) { d["incident"]["sources"] = json::array(); }),
       "incident.sources is empty"},
      {"duplicate id across lists", mutated([](json& d) { d["not_exposed_categories"][0]["id"] = "nir"; }),
       "catalog: not_exposed_categories[0].id \"nir\" is already used by categories[2]"},
      {"duplicate category id", mutated([](json& d) { d["categories"][4]["id"] = "birth_date"; }),
       "categories[4].id \"birth_date\" is already used by categories[1]"},
      {"duplicate source id", mutated([](json& d) { d["sources"][1]["id"] = d["sources"][0]["id"]; }),
       "sources[1].id \"cnil-2024-02-07\" is used twice"},
      {"duplicate advice id", mutated([](json& d) { d["advice"][1]["id"] = d["advice"][0]["id"]; }),
       "advice[1].id \"scam_calls\" is already used by advice[0]"},
      {"33 categories",
       mutated([](json& d) {
         for (int i = 0; d["categories"].size() < 33; ++i) {
           json extra = d["categories"][0];
           extra["id"] = "extra_" + std::to_string(i);
           d["categories"].push_back(extra);
         }
       }),
       "catalog: categories has 33 entries; at most 32"},
      {"no categories", mutated([](json& d) { d["categories"] = json::array(); }), "categories is empty"},
      {"label is a string", mutated([](json& d) { d["categories"][0]["label"] = "x"; }),
       "categories[0].label must be a JSON object, not a string"},
      {"label.fr is a number", mutated([](json& d) { d["categories"][0]["label"]["fr"] = 3; }),
       "categories[0].label.fr must be a string, not an integer"},
      {"categories is an object", mutated([](json& d) { d["categories"] = json::object(); }),
       "categories must be an array, not an object"},
      {"category is an array", mutated([](json& d) { d["categories"][1] = json::array(); }),
       "categories[1] must be a JSON object, not an array"},
      {"version is a number", mutated([](json& d) { d["version"] = 1; }), "version must be a string, not an integer"},
      {"missing id", mutated([](json& d) { d.erase("id"); }), "catalog: id is missing"},
      {"bit is a string", mutated([](json& d) { d["operators"][0]["bit"] = "0"; }),
       "operators[0].bit must be an integer, not a string"},
      {"bit is a float", mutated([](json& d) { d["operators"][0]["bit"] = 0.5; }),
       "operators[0].bit must be an integer, not a number with a fraction"},
      {"bit 8", mutated([](json& d) { d["operators"][1]["bit"] = 8; }), "operators[1].bit must be between 0 and 7"},
      {"bit -1", mutated([](json& d) { d["operators"][1]["bit"] = -1; }), "operators[1].bit must be between 0 and 7"},
      {"duplicate bit", mutated([](json& d) { d["operators"][1]["bit"] = 0; }),
       "operators[1].bit 0 is already used by operators[0]"},
      {"duplicate operator id", mutated([](json& d) { d["operators"][1]["id"] = "viamedis"; }),
       "operators[1].id \"viamedis\" is already used by operators[0]"},
      {"extra is a not-exposed id", mutated([](json& d) { d["operators"][0]["extra_categories"][0] = "bank_details"; }),
       "operators[0].extra_categories[0] refers to unknown category \"bank_details\""},
      {"not_exposed is an exposed id", mutated([](json& d) { d["operators"][1]["not_exposed"][0] = "nir"; }),
       "operators[1].not_exposed[0] refers to unknown category \"nir\""},
      {"upper-case id", mutated([](json& d) { d["categories"][2]["id"] = "NIR"; }),
       "categories[2].id \"NIR\" must be 1 to 64 characters from [a-z0-9_-]"},
      {"id too long", mutated([](json& d) { d["advice"][0]["id"] = std::string(65, 'a'); }),
       "advice[0].id \"" + std::string(64, 'a') + "...\" must be 1 to 64 characters"},
      {"empty id", mutated([](json& d) { d["sources"][2]["id"] = ""; }), "sources[2].id \"\" must be 1 to 64"},
      {"text too long", mutated([&long_text](json& d) { d["advice"][0]["text"]["fr"] = long_text; }),
       "advice[0].text.fr is longer than 2000 characters"},
      {"unknown top-level key", mutated([](json& d) { d["categorie"] = json::array(); }),
       "catalog: the top level has an unknown key \"categorie\""},
      {"unknown nested key", mutated([](json& d) { d["categories"][0]["lable"] = d["categories"][0]["label"]; }),
       "categories[0] has an unknown key \"lable\""},
      {"bad date", mutated([](json& d) { d["sources"][0]["date"] = "2024-02-30"; }),
       "sources[0].date \"2024-02-30\" must be empty, YYYY, YYYY-MM or YYYY-MM-DD"},
      {"date in another format", mutated([](json& d) { d["sources"][0]["date"] = "07/02/2024"; }),
       "must be empty, YYYY, YYYY-MM or YYYY-MM-DD"},
      {"control character", mutated([](json& d) { d["advice"][2]["text"]["en"] = "a\x07" "b"; }),
       "advice[2].text.en contains a control character"},
      {"NUL via escape", mutated([](json& d) { d["operators"][0]["name"] = std::string("Via\0medis", 9); }),
       "operators[0].name contains a control character"},
      {"bidi override", fixture("bidi-override.json"), "categories[0].label.fr contains a bidirectional control"},
      {"empty publisher", mutated([](json& d) { d["sources"][3]["publisher"] = ""; }), "sources[3].publisher is empty"},
  };
  REQUIRE(cases.size() >= 15);
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    const std::string message = error_of(c.text);
    INFO("message: " << message);
    CHECK(message.rfind("catalog: ", 0) == 0);
    CHECK(message.find(c.fragment) != std::string::npos);
  }
}

TEST_CASE("error messages never echo long or control-laden input", "[catalog]") {
  const std::string message =
      error_of(mutated([](json& d) { d["categories"][0]["sources"][0] = std::string(500, 'z') + "\n"; }));
  CHECK(message.size() < 200);
  CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("source URLs: deep links on official domains, home pages anywhere; advice detail round-trips", "[catalog]") {
  for (const std::string url :
       {"https://www.cnil.fr/fr/some-page", "https://cnil.fr/x?y=1#z", "https://www.cybermalveillance.gouv.fr/a/b",
        "https://WWW.AMELI.FR/assure/x", "https://www.service-public.fr/particuliers/vosdroits/F1",
        "https://www.33700.fr/", "https://attacker.example/", "https://attacker.example", "https://a.example:8443/"}) {
    INFO(url);
    const std::string text = mutated([&url](json& d) { d["sources"][0]["url"] = url; });
    CHECK(parse_catalog(text).sources[0].url == url);
  }
  const std::string with_detail = mutated([](json& d) { d["advice"][0]["detail"] = {{"fr", "D\u00e9tail"}, {"en", "Detail"}}; });
  const Catalog catalog = parse_catalog(with_detail);
  CHECK(catalog.advice[0].detail.in("en") == "Detail");
  CHECK(parse_catalog(catalog_to_json(catalog)) == catalog);
  CHECK(catalog_to_json(catalog).find("\"detail\"") != std::string::npos);
  // Without a detail, the canonical JSON has no "detail" key (signed data sets keep their bytes).
  const Catalog plain = parse_catalog(mutated([](json& d) { for (auto& a : d["advice"]) a.erase("detail"); }));
  CHECK(catalog_to_json(plain).find("\"detail\"") == std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------
// Texts as a map from language to text, and the widget section (what the widget says about this incident).

namespace {

// Every localized text of a catalog document (objects whose keys are all language-like), for adding a language.
void each_text(json& node, const std::function<void(json&)>& visit) {
  if (node.is_object()) {
    if (node.contains("fr") && node["fr"].is_string()) {
      visit(node);
      return;
    }
    for (auto& [key, value] : node.items()) each_text(value, visit);
  } else if (node.is_array()) {
    for (auto& value : node) each_text(value, visit);
  }
}

}  // namespace

TEST_CASE("the default catalog carries the widget's incident texts", "[catalog][widget]") {
  const Catalog catalog = parse_catalog(default_text());
  const breachcheck::Widget& widget = catalog.widget;
  CHECK(widget.title.in("fr").find("Viamedis") != std::string::npos);
  CHECK(!widget.title.in("en").empty());
  CHECK(widget.priority_advice ==
        std::vector<std::string>{"scam_calls", "scam_sms", "scam_email", "if_bank_details_given"});
  CHECK(widget.not_found_advice.size() == 3);
  CHECK(widget.hidden_advice == std::vector<std::string>{"tiers_payant_card_logo", "depends_on_contract"});
  CHECK(widget.insurers_inform_advice == "individual_information");
  CHECK(widget.reassuring == std::vector<std::string>{"bank_details", "medical_data"});
  CHECK(widget.assessment_publisher == "CNIL");
  CHECK(widget.precheck.operators == std::vector<std::string>{"viamedis", "almerys"});
  CHECK(widget.precheck.caveat == "depends_on_contract");
  CHECK(widget.not_found_reasons.size() == 4);
  CHECK(widget.fallback_advice.size() == 3);
  CHECK(breachcheck::catalog_languages(catalog) == std::vector<std::string>{"en", "fr"});

  const std::string canonical = catalog_to_json(catalog);
  CHECK(canonical.find("\"widget\":{") != std::string::npos);
  CHECK(parse_catalog(canonical) == catalog);
  CHECK(catalog_to_json(parse_catalog(canonical)) == canonical);
}

TEST_CASE("a catalog without a widget section keeps its canonical bytes", "[catalog][widget]") {
  // A catalog as they were before the widget section (the golden data set's is one: test_golden.cpp rebuilds that
  // data set and compares every byte with golden.bcd).
  const Catalog catalog = parse_catalog(mutated([](json& d) { d.erase("widget"); }));
  CHECK(catalog.widget.title.empty());
  const std::string canonical = catalog_to_json(catalog);
  CHECK(canonical.find("widget") == std::string::npos);
  // An empty optional text is still written {"en":"","fr":""} in a French and English catalog.
  CHECK(canonical.find("\"description\":{\"en\":\"\",\"fr\":\"\"}") != std::string::npos);
}

TEST_CASE("French only, or a third language in every text", "[catalog][widget]") {
  const std::string french_only = mutated([](json& d) { each_text(d, [](json& t) { t.erase("en"); }); });
  const Catalog fr_catalog = parse_catalog(french_only);
  CHECK(breachcheck::catalog_languages(fr_catalog) == std::vector<std::string>{"fr"});
  CHECK(fr_catalog.widget.title.in("en").empty());
  const std::string fr_canonical = catalog_to_json(fr_catalog);
  CHECK(fr_canonical.find("\"en\"") == std::string::npos);
  CHECK(fr_canonical.find("\"description\":{\"fr\":\"\"}") != std::string::npos);  // an empty text, French only
  CHECK(parse_catalog(fr_canonical) == fr_catalog);

  const std::string three = mutated([](json& d) {
    each_text(d, [](json& t) { t["de"] = t["fr"].get<std::string>().empty() ? "" : "Deutsch"; });
  });
  const Catalog de_catalog = parse_catalog(three);
  CHECK(breachcheck::catalog_languages(de_catalog) == std::vector<std::string>{"de", "en", "fr"});
  CHECK(de_catalog.widget.title.in("de") == "Deutsch");
  CHECK(parse_catalog(catalog_to_json(de_catalog)) == de_catalog);
}

TEST_CASE("hostile language tags, texts and widget sections fail with a message naming the path",
          "[catalog][widget]") {
  struct Case {
    const char* name;
    std::string text;
    std::string fragment;
  };
  const std::string long_text(breachcheck::kMaxTextChars + 1, 'w');
  const std::vector<Case> cases = {
      {"upper-case tag", mutated([](json& d) { d["categories"][0]["label"]["FR"] = "x"; }),
       "categories[0].label has an unknown language tag \"FR\""},
      {"region tag", mutated([](json& d) { d["widget"]["title"]["fr-FR"] = "x"; }),
       "widget.title has an unknown language tag \"fr-FR\""},
      {"one-letter tag", mutated([](json& d) { d["advice"][0]["text"]["x"] = "x"; }), "unknown language tag \"x\""},
      {"word as tag", mutated([](json& d) { d["advice"][0]["text"]["english"] = "x"; }),
       "unknown language tag \"english\""},
      {"empty tag", mutated([](json& d) { d["advice"][0]["text"][""] = "x"; }), "unknown language tag \"\""},
      {"control character tag", mutated([](json& d) { d["advice"][0]["text"]["f\n"] = "x"; }),
       "unknown language tag \"f?\""},
      {"nine languages", mutated([](json& d) {
         for (const char* tag : {"de", "es", "it", "nl", "pt", "pl", "sv"}) d["widget"]["title"][tag] = "x";
       }),
       "widget.title has 9 languages; at most 8"},
      {"missing French in the widget title", mutated([](json& d) { d["widget"]["title"].erase("fr"); }),
       "widget.title.fr is missing (French is required)"},
      {"English only text", mutated([](json& d) { d["advice"][1]["text"] = {{"en", "x"}}; }),
       "advice[1].text.fr is missing"},
      {"a language in one text only", mutated([](json& d) { d["advice"][1]["text"]["de"] = "x"; }),
       "advice[1].text is written in de, en, fr but categories[0].label in en, fr"},
      {"a language missing in one widget text", mutated([](json& d) { d["widget"]["intro"] = {{{"fr", "x"}}}; }),
       "widget.intro[0] is written in fr but categories[0].label in en, fr"},
      {"widget title missing", mutated([](json& d) { d["widget"].erase("title"); }), "widget.title is missing"},
      {"widget title too long", mutated([&long_text](json& d) { d["widget"]["title"]["en"] = long_text; }),
       "widget.title.en is longer than 2000 characters"},
      {"widget unknown key", mutated([](json& d) { d["widget"]["titel"] = d["widget"]["title"]; }),
       "widget has an unknown key \"titel\""},
      {"widget is an array", mutated([](json& d) { d["widget"] = json::array(); }),
       "widget must be a JSON object, not an array"},
      {"unknown priority advice", mutated([](json& d) { d["widget"]["priority_advice"][1] = "call_us"; }),
       "widget.priority_advice[1] refers to unknown advice \"call_us\""},
      {"repeated priority advice", mutated([](json& d) { d["widget"]["priority_advice"][1] = "scam_calls"; }),
       "widget.priority_advice[1] repeats advice \"scam_calls\""},
      {"too many priority advice", mutated([](json& d) {
         for (int i = 0; i < 17; ++i) d["widget"]["priority_advice"].push_back("scam_calls");
       }),
       "widget.priority_advice has 21 entries; at most 16"},
      {"unknown inform advice", mutated([](json& d) { d["widget"]["insurers_inform_advice"] = "nope"; }),
       "widget.insurers_inform_advice refers to unknown advice \"nope\""},
      {"reassuring names an exposed category", mutated([](json& d) { d["widget"]["reassuring"][0] = "nir"; }),
       "widget.reassuring[0] refers to unknown category \"nir\""},
      {"pre-check names an unknown operator", mutated([](json& d) { d["widget"]["precheck"]["operators"][0] = "x"; }),
       "widget.precheck.operators[0] refers to unknown operator \"x\""},
      {"pre-check without operators", mutated([](json& d) { d["widget"]["precheck"]["operators"] = json::array(); }),
       "widget.precheck.operators is empty"},
      {"pre-check without its question", mutated([](json& d) { d["widget"]["precheck"].erase("question"); }),
       "widget.precheck.question is missing"},
      {"nine intro paragraphs", mutated([](json& d) {
         for (int i = 0; i < 9; ++i) d["widget"]["intro"].push_back(d["widget"]["title"]);
       }),
       "widget.intro has 9 entries; at most 8"},
      {"a not-found reason that is a string", mutated([](json& d) { d["widget"]["not_found_reasons"][0] = "x"; }),
       "widget.not_found_reasons[0] must be a JSON object, not a string"},
      {"an empty fallback advice", mutated([](json& d) { d["widget"]["fallback_advice"][0]["fr"] = ""; }),
       "widget.fallback_advice[0].fr is empty"},
      {"bidi control in the title", mutated([](json& d) { d["widget"]["title"]["fr"] = "a\u202Eb"; }),
       "widget.title.fr contains a bidirectional control character"},
      {"unknown widget source", mutated([](json& d) { d["widget"]["sources"][0] = "blog"; }),
       "widget.sources[0] refers to unknown source \"blog\""},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    const std::string message = error_of(c.text);
    INFO("message: " << message);
    CHECK(message.rfind("catalog: ", 0) == 0);
    CHECK(message.find(c.fragment) != std::string::npos);
  }
}
