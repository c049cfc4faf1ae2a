// SPDX-License-Identifier: MPL-2.0
// The category catalog: what each data category is called (in French, and in any other language the catalog
// carries), which were exposed and which were not (per the authorities' statement), per-operator extras, advice,
// sources, and what the widget says about this incident (the `widget` section). It travels inside the signed data
// set header, so the widget explains exactly what the publisher signed and knows nothing of the incident itself.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_reader.h"

namespace breachcheck {

// One text in several languages: language tag ([a-z]{2,3}, e.g. "fr", "en") -> text. French is required
// wherever the text is set; the other languages are optional per catalog, but one catalog uses the same
// languages in every text (no mixed-language page). An empty text is an empty map.
struct LocalizedText {
  std::map<std::string, std::string> texts;

  // The text in `language`, "" when absent.
  const std::string& in(std::string_view language) const;
  bool empty() const { return texts.empty(); }
};

struct Source {
  std::string id;         // referenced by categories, operators and advice
  std::string title;
  std::string publisher;
  std::string date;       // "", "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  std::string url;        // "" or https:// (no user info)
};

struct Category {
  std::string id;                    // stable id, e.g. "nir"
  LocalizedText label;
  LocalizedText description;         // optional; may be empty
  std::vector<std::string> sources;  // ids into Catalog::sources
};

struct Operator {
  std::string id;                              // "viamedis" | "almerys"
  std::string name;                            // display name, e.g. "Almérys"
  std::uint8_t bit = 0;                        // bit index in the payload's operator mask (0..7)
  std::vector<std::string> extra_categories;   // category ids this operator's notices add
  std::vector<std::string> not_exposed;        // category ids this operator's notices say were not exposed
  LocalizedText note;                          // optional
  std::vector<std::string> sources;
};

struct Advice {
  std::string id;
  LocalizedText text;    // the action itself: short, shown in view
  LocalizedText detail;  // optional: how and why, folded under the action (both languages or neither)
  std::vector<std::string> sources;
};

// What happened, in two languages, with its sources. Optional in the JSON (absent = all empty).
struct Incident {
  LocalizedText summary;
  std::string date;  // "YYYY-MM-DD" or "": the day by which the data had been taken (no one born later is in it)
  std::vector<std::string> sources;
};

// The pre-check without identifiers: a question whose answers are the catalog's operators (e.g. the logo on a
// tiers-payant card), "no" and "I don't know". Absent: `question` empty.
struct WidgetPrecheck {
  LocalizedText question;
  std::vector<std::string> operators;  // ids into Catalog::operators: one "yes, <name>" answer each
  LocalizedText yes;                   // shown for a "yes"; "{operator}" stands for the operator's name
  LocalizedText no;
  LocalizedText unknown;
  std::string advice;  // advice id cited under a "yes" ("" none)
  std::string caveat;  // advice id shown under every "may be affected" answer ("" none)
};

// Everything the widget says that is specific to this incident: the widget's own strings are generic. Optional
// in the JSON (absent: `title` empty, and the widget uses neutral wording); catalogs without it keep their bytes.
struct Widget {
  LocalizedText title;                    // the widget's heading once the list is open
  std::vector<LocalizedText> intro;       // lead paragraphs under the title
  WidgetPrecheck precheck;
  std::vector<std::string> priority_advice;   // advice ids shown first after a verdict, in this order
  std::vector<std::string> not_found_advice;  // advice ids listed under a "not found" verdict
  std::vector<std::string> hidden_advice;     // advice ids only the pre-check cites (never in advice lists)
  std::string insurers_inform_advice;         // advice id whose sources back "trust your insurer's letter"
  std::vector<std::string> reassuring;        // not-exposed category ids named under an "affected" verdict
  std::string assessment_publisher;           // source publisher whose earliest dated source dates that statement
  LocalizedText assessment_by;                // who made that statement, as the sentence names it ("la CNIL")
  std::vector<LocalizedText> not_found_reasons;  // why a person may be absent from the list
  std::vector<LocalizedText> fallback_advice;    // advice when a check failed and no priority advice is set
  std::vector<std::string> sources;              // sources of the widget's own texts
};

struct Catalog {
  std::string id;        // e.g. "viamedis-almerys-2024"
  std::string version;   // catalog text version
  Incident incident;
  Widget widget;
  // Every category a record can carry; the index in this list is the bit in the payload's
  // category mask, so at most 32 entries and the order is part of the data set.
  std::vector<Category> categories;
  // Categories stated as NOT exposed (CNIL statement); ids from not_exposed_categories.
  std::vector<Category> not_exposed_categories;
  std::vector<Operator> operators;
  std::vector<Advice> advice;
  std::vector<Source> sources;
};

class CatalogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // message names the JSON path and what is wrong
};

