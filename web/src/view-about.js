// "How does this work?": what stays on the device, what the host sees, and the limits, stated plainly.
import { h } from './dom.js';

export function renderAbout({ t, dataset }) {
  const bits = dataset ? dataset.prefixBits : '?';
  const count = dataset ? dataset.bucketCount : '?';
  return h('details', { class: 'about', part: 'about' },
    h('summary', {}, t.aboutSummary),
    h('ul', {}, t.about.map((item) => h('li', {}, typeof item === 'function' ? item(bits, count) : item))),
    dataset ? h('p', { class: 'hint' }, t.signedHint) : null);
}
