// SPDX-License-Identifier: MPL-2.0
// RFC 9497 OPRF / VOPRF (ristretto255-SHA512) and RFC 9380 expand_message_xmd (SHA-512): published test vectors
// first, then the properties the protocol relies on (round trips, proof soundness checks, input validation).
//
// Provenance of the expected values (copied exactly, never recomputed):
// - RFC 9497 Appendix A.1 "ristretto255-SHA512" (OPRF mode vectors 1-2, VOPRF mode vectors 1-3), from the
//   RFC's source, repository cfrg/draft-irtf-cfrg-voprf, file draft-irtf-cfrg-voprf.md, final version (the one
//   whose appendix is headed "ristretto255-SHA512" and whose contextString is "OPRFV1-" || I2OSP(mode, 1) || "-"
//   || identifier).
// - RFC 9380 Appendix K.3 expand_message_xmd(SHA-512), DST "QUUX-V01-CS02-with-expander-SHA512-256": the stored
//   copies of the hash-to-curve draft were pre-final (other DSTs), so these ten values come from two independent
//   implementations' RFC 9380 K.3 test tables that agree byte for byte (docs/OPRF.md, "Test vectors").
#include <catch.hpp>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "oprf/hash_to_group.h"
#include "oprf/oprf.h"
#include "oprf/oprf_wire.h"

using namespace breachcheck;

