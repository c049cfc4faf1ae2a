// SPDX-License-Identifier: MPL-2.0
// Category catalog: strict, bounded parsing and canonical serialisation. docs/CATALOG.md is the schema.
#include "format/catalog.h"

#include <array>
#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/civil_date.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

namespace breachcheck {
namespace {

// The message's parts are joined here, in one place: a `a + b + c` chain at each of the ~50 call sites
// inlined its own string building and clean-up into the browser engine (docs/PERFORMANCE.md, "Download size").
[[noreturn]] void fail(std::initializer_list<std::string_view> parts) {
  std::string message = "catalog: ";
  for (const std::string_view part : parts) message += part;
  throw CatalogError(message);
}

std::string child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string where(const std::string& path) { return path.empty() ? "the top level" : path; }

std::string show(const std::string& text) {
  // For error messages only: keep them short and printable whatever the input was.
  std::string out = "\"";
  for (const char c : text.substr(0, 64)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F || c == '"' || c == '\\') ? '?' : c;
  }
  if (text.size() > 64) out += "...";
  return out + "\"";
}

// A JSON key as it appears in a path: plain when it looks like one of ours, quoted and trimmed otherwise.
std::string path_key(const std::string& key) {
  bool plain = !key.empty() && key.size() <= 64;
  for (const char c : key) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  }
  return plain ? key : show(key);
}

const char* type_name(const JsonValue& value) {
  switch (value.kind()) {
    case JsonKind::null: return "null";
    case JsonKind::object: return "an object";
    case JsonKind::array: return "an array";
    case JsonKind::string: return "a string";
    case JsonKind::boolean: return "a boolean";
    case JsonKind::integer: return "an integer";
    case JsonKind::other_number: return "a number with a fraction";
  }
  return "an unsupported value";
}

// ---------------------------------------------------------------------------------------------------------
// Parsing: size bound, then the engine's strict reader (util/json_reader.h), which bounds nesting and rejects
// duplicate keys (different JSON readers keep different copies of a duplicated key: a signed document must not
// be ambiguous).

// "categories[].label": where the reader was when it found a duplicate key; "[]" stands for "an element of".
std::string path_of(const std::vector<std::string>& steps) {
  std::string path;
  for (const std::string& step : steps) path = step == kJsonArrayItem ? path + "[]" : child(path, path_key(step));
  return path;
}

JsonValue parse_bounded(std::string_view text) {
  if (text.size() > kMaxCatalogJsonBytes) {
    fail({"JSON is ", std::to_string(text.size()), " bytes; the limit is ", std::to_string(kMaxCatalogJsonBytes)});
  }
  JsonValue root;
  JsonError error;
  if (parse_json(text, JsonLimits{kMaxCatalogJsonBytes, kMaxCatalogDepth}, root, error)) return root;
  switch (error.code) {
    case JsonErrorCode::too_deep:
      fail({"JSON nesting is deeper than ", std::to_string(kMaxCatalogDepth), " levels"});
    case JsonErrorCode::duplicate_key:
      fail({"duplicate JSON key ", show(error.key), " in ", where(path_of(json_path_to(text, error.offset)))});
    default:
      fail({"invalid JSON at byte ", std::to_string(error.offset), ": ", json_error_text(error.code)});
  }
}

// ---------------------------------------------------------------------------------------------------------
// Field helpers. Every message names the JSON path.

void expect_object(const JsonValue& value, const std::string& path) {
  if (!value.is_object()) fail({where(path), " must be a JSON object, not ", type_name(value)});
}

void check_keys(const JsonValue& object, const std::string& path, std::initializer_list<const char*> allowed) {
  for (const std::string& member : object.keys()) {
    bool known = false;
    for (const char* key : allowed) known = known || member == key;
    if (known) continue;
    std::string list;
    for (const char* key : allowed) list += (list.empty() ? "" : ", ") + std::string(key);
    fail({where(path), " has an unknown key ", show(member), " (allowed: ", list, ")"});
  }
}

// nullptr when absent and optional.
const JsonValue* member(const JsonValue& object, const std::string& path, const char* key, bool required) {
  const JsonValue* value = object.find(key);
  if (value == nullptr && required) fail({child(path, key), " is missing"});
  return value;
}

