// SPDX-License-Identifier: MPL-2.0
#include "build/record_collector.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <queue>
#include <sstream>
#include <stdexcept>

#include "build/csv_reader.h"
#include "build/file_io.h"
#include "build/report_text.h"
#include "util/coded_error.h"
#include "util/error_codes.h"
#include "util/little_endian.h"

namespace breachcheck {

struct RecordCollector::Held {
  std::array<std::uint8_t, kCanonicalIdentitySize> canonical;
  std::uint8_t operators;
  std::uint8_t flags;
  std::uint32_t categories;
  std::uint32_t rows;
};

namespace {

using Held = RecordCollector::Held;
constexpr std::size_t kHeldDiskSize = 40;  // canonical 30, operators, flags, categories u32 LE, rows u32 LE
constexpr std::size_t kMaxInsurerName = 200;
constexpr unsigned char kShardLabel[] = "bc-shard-v1";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The column an identity code is reported under: its field in the registry.
const char* field_of_identity_code(const std::string& code) {
  const ErrorCodeInfo* entry = find_error_code(code);
  if (entry && entry->field == "nir") return "nir";
  if (entry && entry->field == "birth_rank") return "birth_rank";
  return "birth_date";
}

int find_operator(const Catalog& catalog, std::string_view text) {
  const std::string wanted = ascii_lower(trim(text));
  for (const auto& op : catalog.operators) {
    if (wanted == op.id || wanted == ascii_lower(op.name)) return op.bit;
  }
  return -1;
}

// C0 controls, DEL, and the C1 controls U+0080-U+009F (UTF-8 C2 80-C2 9F: what Latin-1 makes of Windows-1252
// punctuation, a sign of the wrong --encoding).
bool has_control_characters(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7F) return true;
    if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
  }
  return false;
}

bool is_identity_column(std::string_view column) {
  return column == "nir" || column == "birth_date" || column == "birth_rank" || column == "key";
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// The beneficiary column's values, compared without case or surrounding spaces: 1 when the row is a
// beneficiary's, 0 when it is the card holder's own, -1 for anything else (reported, never guessed).
int beneficiary_marker(std::string_view text) {
  const std::string value = ascii_lower(trim(text));
  for (const char* yes : {"1", "oui", "o", "yes", "y", "true", "vrai", "x", "ayant droit", "ayant-droit", "ad",
                          "beneficiary", "bénéficiaire", "beneficiaire"}) {
    if (value == yes) return 1;
  }
  for (const char* no : {"", "0", "non", "n", "no", "false", "faux", "assure", "assuré", "titulaire",
                         "holder", "ouvrant droit", "od"}) {
    if (value == no) return 0;
  }
  return -1;
}

// Spreadsheet workbooks, recognised from their first bytes: a ZIP archive (.xlsx, .ods) or an OLE2
// compound file (.xls). Read as text they give "cannot tell the separator" or nul_byte, which says nothing
// about the cause.
void refuse_spreadsheet(std::string_view start) {
  const char* kind = nullptr;
  if (start.rfind(std::string_view("PK\x03\x04", 4), 0) == 0) {
    kind = start.find("opendocument.spreadsheet") != std::string_view::npos
               ? "an OpenDocument spreadsheet (.ods)"
               : "a spreadsheet workbook (.xlsx, or another ZIP archive)";
  } else if (start.rfind(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), 0) == 0) {
    kind = "an Excel 97-2003 workbook (.xls)";
  }
  if (kind == nullptr) return;
  throw CodedError("records_spreadsheet", std::string("the records file is ") + kind +
                                              ", not CSV: open it in the spreadsheet and save it as \"CSV UTF-8\" "
                                              "(separator ;), with the NIR and key columns formatted as Text first, "
                                              "then give that file to --records");
}

// Shown for a date that does not have the --date-format shape: validate_identity reports it as dob_format,
// like any other text that is not a date.
constexpr std::string_view kUnreadableDate = "unreadable";

// The header line as bytes, without its line end, past any blank lines; `line` is its physical line number.
// A byte order mark is checked here, before anything is split: UTF-16 is refused, a UTF-8 BOM is dropped
// (and contradicts another --encoding).
// Refuses UTF-16 and a UTF-8 byte order mark that contradicts --encoding; drops a UTF-8 one.
void check_byte_order_mark(std::string& text, TextEncoding encoding) {
  refuse_spreadsheet(text);
  if (text.rfind("\xFF\xFE", 0) == 0 || text.rfind("\xFE\xFF", 0) == 0) {
    throw CodedError("records_utf16", "the records file is UTF-16 (Excel's \"Unicode text\"): save it as "
                                      "\"CSV UTF-8\" or \"CSV (separator: semicolon)\" instead");
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
    if (encoding != TextEncoding::utf8) {
      throw CodedError("encoding_conflict", std::string("the records file starts with a UTF-8 byte order mark, but "
                                                        "--encoding ") + text_encoding_name(encoding) +
                                                " was given: the file is UTF-8, drop --encoding");
    }
    text.erase(0, 3);
  }
}

