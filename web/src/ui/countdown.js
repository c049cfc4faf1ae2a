// SPDX-License-Identifier: MPL-2.0
// A wait that counts down to the moment a retry can succeed (the evaluation server's Retry-After). Ticks once a
// second for the visible text; the caller announces only the start and the end, not every second.
// Wrapped: browsers refuse setInterval called on another object than the global one ("Illegal invocation").
const SYSTEM_CLOCK = { now: () => Date.now(), setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (id) => clearInterval(id) };

export function startCountdown(seconds, { onTick, onDone }, clock = SYSTEM_CLOCK) {
  const end = clock.now() + seconds * 1000;
  let timer = null;
  const stop = () => {
    if (timer !== null) clock.clearInterval(timer);
    timer = null;
  };
  const tick = () => {
    const left = Math.ceil((end - clock.now()) / 1000);
    if (left <= 0) {
      stop();
      onDone();
    } else {
      onTick(left);
    }
  };
  timer = clock.setInterval(tick, 1000);
  return stop;
}