// Number of code points; the input is valid UTF-8 (the reader rejects anything else).
std::size_t code_points(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Rejects control characters (C0, DEL, C1) and the bidirectional embedding / override / isolate controls
// (U+202A..U+202E, U+2066..U+2069), which can make signed text read differently from what it says.
void check_characters(const std::string& text, const std::string& path) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = bytes[i];
    if (b < 0x20 || b == 0x7F) fail({path, " contains a control character"});
    if (b == 0xC2 && i + 1 < text.size() && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F) {
      fail({path, " contains a control character"});
    }
    if (b == 0xE2 && i + 2 < text.size()) {
      const unsigned cp = ((b & 0x0Fu) << 12) | ((bytes[i + 1] & 0x3Fu) << 6) | (bytes[i + 2] & 0x3Fu);
      if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        fail({path, " contains a bidirectional control character"});
      }
    }
  }
}

std::string read_string(const JsonValue& object, const std::string& path, const char* key, bool required,
                        bool allow_empty, std::size_t max_chars) {
  const JsonValue* value = member(object, path, key, required);
  if (value == nullptr) return {};
  const std::string field = child(path, key);
  if (!value->is_string()) fail({field, " must be a string, not ", type_name(*value)});
  std::string text = value->text();
  if (text.empty() && !allow_empty) fail({field, " is empty"});
  if (code_points(text) > max_chars) {
    fail({field, " is longer than ", std::to_string(max_chars), " characters"});
  }
  check_characters(text, field);
  return text;
}

bool is_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (const char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string read_id(const JsonValue& object, const std::string& path, const char* key = "id") {
  const JsonValue* value = member(object, path, key, true);
  const std::string field = child(path, key);
  if (!value->is_string()) fail({field, " must be a string, not ", type_name(*value)});
  std::string id = value->text();
  if (!is_id(id)) {
    fail({field, " ", show(id), " must be 1 to ", std::to_string(kMaxIdLength), " characters from [a-z0-9_-]"});
  }
  return id;
}

std::string read_version(const JsonValue& object) {
  const JsonValue* value = member(object, "", "version", true);
  if (!value->is_string()) fail({"version must be a string, not ", type_name(*value)});
  std::string version = value->text();
  bool ok = !version.empty() && version.size() <= 32;
  for (const char c : version) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-');
  }
  if (!ok) fail({"version ", show(version), " must be 1 to 32 characters from [0-9A-Za-z._-]"});
  return version;
}

// A language tag as the catalog writes it: 2 or 3 lowercase ASCII letters (ISO 639-1 or 639-2/3), e.g. "fr",
// "en", "br". Regions and scripts are not needed to pick a text, and a closed syntax keeps odd keys out.
bool is_language_tag(const std::string& tag) {
  if (tag.size() < 2 || tag.size() > 3) return false;
  for (const char c : tag) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// The languages of the first text a parse read, and where it was: every later text must have the same ones
// (one catalog, one set of languages: a page in English never shows a French sentence because one text lacked
// its translation). Set by parse_catalog_value for the duration of one parse; per thread, so parses on several
// threads do not mix.
struct CatalogLanguages {
  std::string tags;  // "en, fr": the first non-empty text's tags, in key order
  std::string path;  // that text's JSON path
};
thread_local CatalogLanguages* parse_languages = nullptr;

// A localized text: an object from language tag to text, French always present. Required text: every language
// non-empty. Optional text: absent, all languages empty (read as no text), or all set (a text set in some
// languages only is a missing translation, and an error).
LocalizedText read_localized_value(const JsonValue& value, const std::string& field, bool required) {
  expect_object(value, field);
  if (value.keys().size() > kMaxLanguages) {
    fail({field, " has ", std::to_string(value.keys().size()), " languages; at most ",
          std::to_string(kMaxLanguages)});
  }
  for (const std::string& tag : value.keys()) {
    if (!is_language_tag(tag)) {
      fail({field, " has an unknown language tag ", show(tag),
            " (a language is 2 or 3 lowercase letters, e.g. \"fr\", \"en\")"});
    }
  }
  if (value.find("fr") == nullptr) fail({child(field, "fr"), " is missing (French is required)"});
  LocalizedText text;
  std::string set_in;
  std::string empty_in;
  for (const std::string& tag : value.keys()) {
    std::string item = read_string(value, field, tag.c_str(), true, !required, kMaxTextChars);
    (item.empty() ? empty_in : set_in) = tag;
    text.texts.emplace(tag, std::move(item));
  }
  if (!set_in.empty() && !empty_in.empty()) {
    fail({child(field, empty_in), " is empty while ", set_in,
          " is not (a text is set in every language or in none)"});
  }
  if (set_in.empty()) {
    text.texts.clear();  // an optional text left empty: no text
    return text;
  }
  if (parse_languages != nullptr) {
    std::string tags;
    for (const auto& entry : text.texts) tags += (tags.empty() ? "" : ", ") + entry.first;
    if (parse_languages->path.empty()) {
      *parse_languages = {tags, field};
    } else if (tags != parse_languages->tags) {
      fail({field, " is written in ", tags, " but ", parse_languages->path, " in ", parse_languages->tags,
            " (every text of a catalog has the same languages)"});
    }
  }
  return text;
}

LocalizedText read_localized(const JsonValue& object, const std::string& path, const char* key, bool required) {
  const JsonValue* value = member(object, path, key, required);
  if (value == nullptr) return {};
  return read_localized_value(*value, child(path, key), required);
}

const JsonValue& read_array(const JsonValue& object, const std::string& path, const char* key, std::size_t max_items) {
  static const JsonValue kEmpty;  // null: no items
  const JsonValue* value = member(object, path, key, false);
  if (value == nullptr) return kEmpty;
  const std::string field = child(path, key);
  if (!value->is_array()) fail({field, " must be an array, not ", type_name(*value)});
  if (value->size() > max_items) {
    fail({field, " has ", std::to_string(value->size()), " entries; at most ", std::to_string(max_items)});
  }
  return *value;
}

const JsonValue& read_required_array(const JsonValue& object, const std::string& path, const char* key,
                                std::size_t max_items) {
  member(object, path, key, true);
  return read_array(object, path, key, max_items);
}

// A list of ids that must each be in `known` (what they refer to is named by `kind`), without repeats.
std::vector<std::string> read_refs(const JsonValue& object, const std::string& path, const char* key,
                                   const std::set<std::string>& known, const char* kind, const char* kind_where,
                                   bool required_nonempty, std::size_t max_items) {
  const std::string field = child(path, key);
  const JsonValue& array = required_nonempty ? read_required_array(object, path, key, max_items)
                                        : read_array(object, path, key, max_items);
  if (required_nonempty && (array.size() == 0)) fail({field, " is empty: list at least one ", kind});
  std::vector<std::string> refs;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string item = index(field, i);
    if (!array.items()[i].is_string()) fail({item, " must be a string, not ", type_name(array.items()[i])});
    const std::string id = array.items()[i].text();
    if (known.count(id) == 0) {
      fail({item, " refers to unknown ", kind, " ", show(id), kind_where});
    }
    if (!seen.insert(id).second) fail({item, " repeats ", kind, " ", show(id)});
    refs.push_back(id);
  }
  return refs;
}

