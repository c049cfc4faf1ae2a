// SPDX-License-Identifier: MPL-2.0
// Resolves in a later task of the main thread (a timer): work split at this point runs as two tasks, each short
// enough for the page to answer input and paint in between (docs/PERFORMANCE.md, "Main thread").
export function nextTask() {
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}

// Resolves once the browser has rendered a frame (laid the page out), in a task after it; where no frame comes (a
// hidden page runs no animation frames), after FRAME_FALLBACK_MS. Reading or moving by the layout there (scroll,
// focus) finds it computed instead of forcing it inside the task that changed the page.
const FRAME_FALLBACK_MS = 100;
export function nextFrame() {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, FRAME_FALLBACK_MS);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(fallback); resolve(); }, 0));
  });
}
