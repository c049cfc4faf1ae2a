// SPDX-License-Identifier: MPL-2.0
// breachcheck directory build | verify: the signed directory of lists (docs/DIRECTORY.md).
//   build  --lists FILE.json --key SECRET --version N [--created T] [--not-after T | --valid-days D] --out FILE.bcdir
//   verify FILE.bcdir --key PUB [--min-version N] [--lists]
// build writes the file whole or not at all (write then rename), after verifying what it signed; a refused
// lists file names the bad field. verify exits 0 only when the directory (and with --lists every list's
// header) verifies.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "check/directory_check.h"
#include "cli_support.h"
#include "commands/build_support.h"
#include "commands/commands.h"
#include "commands/directory_support.h"
#include "net/http_source.h"
#include "util/atomic_write.h"

namespace breachcheck::cli {

LoadedDirectory load_directory(const std::string& location, const DirectoryPolicy& policy) {
  LoadedDirectory loaded;
  std::string error;
  const std::unique_ptr<ByteSource> source = open_byte_source(location, error);
  if (!source) {
    loaded.error = error.empty() ? "read_failed" : error;
    loaded.unavailable = true;
    return loaded;
  }
  const std::optional<std::uint64_t> size = source->size();
  if (!size) {
    loaded.error = "read_failed";
    loaded.unavailable = true;
    return loaded;
  }
  // Never more than the largest directory is read: a longer file is refused without being read.
  if (*size > kMaxDirectorySize) {
    loaded.error = "directory_format";
    return loaded;
  }
  Bytes bytes;
  if (!source->read(0, *size, bytes)) {
    loaded.error = "read_failed";
    loaded.unavailable = true;
    return loaded;
  }
  DirectoryVerification check = verify_directory(bytes, policy);
  loaded.directory = std::move(check.directory);
  loaded.error = std::move(check.error);
  return loaded;
}

std::string list_location(const std::string& directory_location, const std::string& list_url) {
  if (list_url.rfind("https://", 0) == 0) return list_url;
  // The folder the directory is in: up to its last '/', but never inside a URL's "scheme://host".
  std::size_t folder_start = 0;
  if (is_http_url(directory_location)) folder_start = directory_location.find("://") + 3;
  const std::size_t slash = directory_location.rfind('/');
  if (slash == std::string::npos || slash < folder_start) {
    return folder_start > 0 ? directory_location + "/" + list_url : list_url;
  }
  return directory_location.substr(0, slash + 1) + list_url;
}

OpenedList open_list(const std::string& directory_location, const DirectoryList& entry, const TrustPolicy& page_policy) {
  OpenedList opened;
  opened.location = list_location(directory_location, entry.url);
  std::string error;
  opened.source = open_byte_source(opened.location, error);
  if (!opened.source) {
    opened.failure = error_result(CheckStatus::unavailable, {error.empty() ? "read_failed" : error}, nullptr);
    return opened;
  }
  OpenedDataset dataset = open_dataset(*opened.source, list_policy(entry, page_policy));
  if (!dataset.header) {
    opened.failure = dataset.failure;
    return opened;
  }
  const std::string mismatch = check_list_against_entry(entry, *dataset.header);
  if (!mismatch.empty()) {
    opened.failure = error_result(CheckStatus::integrity_error, {mismatch}, nullptr);
    return opened;
  }
  opened.header = std::move(dataset.header);
  return opened;
}

namespace {

// Unix seconds given on the command line (--created, --not-after).
std::uint64_t unix_seconds(const std::string& text, const char* option) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19) {
    throw UsageError(std::string(option) + " must be Unix seconds");
  }
  return std::stoull(text);
}

