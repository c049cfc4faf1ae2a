// SPDX-License-Identifier: MPL-2.0
// The category catalog: what each data category is called (FR/EN), which were exposed and which were not
// (per the CNIL statement), per-operator extras, advice and sources. It travels inside the signed data set
// header, so the widget explains exactly what the publisher signed.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_reader.h"

namespace breachcheck {

struct LocalizedText {
  std::string fr;
  std::string en;
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

struct Catalog {
  std::string id;        // e.g. "viamedis-almerys-2024"
  std::string version;   // catalog text version
  Incident incident;
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

// Parses and validates (throws CatalogError with a precise message). Bounded: rejects input over
// kMaxCatalogJsonBytes, unknown source references, duplicate ids, non-https URLs, missing FR/EN text.
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

// Field-by-field equality (used by the round-trip tests).
bool operator==(const LocalizedText& a, const LocalizedText& b);
bool operator==(const Source& a, const Source& b);
bool operator==(const Category& a, const Category& b);
bool operator==(const Operator& a, const Operator& b);
bool operator==(const Advice& a, const Advice& b);
bool operator==(const Incident& a, const Incident& b);
bool operator==(const Catalog& a, const Catalog& b);
inline bool operator!=(const Catalog& a, const Catalog& b) { return !(a == b); }

}  // namespace breachcheck
