// SPDX-License-Identifier: MPL-2.0
#include "build/hashed_entry.h"

#include <cstring>

#include "build/record_collector.h"
#include "oprf/oprf.h"
#include "oprf/oprf_wire.h"

namespace breachcheck {

bool hash_record(const SourceRecord& record, const Salt& salt, const KdfParams& kdf, WireEntry& out,
                 const OprfKeyPair* oprf, const Salt* version_salt, SeedSlot* slot) {
  Seed seed;
  if (slot && slot->known) {
    std::memcpy(seed.data(), slot->seed, kSeedSize);
  } else {
    CanonicalIdentity canonical;
    std::memcpy(canonical.data(), record.canonical.data(), kCanonicalIdentitySize);
    if (!derive_seed(canonical, salt, kdf, seed)) return false;
    if (slot) std::memcpy(slot->seed, seed.data(), kSeedSize);
  }
  if (oprf) {
    // The key holder evaluates directly (no blinding): the same output a client gets through the server.
    SecretArray<kOprfOutputBytes> output;
    if (oprf_evaluate(output.data(), OprfMode::kVoprf, oprf->secret_key.data(), seed.data(), seed.size()) != kOprfOk) {
      return false;
    }
    oprf_output_to_seed(seed.data(), output.data());
  }
  const LookupKeys keys = derive_lookup_keys(seed, version_salt);
  HashedEntry entry;
  entry.prefix32 = tag_prefix32(keys);
  entry.fingerprint = fingerprint_of(keys);
  entry.payload = encrypt_payload(record.payload, keys);
  out = to_wire(entry);
  return true;
}

}  // namespace breachcheck