std::string read_header_line(std::istream& in, TextEncoding encoding, std::size_t max_bytes, std::uint64_t& line) {
  std::string text;
  line = 1;
  bool first = true;
  for (;;) {
    text.clear();
    int c;
    while ((c = in.get()) != std::char_traits<char>::eof() && c != '\n') {
      if (text.size() >= max_bytes) {
        if (first) check_byte_order_mark(text, encoding);  // a UTF-16 file may have no 0x0A byte this early
        throw CodedError("header_invalid", "line " + std::to_string(line) + ": the header line is longer than " +
                                               std::to_string(max_bytes) + " bytes");
      }
      text.push_back(static_cast<char>(c));
    }
    if (first) {
      first = false;
      check_byte_order_mark(text, encoding);
    }
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (!text.empty()) return text;
    if (c == std::char_traits<char>::eof()) {
      throw CodedError("records_empty", "the records file is empty: expected a header line (" +
                                            std::string(kCsvColumns) + ", or your names with --columns) and rows");
    }
    ++line;
  }
}

}  // namespace

std::string mask_problem_example(std::string_view column, std::string_view value) {
  if (!is_identity_column(column)) return escape_report_text(value, 40);
  constexpr std::size_t kMaxShown = 40;
  const bool scientific = looks_like_scientific_notation(value);
  std::string out;
  std::size_t shown = 0, i = 0;
  while (i < value.size() && shown < kMaxShown) {
    const auto b = static_cast<unsigned char>(value[i]);
    std::size_t length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (length > 1 && (i + length > value.size() || !is_valid_utf8(value.substr(i, length)))) length = 0;
    ++shown;
    if (length != 1 || b < 0x20 || b == 0x7F) {  // not UTF-8, a control, or any non-ASCII character
      out.push_back('?');
      i += length == 0 ? 1 : length;
      continue;
    }
    if (b >= '0' && b <= '9') {
      out.push_back('9');
    } else if (scientific && (b == 'E' || b == 'e')) {
      out.push_back(static_cast<char>(b));
    } else if (b >= 'A' && b <= 'Z') {
      out.push_back('A');
    } else if (b >= 'a' && b <= 'z') {
      out.push_back('a');
    } else {
      out.push_back(static_cast<char>(b));
    }
    ++i;
  }
  if (i < value.size()) out += "...";
  return out;
}