std::vector<std::string> read_source_refs(const JsonValue& object, const std::string& path,
                                          const std::set<std::string>& source_ids) {
  return read_refs(object, path, "sources", source_ids, "source", "", true, kMaxSourceRefs);
}

bool is_digits(const std::string& text, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int number_at(const std::string& text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// "", "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar date).
bool is_partial_date(const std::string& date) {
  const std::size_t n = date.size();
  if (n == 0) return true;
  if (n != 4 && n != 7 && n != 10) return false;
  if (!is_digits(date, 0, 4)) return false;
  if (n == 4) return true;
  if (date[4] != '-' || !is_digits(date, 5, 2)) return false;
  const int year = number_at(date, 0, 4);
  const int month = number_at(date, 5, 2);
  if (month < 1 || month > 12) return false;
  if (n == 7) return true;
  if (date[7] != '-' || !is_digits(date, 8, 2)) return false;
  const int day = number_at(date, 8, 2);
  return is_calendar_date({year, month, day});
}

// Official publishers whose pages a source may link deep into: the domain itself or any subdomain of it
// ("www.cnil.fr", "cnil.fr"), compared without case. Public-service domains only (docs/CATALOG.md).
// Any *.gouv.fr covers cybermalveillance.gouv.fr and the ministries.
constexpr std::array<std::string_view, 6> kOfficialSourceDomains = {"cnil.fr",  "gouv.fr",  "ameli.fr",
                                                                    "service-public.fr", "33700.fr", "signal-spam.fr"};

std::string official_source_domains() {
  std::string list;
  for (const auto domain : kOfficialSourceDomains) list += (list.empty() ? "" : ", ") + std::string(domain);
  return list;
}

bool is_official_source_host(const std::string& host) {
  std::string lower;
  for (const char c : host) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  for (const auto domain : kOfficialSourceDomains) {
    if (lower == domain) return true;
    if (lower.size() > domain.size() + 1 && lower.compare(lower.size() - domain.size(), domain.size(), domain) == 0 &&
        lower[lower.size() - domain.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

// Empty, or https://host[:port][/path][?query][#fragment] with a plain host (no user info: "https://a.fr@b.example"
// would display one site and open another) and no characters that need escaping.
void check_url(const std::string& url, const std::string& field) {
  if (url.empty()) return;
  static const std::string kScheme = "https://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) fail({field, " must be empty or start with https://"});
  if (url.size() > kMaxUrlLength) {
    fail({field, " is longer than ", std::to_string(kMaxUrlLength), " characters"});
  }
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
        c == '{' || c == '|' || c == '}') {
      fail({field, " contains a character that is not allowed in a URL (spaces, quotes, <>, non-ASCII...)"});
    }
  }
  const std::size_t host_start = kScheme.size();
  std::size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string::npos) host_end = url.size();
  const std::string authority = url.substr(host_start, host_end - host_start);
  if (authority.find('@') != std::string::npos) fail({field, " must not contain user information (@) before the host"});
  const std::size_t colon = authority.find(':');
  const std::string host = authority.substr(0, colon);
  if (host.empty()) fail({field, " has no host"});
  for (const char c : host) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
      fail({field, " has an invalid host"});
    }
  }
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !is_digits(port, 0, port.size())) fail({field, " has an invalid port"});
  }
  // A home page ("https://host/") may be anyone's. A deeper address (a path, a query or a fragment) is accepted
  // only on an official domain, on its default port: a source that points at one exact page is a statement we
  // put in people's hands, and a look-alike page on another domain must not ride on it.
  const std::string rest = url.substr(host_end);
  if (!rest.empty() && rest != "/") {
    if (colon != std::string::npos || !is_official_source_host(host)) {
      fail({field, " links a page deeper than the home page on ", show(host),
            ", which is not an official domain (deep links only on: ", official_source_domains(), ")"});
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sections.

std::vector<Source> read_sources(const JsonValue& root, std::set<std::string>& ids) {
  const JsonValue& array = read_required_array(root, "", "sources", kMaxSources);
  if ((array.size() == 0)) fail({"sources is empty: every statement needs at least one source"});
  // Sized once and filled in place (the count is already bounded): no push_back, whose growth path each element
  // type would add to the browser engine.
  std::vector<Source> sources(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = index("sources", i);
    expect_object(array.items()[i], path);
    check_keys(array.items()[i], path, {"id", "title", "publisher", "date", "url"});
    Source& source = sources[i];
    source.id = read_id(array.items()[i], path);
    if (!ids.insert(source.id).second) fail({child(path, "id"), " ", show(source.id), " is used twice"});
    source.title = read_string(array.items()[i], path, "title", true, false, kMaxShortTextChars);
    source.publisher = read_string(array.items()[i], path, "publisher", true, false, kMaxShortTextChars);
    source.date = read_string(array.items()[i], path, "date", false, true, kMaxIdLength);
    if (!is_partial_date(source.date)) {
      fail({child(path, "date"), " ", show(source.date), " must be empty, YYYY, YYYY-MM or YYYY-MM-DD"});
    }
    source.url = read_string(array.items()[i], path, "url", false, true, kMaxUrlLength);
    check_url(source.url, child(path, "url"));
  }
  return sources;
}

// Category ids are unique across `categories` and `not_exposed_categories`; `seen` maps id -> path.
std::vector<Category> read_categories(const JsonValue& root, const char* key, std::size_t max_items, bool required,
                                      const std::set<std::string>& source_ids,
                                      std::map<std::string, std::string>& seen) {
  const JsonValue& array = required ? read_required_array(root, "", key, max_items) : read_array(root, "", key, max_items);
  if (required && (array.size() == 0)) fail({std::string(key), " is empty: a record must be able to carry a category"});
  std::vector<Category> categories(array.size());  // filled in place, as read_sources
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = index(key, i);
    expect_object(array.items()[i], path);
    check_keys(array.items()[i], path, {"id", "label", "description", "sources"});
    Category& category = categories[i];
    category.id = read_id(array.items()[i], path);
    const auto [previous, inserted] = seen.emplace(category.id, path);
    if (!inserted) {
      fail({child(path, "id"), " ", show(category.id), " is already used by ", previous->second});
    }
    category.label = read_localized(array.items()[i], path, "label", true);
    category.description = read_localized(array.items()[i], path, "description", false);
    category.sources = read_source_refs(array.items()[i], path, source_ids);
  }
  return categories;
}

std::set<std::string> ids_of(const std::vector<Category>& categories) {
  std::set<std::string> ids;
  for (const auto& category : categories) ids.insert(category.id);
  return ids;
}

std::vector<Operator> read_operators(const JsonValue& root, const std::set<std::string>& source_ids,
                                     const std::set<std::string>& category_ids,
                                     const std::set<std::string>& not_exposed_ids) {
  const JsonValue& array = read_array(root, "", "operators", kMaxOperators);
  std::vector<Operator> operators(array.size());  // filled in place, as read_sources
  std::map<std::string, std::string> ids;
  // Bit -> the path of the operator that has it, "" while free (a path is never empty): bits are 0..7.
  std::array<std::string, kMaxOperators> bit_owners;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = index("operators", i);
    expect_object(array.items()[i], path);
    check_keys(array.items()[i], path, {"id", "name", "bit", "extra_categories", "not_exposed", "note", "sources"});
    Operator& op = operators[i];
    op.id = read_id(array.items()[i], path);
    const auto [previous_id, id_inserted] = ids.emplace(op.id, path);
    if (!id_inserted) fail({child(path, "id"), " ", show(op.id), " is already used by ", previous_id->second});
    op.name = read_string(array.items()[i], path, "name", true, false, kMaxShortTextChars);

    const JsonValue* bit = member(array.items()[i], path, "bit", true);
    const std::string bit_path = child(path, "bit");
    if (bit->kind() != JsonKind::integer) fail({bit_path, " must be an integer, not ", type_name(*bit)});
    const std::optional<std::uint64_t> bit_value = bit->as_uint64();
    if (!bit_value || *bit_value > 7) fail({bit_path, " must be between 0 and 7"});
    op.bit = static_cast<std::uint8_t>(*bit_value);
    std::string& bit_owner = bit_owners[op.bit];
    if (!bit_owner.empty()) fail({bit_path, " ", std::to_string(op.bit), " is already used by ", bit_owner});
    bit_owner = path;

    op.extra_categories = read_refs(array.items()[i], path, "extra_categories", category_ids, "category",
                                    " (extra categories must be listed in categories)", false, kMaxCategories);
    op.not_exposed = read_refs(array.items()[i], path, "not_exposed", not_exposed_ids, "category",
                               " (must be listed in not_exposed_categories)", false, kMaxNotExposedCategories);
    op.note = read_localized(array.items()[i], path, "note", false);
    op.sources = read_source_refs(array.items()[i], path, source_ids);
  }
  return operators;
}

