// SPDX-License-Identifier: MPL-2.0
// "How does this work?": what stays on the device, what the host sees, and the limits, stated plainly.
// Hardened (OPRF) lists replace the static limits with what the evaluation server does and sees.
import { h } from './dom.js';
import { listJoin } from './text.js';

function endpointHosts(endpoints) {
  const hosts = [];
  for (const e of endpoints || []) {
    try {
      const host = new URL(e).host;
      if (!hosts.includes(host)) hosts.push(host);
    } catch { /* the engine only lets URLs through */ }
  }
  return hosts;
}

export function renderAbout({ t, lang, dataset }) {
  const bits = dataset ? dataset.prefixBits : '?';
  const count = dataset ? dataset.bucketCount : '?';
  const oprf = dataset && dataset.mode === 'oprf' && dataset.oprf ? dataset.oprf : null;
  const hosts = oprf ? listJoin(endpointHosts(oprf.endpoints), lang) : '';
  const items = (list, args, props = {}) =>
    list.map((text) => h('li', props, typeof text === 'function' ? text(...args) : text));
  return h('details', { class: 'about', part: 'about' },
    h('summary', {}, t.aboutSummary),
    h('ul', {},
      items(t.about, [bits, count]),
      oprf ? items(t.aboutOprf, [hosts, oprf.keyFingerprint], { class: 'hardened' }) : items(t.aboutStatic, []),
      items(t.aboutEnd, [])),
    dataset ? h('p', { class: 'hint' }, t.signedHint) : null);
}