bool looks_like_scientific_notation(std::string_view value) {
  const std::string_view s = trim(value);
  std::size_t i = 0, mantissa_digits = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i, ++mantissa_digits;
  if (i < s.size() && (s[i] == ',' || s[i] == '.')) {
    ++i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0 || i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t exponent_start = i;
  while (i < s.size() && is_ascii_digit(s[i])) ++i;
  return i > exponent_start && i == s.size();
}

bool is_null_marker(std::string_view value) {
  const std::string_view s = trim(value);
  if (s.size() == 2) return s == "\\N";
  return s.size() == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'u' && (s[2] | 0x20) == 'l' && (s[3] | 0x20) == 'l';
}

PayloadForAll resolve_payload_for_all(const RecordsInput& input, const Catalog& catalog) {
  PayloadForAll given;
  if (!input.operator_for_all.empty()) {
    const int bit = find_operator(catalog, input.operator_for_all);
    if (bit < 0) {
      std::string ids;
      for (const auto& op : catalog.operators) ids += (ids.empty() ? "" : ", ") + op.id;
      throw CodedError("option_not_in_catalog", "--operator " + escape_report_text(input.operator_for_all) +
                                                    " is not an operator of the catalog " + catalog.id +
                                                    ": give one of " + ids);
    }
    given.operators = static_cast<std::uint8_t>(1u << bit);
  }
  std::string_view list = input.categories_for_all;
  while (!list.empty()) {
    const std::size_t cut = list.find_first_of(",;");
    const std::string_view id = trim(list.substr(0, cut));
    list = cut == std::string_view::npos ? std::string_view{} : list.substr(cut + 1);
    if (id.empty()) continue;
    const int bit = category_bit(catalog, id);
    if (bit < 0) {
      std::string ids;
      for (const auto& category : catalog.categories) ids += (ids.empty() ? "" : ", ") + category.id;
      throw CodedError("option_not_in_catalog", "--categories: " + escape_report_text(id) +
                                                    " is not a category of the catalog " + catalog.id +
                                                    ": the ids are " + ids);
    }
    given.categories |= 1u << bit;
  }
  if (!input.categories_for_all.empty() && given.categories == 0) {
    throw CodedError("option_not_in_catalog", "--categories names no category: give catalog ids separated by commas");
  }
  return given;
}

namespace {

RecordPayload payload_of(const Held& h) { return RecordPayload{h.operators, h.flags, h.categories}; }

void fold_held(Held& into, const Held& from) {
  RecordPayload p = payload_of(into);
  fold_record(p, payload_of(from));
  into.operators = p.operators;
  into.flags = p.flags;
  into.categories = p.categories;
  into.rows += from.rows;
}

bool canonical_less(const Held& a, const Held& b) {
  return std::memcmp(a.canonical.data(), b.canonical.data(), kCanonicalIdentitySize) < 0;
}

// Sorts by canonical identity and folds equal identities; returns the new size.
std::size_t sort_and_fold(std::vector<Held>& held) {
  std::sort(held.begin(), held.end(), canonical_less);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (kept > 0 && held[kept - 1].canonical == held[i].canonical) {
      fold_held(held[kept - 1], held[i]);
    } else {
      held[kept++] = held[i];
    }
  }
  if (kept < held.size()) sodium_memzero(held.data() + kept, (held.size() - kept) * sizeof(Held));
  return kept;
}

void encode(const Held& h, std::uint8_t* out) {
  std::memcpy(out, h.canonical.data(), kCanonicalIdentitySize);
  out[30] = h.operators;
  out[31] = h.flags;
  put_le32(out + 32, h.categories);
  put_le32(out + 36, h.rows);
}

void decode(const std::uint8_t* in, Held& h) {
  std::memcpy(h.canonical.data(), in, kCanonicalIdentitySize);
  h.operators = in[30];
  h.flags = in[31];
  h.categories = get_le32(in + 32);
  h.rows = get_le32(in + 36);
}

void to_source(const Held& h, SourceRecord& record, std::uint32_t& rows) {
  record.canonical = h.canonical;
  record.payload = payload_of(h);
  rows = h.rows;
}

class MemoryStream final : public RecordStream {
 public:
  explicit MemoryStream(std::vector<Held> held) : held_(std::move(held)) {}
  ~MemoryStream() override {
    if (!held_.empty()) sodium_memzero(held_.data(), held_.size() * sizeof(Held));
  }
  bool next(SourceRecord& record, std::uint32_t& rows) override {
    if (pos_ >= held_.size()) return false;
    to_source(held_[pos_++], record, rows);
    return true;
  }
  std::uint64_t records_at_most() const override { return held_.size(); }

 private:
  std::vector<Held> held_;
  std::size_t pos_ = 0;
};

// k-way merge of sorted, folded runs, folding identities that appear in several runs.
class RunMergeStream final : public RecordStream {
 public:
  RunMergeStream(const std::vector<std::string>& runs, std::shared_ptr<io::StreamKey> key, std::size_t buffer_bytes,
                 std::uint64_t records_in_runs)
      : runs_(runs), key_(std::move(key)), records_in_runs_(records_in_runs) {
    for (std::size_t i = 0; i < runs.size(); ++i) {
      readers_.push_back(std::make_unique<io::SequentialReader>(runs[i], 0, buffer_bytes, key_.get(), i));
      heads_.emplace_back();
      if (pull(i)) heap_.push(i);
    }
  }
  ~RunMergeStream() override {
    sodium_memzero(heads_.data(), heads_.size() * sizeof(Held));
    readers_.clear();
    for (const auto& run : runs_) io::remove_file(run);
  }
  bool next(SourceRecord& record, std::uint32_t& rows) override {
    if (heap_.empty()) return false;
    std::size_t i = heap_.top();
    heap_.pop();
    Held current = heads_[i];
    if (pull(i)) heap_.push(i);
    while (!heap_.empty() && heads_[heap_.top()].canonical == current.canonical) {
      i = heap_.top();
      heap_.pop();
      fold_held(current, heads_[i]);
      if (pull(i)) heap_.push(i);
    }
    to_source(current, record, rows);
    sodium_memzero(&current, sizeof current);
    return true;
  }
  std::uint64_t records_at_most() const override { return records_in_runs_; }

 private:
  bool pull(std::size_t i) {
    std::uint8_t bytes[kHeldDiskSize];
    const bool ok = readers_[i]->read(bytes, sizeof bytes);
    if (ok) decode(bytes, heads_[i]);
    sodium_memzero(bytes, sizeof bytes);
    return ok;
  }
  struct Greater {
    const std::vector<Held>* heads;
    bool operator()(std::size_t a, std::size_t b) const { return canonical_less((*heads)[b], (*heads)[a]); }
  };
  std::vector<std::string> runs_;
  std::shared_ptr<io::StreamKey> key_;
  std::uint64_t records_in_runs_ = 0;
  std::vector<std::unique_ptr<io::SequentialReader>> readers_;
  std::vector<Held> heads_;
  std::priority_queue<std::size_t, std::vector<std::size_t>, Greater> heap_{Greater{&heads_}};
};

}  // namespace