std::vector<Advice> read_advice(const JsonValue& root, const std::set<std::string>& source_ids) {
  const JsonValue& array = read_array(root, "", "advice", kMaxAdvice);
  std::vector<Advice> advice(array.size());  // filled in place, as read_sources
  std::map<std::string, std::string> ids;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = index("advice", i);
    expect_object(array.items()[i], path);
    check_keys(array.items()[i], path, {"id", "text", "detail", "sources"});
    Advice& item = advice[i];
    item.id = read_id(array.items()[i], path);
    const auto [previous, inserted] = ids.emplace(item.id, path);
    if (!inserted) fail({child(path, "id"), " ", show(item.id), " is already used by ", previous->second});
    item.text = read_localized(array.items()[i], path, "text", true);
    item.detail = read_localized(array.items()[i], path, "detail", false);
    item.sources = read_source_refs(array.items()[i], path, source_ids);
  }
  return advice;
}

Incident read_incident(const JsonValue& root, const std::set<std::string>& source_ids) {
  const JsonValue* value = member(root, "", "incident", false);
  if (value == nullptr) return {};
  expect_object(*value, "incident");
  check_keys(*value, "incident", {"summary", "date", "sources"});
  Incident incident;
  incident.summary = read_localized(*value, "incident", "summary", true);
  // The day by which the data had been taken: readers refuse a birth date after it (nobody born later can be
  // in the leak). Optional; when present, a full calendar date.
  incident.date = read_string(*value, "incident", "date", false, true, kMaxIdLength);
  if (!incident.date.empty() && (incident.date.size() != 10 || !is_partial_date(incident.date))) {
    fail({"incident.date ", show(incident.date), " must be empty or YYYY-MM-DD"});
  }
  incident.sources = read_source_refs(*value, "incident", source_ids);
  return incident;
}

