// Runs inside embed/frame.html (on the publisher's origin): configures the widget and reports the page's
// height to the embedding window so it can size the iframe without scrollbars.
//
// Messages carry one number and nothing else (never a status or anything typed). They go to the origin
// named by the `parent-origin` URL parameter when present and well-formed (the one-line embed sets it);
// a plain iframe embed without it gets '*': acceptable only because a height is not sensitive, and the
// widget's `result-event` is never enabled in the frame.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const element = document.querySelector('breach-check');
  const config = self.BREACHCHECK_CONFIG || {};
  if (element) {
    element.setAttribute('lang', params.get('lang') === 'en' ? 'en' : 'fr');
    document.documentElement.lang = element.getAttribute('lang');
    if (!element.hasAttribute('dataset') && config.dataset) element.setAttribute('dataset', new URL(config.dataset, new URL('../', location.href)).href);
    if (!element.hasAttribute('publisher-key') && config.publisherKey) element.setAttribute('publisher-key', config.publisherKey);
    if (config.allowWeakKdf) element.setAttribute('allow-weak-kdf', ''); // demo data only; the widget says so
  }
  if (window.parent === window) return;

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
  new ResizeObserver(report).observe(document.documentElement);
  report();
})();