void fold_record(RecordPayload& into, const RecordPayload& from) {
  if (into.operators != from.operators || into.categories != from.categories) into.flags |= kPayloadFlagMerged;
  into.flags |= from.flags;
  into.operators |= from.operators;
  into.categories |= from.categories;
}

std::uint64_t identity_hash64(const std::uint8_t* canonical, const Salt& salt) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, salt.data(), salt.size(), 8);
  crypto_generichash_update(&state, kShardLabel, sizeof(kShardLabel) - 1);
  crypto_generichash_update(&state, canonical, kCanonicalIdentitySize);
  std::uint8_t out[8];
  crypto_generichash_final(&state, out, sizeof out);
  return get_le64(out);
}

RecordSet::~RecordSet() {
  if (!records.empty()) sodium_memzero(records.data(), records.size() * sizeof(SourceRecord));
}

RecordCollector::RecordCollector(const Catalog& catalog, CollectorConfig config)
    : catalog_(catalog), config_(std::move(config)) {
  if (config_.shard.count == 0 || config_.shard.index >= config_.shard.count) {
    throw std::invalid_argument("shard index must be below the shard count");
  }
  buffer_limit_ = static_cast<std::size_t>(std::max<std::uint64_t>(1024, config_.memory_bytes / sizeof(Held)));
}

RecordCollector::~RecordCollector() {
  if (!buffer_.empty()) sodium_memzero(buffer_.data(), buffer_.size() * sizeof(Held));
  for (const auto& run : runs_) {
    try {
      io::remove_file(run);
    } catch (...) {
    }
  }
}

void RecordCollector::spill() {
  if (config_.spill_dir.empty()) {  // validate without --work-dir: it writes nowhere it was not told to
    throw CodedError("out_of_memory", "merging duplicates needs more than the memory budget and there is no "
                                      "directory to spill to: give --work-dir DIR or a larger --max-memory");
  }
  if (!run_key_) run_key_ = std::make_shared<io::StreamKey>(io::ephemeral_stream_key());
  const std::size_t kept = sort_and_fold(buffer_);
  const std::string path = config_.spill_dir + "/records-" + std::to_string(runs_.size()) + ".run";
  io::make_dirs(config_.spill_dir);
  io::SequentialWriter writer(path, 1 << 20, static_cast<io::StreamKey*>(run_key_.get()), runs_.size());
  std::uint8_t bytes[kHeldDiskSize];
  for (std::size_t i = 0; i < kept; ++i) {
    encode(buffer_[i], bytes);
    writer.write(bytes, sizeof bytes);
  }
  sodium_memzero(bytes, sizeof bytes);
  writer.finish(false);  // a run only lives as long as this process: no fsync
  runs_.push_back(path);
  spilled_records_ += kept;
  ++stats_.spill_runs;
  sodium_memzero(buffer_.data(), buffer_.size() * sizeof(Held));
  buffer_.clear();
}

