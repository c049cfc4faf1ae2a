// SPDX-License-Identifier: MPL-2.0
// breachcheck check: one person's check against a data set, printed as the JS API's JSON result; or, with
// --directory, against every list of a signed directory (docs/DIRECTORY.md): one Argon2id per KDF group, one
// bucket read from every list, each list's result printed with its id and name.
// Exit 0 whatever the answer; 2 only for usage errors. --directory: 1 when the directory does not verify, 3 when
// a list could not be checked (never reported as "not found"). Identifiers given on a command line can be seen by
// other local users (ps, shell history): prefer --identity-stdin ("NIR,YYYY-MM-DD[,rank]" on one line).
#include <sodium.h>

#include <iostream>
#include <memory>

#include "check/checker.h"
#include "check/directory_check.h"
#include "cli_support.h"
#include "commands/commands.h"
#include "commands/directory_support.h"
#include "net/http_source.h"
#include "net/oprf_client.h"

namespace breachcheck::cli {

namespace {

// The check over every list of the directory at `location`; prints one JSON line and returns the exit status.
int check_directory(const std::string& location, const std::vector<PublicKey>& keys, std::uint32_t min_version,
                    TrustPolicy page_policy, const IdentityInput& input) {
  DirectoryPolicy policy;
  policy.pinned_keys = keys;
  policy.min_version = min_version;
  policy.now = now_unix();
  page_policy.now = policy.now;
  const LoadedDirectory loaded =
      coded_step("directory_unreadable", "reading " + location, [&] { return load_directory(location, policy); });
  if (loaded.unavailable) throw CodedError("directory_unreadable", "cannot read the directory " + location);
  nlohmann::ordered_json out;
  if (!loaded.directory) {
    out["directory"] = {{"status", "integrity_error"}, {"error", loaded.error}};
    print_json_line(out.dump());
    return 1;
  }
  const Directory& d = *loaded.directory;
  std::vector<OpenedList> opened;
  std::vector<DirectoryListHeader> headers;
  for (std::size_t i = 0; i < d.lists.size(); ++i) {
    opened.push_back(coded_step("check_failed", "opening list " + d.lists[i].id,
                                [&] { return open_list(location, d.lists[i], page_policy); }));
  }
  for (std::size_t i = 0; i < opened.size(); ++i) {
    if (opened[i].header) headers.push_back(DirectoryListHeader{i, &*opened[i].header});
  }
  std::vector<std::string> results(d.lists.size());
  bool every_list_answered = true;
  for (std::size_t i = 0; i < opened.size(); ++i) {
    if (!opened[i].header) {
      results[i] = check_result_to_json(opened[i].failure);
      every_list_answered = false;
    }
  }
  if (!headers.empty()) {
    DirectoryCheckSession session(headers, input, today_utc());
    // One bucket of every list, all requested before any answer is looked at.
    for (const auto& request : session.requests()) {
      Bytes bucket;
      ByteSource& source = *opened[request.index].source;
      if (source.read(request.offset, request.length, bucket)) session.bucket_read(request.index, bucket);
      else if (source.size()) session.bucket_unreadable(request.index, CheckStatus::integrity_error, "bucket_truncated");
      else session.bucket_unreadable(request.index, CheckStatus::unavailable, "read_failed");
    }
    for (const auto& item : session.results()) {
      results[item.index] = check_result_to_json(*item.result);
      const CheckStatus status = item.result->status;
      if (status == CheckStatus::integrity_error || status == CheckStatus::unavailable) every_list_answered = false;
    }
  }
  out["directory"] = {{"status", "verified"}, {"version", d.version}, {"incident", d.incident}};
  nlohmann::ordered_json lists = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < d.lists.size(); ++i) {
    nlohmann::ordered_json item;
    item["index"] = i;
    item["id"] = d.lists[i].id;
    item["name"] = list_name(d.lists[i], "fr");
    // Whom a person found in this list can ask (signed in the directory), next to its answer.
    if (!d.lists[i].contact.empty()) item["contact"] = d.lists[i].contact;
    item["result"] = nlohmann::ordered_json::parse(results[i]);
    lists.push_back(item);
  }
  out["lists"] = lists;
  print_json_line(out.dump());
  return every_list_answered ? 0 : 3;
}

}  // namespace

