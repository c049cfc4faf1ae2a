#include "builder.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "csv_reader.h"

namespace breachcheck {
namespace {

constexpr std::size_t kMaxInsurerName = 200;
constexpr unsigned char kDummyKeyLabel[] = "breachcheck:dummies:v1";
using Entry = std::array<std::uint8_t, kEntrySize>;
static_assert(sizeof(Entry) == kEntrySize, "entries are written as one contiguous array");

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

const char* field_of_identity_code(const std::string& code) {
  if (code.rfind("nir_", 0) == 0) return "nir";
  if (code.rfind("rank_", 0) == 0) return "birth_rank";
  return "birth_date";
}

int find_operator(const Catalog& catalog, std::string_view text) {
  const std::string wanted = ascii_lower(trim(text));
  for (const auto& op : catalog.operators) {
    if (wanted == op.id || wanted == ascii_lower(op.name)) return op.bit;
  }
  return -1;
}

bool has_control_characters(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

}  // namespace

RecordSet::~RecordSet() {
  if (!records.empty()) sodium_memzero(records.data(), records.size() * sizeof(SourceRecord));
}

RecordSet collect_records(std::istream& csv, const Catalog& catalog, const CollectOptions& options) {
  RecordSet set;
  std::uint64_t problem_count = 0;
  auto report = [&](std::uint64_t line, std::string field, std::string reason) {
    ++problem_count;
    if (set.problems.size() < options.max_problems) set.problems.push_back({line, std::move(field), std::move(reason)});
  };

  CsvReader reader(csv);
  CsvRow row;
  if (!reader.next(row)) throw std::runtime_error("records file is empty: expected the header line " + std::string(kCsvColumns));
  std::string header;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    std::string_view name = row.fields[i];
    if (i == 0 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);  // UTF-8 byte order mark
    header += (i ? "," : "") + ascii_lower(trim(name));
  }
  if (!row.error.empty() || header != kCsvColumns) {
    throw std::runtime_error("line 1: the header must be exactly: " + std::string(kCsvColumns));
  }

  while (reader.next(row)) {
    ++set.rows_read;
    const std::uint64_t line = row.line;
    if (!row.error.empty()) {
      report(line, "row", row.error);
      continue;
    }
    if (row.fields.size() != 6) {
      report(line, "row", "column_count");
      continue;
    }
    const std::size_t problems_before = problem_count;
    IdentityInput input;
    input.nir = row.fields[0];
    input.birth_date = row.fields[1];
    input.birth_rank = row.fields[2];
    input.beneficiary = true;  // rows include beneficiaries: their own birth date with the insured's NIR
    ValidatedIdentity identity = validate_identity(input, options.today);
    for (const auto& code : identity.errors) report(line, field_of_identity_code(code), code);

    RecordPayload payload;
    const int op_bit = find_operator(catalog, row.fields[3]);
    if (trim(row.fields[3]).empty()) {
      report(line, "operator", "operator_missing");
    } else if (op_bit < 0) {
      report(line, "operator", "operator_unknown");
    } else {
      payload.operators = static_cast<std::uint8_t>(1u << op_bit);
    }

    std::string_view categories = row.fields[4];
    while (!categories.empty()) {
      const std::size_t cut = categories.find(';');
      const std::string_view id = trim(categories.substr(0, cut));
      categories = cut == std::string_view::npos ? std::string_view{} : categories.substr(cut + 1);
      if (id.empty()) continue;
      const int bit = category_bit(catalog, id);
      if (bit < 0) {
        report(line, "categories", "category_unknown");
        break;
      }
      payload.categories |= 1u << bit;
    }
    if (payload.categories == 0 && problem_count == problems_before) report(line, "categories", "categories_missing");

    const std::string_view insurer = trim(row.fields[5]);
    if (insurer.size() > kMaxInsurerName) {
      report(line, "insurer", "insurer_too_long");
    } else if (has_control_characters(insurer)) {
      report(line, "insurer", "insurer_invalid");
    }

    if (problem_count != problems_before) continue;
    if (!insurer.empty()) set.insurers[std::string(insurer)] |= payload.operators;
    SourceRecord record;
    std::memcpy(record.canonical.data(), identity.canonical.data(), kCanonicalIdentitySize);
    record.payload = payload;
    set.records.push_back(record);
    sodium_memzero(record.canonical.data(), record.canonical.size());
  }

