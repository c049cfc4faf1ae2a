// SPDX-License-Identifier: MPL-2.0
#include "check/directory_check.h"

#include <sodium.h>

namespace breachcheck {

TrustPolicy list_policy(const DirectoryList& entry, const TrustPolicy& page_policy) {
  TrustPolicy policy = page_policy;
  policy.pinned_keys = entry.publisher_keys;
  policy.min_dataset_version = entry.min_version;
  return policy;
}

std::string check_list_against_entry(const DirectoryList& entry, const VerifiedHeader& header) {
  if (header.oprf || header.fixed.derivation_mode != DerivationMode::static_argon2id) return "directory_oprf_list";
  if (entry.kdf) {
    const FixedHeader& fixed = header.fixed;
    // The salt is public (it is in the header); compared in constant time all the same, like the keys.
    const bool same_salt = sodium_memcmp(entry.kdf->salt.data(), fixed.salt.data(), kSaltSize) == 0;
    if (!same_salt || entry.kdf->params.ops != fixed.kdf.ops || entry.kdf->params.mem_kib != fixed.kdf.mem_kib) {
      return "directory_kdf_mismatch";
    }
  }
  return "";
}

HeaderCheck verify_list_header(const DirectoryList& entry, ByteView header_bytes, const TrustPolicy& page_policy,
                               std::optional<std::uint64_t> file_size) {
  // No reader of the "oprf" object: a hardened list is refused here whatever it holds (directory_oprf_list, once its
  // signature has been verified), and the directory's browser engine links no hardened-mode code.
  HeaderCheck check = verify_header_with(header_bytes, list_policy(entry, page_policy), file_size, nullptr);
  if (check.error == kOprfHeaderUnread) check.error = "directory_oprf_list";
  if (!check.header) return check;
  check.error = check_list_against_entry(entry, *check.header);
  if (!check.error.empty()) check.header.reset();
  return check;
}

namespace {

bool same_kdf(const VerifiedHeader& a, const VerifiedHeader& b) {
  return a.fixed.kdf.ops == b.fixed.kdf.ops && a.fixed.kdf.mem_kib == b.fixed.kdf.mem_kib && a.fixed.salt == b.fixed.salt;
}

}  // namespace

std::vector<std::unique_ptr<CheckSession>> start_list_sessions(const std::vector<DirectoryListHeader>& lists,
                                                               const IdentityInput& input, const CivilDate& today,
                                                               SeedDerivation derive, std::size_t* kdf_runs) {
  const ValidatedIdentity identity = validate_identity(input, today);
  const std::size_t count = lists.size();
  // Each list's lookup, prepared by its group's Argon2id (or ended by the identity's refusal, a hardened list or
  // an Argon2id failure), then its session.
  std::unique_ptr<PreparedLookup[]> lookups(new PreparedLookup[count]);
  std::unique_ptr<bool[]> prepared(new bool[count]());
  for (std::size_t i = 0; i < count; ++i) {
    lookups[i].warnings = identity.warnings;
    if (!identity.ok()) {
      lookups[i].errors = identity.errors;  // every list ends invalid_input, as a one-list check would
      prepared[i] = true;
    } else if (lists[i].header->oprf) {
      lookups[i].oprf_unavailable = true;
      prepared[i] = true;
    }
  }
  for (std::size_t first = 0; first < count; ++first) {
    if (prepared[first]) continue;
    Seed seed;  // wiped when this group is done
    const bool derived = derive(identity.canonical, lists[first].header->fixed.salt, lists[first].header->fixed.kdf, seed);
    if (kdf_runs != nullptr) ++*kdf_runs;
    for (std::size_t i = first; i < count; ++i) {
      if (prepared[i] || !same_kdf(*lists[first].header, *lists[i].header)) continue;
      if (derived) lookups[i] = prepare_lookup_from_seed(*lists[i].header, seed);
      else lookups[i].kdf_failed = true;
      lookups[i].warnings = identity.warnings;
      prepared[i] = true;
    }
  }
  std::vector<std::unique_ptr<CheckSession>> sessions(count);
  for (std::size_t i = 0; i < count; ++i) {
    // No VOPRF client: a hardened list (never opened through a directory) cannot go on.
    sessions[i] = std::make_unique<CheckSession>(*lists[i].header, std::move(lookups[i]), nullptr);
  }
  return sessions;
}

DirectoryCheckSession::DirectoryCheckSession(const std::vector<DirectoryListHeader>& lists, const IdentityInput& input,
                                             const CivilDate& today, SeedDerivation derive) {
  auto sessions = start_list_sessions(lists, input, today, derive, &kdf_runs_);
  for (std::size_t i = 0; i < lists.size(); ++i) members_.push_back(Member{lists[i].index, std::move(sessions[i])});
}

std::vector<DirectoryCheckSession::BucketRequest> DirectoryCheckSession::requests() const {
  std::vector<BucketRequest> out;
  for (const auto& member : members_) {
    if (member.session->need() != CheckSession::Need::bucket) continue;
    out.push_back(BucketRequest{member.index, member.session->bucket_offset(), member.session->bucket_length()});
  }
  return out;
}

bool DirectoryCheckSession::done() const {
  for (const auto& member : members_) {
    if (member.session->need() != CheckSession::Need::nothing) return false;
  }
  return true;
}

DirectoryCheckSession::Member* DirectoryCheckSession::find(std::size_t index) {
  for (auto& member : members_) {
    if (member.index == index) return &member;
  }
  return nullptr;
}

bool DirectoryCheckSession::bucket_read(std::size_t index, ByteView bucket) {
  Member* member = find(index);
  if (member == nullptr || member->session->need() != CheckSession::Need::bucket) return false;
  member->session->bucket_read(bucket);
  return true;
}

bool DirectoryCheckSession::bucket_unreadable(std::size_t index, CheckStatus status, const std::string& code) {
  Member* member = find(index);
  if (member == nullptr || member->session->need() != CheckSession::Need::bucket) return false;
  member->session->bucket_unreadable(status, code);
  return true;
}

std::vector<DirectoryCheckSession::ListResult> DirectoryCheckSession::results() const {
  std::vector<ListResult> out;
  for (const auto& member : members_) {
    if (member.session->need() == CheckSession::Need::nothing) out.push_back(ListResult{member.index, &member.session->result()});
  }
  return out;
}

}  // namespace breachcheck
