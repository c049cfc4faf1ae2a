// SPDX-License-Identifier: MPL-2.0
// The CLI's side of the hardened mode's evaluation request (docs/OPRF.md section 4), for `breachcheck check`
// on an OPRF-mode data set: the same rules as the browser. One POST of the blinded element, nothing else; the
// endpoints of the signed header are tried in order until one answers (a network failure or a 5xx moves on; a
// 429 does not, since every instance shares the limits).
#pragma once

#include "check/checker.h"

namespace breachcheck::cli {

OprfEvaluator http_oprf_evaluator();

}  // namespace breachcheck::cli