  // Merge rows of the same person (same canonical identity): one entry, all operators and categories.
  std::sort(set.records.begin(), set.records.end(),
            [](const SourceRecord& a, const SourceRecord& b) { return a.canonical < b.canonical; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < set.records.size(); ++i) {
    if (kept > 0 && set.records[kept - 1].canonical == set.records[i].canonical) {
      RecordPayload& into = set.records[kept - 1].payload;
      const RecordPayload& from = set.records[i].payload;
      if (into.operators != from.operators || into.categories != from.categories) into.flags |= kPayloadFlagMerged;
      into.operators |= from.operators;
      into.categories |= from.categories;
      ++set.rows_merged;
    } else {
      set.records[kept++] = set.records[i];
    }
  }
  if (kept < set.records.size()) {
    sodium_memzero(set.records.data() + kept, (set.records.size() - kept) * sizeof(SourceRecord));
    set.records.resize(kept);
  }
  if (problem_count > set.problems.size()) {
    set.problems.push_back({0, "row", "more_problems_not_listed:" + std::to_string(problem_count - set.problems.size())});
  }
  return set;
}

std::vector<HashedEntry> hash_records(const std::vector<SourceRecord>& records, const Salt& salt,
                                      const KdfParams& kdf, unsigned threads, const ProgressFn& progress) {
  std::vector<HashedEntry> out(records.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};

  auto work = [&](bool reports_progress) {
    CanonicalIdentity canonical;
    Seed seed;
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= records.size() || failed.load()) break;
      std::memcpy(canonical.data(), records[i].canonical.data(), kCanonicalIdentitySize);
      if (!derive_seed(canonical, salt, kdf, seed)) {
        failed = true;
        break;
      }
      const LookupKeys keys = derive_lookup_keys(seed);
      out[i].prefix32 = tag_prefix32(keys);
      out[i].fingerprint = fingerprint_of(keys);
      out[i].payload = encrypt_payload(records[i].payload, keys);
      const std::size_t finished = done.fetch_add(1) + 1;
      if (reports_progress && progress && finished < records.size()) progress({"hashing", finished, records.size()});
    }
  };

  std::vector<std::thread> workers;
  for (unsigned t = 1; t < std::max(1u, threads); ++t) workers.emplace_back(work, false);
  work(true);
  for (auto& worker : workers) worker.join();
  if (failed) throw std::runtime_error("Argon2id refused the KDF parameters (memory or passes out of range)");
  if (progress) progress({"hashing", records.size(), records.size()});
  return out;
}

BucketStats choose_prefix_bits(const std::vector<HashedEntry>& entries, unsigned k, unsigned max_prefix_bits) {
  max_prefix_bits = std::min(max_prefix_bits, kMaxPrefixBits);
  if (entries.size() < std::max(1u, k)) {
    throw std::runtime_error("only " + std::to_string(entries.size()) + " records: every bucket must hold at least k = " +
                             std::to_string(k) + " real records, so the list is too small to publish safely");
  }
  std::vector<std::uint64_t> counts(std::size_t{1} << max_prefix_bits, 0);
  for (const auto& e : entries) ++counts[bucket_of_prefix(e.prefix32, max_prefix_bits)];
  for (unsigned p = max_prefix_bits;; --p) {
    const auto [min_it, max_it] = std::minmax_element(counts.begin(), counts.end());
    if (*min_it >= k || p == 0) {
      BucketStats stats;
      stats.prefix_bits = p;
      stats.min_real = *min_it;
      stats.max_real = *max_it;
      stats.capacity = static_cast<std::uint32_t>(*max_it);
      stats.mean_real = static_cast<double>(entries.size()) / static_cast<double>(counts.size());
      return stats;
    }
    // Halve the number of buckets: bucket i at P-1 is buckets 2i and 2i+1 at P.
    for (std::size_t i = 0; i < counts.size() / 2; ++i) counts[i] = counts[2 * i] + counts[2 * i + 1];
    counts.resize(counts.size() / 2);
  }
}

std::string build_metadata_json(const std::string& publisher, const Catalog& catalog,
                                const std::map<std::string, std::uint8_t>& insurers) {
  nlohmann::json metadata;  // std::map-backed: keys sorted, so the bytes are deterministic
  metadata["publisher"] = publisher;
  metadata["catalog"] = nlohmann::json::parse(catalog_to_json(catalog));
  nlohmann::json table = nlohmann::json::array();
  for (const auto& [name, mask] : insurers) {
    nlohmann::json ops = nlohmann::json::array();
    for (const auto& op : catalog.operators) {
      if (mask & (1u << op.bit)) ops.push_back(op.id);
    }
    table.push_back({{"name", name}, {"operators", ops}});
  }
  metadata["insurers"] = table;
  return metadata.dump();
}

namespace {

Entry to_entry(const HashedEntry& e) {
  Entry out;
  std::memcpy(out.data(), e.fingerprint.data(), kFingerprintSize);
  std::memcpy(out.data() + kFingerprintSize, e.payload.data(), kPayloadSize);
  return out;
}

std::uint64_t fingerprint_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < kFingerprintSize; ++i) v = (v << 8) | p[i];
  return v;
}