std::set<std::string> advice_ids(const std::vector<Advice>& advice) {
  std::set<std::string> ids;
  for (const auto& item : advice) ids.insert(item.id);
  return ids;
}

std::set<std::string> operator_ids(const std::vector<Operator>& operators) {
  std::set<std::string> ids;
  for (const auto& op : operators) ids.insert(op.id);
  return ids;
}

// An optional reference to one advice item: "" or the id of an item of `advice`.
std::string read_advice_ref(const JsonValue& object, const std::string& path, const char* key,
                            const std::set<std::string>& known) {
  std::string id = read_string(object, path, key, false, true, kMaxIdLength);
  if (!id.empty() && known.count(id) == 0) fail({child(path, key), " refers to unknown advice ", show(id)});
  return id;
}

std::vector<LocalizedText> read_paragraphs(const JsonValue& object, const std::string& path, const char* key) {
  const JsonValue& array = read_array(object, path, key, kMaxWidgetParagraphs);
  std::vector<LocalizedText> paragraphs;
  for (std::size_t i = 0; i < array.size(); ++i) {
    paragraphs.push_back(read_localized_value(array.items()[i], index(child(path, key), i), true));
  }
  return paragraphs;
}

WidgetPrecheck read_precheck(const JsonValue& widget, const std::set<std::string>& operators,
                             const std::set<std::string>& advice) {
  const JsonValue* value = member(widget, "widget", "precheck", false);
  if (value == nullptr) return {};
  const std::string path = "widget.precheck";
  expect_object(*value, path);
  check_keys(*value, path, {"question", "operators", "yes", "no", "unknown", "advice", "caveat"});
  WidgetPrecheck precheck;
  precheck.question = read_localized(*value, path, "question", true);
  precheck.operators = read_refs(*value, path, "operators", operators, "operator", "", true, kMaxOperators);
  precheck.yes = read_localized(*value, path, "yes", true);
  precheck.no = read_localized(*value, path, "no", true);
  precheck.unknown = read_localized(*value, path, "unknown", true);
  precheck.advice = read_advice_ref(*value, path, "advice", advice);
  precheck.caveat = read_advice_ref(*value, path, "caveat", advice);
  return precheck;
}

