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
  return column == "nir" || column == "birth_date" || column == "birth_rank";
}

// Shown for a date that does not have the --date-format shape: validate_identity reports it as dob_format,
// like any other text that is not a date.
constexpr std::string_view kUnreadableDate = "unreadable";

// The header line as bytes, without its line end, past any blank lines; `line` is its physical line number.
// A byte order mark is checked here, before anything is split: UTF-16 is refused, a UTF-8 BOM is dropped
// (and contradicts another --encoding).
// Refuses UTF-16 and a UTF-8 byte order mark that contradicts --encoding; drops a UTF-8 one.
void check_byte_order_mark(std::string& text, TextEncoding encoding) {
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
  constexpr std::size_t kMaxShown = 40;
  const bool identity = is_identity_column(column);
  std::string out;
  std::size_t shown = 0, i = 0;
  while (i < value.size() && shown < kMaxShown) {
    const auto b = static_cast<unsigned char>(value[i]);
    std::size_t length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (length > 1 && (i + length > value.size() || !is_valid_utf8(value.substr(i, length)))) length = 0;
    ++shown;
    if (length == 0 || (length == 1 && (b < 0x20 || b == 0x7F))) {  // not UTF-8, or a control
      if (identity) {
        out.push_back('?');
      } else {
        static const char kHex[] = "0123456789ABCDEF";
        out += "\\x";
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
      }
      ++i;
      continue;
    }
    if (!identity) {
      out.append(value.substr(i, length));
    } else if (length > 1) {
      out.push_back('?');
    } else if (b >= '0' && b <= '9') {
      out.push_back('9');
    } else if (b >= 'A' && b <= 'Z') {
      out.push_back('A');
    } else if (b >= 'a' && b <= 'z') {
      out.push_back('a');
    } else {
      out.push_back(static_cast<char>(b));
    }
    i += length;
  }
  if (i < value.size()) out += "...";
  return out;
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

 private:
  std::vector<Held> held_;
  std::size_t pos_ = 0;
};

