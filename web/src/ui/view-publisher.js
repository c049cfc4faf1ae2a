// SPDX-License-Identifier: MPL-2.0
// Who runs this, before anything is typed (the CNIL warns against third-party lookup sites): the publisher's
// name and logo (a slot the page fills), its contact and legal notice; the signing key's fingerprint to compare
// with the one the publisher announces, folded under "How to check that this site is genuine". Also the
// publisher's contact line in failures.
import { h, safeHttpsUrl } from './dom.js';
import { withFrenchName } from './text.js';

/**
 * Who runs this, first: the publisher's logo (slot) and name, its contact and legal-notice links (attributes
 * publisher-contact and publisher-legal). The signing key's fingerprint is in authenticityCheck, folded.
 */
export function publisherBlock({ t, lang, dataset, contact, legal }) {
  if (!dataset) return null;
  const legalUrl = safeHttpsUrl(legal || '');
  const reach = contactTarget(contact);
  const links = [
    reach && reach.href ? h('a', { href: reach.href, class: 'publisher-contact',
      ...(reach.href.startsWith('https:') ? { target: '_blank', rel: 'noopener noreferrer' } : {}) },
    t.contactLink) : null,
    legalUrl ? h('a', { href: legalUrl, class: 'publisher-legal', target: '_blank', rel: 'noopener noreferrer' },
      t.legalLink) : null,
  ].filter(Boolean);
  const withSeparators = links.flatMap((link, i) => (i ? [' · ', link] : [link]));
  return h('div', { class: 'publisher', part: 'publisher' },
    h('slot', { name: 'logo', class: 'logo' }),
    h('div', { class: 'publisher-text' },
      h('p', { class: 'publisher-name' }, h('strong', {}, withFrenchName(t.toolOf(dataset.publisher), dataset.publisher, lang, h)),
        withSeparators.length ? [' · ', withSeparators] : null)));
}

/** "How to check that this site is genuine": the signing key's fingerprint, in one sentence, folded. */
export function authenticityCheck({ t, dataset }) {
  if (!dataset || !dataset.keyFingerprint) return null;
  const [before, after] = t.authenticKey(dataset.publisher);
  const lang = t.lang;
  return h('details', { class: 'authentic', part: 'authentic' }, h('summary', {}, t.authenticTitle),
    h('p', { class: 'key' }, before, h('code', { class: 'fingerprint' }, dataset.keyFingerprint),
      withFrenchName(after, dataset.publisher, lang, h)));
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

/** "Contact: 01 23 45 67 89" (and, after a failure, the code to give them: `extra`). */
export function contactLine(contact, t, extra = null) {
  const target = contactTarget(contact);
  if (!target) return null;
  return h('p', { class: 'contact', part: 'contact' }, `${t.contactLabel} `,
    target.href ? h('a', { href: target.href, ...(target.href.startsWith('https:') ? { target: '_blank', rel: 'noopener noreferrer' } : {}) }, target.text) : target.text,
    extra ? [' ', extra] : null);
}
