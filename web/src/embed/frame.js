// SPDX-License-Identifier: MPL-2.0
// Runs inside public/embed/frame.html (on the publisher's origin): configures the widget and, until the person
// starts using it, reports the page's height to the embedding window so it can size the iframe without
// scrollbars.
//
// Nothing the host page can observe may depend on a check's outcome (docs/EMBEDDING.md, "What the host page
// sees"): an affected result is taller than a not-found one, an invalid input is shorter still. So:
// - heights follow the content only while the widget loads; from the person's first action in the frame
//   (focus, a key, a click: always before a check can start) the frame never posts again and its box keeps
//   that size, whatever is shown next. Pre-check answers, errors and results scroll inside the frame.
// - a focus() made by the widget (the verdict heading, the error summary) would also scroll the host page to
//   bring the element into view, by an amount that depends on where the element is. In this frame, focus()
//   never scrolls anything but the frame's own document.
//
// Messages carry one number and nothing else (never a status or anything typed). They go to the origin
// named by the `parent-origin` URL parameter when present and well-formed (the one-line embed sets it);
// a plain iframe embed without it gets '*': acceptable only because a height taken before the person does
// anything is not sensitive, and the widget's `result-event` is never enabled in the frame.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const element = document.querySelector('breach-check');
  const config = self.BREACHCHECK_CONFIG || {};
  if (element) {
    element.setAttribute('lang', params.get('lang') === 'en' ? 'en' : 'fr');
    document.documentElement.lang = element.getAttribute('lang');
    if (!element.hasAttribute('src') && !element.hasAttribute('dataset') && config.dataset) element.setAttribute('src', new URL(config.dataset, new URL('../', location.href)).href);
    if (!element.hasAttribute('publisher-key') && config.publisherKey) element.setAttribute('publisher-key', config.publisherKey);
    // Rollback floor: older lists are refused; a malformed value is a configuration error the widget shows.
    if (!element.hasAttribute('min-version') && config.minVersion !== undefined) element.setAttribute('min-version', String(config.minVersion));
    if (config.allowWeakKdf) element.setAttribute('allow-weak-kdf', ''); // demo data only; the widget says so
  }
  if (window.parent === window) return;

  // Where to show what the widget focuses after a check (the verdict, the error summary), in frame viewport
  // coordinates: the top of the part of the frame that was on screen when the person pressed "Check" (an
  // IntersectionObserver sees the host's viewport clip without the host seeing anything), else where the
  // button itself was. The frame scrolls its own document; the host page does not move.
  let showAt = null;
  const keepScrollInFrame = (prototype) => {
    const nativeFocus = prototype.focus;
    prototype.focus = function focusWithinFrame(options) {
      nativeFocus.call(this, { ...options, preventScroll: true });
      if (showAt === null || !this.isConnected) return;
      window.scrollBy(0, this.getBoundingClientRect().top - showAt); // this window only, never its parent
    };
  };
  keepScrollInFrame(HTMLElement.prototype);
  keepScrollInFrame(SVGElement.prototype);

  let targetOrigin = '*';
  const declared = params.get('parent-origin');
  if (declared) {
    try {
      const origin = new URL(declared).origin;
      if (origin !== 'null' && origin === declared) targetOrigin = origin;
    } catch { /* malformed: keep '*' for heights only */ }
  }
  let last = 0;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'breachcheck:height', height }, targetOrigin);
  };
  const observer = new ResizeObserver(report);
  observer.observe(document.documentElement);
  report();

  // The person's first action in the frame (focus, a key, a click, typing or autofill) ends the reports for
  // good: before it, the height depends only on the data set and the page; after it, on what they do. These
  // events cross the widget's shadow boundary, and the capture phase sees them before any widget handler.
  const FIRST_ACTIONS = ['focusin', 'keydown', 'click', 'input'];
  const stopFollowing = () => {
    observer.disconnect();
    for (const type of FIRST_ACTIONS) document.removeEventListener(type, stopFollowing, true);
  };
  for (const type of FIRST_ACTIONS) document.addEventListener(type, stopFollowing, true);
  // `submit` does not leave the shadow root: listen there.
  if (element && element.shadowRoot) {
    element.shadowRoot.addEventListener('submit', (event) => {
      const margin = 16;
      showAt = Math.max(margin, (event.submitter || event.target).getBoundingClientRect().top);
      const onScreen = new IntersectionObserver((entries) => {
        onScreen.disconnect();
        const seen = entries[entries.length - 1];
        if (seen.isIntersecting && seen.intersectionRect.height > 4 * margin) showAt = Math.max(margin, seen.intersectionRect.top + margin);
      });
      onScreen.observe(document.documentElement);
    }, true);
  }
})();
