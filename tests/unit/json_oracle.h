// SPDX-License-Identifier: MPL-2.0
// nlohmann/json as the oracle for the engine's own JSON reader (wasm/core/util/json_reader.h), shared by the
// differential unit test (test_json.cpp) and the libFuzzer target (tests/fuzz/fuzz_json.cpp). nlohmann is read
// strictly (no comments) with the reader's extra rules added through its parse callback: the same nesting
// bound, duplicate keys refused at any depth, the same size bound. Two deliberate differences, where the oracle
// refuses what nlohmann would accept:
//   - a leading UTF-8 byte order mark, which nlohmann skips (RFC 8259 lets a reader refuse it; ours does);
//   - a NUL byte: nlohmann takes one outside a string for the end of the input and ignores what follows
//     ("{}\0anything" is accepted), which RFC 8259 does not allow. A raw NUL inside a string is refused by both,
//     so "no raw NUL at all" is the rule for every text nlohmann accepts.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_reader.h"

namespace breachcheck::json_oracle {

struct OracleRead {
  bool accepted = false;
  nlohmann::json value;
};

inline OracleRead nlohmann_read(std::string_view text, const JsonLimits& limits) {
  OracleRead result;
  if (text.size() > limits.max_bytes || text.substr(0, 3) == "\xEF\xBB\xBF" ||
      text.find('\0') != std::string_view::npos) {
    return result;
  }
  struct Refused {};
  std::vector<std::set<std::string>> open;  // per open container: the keys seen (arrays: none)
  const auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      // `depth` counts the containers already open: this one is level depth + 1.
      if (static_cast<std::size_t>(depth) + 1 > limits.max_depth) throw Refused{};
      open.emplace_back();
    } else if (event == Event::object_end || event == Event::array_end) {
      open.pop_back();
    } else if (event == Event::key && !open.back().insert(parsed.get<std::string>()).second) {
      throw Refused{};
    }
    return true;
  };
  try {
    result.value = nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false,
                                         /*ignore_comments=*/false);
  } catch (const Refused&) {
    return result;
  }
  result.accepted = !result.value.is_discarded();
  return result;
}

// The engine reader's value as nlohmann::json (other numbers through strtod, as nlohmann reads them).
inline nlohmann::json to_nlohmann(const JsonValue& value) {
  switch (value.kind()) {
    case JsonKind::null: return nullptr;
    case JsonKind::boolean: return value.boolean();
    case JsonKind::integer:
      if (const auto unsigned_value = value.as_uint64()) return *unsigned_value;
      return *value.as_int64();
    case JsonKind::other_number: return std::strtod(value.text().c_str(), nullptr);
    case JsonKind::string: return value.text();
    case JsonKind::array: {
      nlohmann::json array = nlohmann::json::array();
      for (const JsonValue& item : value.items()) array.push_back(to_nlohmann(item));
      return array;
    }
    case JsonKind::object: {
      nlohmann::json object = nlohmann::json::object();
      for (std::size_t i = 0; i < value.keys().size(); ++i) object[value.keys()[i]] = to_nlohmann(value.items()[i]);
      return object;
    }
  }
  return nlohmann::json();
}

// "" when the engine's reader and the oracle agree on `text` (both refuse it, or both accept it with equal
// values); else what differs.
inline std::string disagreement(std::string_view text, const JsonLimits& limits) {
  JsonValue ours;
  JsonError error;
  const bool accepted = parse_json(text, limits, ours, error);
  const OracleRead oracle = nlohmann_read(text, limits);
  if (accepted != oracle.accepted) {
    return accepted ? "accepted, nlohmann refuses"
                    : std::string("refused (") + json_error_text(error.code) + " at byte " +
                          std::to_string(error.offset) + "), nlohmann accepts";
  }
  if (accepted && to_nlohmann(ours) != oracle.value) return "accepted by both, different values";
  return "";
}

}  // namespace breachcheck::json_oracle
