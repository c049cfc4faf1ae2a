// SPDX-License-Identifier: MPL-2.0
// Which of the two browser engines this is (wasm/bindings/CMakeLists.txt links one of the two definitions):
// hardened_mode_on.cpp gives the real VOPRF client (oprf/voprf_client.h) and the header's "oprf" reader,
// hardened_mode_off.cpp neither, so the static data sets' engine links no VOPRF code and the page loads the other engine only for a hardened data set.
#pragma once

#include "check/header_verifier.h"
#include "oprf/voprf_client.h"

const breachcheck::VoprfClient* engine_voprf_client();

// The reader of a hardened header's "oprf" object: none in the static engine (check/header_verifier.h, a hardened
// header is refused there as oprf_unavailable before its check could start).
breachcheck::OprfHeaderParser engine_oprf_header_parser();