inline constexpr std::size_t kMaxCatalogJsonBytes = 256 * 1024;
inline constexpr std::size_t kMaxCategories = 32;
// Further bounds (docs/CATALOG.md). The schema needs 4 levels of nesting; 8 leaves room for precise
// type errors ("must be a string") while stopping deep-nesting input early.
inline constexpr std::size_t kMaxCatalogDepth = 8;
inline constexpr std::size_t kMaxNotExposedCategories = 32;
inline constexpr std::size_t kMaxOperators = 8;     // operator bits 0..7
inline constexpr std::size_t kMaxAdvice = 64;
inline constexpr std::size_t kMaxSources = 128;
inline constexpr std::size_t kMaxSourceRefs = 16;   // sources listed by one item
inline constexpr std::size_t kMaxIdLength = 64;     // ids: [a-z0-9_-]{1,64}
inline constexpr std::size_t kMaxTextChars = 2000;  // labels, descriptions, notes, advice, summary
inline constexpr std::size_t kMaxShortTextChars = 300;  // source title / publisher, operator name
inline constexpr std::size_t kMaxUrlLength = 500;
inline constexpr std::size_t kMaxLanguages = 8;        // languages in one text (and so in one catalog)
inline constexpr std::size_t kMaxWidgetParagraphs = 8; // widget intro, not-found reasons, fallback advice
inline constexpr std::size_t kMaxWidgetAdviceRefs = 16;

// Parses and validates (throws CatalogError with a precise message). Bounded: rejects input over
// kMaxCatalogJsonBytes, unknown source references, duplicate ids, non-https URLs, missing French text, a
// language tag that is not 2-3 lowercase letters, texts whose languages differ within one catalog.
// Strict: unknown keys (at any level), duplicate JSON keys and wrong types are errors.
Catalog parse_catalog(std::string_view json);

// The same validation for a catalog already parsed from signed bytes (the data set header's metadata, parsed
// once, duplicate keys refused at every level): no re-serialisation stands between the signed bytes and what
// the widget shows.
Catalog parse_catalog_value(const JsonValue& value);

// Canonical JSON text of a catalog (stable key order, no insignificant whitespace): what the builder
// puts in the header. Validates its own output, so it throws CatalogError for a catalog that
// parse_catalog would reject; parse_catalog(catalog_to_json(c)) == c for every valid c.
std::string catalog_to_json(const Catalog& catalog);

// -1 when unknown.
int category_bit(const Catalog& catalog, std::string_view category_id);
int operator_bit(const Catalog& catalog, std::string_view operator_id);

// The languages of the catalog's texts (every non-empty text has exactly these), "fr" among them.
std::vector<std::string> catalog_languages(const Catalog& catalog);

// Field-by-field equality (used by the round-trip tests).
bool operator==(const LocalizedText& a, const LocalizedText& b);
bool operator==(const Source& a, const Source& b);
bool operator==(const Category& a, const Category& b);
bool operator==(const Operator& a, const Operator& b);
bool operator==(const Advice& a, const Advice& b);
bool operator==(const Incident& a, const Incident& b);
bool operator==(const WidgetPrecheck& a, const WidgetPrecheck& b);
bool operator==(const Widget& a, const Widget& b);
bool operator==(const Catalog& a, const Catalog& b);
inline bool operator!=(const Catalog& a, const Catalog& b) { return !(a == b); }

}  // namespace breachcheck
