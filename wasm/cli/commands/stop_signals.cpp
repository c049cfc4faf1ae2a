// SPDX-License-Identifier: MPL-2.0
#include "commands/stop_signals.h"

#include <signal.h>

#include <csignal>

namespace breachcheck::cli {
namespace {

volatile std::sig_atomic_t received = 0;

extern "C" void record_stop_signal(int signal) { received = signal; }

}  // namespace

void install_stop_signals() {
  struct sigaction action {};
  action.sa_handler = record_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

int stop_signal() { return received; }

const char* stop_signal_name(int signal) { return signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "a signal"; }

}  // namespace breachcheck::cli
