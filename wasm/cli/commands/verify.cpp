// SPDX-License-Identifier: MPL-2.0
// breachcheck verify --dataset FILE --pubkey KEY: full integrity check; exit 0 only if intact.
#include <memory>
#include <nlohmann/json.hpp>

#include "check/checker.h"
#include "cli_support.h"
#include "commands/commands.h"

namespace breachcheck::cli {

Command add_verify(CLI::App& app) {
  struct Options {
    std::string dataset;
    std::vector<std::string> pubkeys;
    bool oprf_loopback = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("verify", "Check every signature and the layout of a data set");
  cmd->add_option("--dataset", opt->dataset, "Data set file (.bcd)")->required();
  cmd->add_option("--pubkey", opt->pubkeys, "Publisher public key: file or base64 (twice during a rotation)")->required();
  cmd->add_flag("--oprf-allow-loopback", opt->oprf_loopback,
                "Hardened mode: accept http:// evaluation endpoints on loopback (test servers only)");
  return [opt]() {
    TrustPolicy policy;
    policy.pinned_keys = load_pinned_keys(opt->pubkeys);
    policy.now = now_unix();
    policy.allow_weak_kdf_for_tests();  // integrity is what is checked here, not the KDF strength
    policy.allow_loopback_oprf_endpoints = opt->oprf_loopback;
    FileSource source(opt->dataset);
    if (!source.is_open()) throw CodedError("dataset_unreadable", "cannot open the data set " + opt->dataset);
    nlohmann::ordered_json j;
    OpenedDataset opened = coded_step("dataset_unreadable", "reading " + opt->dataset, [&] { return open_dataset(source, policy); });
    const std::string error = coded_step("dataset_unreadable", "reading " + opt->dataset, [&] {
      if (!opened.header) return opened.failure.errors.empty() ? std::string("header_truncated") : opened.failure.errors.front();
      return verify_all_buckets(source, *opened.header);
    });
    j["status"] = error.empty() ? "intact" : "integrity_error";
    if (!error.empty()) j["error"] = error;
    if (opened.header) {
      j["buckets"] = opened.header->fixed.bucket_count();
      j["records"] = opened.header->fixed.record_count;
      j["keyFingerprint"] = key_fingerprint(opened.header->fixed.publisher_key);
      j["mode"] = opened.header->oprf ? "oprf" : "static";
      if (opened.header->oprf) {
        j["oprfKeyFingerprint"] = oprf_key_fingerprint(opened.header->oprf->public_key);
        j["oprfEndpoints"] = opened.header->oprf->endpoints;
      }
    }
    print_json_line(j.dump());
    return error.empty() ? 0 : 1;
  };
}

}  // namespace breachcheck::cli