Widget read_widget(const JsonValue& root, const Catalog& catalog, const std::set<std::string>& source_ids) {
  const JsonValue* value = member(root, "", "widget", false);
  if (value == nullptr) return {};
  const std::string path = "widget";
  expect_object(*value, path);
  check_keys(*value, path,
             {"title", "intro", "precheck", "priority_advice", "not_found_advice", "hidden_advice",
              "insurers_inform_advice", "reassuring", "assessment_publisher", "assessment_by", "not_found_reasons",
              "fallback_advice", "sources"});
  const std::set<std::string> advice = advice_ids(catalog.advice);
  Widget widget;
  widget.title = read_localized(*value, path, "title", true);
  widget.intro = read_paragraphs(*value, path, "intro");
  widget.precheck = read_precheck(*value, operator_ids(catalog.operators), advice);
  widget.priority_advice =
      read_refs(*value, path, "priority_advice", advice, "advice", "", false, kMaxWidgetAdviceRefs);
  widget.not_found_advice =
      read_refs(*value, path, "not_found_advice", advice, "advice", "", false, kMaxWidgetAdviceRefs);
  widget.hidden_advice = read_refs(*value, path, "hidden_advice", advice, "advice", "", false, kMaxWidgetAdviceRefs);
  widget.insurers_inform_advice = read_advice_ref(*value, path, "insurers_inform_advice", advice);
  widget.reassuring = read_refs(*value, path, "reassuring", ids_of(catalog.not_exposed_categories), "category",
                                " (must be listed in not_exposed_categories)", false, kMaxNotExposedCategories);
  widget.assessment_publisher = read_string(*value, path, "assessment_publisher", false, true, kMaxShortTextChars);
  widget.assessment_by = read_localized(*value, path, "assessment_by", false);
  widget.not_found_reasons = read_paragraphs(*value, path, "not_found_reasons");
  widget.fallback_advice = read_paragraphs(*value, path, "fallback_advice");
  widget.sources = read_refs(*value, path, "sources", source_ids, "source", "", false, kMaxSourceRefs);
  return widget;
}

// ---------------------------------------------------------------------------------------------------------
// Serialisation.

// Members in byte order of their keys (std::map's order), as before: the canonical form, which partial files
// hash and data sets sign. An empty text is written with every language of the catalog set to "": for a French
// and English catalog that is {"en":"","fr":""}, the bytes catalogs had before texts became a map.
JsonText localized_json(const LocalizedText& text, const std::vector<std::string>& languages) {
  std::vector<JsonText> members;
  if (text.empty()) {
    for (const std::string& tag : languages) members.push_back({tag, ""});
  } else {
    for (const auto& [tag, value] : text.texts) members.push_back({tag, value});
  }
  return JsonText::list(members);
}

JsonText localized_list_json(const std::vector<LocalizedText>& list, const std::vector<std::string>& languages) {
  std::vector<JsonText> items;
  for (const LocalizedText& text : list) items.push_back(localized_json(text, languages));
  return JsonText::list(items);
}