namespace {

std::vector<std::uint8_t> hex(const std::string& text) {
  std::vector<std::uint8_t> out(text.size() / 2);
  std::size_t written = 0;
  REQUIRE(sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, nullptr) == 0);
  REQUIRE(written == text.size() / 2);
  out.resize(written);
  return out;
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(&out[0], out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::string to_hex(const std::vector<std::uint8_t>& bytes) { return to_hex(bytes.data(), bytes.size()); }

std::vector<std::uint8_t> concat(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  std::vector<std::uint8_t> out(a);
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// ---- RFC 9497 Appendix A.1 (ristretto255-SHA512), common to both modes ----
const std::string kSeed = "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3";
const std::string kKeyInfo = "74657374206b6579";  // "test key"
const std::string kInput1 = "00";
const std::string kInput2 = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
const std::string kBlind = "64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706";

// A.1.1 OPRF mode
const std::string kOprfSkSm = "5ebcea5ee37023ccb9fc2d2019f9d7737be85591ae8652ffa9ef0f4d37063b0e";

// A.1.2 VOPRF mode
const std::string kVoprfSkSm = "e6f73f344b79b379f1a0dd37e07ff62e38d9f71345ce62ae3a9bc60b04ccd909";
const std::string kVoprfPkSm = "c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e";

struct Vector {
  std::string input;
  std::string blind;
  std::string blinded_element;
  std::string evaluation_element;
  std::string proof;                // VOPRF only
  std::string proof_random_scalar;  // VOPRF only
  std::string output;
};

const Vector kOprfVectors[] = {
    {kInput1, kBlind, "609a0ae68c15a3cf6903766461307e5c8bb2f95e7e6550e1ffa2dc99e412803c",
     "7ec6578ae5120958eb2db1745758ff379e77cb64fe77b0b2d8cc917ea0869c7e", "", "",
     "527759c3d9366f277d8c6020418d96bb393ba2afb20ff90df23fb7708264e2f3ab9135e3bd69955851de4b1f9fe8a0973396719b7912"
     "ba9ee8aa7d0b5e24bcf6"},
    {kInput2, kBlind, "da27ef466870f5f15296299850aa088629945a17d1f5b7f5ff043f76b3c06418",
     "b4cbf5a4f1eeda5a63ce7b77c7d23f461db3fcab0dd28e4e17cecb5c90d02c25", "", "",
     "f4a74c9c592497375e796aa837e907b1a045d34306a749db9f34221f7e750cb4f2a6413a6bf6fa5e19ba6348eb673934a722a7ede2e7"
     "621306d18951e7cf2c73"},
};

const Vector kVoprfVectors[] = {
    {kInput1, kBlind, "863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945",
     "aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e",
     "ddef93772692e535d1a53903db24367355cc2cc78de93b3be5a8ffcc6985dd066d4346421d17bf5117a2a1ff0fcb2a759f58a539dfbe"
     "857a40bce4cf49ec600d",
     "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e",
     "b58cfbe118e0cb94d79b5fd6a6dafb98764dff49c14e1770b566e42402da1a7da4d8527693914139caee5bd03903af43a491351d23b4"
     "30948dd50cde10d32b3c"},
    {kInput2, kBlind, "cc0b2a350101881d8a4cba4c80241d74fb7dcbfde4a61fde2f91443c2bf9ef0c",
     "60a59a57208d48aca71e9e850d22674b611f752bed48b36f7a91b372bd7ad468",
     "401a0da6264f8cf45bb2f5264bc31e109155600babb3cd4e5af7d181a2c9dc0a67154fabf031fd936051dec80b0b6ae29c9503493dde"
     "7393b722eafdf5a50b02",
     "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e",
     "8a9a2f3c7f085b65933594309041fc1898d42d0858e59f90814ae90571a6df60356f4610bf816f27afdd84f47719e480906d27ecd994"
     "985890e5f539e7ea74b6"},
};

// A.1.2 VOPRF mode, Test Vector 3, Batch Size 2
const std::string kBatchInputs[2] = {kInput1, kInput2};
const std::string kBatchBlinds[2] = {kBlind, "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e"};
const std::string kBatchBlinded[2] = {"863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945",
                                      "90a0145ea9da29254c3a56be4fe185465ebb3bf2a1801f7124bbbadac751e654"};
const std::string kBatchEvaluated[2] = {"aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e",
                                        "cc5ac221950a49ceaa73c8db41b82c20372a4c8d63e5dded2db920b7eee36a2a"};
const std::string kBatchProof =
    "cc203910175d786927eeb44ea847328047892ddf8590e723c37205cb74600b0a5ab5337c8eb4ceae0494c2cf89529dcf94572ed267473d"
    "567aeed6ab873dee08";
const std::string kBatchProofRandomScalar = "419c4f4f5052c53c45f3da494d2b67b220d02118e0857cdbcf037f9ea84bbe0c";
const std::string kBatchOutputs[2] = {
    "b58cfbe118e0cb94d79b5fd6a6dafb98764dff49c14e1770b566e42402da1a7da4d8527693914139caee5bd03903af43a491351d23b43094"
    "8dd50cde10d32b3c",
    "8a9a2f3c7f085b65933594309041fc1898d42d0858e59f90814ae90571a6df60356f4610bf816f27afdd84f47719e480906d27ecd9949858"
    "90e5f539e7ea74b6"};

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian (RFC 9496 / RFC 8032).
const std::string kOrderL = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

struct KeyPairBytes {
  std::vector<std::uint8_t> sk = std::vector<std::uint8_t>(kOprfSecretKeyBytes);
  std::vector<std::uint8_t> pk = std::vector<std::uint8_t>(kOprfPublicKeyBytes);
};

KeyPairBytes derive(OprfMode mode) {
  KeyPairBytes keys;
  const auto seed = hex(kSeed);
  const auto info = hex(kKeyInfo);
  REQUIRE(oprf_derive_key_pair(keys.sk.data(), keys.pk.data(), mode, seed.data(), info.data(), info.size()) == 0);
  return keys;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// RFC 9380 expand_message_xmd (SHA-512)
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("expand_message_xmd(SHA-512) reproduces RFC 9380 Appendix K.3", "[oprf][xmd][vectors]") {
  const std::string dst = "QUUX-V01-CS02-with-expander-SHA512-256";
  const std::string q128 = "q128_" + std::string(128, 'q');
  const std::string a512 = "a512_" + std::string(512, 'a');
  struct Xmd {
    std::string msg;
    std::size_t len;
    const char* uniform_bytes;
  };
  const Xmd vectors[] = {
      {"", 0x20, "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba"},
      {"abc", 0x20, "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc"},
      {"abcdef0123456789", 0x20, "087e45a86e2939ee8b91100af1583c4938e0f5fc6c9db4b107b83346bc967f58"},
      {q128, 0x20, "7336234ee9983902440f6bc35b348352013becd88938d2afec44311caf8356b3"},
      {a512, 0x20, "57b5f7e766d5be68a6bfe1768e3c2b7f1228b3e4b3134956dd73a59b954c66f4"},
      {"", 0x80,
       "41b037d1734a5f8df225dd8c7de38f851efdb45c372887be655212d07251b921b052b62eaed99b46f72f2ef4cc96bfaf254ebbbec091e1"
       "a3b9e4fb5e5b619d2e0c5414800a1d882b62bb5cd1778f098b8eb6cb399d5d9d18f5d5842cf5d13d7eb00a7cff859b605da678b318bd0e"
       "65ebff70bec88c753b159a805d2c89c55961"},
      {"abc", 0x80,
       "7f1dddd13c08b543f2e2037b14cefb255b44c83cc397c1786d975653e36a6b11bdd7732d8b38adb4a0edc26a0cef4bb45217135456e58f"
       "bca1703cd6032cb1347ee720b87972d63fbf232587043ed2901bce7f22610c0419751c065922b488431851041310ad659e4b23520e1772"
       "ab29dcdeb2002222a363f0c2b1c972b3efe1"},
      {"abcdef0123456789", 0x80,
       "3f721f208e6199fe903545abc26c837ce59ac6fa45733f1baaf0222f8b7acb0424814fcb5eecf6c1d38f06e9d0a6ccfbf85ae612ab8735"
       "dfdf9ce84c372a77c8f9e1c1e952c3a61b7567dd0693016af51d2745822663d0c2367e3f4f0bed827feecc2aaf98c949b5ed0d35c3f102"
       "3d64ad1407924288d366ea159f46287e61ac"},
      {q128, 0x80,
       "b799b045a58c8d2b4334cf54b78260b45eec544f9f2fb5bd12fb603eaee70db7317bf807c406e26373922b7b8920fa29142703dd52bdf2"
       "80084fb7ef69da78afdf80b3586395b433dc66cde048a258e476a561e9deba7060af40adf30c64249ca7ddea79806ee5beb9a142294947"
       "1d267b21bc88e688e4014087a0b592b695ed"},
      {a512, 0x80,
       "05b0bfef265dcee87654372777b7c44177e2ae4c13a27f103340d9cd11c86cb2426ffcad5bd964080c2aee97f03be1ca18e30a1f14e27b"
       "c11ebbd650f305269cc9fb1db08bf90bfc79b42a952b46daf810359e7bc36452684784a64952c343c52e5124cd1f71d474d5197fefc571"
       "a92929c9084ffe1112cf5eea5192ebff330b"},
  };
  int passed = 0;
  for (const auto& v : vectors) {
    std::vector<std::uint8_t> out(v.len);
    REQUIRE(expand_message_xmd_sha512(out.data(), out.size(), reinterpret_cast<const std::uint8_t*>(v.msg.data()),
                                      v.msg.size(), reinterpret_cast<const std::uint8_t*>(dst.data()),
                                      dst.size()) == 0);
    CHECK(to_hex(out) == v.uniform_bytes);
    if (to_hex(out) == v.uniform_bytes) ++passed;
  }
  CHECK(passed == 10);
}

TEST_CASE("expand_message_xmd(SHA-512): multi-part input equals the concatenation; RFC 9380 limits enforced",
          "[oprf][xmd]") {
  const std::string dst = "QUUX-V01-CS02-with-expander-SHA512-256";
  const auto* d = reinterpret_cast<const std::uint8_t*>(dst.data());
  const std::string msg = "abcdef0123456789";
  const auto* m = reinterpret_cast<const std::uint8_t*>(msg.data());
  std::vector<std::uint8_t> whole(200);
  std::vector<std::uint8_t> split(200);
  REQUIRE(expand_message_xmd_sha512(whole.data(), whole.size(), m, msg.size(), d, dst.size()) == 0);
  const ByteView parts[] = {{m, 3}, {nullptr, 0}, {m + 3, 10}, {m + 13, 3}};
  REQUIRE(expand_message_xmd_sha512_parts(split.data(), split.size(), parts, 4, d, dst.size()) == 0);
  CHECK(whole == split);

  // A shorter request is a prefix of the longer one only within the same length (len is hashed in): check not.
  std::vector<std::uint8_t> shorter(64);
  REQUIRE(expand_message_xmd_sha512(shorter.data(), shorter.size(), m, msg.size(), d, dst.size()) == 0);
  CHECK(std::vector<std::uint8_t>(whole.begin(), whole.begin() + 64) != shorter);

  std::vector<std::uint8_t> big(kXmdSha512MaxOutputBytes + 1);
  CHECK(expand_message_xmd_sha512(big.data(), kXmdSha512MaxOutputBytes, m, msg.size(), d, dst.size()) == 0);
  CHECK(expand_message_xmd_sha512(big.data(), kXmdSha512MaxOutputBytes + 1, m, msg.size(), d, dst.size()) == -1);
  const std::string dst255(255, 'D');
  const std::string dst256(256, 'D');
  CHECK(expand_message_xmd_sha512(big.data(), 32, m, msg.size(), reinterpret_cast<const std::uint8_t*>(dst255.data()),
                                  dst255.size()) == 0);
  CHECK(expand_message_xmd_sha512(big.data(), 32, m, msg.size(), reinterpret_cast<const std::uint8_t*>(dst256.data()),
                                  dst256.size()) == -1);
  CHECK(expand_message_xmd_sha512(nullptr, 0, m, msg.size(), d, dst.size()) == 0);
}

TEST_CASE("contextString and HashToGroup DST are RFC 9497's for ristretto255-SHA512", "[oprf]") {
  std::uint8_t context[kOprfContextStringBytes];
  oprf_context_string(context, OprfMode::kOprf);
  CHECK(std::string(reinterpret_cast<const char*>(context), sizeof context) ==
        std::string("OPRFV1-\x00-ristretto255-SHA512", 28));
  oprf_context_string(context, OprfMode::kVoprf);
  CHECK(std::string(reinterpret_cast<const char*>(context), sizeof context) ==
        std::string("OPRFV1-\x01-ristretto255-SHA512", 28));
}

// ---------------------------------------------------------------------------------------------------------
// RFC 9497 Appendix A.1: published vectors
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("RFC 9497 A.1 ristretto255-SHA512, OPRF mode: DeriveKeyPair and vectors 1-2", "[oprf][vectors]") {
  const KeyPairBytes keys = derive(OprfMode::kOprf);
  CHECK(to_hex(keys.sk) == kOprfSkSm);

  int passed = 0;
  for (const auto& v : kOprfVectors) {
    const auto input = hex(v.input);
    const auto blind = hex(v.blind);
    std::uint8_t blinded[kOprfElementBytes];
    REQUIRE(oprf_blind_with_scalar(blind.data(), blinded, OprfMode::kOprf, input.data(), input.size()) == 0);
    CHECK(to_hex(blinded, sizeof blinded) == v.blinded_element);

    std::uint8_t evaluated[kOprfElementBytes];
    REQUIRE(oprf_blind_evaluate(evaluated, keys.sk.data(), blinded) == 0);
    CHECK(to_hex(evaluated, sizeof evaluated) == v.evaluation_element);

    // Finalize from the published evaluation element (not only from ours).
    const auto published_evaluated = hex(v.evaluation_element);
    std::uint8_t output[kOprfOutputBytes];
    REQUIRE(oprf_finalize(output, input.data(), input.size(), blind.data(), published_evaluated.data()) == 0);
    CHECK(to_hex(output, sizeof output) == v.output);

    std::uint8_t direct[kOprfOutputBytes];
    REQUIRE(oprf_evaluate(direct, OprfMode::kOprf, keys.sk.data(), input.data(), input.size()) == 0);
    CHECK(to_hex(direct, sizeof direct) == v.output);

    if (to_hex(blinded, sizeof blinded) == v.blinded_element && to_hex(evaluated, sizeof evaluated) ==
        v.evaluation_element && to_hex(output, sizeof output) == v.output && to_hex(direct, sizeof direct) ==
        v.output) {
      ++passed;
    }
  }
  CHECK(passed == 2);
}

TEST_CASE("RFC 9497 A.1 ristretto255-SHA512, VOPRF mode: DeriveKeyPair and vectors 1-2 (proofs included)",
          "[oprf][vectors]") {
  const KeyPairBytes keys = derive(OprfMode::kVoprf);
  CHECK(to_hex(keys.sk) == kVoprfSkSm);
  CHECK(to_hex(keys.pk) == kVoprfPkSm);
  std::uint8_t pk_again[kOprfPublicKeyBytes];
  REQUIRE(oprf_public_key(pk_again, keys.sk.data()) == 0);
  CHECK(to_hex(pk_again, sizeof pk_again) == kVoprfPkSm);

  const auto pk = hex(kVoprfPkSm);
  int passed = 0;
  for (const auto& v : kVoprfVectors) {
    const auto input = hex(v.input);
    const auto blind = hex(v.blind);
    const auto r = hex(v.proof_random_scalar);
    std::uint8_t blinded[kOprfElementBytes];
    REQUIRE(oprf_blind_with_scalar(blind.data(), blinded, OprfMode::kVoprf, input.data(), input.size()) == 0);
    CHECK(to_hex(blinded, sizeof blinded) == v.blinded_element);

    std::uint8_t evaluated[kOprfElementBytes];
    std::uint8_t proof[kOprfProofBytes];
    REQUIRE(voprf_blind_evaluate_batch(evaluated, proof, keys.sk.data(), pk.data(), blinded, 1, r.data()) == 0);
    CHECK(to_hex(evaluated, sizeof evaluated) == v.evaluation_element);
    CHECK(to_hex(proof, sizeof proof) == v.proof);

    // The client side runs on the published messages.
    const auto published_blinded = hex(v.blinded_element);
    const auto published_evaluated = hex(v.evaluation_element);
    const auto published_proof = hex(v.proof);
    std::uint8_t output[kOprfOutputBytes];
    REQUIRE(voprf_finalize(output, input.data(), input.size(), blind.data(), published_evaluated.data(),
                           published_blinded.data(), pk.data(), published_proof.data()) == 0);
    CHECK(to_hex(output, sizeof output) == v.output);

    std::uint8_t direct[kOprfOutputBytes];
    REQUIRE(oprf_evaluate(direct, OprfMode::kVoprf, keys.sk.data(), input.data(), input.size()) == 0);
    CHECK(to_hex(direct, sizeof direct) == v.output);

    if (to_hex(blinded, sizeof blinded) == v.blinded_element && to_hex(evaluated, sizeof evaluated) ==
        v.evaluation_element && to_hex(proof, sizeof proof) == v.proof && to_hex(output, sizeof output) ==
        v.output && to_hex(direct, sizeof direct) == v.output) {
      ++passed;
    }
  }
  CHECK(passed == 2);
}

TEST_CASE("RFC 9497 A.1 ristretto255-SHA512, VOPRF mode: vector 3 (batch of 2, one proof)", "[oprf][vectors]") {
  const KeyPairBytes keys = derive(OprfMode::kVoprf);
  const auto pk = hex(kVoprfPkSm);
  std::vector<std::uint8_t> blinded(2 * kOprfElementBytes);
  std::vector<std::uint8_t> blinds;
  std::vector<std::vector<std::uint8_t>> inputs;
  for (int i = 0; i < 2; ++i) {
    inputs.push_back(hex(kBatchInputs[i]));
    const auto blind = hex(kBatchBlinds[i]);
    blinds.insert(blinds.end(), blind.begin(), blind.end());
    REQUIRE(oprf_blind_with_scalar(blind.data(), blinded.data() + i * kOprfElementBytes, OprfMode::kVoprf,
                                   inputs[i].data(), inputs[i].size()) == 0);
    CHECK(to_hex(blinded.data() + i * kOprfElementBytes, kOprfElementBytes) == kBatchBlinded[i]);
  }

  std::vector<std::uint8_t> evaluated(2 * kOprfElementBytes);
  std::uint8_t proof[kOprfProofBytes];
  const auto r = hex(kBatchProofRandomScalar);
  REQUIRE(voprf_blind_evaluate_batch(evaluated.data(), proof, keys.sk.data(), pk.data(), blinded.data(), 2,
                                     r.data()) == 0);
  CHECK(to_hex(evaluated.data(), kOprfElementBytes) == kBatchEvaluated[0]);
  CHECK(to_hex(evaluated.data() + kOprfElementBytes, kOprfElementBytes) == kBatchEvaluated[1]);
  CHECK(to_hex(proof, sizeof proof) == kBatchProof);

  // Client: verify the published batch proof once, finalize both.
  const auto published_blinded = concat(hex(kBatchBlinded[0]), hex(kBatchBlinded[1]));
  const auto published_evaluated = concat(hex(kBatchEvaluated[0]), hex(kBatchEvaluated[1]));
  const auto published_proof = hex(kBatchProof);
  const ByteView input_views[2] = {ByteView(inputs[0]), ByteView(inputs[1])};
  std::vector<std::uint8_t> outputs(2 * kOprfOutputBytes);
  REQUIRE(voprf_finalize_batch(outputs.data(), input_views, blinds.data(), published_evaluated.data(),
                               published_blinded.data(), 2, pk.data(), published_proof.data()) == 0);
  CHECK(to_hex(outputs.data(), kOprfOutputBytes) == kBatchOutputs[0]);
  CHECK(to_hex(outputs.data() + kOprfOutputBytes, kOprfOutputBytes) == kBatchOutputs[1]);

  // The batch proof covers exactly this ordered batch: reordering or dropping an element fails.
  const auto swapped_blinded = concat(hex(kBatchBlinded[1]), hex(kBatchBlinded[0]));
  const auto swapped_evaluated = concat(hex(kBatchEvaluated[1]), hex(kBatchEvaluated[0]));
  std::uint8_t g[kOprfElementBytes];
  const std::uint8_t one[kOprfScalarBytes] = {1};
  REQUIRE(crypto_scalarmult_ristretto255_base(g, one) == 0);
  CHECK(oprf_dleq_verify_proof(OprfMode::kVoprf, g, pk.data(), published_blinded.data(), published_evaluated.data(),
                               2, published_proof.data()) == kOprfOk);
  CHECK(oprf_dleq_verify_proof(OprfMode::kVoprf, g, pk.data(), swapped_blinded.data(), swapped_evaluated.data(), 2,
                               published_proof.data()) == kOprfVerifyError);
  CHECK(oprf_dleq_verify_proof(OprfMode::kVoprf, g, pk.data(), published_blinded.data(), published_evaluated.data(),
                               1, published_proof.data()) == kOprfVerifyError);
  // Same proof checked under the OPRF-mode contextString: domain separation makes it fail.
  CHECK(oprf_dleq_verify_proof(OprfMode::kOprf, g, pk.data(), published_blinded.data(), published_evaluated.data(),
                               2, published_proof.data()) == kOprfVerifyError);
  CHECK(oprf_dleq_verify_proof(OprfMode::kVoprf, nullptr, pk.data(), published_blinded.data(),
                               published_evaluated.data(), 2, published_proof.data()) == kOprfInvalidArgument);
}

// ---------------------------------------------------------------------------------------------------------
// Properties: round trips with fresh randomness
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("Blind, BlindEvaluate, Finalize with fresh keys and blinds equals direct Evaluate (both modes)", "[oprf]") {
  std::uint8_t sk[kOprfSecretKeyBytes];
  std::uint8_t pk[kOprfPublicKeyBytes];
  REQUIRE(oprf_generate_key_pair(sk, pk) == 0);
  REQUIRE(oprf_secret_key_check(sk) == 0);
  REQUIRE(oprf_element_check(pk) == 0);

  std::uint8_t input[32];  // shaped like the Argon2id output that breachcheck feeds in
  randombytes_buf(input, sizeof input);

  for (const OprfMode mode : {OprfMode::kOprf, OprfMode::kVoprf}) {
    std::uint8_t direct[kOprfOutputBytes];
    REQUIRE(oprf_evaluate(direct, mode, sk, input, sizeof input) == 0);

    std::uint8_t blind1[kOprfScalarBytes];
    std::uint8_t blinded1[kOprfElementBytes];
    std::uint8_t blind2[kOprfScalarBytes];
    std::uint8_t blinded2[kOprfElementBytes];
    REQUIRE(oprf_blind(blind1, blinded1, mode, input, sizeof input) == 0);
    REQUIRE(oprf_blind(blind2, blinded2, mode, input, sizeof input) == 0);
    CHECK(sodium_memcmp(blinded1, blinded2, kOprfElementBytes) != 0);  // unlinkable requests
    CHECK(oprf_scalar_check(blind1) == 0);

    std::uint8_t evaluated[kOprfElementBytes];
    std::uint8_t output[kOprfOutputBytes];
    if (mode == OprfMode::kOprf) {
      REQUIRE(oprf_blind_evaluate(evaluated, sk, blinded1) == 0);
      REQUIRE(oprf_finalize(output, input, sizeof input, blind1, evaluated) == 0);
    } else {
      std::uint8_t proof[kOprfProofBytes];
      std::uint8_t proof2[kOprfProofBytes];
      std::uint8_t evaluated2[kOprfElementBytes];
      REQUIRE(voprf_blind_evaluate(evaluated, proof, sk, pk, blinded1) == 0);
      REQUIRE(voprf_blind_evaluate(evaluated2, proof2, sk, pk, blinded1) == 0);
      CHECK(sodium_memcmp(proof, proof2, kOprfProofBytes) != 0);  // fresh r every time
      REQUIRE(voprf_finalize(output, input, sizeof input, blind1, evaluated, blinded1, pk, proof) == 0);
      REQUIRE(voprf_finalize(output, input, sizeof input, blind1, evaluated2, blinded1, pk, proof2) == 0);
    }
    CHECK(sodium_memcmp(output, direct, kOprfOutputBytes) == 0);
  }

  // The two modes are different functions of the same key and input.
  std::uint8_t out_oprf[kOprfOutputBytes];
  std::uint8_t out_voprf[kOprfOutputBytes];
  REQUIRE(oprf_evaluate(out_oprf, OprfMode::kOprf, sk, input, sizeof input) == 0);
  REQUIRE(oprf_evaluate(out_voprf, OprfMode::kVoprf, sk, input, sizeof input) == 0);
  CHECK(sodium_memcmp(out_oprf, out_voprf, kOprfOutputBytes) != 0);

  // Another key gives another function.
  std::uint8_t sk2[kOprfSecretKeyBytes];
  std::uint8_t pk2[kOprfPublicKeyBytes];
  REQUIRE(oprf_generate_key_pair(sk2, pk2) == 0);
  std::uint8_t out_other[kOprfOutputBytes];
  REQUIRE(oprf_evaluate(out_other, OprfMode::kVoprf, sk2, input, sizeof input) == 0);
  CHECK(sodium_memcmp(out_other, out_voprf, kOprfOutputBytes) != 0);
  sodium_memzero(sk, sizeof sk);
  sodium_memzero(sk2, sizeof sk2);
}

TEST_CASE("A batch evaluated with a fresh proof verifies and finalizes to the direct outputs", "[oprf]") {
  std::uint8_t sk[kOprfSecretKeyBytes];
  std::uint8_t pk[kOprfPublicKeyBytes];
  REQUIRE(oprf_generate_key_pair(sk, pk) == 0);
  constexpr std::size_t kCount = 5;
  std::vector<std::vector<std::uint8_t>> inputs;
  std::vector<std::uint8_t> blinds(kCount * kOprfScalarBytes);
  std::vector<std::uint8_t> blinded(kCount * kOprfElementBytes);
  std::vector<ByteView> views;
  for (std::size_t i = 0; i < kCount; ++i) inputs.emplace_back(i * 7, static_cast<std::uint8_t>(i));
  for (std::size_t i = 0; i < kCount; ++i) {
    views.emplace_back(inputs[i]);
    REQUIRE(oprf_blind(blinds.data() + i * kOprfScalarBytes, blinded.data() + i * kOprfElementBytes,
                       OprfMode::kVoprf, inputs[i].data(), inputs[i].size()) == 0);
  }
  std::vector<std::uint8_t> evaluated(kCount * kOprfElementBytes);
  std::uint8_t proof[kOprfProofBytes];
  REQUIRE(voprf_blind_evaluate_batch(evaluated.data(), proof, sk, pk, blinded.data(), kCount) == 0);
  std::vector<std::uint8_t> outputs(kCount * kOprfOutputBytes);
  REQUIRE(voprf_finalize_batch(outputs.data(), views.data(), blinds.data(), evaluated.data(), blinded.data(), kCount,
                               pk, proof) == 0);
  for (std::size_t i = 0; i < kCount; ++i) {
    std::uint8_t direct[kOprfOutputBytes];
    REQUIRE(oprf_evaluate(direct, OprfMode::kVoprf, sk, inputs[i].data(), inputs[i].size()) == 0);
    CHECK(sodium_memcmp(direct, outputs.data() + i * kOprfOutputBytes, kOprfOutputBytes) == 0);
  }
  sodium_memzero(sk, sizeof sk);
}

// ---------------------------------------------------------------------------------------------------------
// Properties: a server cannot cheat the VOPRF client
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("VOPRF Finalize refuses tampered proofs, other keys and substituted evaluations", "[oprf]") {
  const KeyPairBytes keys = derive(OprfMode::kVoprf);
  const Vector& v = kVoprfVectors[0];
  const auto input = hex(v.input);
  const auto blind = hex(v.blind);
  const auto blinded = hex(v.blinded_element);
  const auto evaluated = hex(v.evaluation_element);
  const auto proof = hex(v.proof);
  std::uint8_t output[kOprfOutputBytes];
  std::fill(output, output + sizeof output, 0xAA);

  auto finalize = [&](const std::vector<std::uint8_t>& eval, const std::vector<std::uint8_t>& blinded_element,
                      const std::uint8_t* public_key, const std::vector<std::uint8_t>& proof_bytes) {
    return voprf_finalize(output, input.data(), input.size(), blind.data(), eval.data(), blinded_element.data(),
                          public_key, proof_bytes.data());
  };
  REQUIRE(finalize(evaluated, blinded, keys.pk.data(), proof) == kOprfOk);

  std::fill(output, output + sizeof output, 0xAA);
  // Every single-bit flip of the proof that keeps both scalars canonical is a VerifyError; others are refused
  // at deserialisation. Either way: no output.
  int verify_errors = 0;
  int deserialize_errors = 0;
  for (std::size_t bit = 0; bit < kOprfProofBytes * 8; ++bit) {
    auto bad = proof;
    bad[bit / 8] = static_cast<std::uint8_t>(bad[bit / 8] ^ (1u << (bit % 8)));
    const int rc = finalize(evaluated, blinded, keys.pk.data(), bad);
    if (rc == kOprfVerifyError) ++verify_errors;
    if (rc == kOprfDeserializeError) ++deserialize_errors;
    REQUIRE((rc == kOprfVerifyError || rc == kOprfDeserializeError));
  }
  CHECK(verify_errors + deserialize_errors == 512);
  CHECK(verify_errors > 400);
  for (std::uint8_t b : output) REQUIRE(b == 0xAA);  // nothing written on failure

  // The proof from vector 2 does not vouch for vector 1's evaluation.
  CHECK(finalize(evaluated, blinded, keys.pk.data(), hex(kVoprfVectors[1].proof)) == kOprfVerifyError);

  // A server that evaluated with another key (to tag this user) is caught, with its own or the real pkS.
  std::uint8_t sk2[kOprfSecretKeyBytes];
  std::uint8_t pk2[kOprfPublicKeyBytes];
  REQUIRE(oprf_generate_key_pair(sk2, pk2) == 0);
  std::vector<std::uint8_t> evaluated2(kOprfElementBytes);
  std::vector<std::uint8_t> proof2(kOprfProofBytes);
  REQUIRE(voprf_blind_evaluate(evaluated2.data(), proof2.data(), sk2, pk2, blinded.data()) == 0);
  CHECK(finalize(evaluated2, blinded, keys.pk.data(), proof2) == kOprfVerifyError);  // the pinned pkS
  CHECK(finalize(evaluated2, blinded, pk2, proof2) == kOprfOk);                      // sanity: it is a valid proof
  // ... and the key's proof on the wrong evaluation element fails.
  CHECK(finalize(evaluated2, blinded, keys.pk.data(), proof) == kOprfVerifyError);
  // A proof for a different blinded element does not transfer.
  CHECK(finalize(evaluated, hex(kVoprfVectors[1].blinded_element), keys.pk.data(), proof) == kOprfVerifyError);

  // Scalars >= L in the proof are refused before any group arithmetic.
  auto non_canonical = proof;
  const auto order = hex(kOrderL);
  std::copy(order.begin(), order.end(), non_canonical.begin());
  CHECK(finalize(evaluated, blinded, keys.pk.data(), non_canonical) == kOprfDeserializeError);
  non_canonical = proof;
  std::copy(order.begin(), order.end(), non_canonical.begin() + kOprfScalarBytes);
  CHECK(finalize(evaluated, blinded, keys.pk.data(), non_canonical) == kOprfDeserializeError);
  sodium_memzero(sk2, sizeof sk2);
}

// ---------------------------------------------------------------------------------------------------------
// Properties: deserialisation (identity, non-canonical encodings, scalars >= L)
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("Elements: the identity and non-canonical encodings are refused everywhere", "[oprf]") {
  const KeyPairBytes keys = derive(OprfMode::kVoprf);
  const auto valid = hex(kVoprfVectors[0].blinded_element);
  REQUIRE(oprf_element_check(valid.data()) == kOprfOk);

  std::vector<std::vector<std::uint8_t>> bad;
  bad.emplace_back(32, 0x00);  // the identity: libsodium decodes it, RFC 9497 refuses it
  // Built from the ristretto255 decoding rules (RFC 9496 Section 4.3.1), not from a vector list:
  auto top_bit = valid;
  top_bit[31] = static_cast<std::uint8_t>(top_bit[31] | 0x80);  // s >= 2^255: not a canonical field element
  bad.push_back(top_bit);
  // (libsodium 1.0.18's own decoder accepts that one: it ignores bit 255. The check in oprf_element_check is ours.)
  bad.push_back(hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));  // s = p (non-canonical)
  bad.push_back(hex("0100000000000000000000000000000000000000000000000000000000000000"));  // s = 1: "negative"
  bad.push_back(hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
  int refused = 0;
  for (const auto& e : bad) {
    CHECK(oprf_element_check(e.data()) == kOprfDeserializeError);
    std::uint8_t out[kOprfElementBytes];
    std::uint8_t proof[kOprfProofBytes];
    CHECK(oprf_blind_evaluate(out, keys.sk.data(), e.data()) == kOprfDeserializeError);
    CHECK(voprf_blind_evaluate(out, proof, keys.sk.data(), keys.pk.data(), e.data()) == kOprfDeserializeError);
    std::uint8_t output[kOprfOutputBytes];
    const auto blind = hex(kBlind);
    const auto input = hex(kInput1);
    CHECK(oprf_finalize(output, input.data(), input.size(), blind.data(), e.data()) == kOprfDeserializeError);
    const auto proof_ok = hex(kVoprfVectors[0].proof);
    CHECK(voprf_finalize(output, input.data(), input.size(), blind.data(), e.data(), valid.data(), keys.pk.data(),
                         proof_ok.data()) == kOprfDeserializeError);
    CHECK(voprf_finalize(output, input.data(), input.size(), blind.data(), valid.data(), valid.data(), e.data(),
                         proof_ok.data()) == kOprfDeserializeError);
    ++refused;
  }
  CHECK(refused == 5);

  // A batch with one bad element is refused as a whole; nothing is written.
  std::vector<std::uint8_t> batch = concat(valid, bad[0]);
  std::vector<std::uint8_t> out(2 * kOprfElementBytes, 0xAA);
  std::uint8_t proof[kOprfProofBytes];
  CHECK(voprf_blind_evaluate_batch(out.data(), proof, keys.sk.data(), keys.pk.data(), batch.data(), 2) ==
        kOprfDeserializeError);
  for (std::uint8_t b : out) REQUIRE(b == 0xAA);
  CHECK(voprf_blind_evaluate_batch(out.data(), proof, keys.sk.data(), keys.pk.data(), batch.data(), 0) ==
        kOprfInvalidArgument);
}

TEST_CASE("Scalars: keys, blinds and proof scalars must be canonical (< L), keys and blinds non-zero", "[oprf]") {
  const auto order = hex(kOrderL);
  std::vector<std::uint8_t> order_minus_one = order;
  order_minus_one[0] = static_cast<std::uint8_t>(order_minus_one[0] - 1);
  const std::vector<std::uint8_t> zero(32, 0);
  std::vector<std::uint8_t> order_plus_one = order;
  order_plus_one[0] = static_cast<std::uint8_t>(order_plus_one[0] + 1);
  const std::vector<std::uint8_t> all_ff(32, 0xff);

  CHECK(oprf_scalar_check(zero.data()) == kOprfOk);
  CHECK(oprf_scalar_check(order_minus_one.data()) == kOprfOk);
  CHECK(oprf_scalar_check(order.data()) == kOprfDeserializeError);
  CHECK(oprf_scalar_check(order_plus_one.data()) == kOprfDeserializeError);
  CHECK(oprf_scalar_check(all_ff.data()) == kOprfDeserializeError);
  CHECK(oprf_secret_key_check(zero.data()) == kOprfDeserializeError);
  CHECK(oprf_secret_key_check(order_minus_one.data()) == kOprfOk);
  CHECK(oprf_secret_key_check(order.data()) == kOprfDeserializeError);

  const auto input = hex(kInput1);
  std::uint8_t blinded[kOprfElementBytes];
  CHECK(oprf_blind_with_scalar(zero.data(), blinded, OprfMode::kOprf, input.data(), input.size()) ==
        kOprfDeserializeError);
  CHECK(oprf_blind_with_scalar(order.data(), blinded, OprfMode::kOprf, input.data(), input.size()) ==
        kOprfDeserializeError);
  std::uint8_t out[kOprfOutputBytes];
  CHECK(oprf_evaluate(out, OprfMode::kOprf, zero.data(), input.data(), input.size()) == kOprfInvalidArgument);
  CHECK(oprf_evaluate(out, OprfMode::kOprf, order.data(), input.data(), input.size()) == kOprfInvalidArgument);
  std::uint8_t pk[kOprfPublicKeyBytes];
  CHECK(oprf_public_key(pk, zero.data()) == kOprfDeserializeError);
  const auto evaluated = hex(kOprfVectors[0].evaluation_element);
  CHECK(oprf_finalize(out, input.data(), input.size(), zero.data(), evaluated.data()) == kOprfDeserializeError);
  CHECK(oprf_finalize(out, input.data(), input.size(), order.data(), evaluated.data()) == kOprfDeserializeError);
  CHECK(oprf_blind_evaluate(blinded, order.data(), evaluated.data()) == kOprfInvalidArgument);
}

TEST_CASE("Inputs of 65,535 bytes or more and unknown modes are refused; empty input is fine", "[oprf]") {
  const KeyPairBytes keys = derive(OprfMode::kOprf);
  std::vector<std::uint8_t> big(kOprfMaxInputBytes + 1, 0x42);
  std::uint8_t blind[kOprfScalarBytes];
  std::uint8_t blinded[kOprfElementBytes];
  std::uint8_t out[kOprfOutputBytes];
  CHECK(oprf_blind(blind, blinded, OprfMode::kOprf, big.data(), big.size()) == kOprfInvalidInputError);
  CHECK(oprf_evaluate(out, OprfMode::kOprf, keys.sk.data(), big.data(), big.size()) == kOprfInvalidInputError);
  CHECK(oprf_evaluate(out, OprfMode::kOprf, keys.sk.data(), big.data(), kOprfMaxInputBytes) == kOprfOk);
  CHECK(oprf_evaluate(out, static_cast<OprfMode>(2), keys.sk.data(), big.data(), 1) == kOprfInvalidArgument);

  std::uint8_t direct[kOprfOutputBytes];
  REQUIRE(oprf_evaluate(direct, OprfMode::kOprf, keys.sk.data(), nullptr, 0) == kOprfOk);
  REQUIRE(oprf_blind(blind, blinded, OprfMode::kOprf, nullptr, 0) == kOprfOk);
  std::uint8_t evaluated[kOprfElementBytes];
  REQUIRE(oprf_blind_evaluate(evaluated, keys.sk.data(), blinded) == kOprfOk);
  REQUIRE(oprf_finalize(out, nullptr, 0, blind, evaluated) == kOprfOk);
  CHECK(sodium_memcmp(out, direct, sizeof out) == 0);

  std::uint8_t sk[kOprfSecretKeyBytes];
  std::uint8_t pk[kOprfPublicKeyBytes];
  const auto seed = hex(kSeed);
  CHECK(oprf_derive_key_pair(sk, pk, OprfMode::kOprf, seed.data(), nullptr, 0) == kOprfOk);
  CHECK(oprf_derive_key_pair(sk, pk, OprfMode::kOprf, seed.data(), big.data(), kOprfMaxKeyInfoBytes + 1) ==
        kOprfInvalidArgument);
}

// ---------------------------------------------------------------------------------------------------------
// breachcheck hardened mode: from the OPRF output to the crypto_kdf seed (docs/OPRF.md)
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("oprf_output_to_seed is BLAKE2b-256 over the labelled OPRF output", "[oprf]") {
  const auto output = hex(kVoprfVectors[0].output);
  std::uint8_t seed[kOprfDerivedSeedBytes];
  oprf_output_to_seed(seed, output.data());

  std::vector<std::uint8_t> message(kOprfSeedLabel, kOprfSeedLabel + sizeof kOprfSeedLabel);  // with the NUL
  REQUIRE(message.size() == 25);
  REQUIRE(message.back() == 0);
  message.insert(message.end(), output.begin(), output.end());
  std::uint8_t expected[32];
  crypto_generichash(expected, sizeof expected, message.data(), message.size(), nullptr, 0);
  CHECK(sodium_memcmp(seed, expected, sizeof seed) == 0);

  const auto other_output = hex(kVoprfVectors[1].output);
  std::uint8_t other_seed[kOprfDerivedSeedBytes];
  oprf_output_to_seed(other_seed, other_output.data());
  CHECK(sodium_memcmp(seed, other_seed, sizeof seed) != 0);
}

// ---------------------------------------------------------------------------------------------------------
// Hardened-mode plumbing (oprf_wire.h): key file, public key text, wire format
// ---------------------------------------------------------------------------------------------------------
TEST_CASE("OPRF secret key file and public key text round-trip; bad keys are refused", "[oprf][oprf-service]") {
  const OprfKeyPair pair = generate_oprf_key_pair();
  REQUIRE(oprf_secret_key_check(pair.secret_key.data()) == kOprfOk);
  const std::string text = oprf_secret_key_file_text(pair);
  CHECK(text.rfind("breachcheck-oprf-secret-key-v1\n", 0) == 0);
  const auto parsed = parse_oprf_secret_key_file(text);
  REQUIRE(parsed.has_value());
  CHECK(sodium_memcmp(parsed->secret_key.data(), pair.secret_key.data(), kOprfSecretKeyBytes) == 0);
  CHECK(parsed->public_key == pair.public_key);

  const std::string pk_text = oprf_public_key_to_base64(pair.public_key);
  CHECK(pk_text.size() == 44);
  const auto pk = parse_oprf_public_key(" " + pk_text + "\n");
  REQUIRE(pk.has_value());
  CHECK(*pk == pair.public_key);
  CHECK(oprf_key_fingerprint(pair.public_key).size() == 19);

  // The RFC's VOPRF key pair in this format.
  const auto sk_bytes = hex(kVoprfSkSm);
  std::string rfc_b64(64, '\0');
  sodium_bin2base64(&rfc_b64[0], rfc_b64.size(), sk_bytes.data(), sk_bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  rfc_b64.resize(std::strlen(rfc_b64.c_str()));
  const auto rfc = parse_oprf_secret_key_file("breachcheck-oprf-secret-key-v1\n" + rfc_b64 + "\n");
  REQUIRE(rfc.has_value());
  CHECK(to_hex(rfc->public_key.data(), rfc->public_key.size()) == kVoprfPkSm);

  // Zero, >= L, wrong header, wrong length, the identity or a non-canonical point as a public key.
  const std::string zero_b64 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  CHECK_FALSE(parse_oprf_secret_key_file("breachcheck-oprf-secret-key-v1\n" + zero_b64 + "\n").has_value());
  CHECK_FALSE(parse_oprf_secret_key_file("breachcheck-oprf-secret-key-v1\n////////////////////////////////////////////"
                                         "/w==\n").has_value());
  CHECK_FALSE(parse_oprf_secret_key_file("breachcheck-secret-key-v1\n" + rfc_b64 + "\n").has_value());
  CHECK_FALSE(parse_oprf_secret_key_file("breachcheck-oprf-secret-key-v1" + rfc_b64 + "\n").has_value());
  CHECK_FALSE(parse_oprf_secret_key_file("breachcheck-oprf-secret-key-v1\nAAAA\n").has_value());
  CHECK_FALSE(parse_oprf_public_key(zero_b64).has_value());
  CHECK_FALSE(parse_oprf_public_key("").has_value());
}

TEST_CASE("OPRF wire format: strict request parsing, response round trip, end to end with the RFC key",
          "[oprf][oprf-service]") {
  const auto blinded_bytes = hex(kVoprfVectors[0].blinded_element);
  OprfElement blinded{};
  std::copy(blinded_bytes.begin(), blinded_bytes.end(), blinded.begin());
  const std::string body = oprf_encode_request(blinded);
  CHECK(body.size() == kOprfRequestBodyBytes);
  const auto parsed = parse_oprf_request(body);
  REQUIRE(parsed.has_value());
  CHECK(*parsed == blinded);

  CHECK_FALSE(parse_oprf_request(body + "\n").has_value());                 // exact length only
  CHECK_FALSE(parse_oprf_request(body.substr(0, 43)).has_value());          // padding required
  CHECK_FALSE(parse_oprf_request(" " + body.substr(0, 43)).has_value());    // no whitespace
  CHECK_FALSE(parse_oprf_request("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").has_value());  // identity
  std::string url_safe = body;
  for (char& ch : url_safe) {
    if (ch == '+') ch = '-';
    if (ch == '/') ch = '_';
  }
  if (url_safe != body) CHECK_FALSE(parse_oprf_request(url_safe).has_value());  // standard alphabet only
  OprfElement high = blinded;
  high[31] = static_cast<std::uint8_t>(high[31] | 0x80);
  CHECK_FALSE(parse_oprf_request(oprf_encode_request(high)).has_value());  // non-canonical (bit 255)
  std::string trailing_bits = body;  // 43rd character carries 2 unused bits: setting them must be refused
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::size_t index = alphabet.find(trailing_bits[42]);
  trailing_bits[42] = alphabet[(index & ~std::size_t{3}) | ((index & 3) ^ 1)];
  CHECK_FALSE(parse_oprf_request(trailing_bits).has_value());

  // Server side with the RFC's VOPRF key, client side through the parsers.
  const KeyPairBytes keys = derive(OprfMode::kVoprf);
  OprfEvaluation evaluation;
  REQUIRE(voprf_blind_evaluate(evaluation.evaluated_element.data(), evaluation.proof.data(), keys.sk.data(),
                               keys.pk.data(), parsed->data()) == kOprfOk);
  const std::string response = oprf_encode_response(evaluation);
  const auto back = parse_oprf_response(response);
  REQUIRE(back.has_value());
  CHECK(back->evaluated_element == evaluation.evaluated_element);
  CHECK(back->proof == evaluation.proof);
  CHECK(to_hex(back->evaluated_element.data(), kOprfElementBytes) == kVoprfVectors[0].evaluation_element);

  const auto input = hex(kVoprfVectors[0].input);
  const auto blind = hex(kVoprfVectors[0].blind);
  std::uint8_t output[kOprfOutputBytes];
  REQUIRE(voprf_finalize(output, input.data(), input.size(), blind.data(), back->evaluated_element.data(),
                         blinded.data(), keys.pk.data(), back->proof.data()) == kOprfOk);
  CHECK(to_hex(output, sizeof output) == kVoprfVectors[0].output);

  CHECK_FALSE(parse_oprf_response("").has_value());
  CHECK_FALSE(parse_oprf_response("[]").has_value());
  CHECK_FALSE(parse_oprf_response("{\"evaluated_element\":1,\"proof\":\"\"}").has_value());
  CHECK_FALSE(parse_oprf_response("{\"proof\":\"" + std::string(88, 'A') + "\"}").has_value());
  CHECK_FALSE(parse_oprf_response(response.substr(0, response.size() - 1)).has_value());
  CHECK_FALSE(parse_oprf_response(std::string(kOprfMaxResponseBytes + 1, ' ')).has_value());
  // Strict JSON (util/json_reader.h): nothing after a NUL (nlohmann/json stopped there), no repeated key.
  CHECK_FALSE(parse_oprf_response(response + std::string("\0garbage", 8)).has_value());
  CHECK_FALSE(parse_oprf_response("{\"proof\":\"x\"," + response.substr(1)).has_value());
}