Command run_build(CLI::App& parent) {
  struct Options {
    std::string lists, key, out, created, not_after;
    std::uint32_t version = 0, valid_days = 0;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand("build", "Sign a directory of lists (docs/DIRECTORY.md) from a JSON file");
  cmd->add_option("--lists", opt->lists, "The directory's body: {\"incident\", \"lists\": [...]} (docs/DIRECTORY.md)")
      ->required();
  cmd->add_option("--key", opt->key, "The directory's secret key file (from `breachcheck keygen`)")->required();
  cmd->add_option("--version", opt->version, "The directory's version, increasing with every release (>= 1)")
      ->required()
      ->check(CLI::Range(1u, 4294967295u));
  cmd->add_option("--created", opt->created, "Creation time, Unix seconds (default: SOURCE_DATE_EPOCH or now)");
  auto* not_after = cmd->add_option("--not-after", opt->not_after, "Expiry, Unix seconds");
  cmd->add_option("--valid-days", opt->valid_days, "Days until the directory expires (default 90)")
      ->check(CLI::Range(1u, 3650u))
      ->excludes(not_after);
  cmd->add_option("--out", opt->out, "The directory file to write (.bcdir)")->required();
  return [opt]() {
    Directory directory;
    const std::string text = coded_step("directory_lists_invalid", "reading --lists " + opt->lists,
                                        [&] { return read_file(opt->lists, kMaxDirectoryBodyLength); });
    const DirectoryBodyError error = parse_directory_body(text, directory);
    if (error.failed()) {
      throw CodedError("directory_lists_invalid", opt->lists + ": " + describe(error) +
                                                      " is missing or invalid (docs/DIRECTORY.md, \"Body\")");
    }
    directory.version = opt->version;
    directory.created = creation_time(opt->created);
    if (!opt->not_after.empty()) {
      directory.not_after = unix_seconds(opt->not_after, "--not-after");
    } else {
      directory.not_after = directory.created + std::uint64_t{opt->valid_days ? opt->valid_days : 90u} * 86400u;
    }
    if (directory.not_after <= directory.created) throw UsageError("--not-after must be after --created");
    if (directory_body_json(directory).size() > kMaxDirectoryBodyLength) {
      throw CodedError("directory_lists_invalid", opt->lists + ": the directory's body is over 64 KiB");
    }
    const KeyPair key = coded_step("key_invalid", "--key " + opt->key, [&] { return load_secret_key(opt->key); });
    directory.directory_key = key.public_key;
    const Bytes file = sign_directory(directory, key.secret_key);
    // What was signed must verify as a client would (at its creation time): never write a file that does not.
    DirectoryPolicy self_check;
    self_check.pinned_keys = {key.public_key};
    self_check.now = static_cast<std::int64_t>(directory.created);
    const DirectoryVerification verified = verify_directory(file, self_check);
    if (!verified.directory) throw CodedError("internal_error", "the signed directory does not verify: " + verified.error);
    coded_step("write_failed", "writing " + opt->out, [&] {
      io::write_then_rename(opt->out, [&](std::ostream& out) {
        out.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
      });
      return 0;
    });
    nlohmann::ordered_json report;
    report["out"] = opt->out;
    report["bytes"] = file.size();
    report["version"] = directory.version;
    report["incident"] = directory.incident;
    report["lists"] = directory.lists.size();
    report["keyFingerprint"] = key_fingerprint(key.public_key);
    print_json_line(report.dump());
    return 0;
  };
}

Command run_verify(CLI::App& parent) {
  struct Options {
    std::string file;
    std::vector<std::string> keys;
    std::uint32_t min_version = 0;
    bool lists = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand("verify", "Verify a directory's signature, dates and body (and its lists' headers)");
  cmd->add_option("file", opt->file, "The directory file (.bcdir) or an http(s):// URL")->required();
  cmd->add_option("--key", opt->keys, "Pinned directory public key: file or base64 (twice during a rotation)")->required();
  cmd->add_option("--min-version", opt->min_version, "Refuse directories older than this version (rollback floor)");
  cmd->add_flag("--lists", opt->lists, "Also open every list's header (its URL relative to the directory) and report each");
  return [opt]() {
    DirectoryPolicy policy;
    policy.pinned_keys = load_pinned_keys(opt->keys, "--key");
    policy.min_version = opt->min_version;
    policy.now = now_unix();
    const LoadedDirectory loaded =
        coded_step("directory_unreadable", "reading " + opt->file, [&] { return load_directory(opt->file, policy); });
    if (loaded.unavailable) throw CodedError("directory_unreadable", "cannot read the directory " + opt->file);
    nlohmann::ordered_json j;
    bool intact = loaded.directory.has_value();
    j["status"] = intact ? "intact" : "integrity_error";
    if (!intact) {
      j["error"] = loaded.error;
      print_json_line(j.dump());
      return 1;
    }
    const Directory& d = *loaded.directory;
    j["version"] = d.version;
    j["incident"] = d.incident;
    j["created"] = iso8601_utc(d.created);
    j["notAfter"] = iso8601_utc(d.not_after);
    j["keyFingerprint"] = key_fingerprint(d.directory_key);
    nlohmann::ordered_json lists = nlohmann::ordered_json::array();
    TrustPolicy page_policy;
    page_policy.now = policy.now;
    page_policy.allow_weak_kdf_for_tests();  // integrity is what is checked here, not the KDF strength
    for (std::size_t i = 0; i < d.lists.size(); ++i) {
      const DirectoryList& entry = d.lists[i];
      nlohmann::ordered_json item;
      item["index"] = i;
      item["id"] = entry.id;
      item["name"] = list_name(entry, "fr");
      item["url"] = entry.url;
      if (!entry.contact.empty()) item["contact"] = entry.contact;
      if (opt->lists) {
        const OpenedList opened = coded_step("directory_unreadable", "opening list " + entry.id,
                                             [&] { return open_list(opt->file, entry, page_policy); });
        if (opened.header) {
          item["status"] = "intact";
          item["version"] = opened.header->fixed.dataset_version;
          item["keyFingerprint"] = key_fingerprint(opened.header->fixed.publisher_key);
        } else {
          item["status"] = status_name(opened.failure.status);
          item["error"] = opened.failure.errors.empty() ? "read_failed" : opened.failure.errors.front();
          intact = false;
        }
      }
      lists.push_back(item);
    }
    j["lists"] = lists;
    if (opt->lists && !intact) j["status"] = "list_failed";
    print_json_line(j.dump());
    return intact ? 0 : 1;
  };
}

}  // namespace

Command add_directory(CLI::App& app) {
  auto* cmd = app.add_subcommand("directory", "Build or verify a signed directory of lists (docs/DIRECTORY.md)");
  cmd->require_subcommand(1);
  auto build = std::make_shared<Command>(run_build(*cmd));
  auto verify = std::make_shared<Command>(run_verify(*cmd));
  CLI::App* cmd_ptr = cmd;
  return [cmd_ptr, build, verify]() {
    for (auto* sub : cmd_ptr->get_subcommands()) {
      if (sub->get_name() == "build") return (*build)();
      if (sub->get_name() == "verify") return (*verify)();
    }
    throw UsageError("directory needs build or verify");
  };
}

}  // namespace breachcheck::cli
