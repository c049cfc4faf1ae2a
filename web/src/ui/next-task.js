// SPDX-License-Identifier: MPL-2.0
// Resolves in a later task of the main thread (a timer): work split at this point runs as two tasks, each short
// enough for the page to answer input and paint in between (docs/PERFORMANCE.md, "Main thread").
export function nextTask() {
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}