Command add_check(CLI::App& app) {
  struct Options {
    std::string dataset, nir, birth_date, birth_rank, directory;
    std::vector<std::string> pubkeys, directory_keys;
    std::uint32_t min_version = 0, directory_min_version = 0;
    bool beneficiary = false, identity_stdin = false, allow_weak_kdf = false, oprf_loopback = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("check", "Check one identity against a data set (JSON result)");
  auto* dataset = cmd->add_option("--dataset", opt->dataset, "Data set file (.bcd) or http:// URL (Range requests)");
  auto* pubkey = cmd->add_option("--pubkey", opt->pubkeys, "Pinned publisher key: file or base64 (twice during a rotation)");
  auto* directory = cmd->add_option("--directory", opt->directory,
                                    "Directory of lists (.bcdir, file or URL): check every list it names instead of --dataset");
  auto* directory_key = cmd->add_option("--directory-key", opt->directory_keys,
                                        "Pinned directory key: file or base64 (twice during a rotation)");
  cmd->add_option("--directory-min-version", opt->directory_min_version,
                  "Refuse directories older than this version (each list's floor is in the directory)")
      ->needs(directory);
  dataset->excludes(directory);
  pubkey->needs(dataset);
  directory->needs(directory_key);
  directory_key->needs(directory);
  cmd->add_option("--nir", opt->nir, "NIR, 13 or 15 characters");
  cmd->add_option("--birth-date", opt->birth_date, "Date of birth, YYYY-MM-DD");
  cmd->add_option("--birth-rank", opt->birth_rank, "Birth rank 1..9 (twins), default 1");
  cmd->add_flag("--beneficiary", opt->beneficiary, "The NIR is the insured person's; the date is the beneficiary's");
  cmd->add_flag("--identity-stdin", opt->identity_stdin, "Read NIR,birth date[,rank] from standard input");
  cmd->add_option("--min-version", opt->min_version, "Refuse data sets older than this version");
  cmd->add_flag("--allow-weak-kdf", opt->allow_weak_kdf, "Accept Argon2id settings below 8 MiB (test data only)");
  cmd->add_flag("--oprf-allow-loopback", opt->oprf_loopback,
                "Hardened mode: accept http:// evaluation endpoints on loopback (test servers only)");
  return [opt]() {
    if (opt->identity_stdin) {
      std::string line;
      std::getline(std::cin, line);
      const auto first = line.find(',');
      const auto second = first == std::string::npos ? std::string::npos : line.find(',', first + 1);
      opt->nir = line.substr(0, first);
      if (first != std::string::npos) opt->birth_date = line.substr(first + 1, second - first - 1);
      if (second != std::string::npos) opt->birth_rank = line.substr(second + 1);
      sodium_memzero(line.data(), line.size());
    } else if (opt->nir.empty() && opt->birth_date.empty()) {
      throw UsageError("give --nir and --birth-date, or --identity-stdin");
    }
    if (opt->dataset.empty() && opt->directory.empty()) throw UsageError("give --dataset and --pubkey, or --directory and --directory-key");
    TrustPolicy policy;
    if (opt->allow_weak_kdf) policy.allow_weak_kdf_for_tests();
    if (!opt->directory.empty()) {
      struct WipeIdentity {
        Options& o;
        ~WipeIdentity() {
          for (auto* secret : {&o.nir, &o.birth_date, &o.birth_rank}) sodium_memzero(secret->data(), secret->size());
        }
      } wipe{*opt};
      IdentityInput input;
      input.nir = opt->nir;
      input.birth_date = opt->birth_date;
      input.birth_rank = opt->birth_rank;
      input.beneficiary = opt->beneficiary;
      return check_directory(opt->directory, load_pinned_keys(opt->directory_keys, "--directory-key"),
                             opt->directory_min_version, policy, input);
    }
    policy.pinned_keys = load_pinned_keys(opt->pubkeys);
    policy.now = now_unix();
    policy.min_dataset_version = opt->min_version;
    policy.allow_loopback_oprf_endpoints = opt->oprf_loopback;

    std::string source_error;
    const std::unique_ptr<ByteSource> opened_source = coded_step(
        "dataset_unreadable", "opening " + opt->dataset, [&] { return open_byte_source(opt->dataset, source_error); });
    // Wiped whatever happens: the identifiers are not needed past the check.
    struct WipeIdentity {
      Options& o;
      ~WipeIdentity() {
        for (auto* secret : {&o.nir, &o.birth_date, &o.birth_rank}) sodium_memzero(secret->data(), secret->size());
      }
    } wipe{*opt};
    const CheckResult result = coded_step("check_failed", "checking against " + opt->dataset, [&] {
      if (!opened_source) return error_result(CheckStatus::unavailable, {source_error}, nullptr);
      OpenedDataset opened = open_dataset(*opened_source, policy);
      if (!opened.header) return opened.failure;
      IdentityInput input;
      input.nir = opt->nir;
      input.birth_date = opt->birth_date;
      input.birth_rank = opt->birth_rank;
      input.beneficiary = opt->beneficiary;
      // Hardened mode: one POST of a fresh blinded element to the header's evaluation server.
      return check_identity(*opened_source, *opened.header, input, today_utc(), http_oprf_evaluator());
    });
    print_json_line(check_result_to_json(result));
    return 0;
  };
}

}  // namespace breachcheck::cli
