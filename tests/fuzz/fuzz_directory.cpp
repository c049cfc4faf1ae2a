// SPDX-License-Identifier: MPL-2.0
// Target: a directory of lists (docs/DIRECTORY.md), as outside bytes and as a body signed with the pinned key
// (a directory publisher's mistake or a stolen key): the layout checks, the dates, the rollback floor and the
// bounded, canonical body parser.
// Input: byte 0 = flags. Flag 1: the rest is the whole file, verified as is (layout and signature checks).
// Otherwise the file is built around the rest: with flag 2 its first 24 bytes are the header's format,
// reserved, version, created and not_after fields; the remainder is the body, signed with the golden directory key.
// Properties: a verified directory respects the policy (dates as unsigned 64-bit seconds, the floor), holds 1 to
// 16 lists with unique ids, a French name and 1 to 4 keys each, a bounded contact in a scheme a page may link
// (or none), and its canonical form (what `directory build` writes) reads back to the same directory; a refusal
// is a directory integrity code of the registry.
#include <cstring>

#include "format/directory.h"
#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

namespace {

struct GoldenDirectory {
  KeyPair key;
  DirectoryPolicy policy;
};

const GoldenDirectory& golden_directory() {
  static const GoldenDirectory g = [] {
    GoldenDirectory out;
    const auto key = parse_secret_key_file(read_repo_file("tests/golden/directory.key"));
    if (!key) std::abort();
    out.key = *key;
    out.policy.pinned_keys = {out.key.public_key};
    out.policy.min_version = 2;
    out.policy.now = 1795910400;  // 2026-11-29: the golden directory was created 2026-11-28
    return out;
  }();
  return g;
}

void check_verified(const Directory& d, std::string_view body, const DirectoryPolicy& policy) {
  const auto now = static_cast<std::uint64_t>(policy.now);
  FUZZ_ASSERT(d.version >= policy.min_version);
  FUZZ_ASSERT(d.created <= now + 86400);
  FUZZ_ASSERT(d.not_after >= now);
  FUZZ_ASSERT(!d.lists.empty() && d.lists.size() <= kMaxDirectoryLists);
  for (std::size_t i = 0; i < d.lists.size(); ++i) {
    const DirectoryList& list = d.lists[i];
    FUZZ_ASSERT(!list.id.empty() && list.id.size() <= 40);
    for (std::size_t j = 0; j < i; ++j) FUZZ_ASSERT(d.lists[j].id != list.id);
    FUZZ_ASSERT(!list.publisher_keys.empty() && list.publisher_keys.size() <= kMaxListPublisherKeys);
    FUZZ_ASSERT(!list.operators.empty() && list.operators.size() <= kMaxListOperators);
    bool french = false;
    for (const auto& name : list.names) french |= name.first == "fr";
    FUZZ_ASSERT(french);
    FUZZ_ASSERT(!list.url.empty() && list.url.rfind("//", 0) != 0);
    // A contact is absent or 1..300 bytes with no ASCII control character and no scheme but the three a page links.
    FUZZ_ASSERT(list.contact.size() <= 300);
    for (const char c : list.contact) FUZZ_ASSERT(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    FUZZ_ASSERT(list.contact.rfind("javascript:", 0) != 0 && list.contact.rfind("data:", 0) != 0 &&
                list.contact.rfind("http:", 0) != 0);
  }
  FUZZ_ASSERT(d.body == body);
  // Its canonical form reads back to the same directory (written canonically again, byte for byte).
  Directory again;
  const std::string canonical = directory_body_json(d);
  FUZZ_ASSERT(!parse_directory_body(canonical, again).failed());
  FUZZ_ASSERT(directory_body_json(again) == canonical);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  golden_directory();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const GoldenDirectory& g = golden_directory();
  const std::uint8_t flags = data[0];
  ++data, --size;
  static const std::set<std::string> directory_codes = registry_codes([](const ErrorCodeInfo& e) {
    return e.category == ErrorCategory::dataset && e.status == "integrity_error" && e.code.rfind("directory_", 0) == 0;
  });

  Bytes file;
  if (flags & 1) {
    if (size > kMaxDirectorySize + 16) return 0;
    file.assign(data, data + size);
  } else {
    Directory fields;
    fields.version = 5;
    fields.created = 1795824000;
    fields.not_after = fields.created + 86400 * 30;
    std::uint8_t fixed_fields[24] = {1, 0, 0, 0};  // format 1, reserved 0, then the version and dates below
    for (int i = 0; i < 4; ++i) fixed_fields[4 + i] = static_cast<std::uint8_t>(fields.version >> (8 * i));
    for (int i = 0; i < 8; ++i) fixed_fields[8 + i] = static_cast<std::uint8_t>(fields.created >> (8 * i));
    for (int i = 0; i < 8; ++i) fixed_fields[16 + i] = static_cast<std::uint8_t>(fields.not_after >> (8 * i));
    if ((flags & 2) && size >= sizeof fixed_fields) {
      std::memcpy(fixed_fields, data, sizeof fixed_fields);
      data += sizeof fixed_fields, size -= sizeof fixed_fields;
    }
    if (size > kMaxDirectoryBodyLength + 16) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data), size);


    file.assign(kDirectoryFixedSize + size + kSignatureSize, 0);
    std::memcpy(file.data(), kDirectoryMagic.data(), kDirectoryMagic.size());
    std::memcpy(file.data() + 8, fixed_fields, sizeof fixed_fields);
    std::memcpy(file.data() + 32, g.key.public_key.data(), kPublicKeySize);
    write_u32(file.data() + 64, static_cast<std::uint32_t>(size));
    if (size > 0) std::memcpy(file.data() + kDirectoryFixedSize, data, size);
    std::string message(kDirectorySignaturePrefix, sizeof kDirectorySignaturePrefix);
    message.append(reinterpret_cast<const char*>(file.data()), kDirectoryFixedSize + size);
    crypto_sign_detached(file.data() + kDirectoryFixedSize + size, nullptr,
                         reinterpret_cast<const std::uint8_t*>(message.data()), message.size(), g.key.secret_key.data());
  }

  const DirectoryVerification check = verify_directory(file, g.policy);
  if (!check.directory) {
    FUZZ_ASSERT(directory_codes.count(check.error) == 1);
    return 0;
  }
  FUZZ_ASSERT(check.error.empty());
  const std::size_t body_length = file.size() - kDirectoryFixedSize - kSignatureSize;
  check_verified(*check.directory,
                 std::string_view(reinterpret_cast<const char*>(file.data() + kDirectoryFixedSize), body_length), g.policy);
  return 0;
}
