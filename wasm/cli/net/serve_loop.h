// SPDX-License-Identifier: MPL-2.0
// The life of a long-running HTTP server process: termination signals, then a graceful drain so a load
// balancer moves traffic away before the listener closes and requests in progress can finish.
#pragma once

#include <chrono>
#include <functional>

#include "net/http_server.h"

namespace breachcheck::cli {

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and ignores SIGPIPE. Call it before any thread
// starts (libmicrohttpd's, the workers, a client's): they inherit the mask, so the signal reaches
// run_until_terminated's sigwait and nothing else.
void block_termination_signals();

struct ServeLoopSteps {
  std::function<void(int port)> started;  // the listener is up (port 0 was resolved to `port`)
  std::function<void()> begin_draining;   // after a signal: health turns 503 and new work is refused
  std::chrono::milliseconds grace{0};     // then this long with the listener still open
  std::chrono::milliseconds finish_timeout{10000};  // then this long for requests in progress
};

// Starts `http`, waits for a termination signal, drains and stops. True when every request in progress
// finished within finish_timeout.
bool run_until_terminated(HttpServer& http, const ServeLoopSteps& steps);

}  // namespace breachcheck::cli
