// SPDX-License-Identifier: MPL-2.0
// One person's check against every list of a verified directory (docs/DIRECTORY.md). Each list's header is
// verified by the data set's own verifier under the policy its directory entry gives (its pinned keys, its
// rollback floor), then held to the entry (the announced KDF setting, no hardened mode). The check validates
// the identity once, runs Argon2id once per distinct (passes, memory, salt) among the opened lists, derives
// each list's own keys from that seed (format version 2's per-list version salt: no entry is equal across
// lists), then asks for one bucket of every list at once, whatever the answers; each list then ends exactly
// as a one-list check (CheckSession) would.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/checker.h"
#include "format/directory.h"

namespace breachcheck {

// The trust policy a list is verified under: the page's (clock, KDF bounds) with the entry's keys and floor.
TrustPolicy list_policy(const DirectoryList& entry, const TrustPolicy& page_policy);

// A verified header held to its directory entry: "" when it matches, else directory_oprf_list (hardened lists
// need their own evaluation server and cannot share Argon2id) or directory_kdf_mismatch (the entry announces a
// KDF setting the header does not carry).
std::string check_list_against_entry(const DirectoryList& entry, const VerifiedHeader& header);

// verify_header (without reading a hardened header's "oprf" object: such a list is directory_oprf_list) then
// check_list_against_entry: what opening one list of a directory is.
HeaderCheck verify_list_header(const DirectoryList& entry, ByteView header_bytes, const TrustPolicy& page_policy,
                               std::optional<std::uint64_t> file_size = std::nullopt);

// Where the check's Argon2id runs: derive_seed, or a caller's wrapper around it (the tests count the calls). A
// plain function pointer: no std::function machinery in the browser engine.
using SeedDerivation = bool (*)(const CanonicalIdentity&, const Salt&, const KdfParams&, Seed&);

struct DirectoryListHeader {
  std::size_t index = 0;                // the list's position in the directory
  const VerifiedHeader* header = nullptr;  // must outlive the session
};

// The start of a check over several lists: the identity validated once, Argon2id run once per group of lists
// with the same (passes, memory, salt), in the order the groups first appear, each list's keys derived from its
// group's seed (wiped when the group is done). Returns one session per list, in the order given, each then driven
// and ended exactly as a one-list check (the browser engine hands each to the page as a CheckSession). Hardened
// lists (refused at opening anyway) end unavailable, oprf_unavailable. `kdf_runs`, if given, counts the Argon2id
// runs.
std::vector<std::unique_ptr<CheckSession>> start_list_sessions(const std::vector<DirectoryListHeader>& lists,
                                                               const IdentityInput& input, const CivilDate& today,
                                                               SeedDerivation derive = derive_seed,
                                                               std::size_t* kdf_runs = nullptr);

class DirectoryCheckSession {
 public:
  struct BucketRequest {
    std::size_t index = 0;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };
  struct ListResult {
    std::size_t index = 0;
    const CheckResult* result = nullptr;
  };

  // start_list_sessions over `lists`, each session kept with its list's index.
  DirectoryCheckSession(const std::vector<DirectoryListHeader>& lists, const IdentityInput& input,
                        const CivilDate& today, SeedDerivation derive = derive_seed);

  // The bucket of every list still waiting for one, in list order: after the start, every list (unless the
  // identity was refused or Argon2id failed, which end every list of its group at once).
  std::vector<BucketRequest> requests() const;
  bool done() const;
  // A list's bucket, or why it could not be read. Unknown index or a list not waiting: ignored (false).
  bool bucket_read(std::size_t index, ByteView bucket);
  bool bucket_unreadable(std::size_t index, CheckStatus status, const std::string& code);
  // done(): each list's result, in list order, as a one-list check returns it.
  std::vector<ListResult> results() const;
  // Each list's own session, by position (0..list_count()): for callers that write what they need straight from
  // them (the browser engine's replies), without the vectors above.
  std::size_t list_count() const { return members_.size(); }
  std::size_t list_index(std::size_t position) const { return members_[position].index; }
  const CheckSession& list_session(std::size_t position) const { return *members_[position].session; }
  // How many Argon2id runs the start took (one per KDF group; none for refused input).
  std::size_t kdf_runs() const { return kdf_runs_; }

 private:
  struct Member {
    std::size_t index;
    std::unique_ptr<CheckSession> session;
  };
  Member* find(std::size_t index);
  std::vector<Member> members_;
  std::size_t kdf_runs_ = 0;
};

}  // namespace breachcheck