void RecordCollector::read(std::istream& csv) {
  const std::size_t max_problems = config_.collect.max_problems;
  const RecordsInput& input = config_.collect.input;
  auto report = [&](std::uint64_t line, const char* field, const char* reason, std::string_view value = {},
                    const std::string& detail = {}) {
    ++stats_.problem_count;
    RowProblem problem{line, field, reason};
    if (config_.on_problem) config_.on_problem(problem);
    auto group = std::find_if(stats_.problem_groups.begin(), stats_.problem_groups.end(), [&](const ProblemGroup& g) {
      return g.reason == problem.reason && g.field == problem.field;
    });
    if (group == stats_.problem_groups.end()) {
      group = stats_.problem_groups.insert(stats_.problem_groups.end(), ProblemGroup{field, reason, 0, {}, {}, {}});
      if (problem.field != "row") group->example = mask_problem_example(field, value);
      group->detail = detail;
    }
    ++group->count;
    if (group->first_lines.size() < kProblemGroupLines) group->first_lines.push_back(line);
    if (stats_.problems.size() < max_problems) stats_.problems.push_back(std::move(problem));
  };

  // A valid row of this shard: buffered (spilled past the memory budget), its insurer listed.
  auto keep = [&](const Held& held, std::string_view insurer) {
    ++stats_.rows_kept;
    if (!insurer.empty()) stats_.insurers[std::string(insurer)] |= held.operators;
    if (buffer_.size() >= buffer_limit_) spill();
    if (buffer_.size() == buffer_.capacity()) {
      // Within a budget, reserve all of it at once: growing by doubling would hold old + new copies (1.5x the
      // budget) at the last step. Untouched reserved pages cost no resident memory.
      buffer_.reserve(config_.memory_bytes == UINT64_MAX
                          ? std::max<std::size_t>(4096, buffer_.capacity() * 2)
                          : buffer_limit_);
    }
    buffer_.push_back(held);
  };

  const CsvLimits limits;
  std::uint64_t header_line = 1;
  const std::string header_text = read_header_line(csv, input.encoding, limits.max_row_bytes, header_line);
  stats_.delimiter = input.delimiter;
  if (stats_.delimiter == 0) {
    stats_.delimiter = detect_delimiter(header_text);
    stats_.delimiter_detected = true;
    if (stats_.delimiter == 0) {
      throw CodedError("delimiter_unknown", "line " + std::to_string(header_line) +
                                                ": cannot tell the separator from the header line (no comma, "
                                                "semicolon or tab, or as many of two): give --delimiter , or ; or tab");
    }
  }
  std::vector<std::string> header;
  {
    std::istringstream header_stream(header_text);
    CsvReader header_reader(header_stream, limits, stats_.delimiter, header_line);
    CsvRow row;
    header_reader.next(row);
    if (!row.error.empty()) {
      throw CodedError("header_invalid", "line " + std::to_string(header_line) + ": the header line is not valid CSV (" +
                                             row.error + ")");
    }
    for (const auto& cell : row.fields) {
      std::string name;
      if (!to_utf8(cell, input.encoding, name)) {
        throw CodedError("header_invalid", "line " + std::to_string(header_line) +
                                               ": the header line is not UTF-8: give the file's encoding, e.g. "
                                               "--encoding windows-1252 for Excel's CSV on French Windows");
      }
      header.push_back(std::move(name));
    }
  }
  if (header.size() == 1 && !stats_.delimiter_detected) {
    const char found = detect_delimiter(header_text);
    if (found != 0 && found != stats_.delimiter) {
      throw CodedError("delimiter_mismatch", "line " + std::to_string(header_line) + ": the header line is separated by " +
                                                 (found == '\t' ? std::string("tabs") : "'" + std::string(1, found) + "'") +
                                                 ", not by the --delimiter given: give that one, or leave --delimiter out");
    }
  }
  const PayloadForAll for_all = resolve_payload_for_all(input, catalog_);
  FieldsGiven given;
  given.operator_name = for_all.operators != 0;
  given.categories = for_all.categories != 0;
  const RecordColumns columns = resolve_record_columns(header, input.columns, given);
  stats_.ignored_columns = columns.ignored_columns;
  stats_.ignored_names = columns.ignored_names;
  stats_.key_column = columns.has(RecordField::key);
  stats_.beneficiary_column = columns.has(RecordField::beneficiary);
  // The widget refuses a birth after the incident (web/src/ui/view-form.js, bornAfterIncident): such a row
  // could never be found, so it is refused here.
  const std::string& incident_date = catalog_.incident.date;
  const bool incident_known = incident_date.size() == 10 && incident_date[4] == '-' && incident_date[7] == '-';

  // Without a beneficiary column, a row whose date contradicts its NIR is a beneficiary's (listed under the
  // card holder's NIR) only if the card holder is in the file too: a row with that NIR and a date that agrees
  // with it. Whether that holder comes before or after, it is known once the whole file has been read: such
  // rows wait here, and what is left of them is reported at the end (docs/PUBLISHER-GUIDE.md, "Beneficiaries").
  // Holders are remembered by a keyed 64-bit hash of their NIR (a key that dies with this process).
  struct AwaitingHolder {
    std::uint64_t line = 0;
    std::uint64_t nir_tag = 0;
    std::uint32_t insurer = 0;  // index into awaiting_insurers (names repeat: each is kept once)
    bool this_shard = false;
    Held held{};
    std::string date_shape;  // mask_problem_example of the date, for the report's example (no identifier)
  };
  std::vector<AwaitingHolder> awaiting;
  std::vector<std::string> awaiting_insurers;
  std::map<std::string, std::uint32_t, std::less<>> awaiting_insurer_index;
  auto insurer_index = [&](std::string_view name) {
    const auto found = awaiting_insurer_index.find(name);
    if (found != awaiting_insurer_index.end()) return found->second;
    const auto index = static_cast<std::uint32_t>(awaiting_insurers.size());
    awaiting_insurers.emplace_back(name);
    awaiting_insurer_index.emplace(std::string(name), index);
    return index;
  };
  std::vector<std::uint64_t> holder_tags;
  std::array<std::uint8_t, crypto_generichash_KEYBYTES> tag_key{};
  randombytes_buf(tag_key.data(), tag_key.size());
  // The waiting identities and the key are wiped however reading ends (a spill can throw).
  struct WipeOnExit {
    std::vector<AwaitingHolder>& awaiting;
    std::array<std::uint8_t, crypto_generichash_KEYBYTES>& key;
    ~WipeOnExit() {
      for (auto& row : awaiting) sodium_memzero(&row.held, sizeof row.held);
      sodium_memzero(key.data(), key.size());
    }
  } wipe_on_exit{awaiting, tag_key};
  auto nir_tag = [&tag_key](const std::uint8_t* canonical) {
    std::uint8_t out[8];
    crypto_generichash(out, sizeof out, canonical + 8, 13, tag_key.data(), tag_key.size());  // "bc-id-v1" | NIR
    return get_le64(out);
  };

  CsvReader reader(csv, limits, stats_.delimiter, header_line + 1);
  CsvRow row;
  std::array<std::string, kRecordFieldCount> converted;  // fields in UTF-8 (other encodings), reused, wiped
  std::array<std::string_view, kRecordFieldCount> value;
  std::string iso_date;
  std::string joined_nir;  // NIR + key column, wiped
  const bool sharded = config_.shard.count > 1;
  const auto at = [](RecordField f) { return static_cast<std::size_t>(f); };
  while (reader.next(row)) {
    ++stats_.rows_read;
    if (config_.progress && (stats_.rows_read & 0xFFFF) == 0) {
      config_.progress({"reading", config_.input_position ? config_.input_position() : 0, config_.input_size, 0});
    }
    const std::uint64_t line = row.line;
    if (!row.error.empty()) {
      ++stats_.rows_bad;
      report(line, "row", row.error.c_str());
      continue;
    }
    if (std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) { return trim(f).empty(); })) {
      --stats_.rows_read;  // a row of separators only (spreadsheets leave them below the data): a blank line
      continue;
    }
    if (row.fields.size() != columns.header_columns) {
      ++stats_.rows_bad;
      // One field more, and empty: each data row ends with a separator the header line does not have.
      const bool trailing = row.fields.size() == columns.header_columns + 1 && trim(row.fields.back()).empty();
      report(line, "row", trailing ? "trailing_separator" : "column_count", {},
             std::to_string(row.fields.size()) + " fields, the header has " + std::to_string(columns.header_columns));
      continue;
    }
    const std::uint64_t problems_before = stats_.problem_count;
    for (std::size_t f = 0; f < kRecordFieldCount; ++f) {
      value[f] = {};
      if (columns.index[f] == kNoColumn) continue;
      const std::string& raw = row.fields[columns.index[f]];
      if (input.encoding == TextEncoding::utf8 ? is_valid_utf8(raw) : to_utf8(raw, input.encoding, converted[f])) {
        value[f] = input.encoding == TextEncoding::utf8 ? std::string_view(raw) : std::string_view(converted[f]);
        if (is_null_marker(value[f])) value[f] = {};
      } else {
        report(line, kRecordFieldNames[f], "encoding_invalid", raw);
      }
    }
    if (stats_.problem_count != problems_before) {  // nothing else is read from a row in the wrong encoding
      ++stats_.rows_bad;
      continue;
    }
    const std::string_view nir = value[at(RecordField::nir)];
    const std::string_view date = value[at(RecordField::birth_date)];
    const std::string_view rank = value[at(RecordField::birth_rank)];
    const std::string_view operator_name = value[at(RecordField::operator_name)];
    std::string_view categories = value[at(RecordField::categories)];
    const std::string_view insurer = trim(value[at(RecordField::insurer)]);
    const std::string_view key = trim(value[at(RecordField::key)]);

    IdentityInput identity_input;
    identity_input.nir = nir;
    identity_input.birth_date = date;
    if (!input.date_format.is_iso() && !trim(date).empty()) {
      identity_input.birth_date = input.date_format.to_iso(date, iso_date) ? std::string_view(iso_date) : kUnreadableDate;
    }
    identity_input.birth_rank = rank;

    // The key column: 1 or 2 digits (a numeric column drops the leading 0 of "07"), joined to a 13-character
    // NIR and verified by validate_identity as the widget verifies a typed 15-character number; compared with
    // the last two characters of a 15-character one.
    const bool scientific = looks_like_scientific_notation(nir);
    bool key_joined = false;
    if (!key.empty() && !scientific) {
      if (key.size() > 2 || !std::all_of(key.begin(), key.end(), is_ascii_digit)) {
        report(line, "key", "key_format", key);
      } else {
        joined_nir = normalize_nir(nir);
        const std::string two_digits = key.size() == 1 ? "0" + std::string(key) : std::string(key);
        if (joined_nir.size() == 13) {
          joined_nir += two_digits;
          identity_input.nir = joined_nir;
          key_joined = true;
        } else if (joined_nir.size() == 15 && joined_nir.compare(13, 2, two_digits) != 0) {
          report(line, "key", "nir_key", key);
        }
      }
    }

    // Card holder or beneficiary: the beneficiary column says so; without it, a row whose date contradicts its
    // NIR waits for its card holder (above).
    int marker = 0;
    if (columns.has(RecordField::beneficiary)) {
      marker = beneficiary_marker(value[at(RecordField::beneficiary)]);
      if (marker < 0) report(line, "beneficiary", "beneficiary_invalid", value[at(RecordField::beneficiary)]);
    }
    identity_input.beneficiary = marker == 1;
    ValidatedIdentity identity = validate_identity(identity_input, config_.collect.today);
    bool awaiting_holder = false;
    if (!columns.has(RecordField::beneficiary)) {
      const auto mismatch = std::find(identity.errors.begin(), identity.errors.end(), "dob_nir_mismatch");
      if (mismatch != identity.errors.end()) {
        if (identity.errors.size() == 1) {
          identity_input.beneficiary = true;
          identity = validate_identity(identity_input, config_.collect.today);
          awaiting_holder = identity.ok();
        } else {
          identity.errors.erase(mismatch);  // maybe a beneficiary's row: its other problems say enough
        }
      }
    }
    if (scientific) report(line, "nir", "nir_scientific", nir);
    bool date_ok = true;
    for (const auto& code : identity.errors) {
      const std::string_view field = field_of_identity_code(code);
      if (field == "nir" && scientific) continue;  // the cause is said once, above
      if (field == "birth_date") date_ok = false;
      if (code == "nir_key" && key_joined) {
        report(line, "key", code.c_str(), key);
        continue;
      }
      report(line, field.data(), code.c_str(), field == "nir" ? nir : field == "birth_date" ? date : rank);
    }
    if (date_ok && incident_known) {
      const std::string_view iso = trim(identity_input.birth_date);
      if (iso.size() == 10 && iso > std::string_view(incident_date)) report(line, "birth_date", "dob_after_incident", date);
    }
    const bool identity_ok = identity.ok();
    if (!joined_nir.empty()) sodium_memzero(joined_nir.data(), joined_nir.size());
    joined_nir.clear();

    RecordPayload payload;
    if (for_all.operators != 0) {
      payload.operators = for_all.operators;
    } else {
      const int op_bit = find_operator(catalog_, operator_name);
      if (trim(operator_name).empty()) {
        report(line, "operator", "operator_missing");
      } else if (op_bit < 0) {
        report(line, "operator", "operator_unknown", operator_name);
      } else {
        payload.operators = static_cast<std::uint8_t>(1u << op_bit);
      }
    }

    if (for_all.categories != 0) {
      payload.categories = for_all.categories;
    } else {
      const std::string_view all_categories = categories;
      while (!categories.empty()) {
        const std::size_t cut = categories.find(';');
        const std::string_view id = trim(categories.substr(0, cut));
        categories = cut == std::string_view::npos ? std::string_view{} : categories.substr(cut + 1);
        if (id.empty()) continue;
        const int bit = category_bit(catalog_, id);
        if (bit < 0) {
          report(line, "categories", "category_unknown", all_categories);
          break;
        }
        payload.categories |= 1u << bit;
      }
      if (payload.categories == 0 && stats_.problem_count == problems_before) {
        report(line, "categories", "categories_missing");
      }
    }

    if (insurer.size() > kMaxInsurerName) {
      report(line, "insurer", "insurer_too_long", insurer);
    } else if (has_control_characters(insurer)) {
      report(line, "insurer", "insurer_invalid", insurer);
    }
    // A card holder (whatever else is wrong with the row): the beneficiaries under this NIR are reachable.
    if (identity_ok && !awaiting_holder && marker == 0) holder_tags.push_back(nir_tag(identity.canonical.data()));
    const std::string date_shape = awaiting_holder && stats_.problem_count == problems_before
                                       ? mask_problem_example("birth_date", date)
                                       : std::string();
    if (!iso_date.empty()) sodium_memzero(iso_date.data(), iso_date.size());

    if (stats_.problem_count != problems_before) {
      ++stats_.rows_bad;
      continue;
    }
    const bool this_shard =
        !sharded || identity_hash64(identity.canonical.data(), config_.salt) % config_.shard.count == config_.shard.index;
    Held held{};
    std::memcpy(held.canonical.data(), identity.canonical.data(), kCanonicalIdentitySize);
    held.operators = payload.operators;
    held.flags = payload.flags;
    held.categories = payload.categories;
    held.rows = 1;
    if (awaiting_holder) {
      awaiting.push_back({line, nir_tag(identity.canonical.data()), this_shard ? insurer_index(insurer) : 0,
                          this_shard, this_shard ? held : Held{}, date_shape});
      sodium_memzero(&held, sizeof held);
      continue;
    }
    if (this_shard) keep(held, insurer);  // another shard's person: validated above all the same
    sodium_memzero(&held, sizeof held);
  }
  // The rows that waited for a card holder, in file order: built when one is in the file, else reported.
  std::sort(holder_tags.begin(), holder_tags.end());
  for (auto& row_waiting : awaiting) {
    if (std::binary_search(holder_tags.begin(), holder_tags.end(), row_waiting.nir_tag)) {
      ++stats_.rows_beneficiary_by_holder;
      if (row_waiting.this_shard) keep(row_waiting.held, awaiting_insurers[row_waiting.insurer]);
    } else {
      ++stats_.rows_bad;
      report(row_waiting.line, "birth_date", "dob_nir_mismatch", row_waiting.date_shape);
    }
    sodium_memzero(&row_waiting.held, sizeof row_waiting.held);
  }
  row.wipe();
  for (auto& field : converted) {
    if (!field.empty()) sodium_memzero(field.data(), field.size());
  }
  if (!iso_date.empty()) sodium_memzero(iso_date.data(), iso_date.size());
  if (stats_.problem_count > stats_.problems.size()) {
    stats_.problems.push_back(
        {0, "row", "more_problems_not_listed:" + std::to_string(stats_.problem_count - stats_.problems.size())});
  }
  if (config_.progress) {
    const std::uint64_t end = config_.input_position ? config_.input_position() : 0;
    config_.progress({"reading", end, std::max(end, config_.input_size), 0});
  }
}

