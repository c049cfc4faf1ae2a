// SPDX-License-Identifier: MPL-2.0
#include "oprf/voprf_client.h"

namespace breachcheck {

const VoprfClient* voprf_client() {
  static const VoprfClient client{&oprf_blind, &voprf_finalize, &parse_oprf_response};
  return &client;
}

}  // namespace breachcheck
