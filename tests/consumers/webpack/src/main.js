// SPDX-License-Identifier: MPL-2.0
// What an insurer's front-end team writes: import the package, put <breach-check> on the page. The data set
// URL and key come from /data/config.json, written next to the built app by tests/consumers/run.mjs.
import { BreachCheck } from 'breachcheck-widget';

async function start() {
  const response = await fetch('/data/config.json', { credentials: 'omit' });
  const config = await response.json();
  const element = document.createElement('breach-check');
  element.setAttribute('src', config.dataset);
  element.setAttribute('publisher-key', config.publisherKey);
  element.setAttribute('lang', 'en');
  element.toggleAttribute('allow-weak-kdf', true); // the test data set's Argon2id is deliberately light
  document.getElementById('check').append(element);
  document.documentElement.dataset.widgetVersion = BreachCheck.version;
}

start();
