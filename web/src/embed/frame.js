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
// ?lang= takes a registry language (web/src/i18n/languages.js, bundled in by web/tools/build.mjs); the default
// language's page is the HTML as served, another language's oEmbed answer is oembed.<tag>.json.
import { DEFAULT_LANGUAGE, languageOf } from '../i18n/languages.js';

(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const element = document.querySelector('breach-check');
  const config = self.BREACHCHECK_CONFIG || {};
  if (element) {
    const language = languageOf(params.get('lang'));
    element.setAttribute('lang', language.tag);
    document.documentElement.lang = language.tag;
    const oembed = document.querySelector('link[type="application/json+oembed"]');
    // The deployment's title in this language (public/content.json, through demo-config.js), else the
    // registry's neutral name: this script names no incident.
    const titles = (config.content && config.content.title) || {};
    document.title = titles[language.tag] || language.frameTitle;
    if (oembed) {
      oembed.title = document.title;
      if (language.tag !== DEFAULT_LANGUAGE) oembed.href = new URL(`../oembed.${language.tag}.json`, location.href).href;
    }
    // A directory of lists, when the deployment has one (every list checked at once), else its one data set.
    if (!element.hasAttribute('directory') && config.directory && config.directoryKey) {
      element.setAttribute('directory-key', config.directoryKey);
      // Its rollback floor is the directory's version (each list's own floor is signed in the directory).
      if (config.directoryMinVersion !== undefined) element.setAttribute('min-version', String(config.directoryMinVersion));
      element.setAttribute('directory', new URL(config.directory, new URL('../', location.href)).href);
    }
    if (!element.hasAttribute('directory') && !element.hasAttribute('src') && !element.hasAttribute('dataset') && config.dataset) element.setAttribute('src', new URL(config.dataset, new URL('../', location.href)).href);
    if (!element.hasAttribute('publisher-key') && config.publisherKey) element.setAttribute('publisher-key', config.publisherKey);
    // Rollback floor: older lists are refused; a malformed value is a configuration error the widget shows.
    if (!element.hasAttribute('min-version') && config.minVersion !== undefined) element.setAttribute('min-version', String(config.minVersion));
    if (config.allowWeakKdf) element.setAttribute('allow-weak-kdf', ''); // demo data only; the widget says so
  }
  if (window.parent === window) return;

  // What the widget focuses after the person acts (the verdict, the error summary, a field to correct) goes
  // where they are looking: the part of this frame on the host's screen, below the host's sticky header if the
  // embed declared one (`top-offset`, given in the frame's URL when it is inserted, before any action). An
  // IntersectionObserver sees the host's viewport clip without the host seeing anything; only this frame's
  // own document scrolls (a spacer above or below its content when it is too short to scroll that far), so the
  // host page does not move and the frame keeps its size.
  const topOffset = Math.min(Math.max(Number.parseInt(params.get('top-offset') || '0', 10) || 0, 0), 400);
  const MARGIN = 12;
  let acted = false;
  const visibleRegion = () => new Promise((resolve) => {
    const onScreen = new IntersectionObserver((entries) => {
      onScreen.disconnect();
      const seen = entries[entries.length - 1];
      resolve(seen && seen.isIntersecting ? seen.intersectionRect : null);
    });
    onScreen.observe(document.documentElement);
  });
  let latest = 0;
  const bringIntoSight = async (element) => {
    const ticket = ++latest;
    const region = (await visibleRegion()) || { top: 0, bottom: window.innerHeight };
    if (ticket !== latest || !element.isConnected || document.activeElement === document.body) return;
    const clearTop = region.top + topOffset; // the host's sticky header may cover the region's top
    const box = element.getBoundingClientRect();
    // A focus target made to be focused (tabindex=-1: the verdict, the error summary) goes to the top of what
    // is seen; a field or a button only when it is not already in sight.
    const landmark = element.getAttribute('tabindex') === '-1';
    if (!landmark && box.top >= clearTop && box.bottom <= region.bottom) return;
    const wantTop = Math.max(region.top, Math.min(clearTop + MARGIN, region.bottom - box.height));
    const body = document.body.style;
    body.paddingTop = '';
    body.paddingBottom = '';
    const top = element.getBoundingClientRect().top;
    let scroll = window.scrollY + top - wantTop;
    if (scroll < 0) {
      body.paddingTop = `${Math.ceil(-scroll)}px`;
      scroll = 0;
    }
    const maxScroll = document.documentElement.scrollHeight - window.innerHeight;
    if (scroll > maxScroll) body.paddingBottom = `${Math.ceil(scroll - maxScroll)}px`;
    window.scrollTo(0, scroll); // this window only, never its parent
  };
  const keepScrollInFrame = (prototype) => {
    const nativeFocus = prototype.focus;
    prototype.focus = function focusWithinFrame(options) {
      nativeFocus.call(this, { ...options, preventScroll: true });
      if (!acted || (options && options.preventScroll) || !this.isConnected) return;
      bringIntoSight(this);
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
    acted = true;
    observer.disconnect();
    for (const type of FIRST_ACTIONS) document.removeEventListener(type, stopFollowing, true);
  };
  for (const type of FIRST_ACTIONS) document.addEventListener(type, stopFollowing, true);
})();
