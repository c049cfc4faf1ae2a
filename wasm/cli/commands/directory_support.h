// SPDX-License-Identifier: MPL-2.0
// What `directory verify` and `check --directory` share: reading and verifying a directory file (local path or
// URL), finding each list next to it, and opening each list's header under its directory entry.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/checker.h"
#include "format/directory.h"

namespace breachcheck::cli {

// The directory at `location` verified under `policy`; `error` is its directory_* code (or the reader's code,
// with `unavailable` set, when it could not be read at all).
struct LoadedDirectory {
  std::optional<Directory> directory;
  std::string error;
  bool unavailable = false;
};
LoadedDirectory load_directory(const std::string& location, const DirectoryPolicy& policy);

// Where a list's `url` points: https:// as is, else relative to the directory's own location (a local path's
// folder or a URL's).
std::string list_location(const std::string& directory_location, const std::string& list_url);

// One list of a directory, opened: its source and verified header, or its failure (integrity_error with a data
// set or directory_* code, or unavailable), which concerns this list only.
struct OpenedList {
  std::string location;
  std::unique_ptr<ByteSource> source;
  std::optional<VerifiedHeader> header;
  CheckResult failure;
};
OpenedList open_list(const std::string& directory_location, const DirectoryList& entry, const TrustPolicy& page_policy);

}  // namespace breachcheck::cli
