// SPDX-License-Identifier: MPL-2.0
#include "net/serve_loop.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

namespace breachcheck::cli {
namespace {

sigset_t termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  return signals;
}

}  // namespace

void block_termination_signals() {
  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

bool run_until_terminated(HttpServer& http, const ServeLoopSteps& steps) {
  const int port = http.start();
  if (steps.started) steps.started(port);

  const sigset_t signals = termination_signals();
  int received = 0;
  sigwait(&signals, &received);
  // Graceful: /healthz turns 503 and new evaluations are refused, so the load balancer drains this instance;
  // after the grace period the listener closes, and requests in progress finish before the process exits.
  if (steps.begin_draining) steps.begin_draining();
  std::this_thread::sleep_for(steps.grace);
  http.stop_accepting();
  const bool drained = http.wait_idle(steps.finish_timeout);
  http.stop();
  return drained;
}

}  // namespace breachcheck::cli
