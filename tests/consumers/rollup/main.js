// SPDX-License-Identifier: MPL-2.0
// An app bundled with Rollup, using the `define` entry (the element only, no JS API), configured through
// attributes. The data set URL and key come from /data/config.json, written next to the built app by
// tests/consumers/run.mjs.
import 'breachcheck-widget/define';

async function start() {
  const response = await fetch('/data/config.json', { credentials: 'omit' });
  const config = await response.json();
  const element = document.createElement('breach-check');
  element.setAttribute('src', config.dataset);
  element.setAttribute('publisher-key', config.publisherKey);
  element.setAttribute('lang', 'en');
  element.toggleAttribute('allow-weak-kdf', true); // the test data set's Argon2id is deliberately light
  document.getElementById('check').append(element);
}

start();
