// SPDX-License-Identifier: MPL-2.0
// The engine for static data sets: no VOPRF client, so none of its code is linked in (a hardened data set's
// check here ends "unavailable" with "oprf_unavailable"; the page picks the other engine for those).
#include "hardened_mode.h"

const breachcheck::VoprfClient* engine_voprf_client() { return nullptr; }
