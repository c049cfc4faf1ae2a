// SPDX-License-Identifier: MPL-2.0
// An insurer's own page: the themed element (no pre-check, its logo and hotline in the widget's slots) plus the
// JS API. The page listens to the opt-in `breachcheck:result` event (status only), and uses BreachCheck.load to
// show the signing key's fingerprint next to its own text.
import { BreachCheck } from '../dist/breachcheck.mjs';

const config = self.BREACHCHECK_CONFIG || {};
const widget = document.querySelector('breach-check');
const datasetUrl = new URL(config.dataset, new URL('../', location.href)).href;
widget.setAttribute('src', datasetUrl);
widget.setAttribute('publisher-key', config.publisherKey);
// Rollback floor: older lists are refused; a malformed value is a configuration error the widget shows.
if (config.minVersion !== undefined) widget.setAttribute('min-version', String(config.minVersion));
if (config.allowWeakKdf) widget.setAttribute('allow-weak-kdf', ''); // demo data only; the widget says so

// Offline use (over http(s)): the site's service worker (public/sw.js, scope: the whole site) caches this page,
// the widget, the engine and the list, so the page opens and checks without a network once visited.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('../sw.js', { scope: '../' }).catch(() => { /* online use still works */ });
}

// The hotline is the widget's "help" slot (shown in verdicts and failures); the status event only marks the page.
widget.addEventListener('breachcheck:result', (event) => {
  document.body.dataset.lastStatus = event.detail.status;
});
// Leaving the page forgets the outcome, as the widget forgets its own (a page kept in the back-forward cache).
window.addEventListener('pagehide', () => { delete document.body.dataset.lastStatus; });

// A malformed minVersion rejects (ConfigError): the element above already says so, the fingerprint stays '—'.
const checker = await BreachCheck.load({ dataset: datasetUrl, publisherKey: config.publisherKey,
  minVersion: config.minVersion, allowWeakKdf: Boolean(config.allowWeakKdf) }).catch(() => null);
document.getElementById('fingerprint').textContent = checker && checker.dataset ? checker.dataset.keyFingerprint : '—';
if (checker) checker.close();
