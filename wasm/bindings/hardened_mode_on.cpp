// SPDX-License-Identifier: MPL-2.0
// The engine for hardened data sets (and the classic build's single file): the real VOPRF client.
#include "hardened_mode.h"

const breachcheck::VoprfClient* engine_voprf_client() { return breachcheck::voprf_client(); }

breachcheck::OprfHeaderParser engine_oprf_header_parser() { return &breachcheck::parse_oprf_header; }
