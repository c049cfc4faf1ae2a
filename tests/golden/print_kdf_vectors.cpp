// SPDX-License-Identifier: MPL-2.0
// Prints the seed, lookup tag and payload key of a few identities under the golden salt and light KDF, as
// JSON for tests/golden/expected.json. Run by tests/golden/regenerate.sh, only when the format changes on
// purpose; the Catch2 suite then checks native and wasm builds against the committed values.
#include <sodium.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "identity/identity.h"
#include "identity/kdf.h"

using namespace breachcheck;

int main(int argc, char** argv) {
  if (argc != 2 || sodium_init() < 0) {
    std::cerr << "usage: print_kdf_vectors SALT_HEX\n";
    return 2;
  }
  Salt salt{};
  const std::string salt_hex = argv[1];
  if (sodium_hex2bin(salt.data(), salt.size(), salt_hex.data(), salt_hex.size(), nullptr, nullptr, nullptr) != 0) return 2;
  const char* identities[][3] = {{"185057800608491", "1985-05-12", "1"},
                                 {"185052A01234579", "1985-05-20", "1"},
                                 {"185057800608491", "2018-04-04", "2"},
                                 {"170069935200166", "1970-06-30", "1"}};
  auto hex = [](const std::uint8_t* p, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
  };
  nlohmann::ordered_json vectors = nlohmann::ordered_json::array();
  for (const auto& id : identities) {
    IdentityInput input;
    input.nir = id[0];
    input.birth_date = id[1];
    input.birth_rank = id[2];
    input.beneficiary = true;
    const ValidatedIdentity identity = validate_identity(input, CivilDate{2026, 11, 29});
    if (!identity.ok()) return 1;
    Seed seed;
    if (!derive_seed(identity.canonical, salt, KdfParams{1, 8}, seed)) return 1;
    const LookupKeys keys = derive_lookup_keys(seed);
    vectors.push_back({{"nir", id[0]},
                       {"birthDate", id[1]},
                       {"birthRank", id[2]},
                       {"canonical", std::string(reinterpret_cast<const char*>(identity.canonical.data()), kCanonicalIdentitySize)},
                       {"seed", hex(seed.data(), seed.size())},
                       {"lookupTag", hex(keys.lookup_tag.data(), 32)},
                       {"payloadKey", hex(keys.payload_key.data(), 32)}});
  }
  std::cout << vectors.dump(2) << "\n";
  return 0;
}