template <typename Item, typename ToJson>
JsonText list_json(const std::vector<Item>& items, ToJson to_json) {
  std::vector<JsonText> list;
  list.reserve(items.size());
  for (const Item& item : items) list.push_back(to_json(item));
  return JsonText::list(list);
}

}  // namespace

Catalog parse_catalog(std::string_view text) { return parse_catalog_value(parse_bounded(text)); }

Catalog parse_catalog_value(const JsonValue& root) {
  CatalogLanguages languages;
  struct Scope {
    CatalogLanguages* previous;
    ~Scope() { parse_languages = previous; }
  } scope{parse_languages};
  parse_languages = &languages;
  expect_object(root, "");
  check_keys(root, "",
             {"id", "version", "incident", "categories", "not_exposed_categories", "operators", "advice", "sources",
              "widget"});

  Catalog catalog;
  catalog.id = read_id(root, "");
  catalog.version = read_version(root);

  std::set<std::string> source_ids;
  catalog.sources = read_sources(root, source_ids);  // first: everything else refers to sources

  std::map<std::string, std::string> category_paths;
  catalog.categories = read_categories(root, "categories", kMaxCategories, true, source_ids, category_paths);
  catalog.not_exposed_categories = read_categories(root, "not_exposed_categories", kMaxNotExposedCategories,
                                                   false, source_ids, category_paths);
  catalog.operators = read_operators(root, source_ids, ids_of(catalog.categories),
                                     ids_of(catalog.not_exposed_categories));
  catalog.advice = read_advice(root, source_ids);
  catalog.incident = read_incident(root, source_ids);
  catalog.widget = read_widget(root, catalog, source_ids);
  return catalog;
}

std::string catalog_to_json(const Catalog& catalog) {
  const std::vector<std::string> languages = catalog_languages(catalog);
  const auto text = [&languages](const LocalizedText& value) { return localized_json(value, languages); };
  const auto category_json = [&text](const Category& category) -> JsonText {
    return {{"description", text(category.description)},
            {"id", category.id},
            {"label", text(category.label)},
            {"sources", category.sources}};
  };
  const JsonText operators = list_json(catalog.operators, [&text](const Operator& op) -> JsonText {
    return {{"bit", static_cast<unsigned>(op.bit)},
            {"extra_categories", op.extra_categories},
            {"id", op.id},
            {"name", op.name},
            {"not_exposed", op.not_exposed},
            {"note", text(op.note)},
            {"sources", op.sources}};
  });
  const JsonText advice = list_json(catalog.advice, [&text](const Advice& item) -> JsonText {
    // "detail" only when set: catalogs without it keep their canonical bytes (signed data sets, golden files).
    if (item.detail.empty()) return {{"id", item.id}, {"sources", item.sources}, {"text", text(item.text)}};
    return {{"detail", text(item.detail)}, {"id", item.id}, {"sources", item.sources}, {"text", text(item.text)}};
  });
  const JsonText sources = list_json(catalog.sources, [](const Source& source) -> JsonText {
    return {{"date", source.date},
            {"id", source.id},
            {"publisher", source.publisher},
            {"title", source.title},
            {"url", source.url}};
  });
  std::vector<JsonText> members = {{"advice", advice},
                                   {"categories", list_json(catalog.categories, category_json)},
                                   {"id", catalog.id}};
  // The incident is optional: written only when it has content, so an absent one round-trips.
  const Incident& incident = catalog.incident;
  if (!incident.summary.empty() || !incident.sources.empty() || !incident.date.empty()) {
    members.push_back({"incident", incident.date.empty()
                                       ? JsonText{{"sources", incident.sources}, {"summary", text(incident.summary)}}
                                       : JsonText{{"date", incident.date},
                                                  {"sources", incident.sources},
                                                  {"summary", text(incident.summary)}}});
  }
  members.push_back({"not_exposed_categories", list_json(catalog.not_exposed_categories, category_json)});
  members.push_back({"operators", operators});
  members.push_back({"sources", sources});
  members.push_back({"version", catalog.version});
  // The widget section is optional too, and last in key order: catalogs without one keep their bytes.
  const Widget& widget = catalog.widget;
  if (!widget.title.empty()) {
    std::vector<JsonText> fields = {{"assessment_by", text(widget.assessment_by)},
                                    {"assessment_publisher", widget.assessment_publisher},
                                    {"fallback_advice", localized_list_json(widget.fallback_advice, languages)},
                                    {"hidden_advice", widget.hidden_advice},
                                    {"insurers_inform_advice", widget.insurers_inform_advice},
                                    {"intro", localized_list_json(widget.intro, languages)},
                                    {"not_found_advice", widget.not_found_advice},
                                    {"not_found_reasons", localized_list_json(widget.not_found_reasons, languages)}};
    const WidgetPrecheck& precheck = widget.precheck;
    if (!precheck.question.empty()) {
      fields.push_back({"precheck", JsonText{{"advice", precheck.advice},
                                             {"caveat", precheck.caveat},
                                             {"no", text(precheck.no)},
                                             {"operators", precheck.operators},
                                             {"question", text(precheck.question)},
                                             {"unknown", text(precheck.unknown)},
                                             {"yes", text(precheck.yes)}}});
    }
    fields.push_back({"priority_advice", widget.priority_advice});
    fields.push_back({"reassuring", widget.reassuring});
    fields.push_back({"sources", widget.sources});
    fields.push_back({"title", text(widget.title)});
    members.push_back({"widget", JsonText::list(fields)});
  }

  const JsonText root = JsonText::list(members);
  if (!root.valid()) fail({"a text field is not valid UTF-8"});
  std::string json = root.str();
  // The builder must never sign a catalog that readers would reject: validate what we produced.
  parse_catalog(json);
  return json;
}

