// SPDX-License-Identifier: MPL-2.0
// The one-line embed for third-party pages (news articles, partners):
//   <script src="https://PUBLISHER/dist/embed.js" data-lang="fr" async></script>
// (data-top-offset="45" when the page has a 45 px sticky header; data-title="..." to name the frame in the
// page's own words, else the language registry's neutral name). data-lang takes a registry language
// (web/src/i18n/languages.js); web/tools/build.mjs bundles the registry in.
// It only inserts an iframe served from the publisher's origin, right after itself, and sizes it from the
// height the frame reports. The form never runs in the host page, so the host's scripts (ads, analytics,
// session replay) cannot read what people type: the same-origin policy keeps them out of the frame. Nor can
// they read a result from the size: the frame reports heights only until the person acts in it (frame.js).
import { languageOf } from '../i18n/languages.js';

(function () {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.src) return;
  const frameUrl = new URL('../embed/frame.html', script.src);
  const frameOrigin = frameUrl.origin;
  const language = languageOf(script.dataset.lang);
  const lang = language.tag;
  frameUrl.searchParams.set('lang', lang);
  // Tells the frame which window may receive its height (see frame.js); an origin is not a secret.
  frameUrl.searchParams.set('parent-origin', location.origin);
  // The height of the host's sticky header (data-top-offset="45"): told to the frame now, before anyone acts,
  // so that what it shows after a check is not hidden under the header. Pixels, 0 to 400.
  const topOffset = Number.parseInt(script.dataset.topOffset || '', 10);
  if (topOffset > 0) frameUrl.searchParams.set('top-offset', String(Math.min(topOffset, 400)));

  const iframe = document.createElement('iframe');
  iframe.src = frameUrl.href;
  iframe.title = (script.dataset.title || '').trim() || language.frameTitle;
  iframe.loading = 'lazy';
  iframe.referrerPolicy = 'no-referrer'; // the publisher does not learn which article embeds it
  // Sandboxed on third-party pages (no top navigation, no downloads). Same-origin demos skip it: a sandbox
  // with allow-scripts + allow-same-origin on a same-origin frame protects nothing (browsers warn about it).
  if (frameOrigin !== location.origin) {
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
  }
  iframe.className = 'breachcheck-frame';
  // CSSOM writes are allowed under a strict style-src (only style attributes in markup are not).
  iframe.style.width = '100%';
  iframe.style.height = '900px';
  iframe.style.border = '0';
  iframe.style.display = 'block';
  script.after(iframe);

  window.addEventListener('message', (event) => {
    // Only our frame, from the publisher's origin, and only a plain height.
    if (event.source !== iframe.contentWindow || event.origin !== frameOrigin) return;
    const data = event.data;
    if (!data || data.type !== 'breachcheck:height' || typeof data.height !== 'number') return;
    const height = Math.min(Math.max(Math.ceil(data.height), 200), 20000);
    iframe.style.height = `${height}px`;
  });
})();