// Dummy entries for one bucket: deterministic given the signing key and salt, unpredictable without the key.
void append_dummies(const SecretArray<32>& dummy_key, std::uint32_t bucket, std::size_t count,
                    std::vector<Entry>& bucket_entries) {
  if (count == 0) return;
  std::set<std::uint64_t> taken;
  for (const auto& e : bucket_entries) taken.insert(fingerprint_u64(e.data()));
  unsigned char nonce[crypto_stream_xchacha20_NONCEBYTES] = {0};
  for (int i = 0; i < 4; ++i) nonce[i] = static_cast<unsigned char>(bucket >> (8 * i));
  const std::size_t spare = 16;  // draws kept for the (2^-64-likely) fingerprint collisions
  std::vector<std::uint8_t> stream((count + spare) * kEntrySize);
  crypto_stream_xchacha20(stream.data(), stream.size(), nonce, dummy_key.data());
  std::size_t added = 0;
  for (std::size_t offset = 0; offset < stream.size() && added < count; offset += kEntrySize) {
    if (!taken.insert(fingerprint_u64(stream.data() + offset)).second) continue;
    Entry entry;
    std::memcpy(entry.data(), stream.data() + offset, kEntrySize);
    bucket_entries.push_back(entry);
    ++added;
  }
  if (added < count) throw std::runtime_error("dummy generation ran out of randomness");
}

}  // namespace

WriteReport write_dataset(std::vector<HashedEntry>& entries, const Catalog& catalog,
                          const std::map<std::string, std::uint8_t>& insurers, const LayoutOptions& options,
                          const KeyPair& signing_key, std::ostream& out) {
  WriteReport report;
  report.buckets = choose_prefix_bits(entries, options.k, options.max_prefix_bits);
  const unsigned p = report.buckets.prefix_bits;
  auto bucket_of = [p](const HashedEntry& e) { return bucket_of_prefix(e.prefix32, p); };
  std::sort(entries.begin(), entries.end(), [&](const HashedEntry& a, const HashedEntry& b) {
    const auto ba = bucket_of(a), bb = bucket_of(b);
    if (ba != bb) return ba < bb;
    if (a.fingerprint != b.fingerprint) return a.fingerprint < b.fingerprint;
    return a.payload < b.payload;
  });
  for (std::size_t i = 1; i < entries.size(); ++i) {
    if (bucket_of(entries[i]) == bucket_of(entries[i - 1]) && entries[i].fingerprint == entries[i - 1].fingerprint) {
      // Unique (bucket, fingerprint) is what makes the fixed payload nonce safe (docs/FORMAT.md).
      throw std::runtime_error("two records share a bucket and fingerprint: duplicate identities were not merged");
    }
  }

  const std::string metadata = build_metadata_json(options.publisher, catalog, insurers);
  if (metadata.size() > kMaxMetadataLength) throw std::runtime_error("metadata (catalog + insurer table) exceeds 1 MiB");
  FixedHeader header;
  header.prefix_bits = static_cast<std::uint8_t>(p);
  header.bucket_capacity = report.buckets.capacity;
  header.kdf = options.kdf;
  header.salt = options.salt;
  header.record_count = entries.size();
  header.created = options.created;
  header.not_after = options.not_after;
  header.dataset_version = options.dataset_version;
  header.metadata_length = static_cast<std::uint32_t>(metadata.size());
  header.publisher_key = signing_key.public_key;

  Bytes body(kFixedHeaderSize);
  const auto fixed = serialize_fixed_header(header);
  std::memcpy(body.data(), fixed.data(), fixed.size());
  body.insert(body.end(), metadata.begin(), metadata.end());
  Signature signature{};
  const Bytes header_message = header_signed_message(body);
  crypto_sign_detached(signature.data(), nullptr, header_message.data(), header_message.size(),
                       signing_key.secret_key.data());
  out.write(reinterpret_cast<const char*>(body.data()), static_cast<std::streamsize>(body.size()));
  out.write(reinterpret_cast<const char*>(signature.data()), kSignatureSize);
  const DatasetId dataset_id = compute_dataset_id(body);

  SecretArray<32> dummy_key;
  {
    Bytes label(kDummyKeyLabel, kDummyKeyLabel + sizeof(kDummyKeyLabel) - 1);
    label.insert(label.end(), options.salt.begin(), options.salt.end());
    crypto_generichash(dummy_key.data(), dummy_key.size(), label.data(), label.size(), signing_key.secret_key.data(),
                       kSecretSeedSize);
  }

  std::vector<Entry> bucket_entries;
  Bytes bucket_bytes;
  std::size_t next = 0;
  for (std::uint32_t bucket = 0; bucket < header.bucket_count(); ++bucket) {
    bucket_entries.clear();
    while (next < entries.size() && bucket_of(entries[next]) == bucket) bucket_entries.push_back(to_entry(entries[next++]));
    append_dummies(dummy_key, bucket, header.bucket_capacity - bucket_entries.size(), bucket_entries);
    std::sort(bucket_entries.begin(), bucket_entries.end());
    bucket_bytes.assign(reinterpret_cast<const std::uint8_t*>(bucket_entries.data()),
                        reinterpret_cast<const std::uint8_t*>(bucket_entries.data()) + bucket_entries.size() * kEntrySize);
    const Bytes message = bucket_signed_message(dataset_id, bucket, bucket_bytes);
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), signing_key.secret_key.data());
    out.write(reinterpret_cast<const char*>(bucket_bytes.data()), static_cast<std::streamsize>(bucket_bytes.size()));
    out.write(reinterpret_cast<const char*>(signature.data()), kSignatureSize);
  }
  if (!out) throw std::runtime_error("writing the data set failed");
  report.file_size = header.file_size();
  return report;
}

}  // namespace breachcheck
