// SPDX-License-Identifier: MPL-2.0
// breachcheck check: one person's check against a data set, printed as the JS API's JSON result.
// Exit 0 whatever the answer; 2 only for usage errors. Identifiers given on a command line can be seen by
// other local users (ps, shell history): prefer --identity-stdin ("NIR,YYYY-MM-DD[,rank]" on one line).
#include <sodium.h>

#include <iostream>
#include <memory>

#include "check/checker.h"
#include "cli_support.h"
#include "commands/commands.h"
#include "net/http_source.h"
#include "net/oprf_client.h"

namespace breachcheck::cli {

Command add_check(CLI::App& app) {
  struct Options {
    std::string dataset, nir, birth_date, birth_rank;
    std::vector<std::string> pubkeys;
    std::uint32_t min_version = 0;
    bool beneficiary = false, identity_stdin = false, allow_weak_kdf = false, oprf_loopback = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("check", "Check one identity against a data set (JSON result)");
  cmd->add_option("--dataset", opt->dataset, "Data set file (.bcd) or http:// URL (Range requests)")->required();
  cmd->add_option("--pubkey", opt->pubkeys, "Pinned publisher key: file or base64 (twice during a rotation)")->required();
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
    TrustPolicy policy;
    policy.pinned_keys = load_pinned_keys(opt->pubkeys);
    policy.now = now_unix();
    policy.min_dataset_version = opt->min_version;
    if (opt->allow_weak_kdf) policy.allow_weak_kdf_for_tests();
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