// k-way merge of sorted, folded runs, folding identities that appear in several runs.
class RunMergeStream final : public RecordStream {
 public:
  RunMergeStream(const std::vector<std::string>& runs, std::shared_ptr<io::StreamKey> key, std::size_t buffer_bytes)
      : runs_(runs), key_(std::move(key)) {
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
  ++stats_.spill_runs;
  sodium_memzero(buffer_.data(), buffer_.size() * sizeof(Held));
  buffer_.clear();
}

void RecordCollector::read(std::istream& csv) {
  const std::size_t max_problems = config_.collect.max_problems;
  const RecordsInput& input = config_.collect.input;
  auto report = [&](std::uint64_t line, const char* field, const char* reason, std::string_view value = {}) {
    ++stats_.problem_count;
    RowProblem problem{line, field, reason};
    if (config_.on_problem) config_.on_problem(problem);
    auto group = std::find_if(stats_.problem_groups.begin(), stats_.problem_groups.end(), [&](const ProblemGroup& g) {
      return g.reason == problem.reason && g.field == problem.field;
    });
    if (group == stats_.problem_groups.end()) {
      group = stats_.problem_groups.insert(stats_.problem_groups.end(), ProblemGroup{field, reason, 0, {}, {}});
      if (problem.field != "row") group->example = mask_problem_example(field, value);
    }
    ++group->count;
    if (group->first_lines.size() < kProblemGroupLines) group->first_lines.push_back(line);
    if (stats_.problems.size() < max_problems) stats_.problems.push_back(std::move(problem));
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
  const RecordColumns columns = resolve_record_columns(header, input.columns);
  stats_.ignored_columns = columns.ignored_columns;

  CsvReader reader(csv, limits, stats_.delimiter, header_line + 1);
  CsvRow row;
  std::array<std::string, kRecordFieldCount> converted;  // fields in UTF-8 (other encodings), reused, wiped
  std::array<std::string_view, kRecordFieldCount> value;
  std::string iso_date;
  const bool sharded = config_.shard.count > 1;
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
      report(line, "row", "column_count");
      continue;
    }
    const std::uint64_t problems_before = stats_.problem_count;
    for (std::size_t f = 0; f < kRecordFieldCount; ++f) {
      const std::string& raw = row.fields[columns.index[f]];
      if (input.encoding == TextEncoding::utf8 ? is_valid_utf8(raw) : to_utf8(raw, input.encoding, converted[f])) {
        value[f] = input.encoding == TextEncoding::utf8 ? std::string_view(raw) : std::string_view(converted[f]);
      } else {
        report(line, kRecordFieldNames[f], "encoding_invalid", raw);
      }
    }
    if (stats_.problem_count != problems_before) {  // nothing else is read from a row in the wrong encoding
      ++stats_.rows_bad;
      continue;
    }
    const std::string_view nir = value[static_cast<std::size_t>(RecordField::nir)];
    const std::string_view date = value[static_cast<std::size_t>(RecordField::birth_date)];
    const std::string_view rank = value[static_cast<std::size_t>(RecordField::birth_rank)];
    const std::string_view operator_name = value[static_cast<std::size_t>(RecordField::operator_name)];
    std::string_view categories = value[static_cast<std::size_t>(RecordField::categories)];
    const std::string_view insurer = trim(value[static_cast<std::size_t>(RecordField::insurer)]);

    IdentityInput identity_input;
    identity_input.nir = nir;
    identity_input.birth_date = date;
    if (!input.date_format.is_iso() && !trim(date).empty()) {
      identity_input.birth_date = input.date_format.to_iso(date, iso_date) ? std::string_view(iso_date) : kUnreadableDate;
    }
    identity_input.birth_rank = rank;
    identity_input.beneficiary = true;  // rows include beneficiaries: their own birth date with the insured's NIR
    ValidatedIdentity identity = validate_identity(identity_input, config_.collect.today);
    for (const auto& code : identity.errors) {
      const std::string_view field = field_of_identity_code(code);
      report(line, field.data(), code.c_str(), field == "nir" ? nir : field == "birth_date" ? date : rank);
    }

    RecordPayload payload;
    const int op_bit = find_operator(catalog_, operator_name);
    if (trim(operator_name).empty()) {
      report(line, "operator", "operator_missing");
    } else if (op_bit < 0) {
      report(line, "operator", "operator_unknown", operator_name);
    } else {
      payload.operators = static_cast<std::uint8_t>(1u << op_bit);
    }

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

    if (insurer.size() > kMaxInsurerName) {
      report(line, "insurer", "insurer_too_long", insurer);
    } else if (has_control_characters(insurer)) {
      report(line, "insurer", "insurer_invalid", insurer);
    }
    if (!iso_date.empty()) sodium_memzero(iso_date.data(), iso_date.size());

    if (stats_.problem_count != problems_before) {
      ++stats_.rows_bad;
      continue;
    }
    if (sharded && identity_hash64(identity.canonical.data(), config_.salt) % config_.shard.count != config_.shard.index) {
      continue;  // another shard's person (validated above all the same, so every report is complete)
    }
    ++stats_.rows_kept;
    if (!insurer.empty()) stats_.insurers[std::string(insurer)] |= payload.operators;
    if (buffer_.size() >= buffer_limit_) spill();
    if (buffer_.size() == buffer_.capacity()) {
      // Within a budget, reserve all of it at once: growing by doubling would hold old + new copies (1.5x the
      // budget) at the last step. Untouched reserved pages cost no resident memory.
      buffer_.reserve(config_.memory_bytes == UINT64_MAX
                          ? std::max<std::size_t>(4096, buffer_.capacity() * 2)
                          : buffer_limit_);
    }
    Held held{};
    std::memcpy(held.canonical.data(), identity.canonical.data(), kCanonicalIdentitySize);
    held.operators = payload.operators;
    held.flags = payload.flags;
    held.categories = payload.categories;
    held.rows = 1;
    buffer_.push_back(held);
    sodium_memzero(&held, sizeof held);
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
  auto stream = std::make_unique<RunMergeStream>(runs_, std::static_pointer_cast<io::StreamKey>(run_key_), buffer_bytes);
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
