// SPDX-License-Identifier: MPL-2.0
// SIGTERM and SIGINT during a long build: the handler only records the signal (async-signal-safe: one store
// to a volatile sig_atomic_t); the hashing loop polls stop_signal() about once a second, writes a checkpoint
// and returns, and the command says how to resume. The handler is installed with SA_RESETHAND, so a second
// signal of the same kind ends the process at once (the checkpoints written so far stay valid).
#pragma once

namespace breachcheck::cli {

void install_stop_signals();
int stop_signal();  // the signal received since install_stop_signals(), or 0
const char* stop_signal_name(int signal);

}  // namespace breachcheck::cli
