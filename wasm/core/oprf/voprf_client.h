// SPDX-License-Identifier: MPL-2.0
// Hardened mode's client side as one value a check is handed (docs/ARCHITECTURE.md, "Two browser engines"):
// the VOPRF blind and proof-checking finalize (oprf/oprf.h) and the evaluation answer's parser
// (oprf/oprf_wire.h). The CLI and the tests take voprf_client(); the browser engine for static data sets is
// built with none, so none of this code is linked into it (what a static check downloads is ~6.5 KB brotli
// smaller), and a hardened data set's check there ends "unavailable" with "oprf_unavailable".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "oprf/oprf.h"
#include "oprf/oprf_wire.h"

namespace breachcheck {

struct VoprfClient {
  int (*blind)(std::uint8_t blind[kOprfScalarBytes], std::uint8_t blinded_element[kOprfElementBytes], OprfMode mode,
               const std::uint8_t* input, std::size_t input_size);
  int (*finalize)(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                  const std::uint8_t blind[kOprfScalarBytes], const std::uint8_t evaluated_element[kOprfElementBytes],
                  const std::uint8_t blinded_element[kOprfElementBytes],
                  const std::uint8_t public_key[kOprfPublicKeyBytes], const std::uint8_t proof[kOprfProofBytes]);
  std::optional<OprfEvaluation> (*parse_response)(std::string_view body);
};

// The real one (never null).
const VoprfClient* voprf_client();

}  // namespace breachcheck
