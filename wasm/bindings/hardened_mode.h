// SPDX-License-Identifier: MPL-2.0
// Which of the two browser engines this is (wasm/bindings/CMakeLists.txt links one of the two definitions):
// hardened_mode_on.cpp gives the real VOPRF client (oprf/voprf_client.h), hardened_mode_off.cpp none, so the
// static data sets' engine links no VOPRF code and the page loads the other engine only for a hardened data set.
#pragma once

#include "oprf/voprf_client.h"

const breachcheck::VoprfClient* engine_voprf_client();
