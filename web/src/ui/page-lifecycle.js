// SPDX-License-Identifier: MPL-2.0
// Leaving the page forgets the self-check (docs/SECURITY.md, Findings, "back-forward cache"). A page that is
// left is often not destroyed: browsers keep it whole, JavaScript heap included, in the back-forward cache, and
// Back shows it again as it was. `pagehide` fires whenever the page is left (a link, another site, closing the
// tab, and before the page goes into that cache), so the card number, the typed fields and the verdicts are
// dropped there; `pageshow` with `persisted` (a page restored from that cache) drops them again, in case a check
// that was still running when the page was left ended while it was frozen. `beforeunload`/`unload` are not used:
// they are not fired for a page that goes into the cache (and `unload` keeps it out of it).

/**
 * Calls `forget` when the page is left and when it comes back from the back-forward cache.
 * @param {() => void} forget
 * @returns {() => void} removes the listeners (the element leaving the document)
 */
export function forgetOnPageLeave(forget) {
  const onHide = () => forget();
  const onShow = (event) => {
    if (event.persisted) forget();
  };
  window.addEventListener('pagehide', onHide);
  window.addEventListener('pageshow', onShow);
  return () => {
    window.removeEventListener('pagehide', onHide);
    window.removeEventListener('pageshow', onShow);
  };
}
