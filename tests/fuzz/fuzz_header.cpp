// SPDX-License-Identifier: MPL-2.0
// Target: a whole data set file from an untrusted host, as the client reads it.
// parse_fixed_header, verify_header (pinned: the golden test key) and the full check through open_dataset /
// check_identity over a MemorySource. Properties:
//  - every failure is a known integrity code;
//  - a header that verifies is byte-identical to the golden header (nothing else can carry its signature);
//  - a check answers "affected" / "not_found" only with the golden answer, otherwise "integrity_error".
// Seed: tests/golden/golden.bcd and cuts of it (tests/fuzz/corpus/header/).
#include <cstring>

#include "check/check_result.h"
#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

namespace {

constexpr char kNir[] = "185057800608491";
constexpr char kDate[] = "1985-05-12";

CheckResult run_check(const Bytes& file, const TrustPolicy& policy) {
  MemorySource source(file);
  OpenedDataset opened = open_dataset(source, policy);
  if (!opened.header) return opened.failure;
  IdentityInput input;
  input.nir = kNir;
  input.birth_date = kDate;
  return check_identity(source, *opened.header, input, CivilDate{2026, 11, 29});
}

const CheckResult& golden_answer() {
  static const CheckResult answer = run_check(golden().file, golden().policy);
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  golden();
  if (golden_answer().status != CheckStatus::affected) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Golden& g = golden();
  const ByteView view(data, size);

  std::string error;
  const auto fixed = parse_fixed_header(view, error);
  if (fixed) {
    FUZZ_ASSERT(error.empty());
    // Offsets are computed in 64 bits from bounded fields: no wrap-around.
    FUZZ_ASSERT(fixed->header_length() >= kFixedHeaderSize + kMinMetadataLength + kSignatureSize);
    FUZZ_ASSERT(fixed->file_size() >= fixed->header_length());
    FUZZ_ASSERT(fixed->bucket_stride() >= kEntrySize + kSignatureSize);
  } else {
    FUZZ_ASSERT(integrity_codes().count(error) == 1);
  }

  for (const bool with_size : {false, true}) {
    const HeaderCheck check =
        verify_header(view, g.policy, with_size ? std::optional<std::uint64_t>(size) : std::nullopt);
    if (check.header) {
      const std::uint64_t length = check.header->fixed.header_length();
      FUZZ_ASSERT(length <= size && length <= g.file.size());
      FUZZ_ASSERT(std::memcmp(data, g.file.data(), length) == 0);
      FUZZ_ASSERT(check.header->dataset_id == g.header.dataset_id);
    } else {
      FUZZ_ASSERT(integrity_codes().count(check.error) == 1);
    }
  }

  const Bytes file(data, data + size);
  const CheckResult result = run_check(file, g.policy);
  if (result.status != CheckStatus::integrity_error) {
    const CheckResult& expected = golden_answer();
    FUZZ_ASSERT(result.status == expected.status);
    FUZZ_ASSERT(result.exposed == expected.exposed);
    FUZZ_ASSERT(result.operators == expected.operators);
  } else {
    FUZZ_ASSERT(result.errors.size() == 1 && integrity_codes().count(result.errors[0]) == 1);
  }
  const std::string json = check_result_to_json(result);
  FUZZ_ASSERT(json.find("1850578") == std::string::npos && json.find(kDate) == std::string::npos);
  return 0;
}
