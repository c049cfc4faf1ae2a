// SPDX-License-Identifier: MPL-2.0
// The engine for static data sets: no VOPRF client and no reader of the header's "oprf" object, so none of their
// code is linked in (a hardened data set is refused here at open, "unavailable" with "oprf_unavailable"; the page
// picks the other engine for those).
#include "hardened_mode.h"

const breachcheck::VoprfClient* engine_voprf_client() { return nullptr; }

breachcheck::OprfHeaderParser engine_oprf_header_parser() { return nullptr; }