std::unique_ptr<RecordStream> RecordCollector::merged() {
  if (runs_.empty()) {
    buffer_.resize(sort_and_fold(buffer_));  // no shrink_to_fit: it would copy the whole buffer once more
    return std::make_unique<MemoryStream>(std::move(buffer_));
  }
  if (!buffer_.empty()) spill();
  buffer_ = std::vector<Held>();  // give the memory back before the merge
  const std::uint64_t per_run =
      config_.memory_bytes == UINT64_MAX ? (1u << 20) : config_.memory_bytes / 2 / runs_.size();
  const std::size_t buffer_bytes = static_cast<std::size_t>(std::clamp<std::uint64_t>(per_run, 1u << 14, 1u << 20));
  auto stream = std::make_unique<RunMergeStream>(runs_, std::static_pointer_cast<io::StreamKey>(run_key_), buffer_bytes,
                                                 spilled_records_);
  runs_.clear();  // the stream deletes them when it is done
  return stream;
}

RecordSet collect_records(std::istream& csv, const Catalog& catalog, const CollectOptions& options) {
  CollectorConfig config;
  config.collect = options;
  RecordCollector collector(catalog, config);
  collector.read(csv);
  RecordSet set;
  std::unique_ptr<RecordStream> stream = collector.merged();
  SourceRecord record;
  std::uint32_t rows = 0;
  while (stream->next(record, rows)) set.records.push_back(record);
  sodium_memzero(record.canonical.data(), record.canonical.size());
  const CollectStats& stats = collector.stats();
  set.insurers = stats.insurers;
  set.problems = stats.problems;
  set.problem_groups = stats.problem_groups;
  set.rows_read = stats.rows_read;
  set.rows_merged = stats.rows_kept - set.records.size();
  return set;
}

}  // namespace breachcheck
