// SPDX-License-Identifier: MPL-2.0
// An app bundled with esbuild, using the side-effect-free entry: the page defines the element itself, then
// configures it through its properties. The data set URL and key come from /data/config.json, written next to
// the built app by tests/consumers/run.mjs.
import { defineBreachCheckElement } from 'breachcheck-widget/element';

defineBreachCheckElement();

async function start() {
  const response = await fetch('/data/config.json', { credentials: 'omit' });
  const config = await response.json();
  const element = document.createElement('breach-check');
  element.src = config.dataset;
  element.publisherKey = config.publisherKey;
  element.lang = 'en';
  element.allowWeakKdf = true; // the test data set's Argon2id is deliberately light
  document.getElementById('check').append(element);
}

start();
