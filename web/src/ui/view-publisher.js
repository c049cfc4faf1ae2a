// SPDX-License-Identifier: MPL-2.0
// Who runs this, before anything is typed (the CNIL warns against third-party lookup sites): the publisher's
// name and logo (a slot the page fills), the domain serving this page, the list version, and the signing key's
// fingerprint to compare with the one in the person's letter. Also the publisher's contact line.
import { h, safeHttpsUrl } from './dom.js';
import { longDate } from './text.js';

/** The domain people see in their address bar for this page; '' for file:// pages. */
export function pageHost() {
  return /^https?:$/.test(location.protocol) ? location.hostname : '';
}

export function publisherBlock({ t, lang, dataset, host }) {
  if (!dataset) return null;
  const facts = [host, t.listInfo(dataset.version, longDate(dataset.created, lang))].filter(Boolean).join(' · ');
  return h('div', { class: 'publisher', part: 'publisher' },
    h('slot', { name: 'logo', class: 'logo' }),
    h('div', { class: 'publisher-text' },
      h('p', { class: 'publisher-name' }, h('strong', {}, t.toolOf(dataset.publisher)), ` · ${facts}`),
      dataset.keyFingerprint ? h('p', { class: 'key' }, `${t.signingKeyLabel} `,
        h('code', { class: 'fingerprint' }, dataset.keyFingerprint), ` — ${t.compareKey}`) : null));
}

// publisher-contact: an https: address, a mailto: or tel: link, or plain text (e.g. a postal address).
function contactTarget(contact) {
  const value = String(contact || '').trim();
  if (!value) return null;
  const https = safeHttpsUrl(value);
  if (https) return { href: https, text: https.replace(/^https:\/\/(www\.)?/, '').replace(/\/$/, '') };
  const mail = /^mailto:([^\s?]+@[^\s?]+)$/i.exec(value);
  if (mail) return { href: `mailto:${mail[1]}`, text: mail[1] };
  const tel = /^tel:(\+?[0-9 .-]{4,20})$/i.exec(value);
  if (tel) return { href: `tel:${tel[1].replace(/[ .-]/g, '')}`, text: tel[1] };
  return { href: null, text: value };
}

export function contactLine(contact, t) {
  const target = contactTarget(contact);
  if (!target) return null;
  return h('p', { class: 'contact', part: 'contact' }, `${t.contactLabel} `,
    target.href ? h('a', { href: target.href, ...(target.href.startsWith('https:') ? { target: '_blank', rel: 'noopener noreferrer' } : {}) }, target.text) : target.text);
}
