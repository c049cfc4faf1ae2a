// SPDX-License-Identifier: MPL-2.0
#include "build/partial_file.h"

#include <sodium.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "util/atomic_write.h"
#include "util/coded_error.h"
#include "util/little_endian.h"

namespace breachcheck {
namespace {

class Hasher {
 public:
  Hasher() { crypto_generichash_init(&state_, nullptr, 0, 32); }
  void update(const void* p, std::size_t n) {
    crypto_generichash_update(&state_, static_cast<const unsigned char*>(p), n);
  }
  Digest32 final() {
    Digest32 out{};
    crypto_generichash_final(&state_, out.data(), out.size());
    return out;
  }

 private:
  crypto_generichash_state state_;
};

std::array<std::uint8_t, kPartialHeaderSize> serialize(const PartialHeader& h) {
  std::array<std::uint8_t, kPartialHeaderSize> b{};
  std::memcpy(b.data(), kPartialMagic.data(), 8);
  put_le32(b.data() + 8, kPartialVersion);
  put_le32(b.data() + 12, h.shard.index);
  put_le32(b.data() + 16, h.shard.count);
  put_le32(b.data() + 20, h.kdf.ops);
  put_le32(b.data() + 24, h.kdf.mem_kib);
  put_le32(b.data() + 28, h.metadata_length);
  std::memcpy(b.data() + 32, h.salt.data(), 16);
  std::memcpy(b.data() + 48, h.input_digest.data(), 32);
  std::memcpy(b.data() + 80, h.catalog_digest.data(), 32);
  put_le64(b.data() + 112, h.created);
  put_le64(b.data() + 120, h.rows_read);
  put_le64(b.data() + 128, h.rows_bad);
  put_le64(b.data() + 136, h.rows_kept);
  put_le64(b.data() + 144, h.rows_merged);
  put_le64(b.data() + 152, h.record_count);
  return b;
}

}  // namespace

Digest32 catalog_digest(const Catalog& catalog) {
  const std::string json = catalog_to_json(catalog);
  Digest32 out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(json.data()), json.size(), nullptr, 0);
  return out;
}

std::string partial_metadata_json(const PartialMetadata& metadata) {
  nlohmann::json j;  // sorted keys: deterministic bytes
  nlohmann::json insurers = nlohmann::json::object();
  for (const auto& [name, mask] : metadata.insurers) insurers[name] = mask;
  j["insurers"] = insurers;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : metadata.problems) list.push_back({p.line, p.field, p.reason});
  j["problems"] = {{"count", metadata.problem_count}, {"list", list}};
  if (metadata.oprf_public_key) j["oprf_public_key"] = oprf_public_key_to_base64(*metadata.oprf_public_key);
  j["dataset_version"] = metadata.dataset_version;
  return j.dump();
}

void write_partial_file(const std::string& path, PartialHeader header, const PartialMetadata& metadata,
                        EntrySorter& sorter, bool sync) {
  const std::string json = partial_metadata_json(metadata);
  if (json.size() > kMaxPartialMetadata) throw std::runtime_error("partial metadata too large");
  header.metadata_length = static_cast<std::uint32_t>(json.size());
  header.record_count = sorter.added();
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    io::SequentialWriter writer(tmp, 1 << 20);
    Hasher hasher;
    const auto fixed = serialize(header);
    writer.write(fixed.data(), fixed.size());
    hasher.update(fixed.data(), fixed.size());
    writer.write(json.data(), json.size());
    hasher.update(json.data(), json.size());
    sorter.for_each_sorted([&](const WireEntry* entries, std::size_t count) {
      writer.write(entries, count * kWireEntrySize);
      hasher.update(entries, count * kWireEntrySize);
    });
    const Digest32 checksum = hasher.final();
    writer.write(checksum.data(), checksum.size());
    writer.finish(sync);
  }
  io::rename_into_place(tmp, path, sync);
}