std::vector<std::string> catalog_languages(const Catalog& catalog) {
  // Every text has the catalog's languages, and a catalog has at least one category, whose label is required.
  std::vector<std::string> languages;
  if (catalog.categories.empty()) return {"fr"};
  for (const auto& entry : catalog.categories[0].label.texts) languages.push_back(entry.first);
  return languages;
}

int category_bit(const Catalog& catalog, std::string_view category_id) {
  for (std::size_t i = 0; i < catalog.categories.size(); ++i) {
    if (catalog.categories[i].id == category_id) return static_cast<int>(i);
  }
  return -1;
}

int operator_bit(const Catalog& catalog, std::string_view operator_id) {
  for (const auto& op : catalog.operators) {
    if (op.id == operator_id) return op.bit;
  }
  return -1;
}

const std::string& LocalizedText::in(std::string_view language) const {
  static const std::string kNone;
  const auto found = texts.find(std::string(language));
  return found == texts.end() ? kNone : found->second;
}

bool operator==(const LocalizedText& a, const LocalizedText& b) { return a.texts == b.texts; }

bool operator==(const Source& a, const Source& b) {
  return a.id == b.id && a.title == b.title && a.publisher == b.publisher && a.date == b.date && a.url == b.url;
}

bool operator==(const Category& a, const Category& b) {
  return a.id == b.id && a.label == b.label && a.description == b.description && a.sources == b.sources;
}

bool operator==(const Operator& a, const Operator& b) {
  return a.id == b.id && a.name == b.name && a.bit == b.bit && a.extra_categories == b.extra_categories &&
         a.not_exposed == b.not_exposed && a.note == b.note && a.sources == b.sources;
}

bool operator==(const Advice& a, const Advice& b) {
  return a.id == b.id && a.text == b.text && a.detail == b.detail && a.sources == b.sources;
}

bool operator==(const Incident& a, const Incident& b) {
  return a.summary == b.summary && a.date == b.date && a.sources == b.sources;
}

bool operator==(const WidgetPrecheck& a, const WidgetPrecheck& b) {
  return a.question == b.question && a.operators == b.operators && a.yes == b.yes && a.no == b.no &&
         a.unknown == b.unknown && a.advice == b.advice && a.caveat == b.caveat;
}

bool operator==(const Widget& a, const Widget& b) {
  return a.title == b.title && a.intro == b.intro && a.precheck == b.precheck &&
         a.priority_advice == b.priority_advice && a.not_found_advice == b.not_found_advice &&
         a.hidden_advice == b.hidden_advice && a.insurers_inform_advice == b.insurers_inform_advice &&
         a.reassuring == b.reassuring && a.assessment_publisher == b.assessment_publisher &&
         a.assessment_by == b.assessment_by && a.not_found_reasons == b.not_found_reasons &&
         a.fallback_advice == b.fallback_advice && a.sources == b.sources;
}

bool operator==(const Catalog& a, const Catalog& b) {
  return a.id == b.id && a.version == b.version && a.incident == b.incident && a.widget == b.widget &&
         a.categories == b.categories &&
         a.not_exposed_categories == b.not_exposed_categories && a.operators == b.operators &&
         a.advice == b.advice && a.sources == b.sources;
}

}  // namespace breachcheck
