// SPDX-License-Identifier: MPL-2.0
// breachcheck inspect --dataset FILE: header, parameters and bucket statistics as JSON. It never prints
// per-bucket real counts (they would tell dummies from real entries).
#include <sodium.h>

#include <memory>
#include <thread>
#include <nlohmann/json.hpp>

#include "build/planner.h"
#include "check/checker.h"
#include "cli_support.h"
#include "commands/build_support.h"
#include "commands/commands.h"

namespace breachcheck::cli {

Command add_inspect(CLI::App& app) {
  auto dataset = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("inspect", "Print a data set's header and statistics (JSON)");
  cmd->add_option("--dataset", *dataset, "Data set file (.bcd)")->required();
  return [dataset]() {
    FileSource source(*dataset);
    if (!source.is_open()) throw std::runtime_error("cannot open " + *dataset);
    Bytes bytes;
    std::string error;
    if (!source.read(0, kFixedHeaderSize, bytes)) throw std::runtime_error("not a data set: shorter than its header");
    const auto fixed = parse_fixed_header(bytes, error);
    if (!fixed) throw std::runtime_error("not a valid data set header: " + error);
    if (!source.read(0, fixed->header_length(), bytes)) throw std::runtime_error("header truncated");

    // Self-consistency only: whether the embedded key signed the header. Trust needs `verify --pubkey`.
    TrustPolicy self;
    self.pinned_keys = {fixed->publisher_key};
    self.allow_weak_kdf_for_tests();
    self.allow_loopback_oprf_endpoints = true;  // shown below; whether browsers accept them is `verify`'s job
    self.now = static_cast<std::int64_t>(fixed->created);
    const HeaderCheck check = verify_header(bytes, self, source.size());

    const double records = static_cast<double>(fixed->record_count);
    nlohmann::ordered_json j;
    j["formatVersion"] = fixed->format_version;
    j["derivationMode"] = fixed->derivation_mode == DerivationMode::static_argon2id ? "static" : "oprf";
    j["publisher"] = check.header ? check.header->publisher : "";
    j["datasetVersion"] = fixed->dataset_version;
    j["created"] = iso8601_utc(fixed->created);
    j["notAfter"] = iso8601_utc(fixed->not_after);
    j["publisherKey"] = public_key_to_base64(fixed->publisher_key);
    j["keyFingerprint"] = key_fingerprint(fixed->publisher_key);
    j["headerSelfSigned"] = check.header.has_value();
    if (!check.header) j["headerProblem"] = check.error;
    j["kdf"] = {{"algorithm", "argon2id13"}, {"ops", fixed->kdf.ops}, {"memKiB", fixed->kdf.mem_kib}};
    j["records"] = fixed->record_count;
    j["prefixBits"] = fixed->prefix_bits;
    j["buckets"] = fixed->bucket_count();
    j["bucketCapacity"] = fixed->bucket_capacity;
    j["bucketBytes"] = fixed->bucket_stride();
    j["meanRealPerBucket"] = records / static_cast<double>(fixed->bucket_count());
    j["paddingShare"] = 1.0 - records / static_cast<double>(fixed->bucket_count() * fixed->bucket_capacity);
    j["headerBytes"] = fixed->header_length();
    j["fileBytes"] = fixed->file_size();
    j["bytesPerRecord"] = records > 0 ? static_cast<double>(fixed->file_size()) / records : 0.0;
    if (check.header) {
      j["catalog"] = check.header->catalog.id;
      j["insurers"] = check.header->insurers.size();
      if (check.header->oprf) {
        j["oprf"] = {{"suite", kOprfSuiteId},
                     {"mode", "voprf"},
                     {"publicKey", oprf_public_key_to_base64(check.header->oprf->public_key)},
                     {"keyFingerprint", oprf_key_fingerprint(check.header->oprf->public_key)},
                     {"endpoints", check.header->oprf->endpoints}};
      }
    }
    // The planner's figures for this data set's size and KDF setting (`breachcheck plan`, docs/PERFORMANCE.md).
    PlanInput plan_input;
    plan_input.records = fixed->record_count;
    plan_input.kdf = fixed->kdf;
    plan_input.max_prefix_bits = fixed->prefix_bits;
    plan_input.metadata_bytes = fixed->metadata_length;
    plan_input.threads = std::max(1u, std::thread::hardware_concurrency());
    const KdfMeasurement kdf = measure_argon2id(fixed->kdf, 1.0);
    if (kdf.reps > 0) j["plan"] = nlohmann::json::parse(plan_figures_json(plan_input, compute_plan(plan_input, kdf), kdf));
    print_json_line(j.dump());
    return 0;
  };
}

}  // namespace breachcheck::cli