PartialReader::PartialReader(const std::string& path) : path_(path) {
  auto bad = [&](const std::string& why) {
    return CodedError("partials_invalid", path + ": not a valid partial file (" + why + ")");
  };
  io::SequentialReader reader(path, 0, 1 << 16);
  std::array<std::uint8_t, kPartialHeaderSize> b{};
  if (!reader.read(b.data(), b.size())) throw bad("empty");
  if (std::memcmp(b.data(), kPartialMagic.data(), 8) != 0) throw bad("magic");
  if (get_le32(b.data() + 8) != kPartialVersion) throw bad("version");
  header_.shard.index = get_le32(b.data() + 12);
  header_.shard.count = get_le32(b.data() + 16);
  header_.kdf.ops = get_le32(b.data() + 20);
  header_.kdf.mem_kib = get_le32(b.data() + 24);
  header_.metadata_length = get_le32(b.data() + 28);
  std::memcpy(header_.salt.data(), b.data() + 32, 16);
  std::memcpy(header_.input_digest.data(), b.data() + 48, 32);
  std::memcpy(header_.catalog_digest.data(), b.data() + 80, 32);
  header_.created = get_le64(b.data() + 112);
  header_.rows_read = get_le64(b.data() + 120);
  header_.rows_bad = get_le64(b.data() + 128);
  header_.rows_kept = get_le64(b.data() + 136);
  header_.rows_merged = get_le64(b.data() + 144);
  header_.record_count = get_le64(b.data() + 152);
  if (header_.shard.count == 0 || header_.shard.index >= header_.shard.count) throw bad("shard index");
  if (header_.metadata_length > kMaxPartialMetadata) throw bad("metadata length");
  const std::uint64_t expected = kPartialHeaderSize + header_.metadata_length + header_.record_count * kWireEntrySize + 32;
  if (io::file_size(path) != expected) throw bad("size does not match its header: truncated or extended");
  metadata_json_.resize(header_.metadata_length);
  if (!reader.read(metadata_json_.data(), metadata_json_.size())) throw bad("metadata truncated");
  const nlohmann::json j = nlohmann::json::parse(metadata_json_, nullptr, false);
  try {
    if (j.is_discarded() || !j.is_object()) throw bad("metadata JSON");
    for (const auto& [name, mask] : j.at("insurers").items()) metadata_.insurers[name] = mask.get<std::uint8_t>();
    metadata_.problem_count = j.at("problems").at("count").get<std::uint64_t>();
    for (const auto& p : j.at("problems").at("list")) {
      metadata_.problems.push_back({p.at(0).get<std::uint64_t>(), p.at(1).get<std::string>(), p.at(2).get<std::string>()});
    }
    metadata_.dataset_version = j.at("dataset_version").get<std::uint32_t>();
    if (j.contains("oprf_public_key")) {
      metadata_.oprf_public_key = parse_oprf_public_key(j.at("oprf_public_key").get<std::string>());
      if (!metadata_.oprf_public_key) throw bad("OPRF public key");
    }
  } catch (const nlohmann::json::exception&) {
    throw bad("metadata JSON");
  }
}

void PartialReader::add_entries_to(EntrySorter& sorter) {
  io::SequentialReader reader(path_, 0, 1 << 20);
  Hasher hasher;
  std::vector<std::uint8_t> head(kPartialHeaderSize + header_.metadata_length);
  if (!reader.read(head.data(), head.size())) throw CodedError("partials_invalid", path_ + ": truncated");
  hasher.update(head.data(), head.size());
  std::vector<WireEntry> block(8192);
  std::uint64_t left = header_.record_count;
  WireEntry previous{};
  bool first = true;
  while (left > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
    if (!reader.read(block.data(), n * kWireEntrySize)) throw CodedError("partials_invalid", path_ + ": truncated");
    hasher.update(block.data(), n * kWireEntrySize);
    for (std::size_t i = 0; i < n; ++i) {
      if (!first && !(previous < block[i])) throw CodedError("partials_invalid", path_ + ": entries not sorted or repeated");
      previous = block[i];
      first = false;
    }
    sorter.add(block.data(), n);
    left -= n;
  }
  Digest32 stored{};
  if (!reader.read(stored.data(), stored.size())) throw CodedError("partials_invalid", path_ + ": checksum missing");
  if (hasher.final() != stored) throw CodedError("partials_invalid", path_ + ": checksum mismatch (corrupted or altered)");
}

}  // namespace breachcheck
