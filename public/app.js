// SPDX-License-Identifier: MPL-2.0
// The stand-alone self-check page. Over http(s): the ES module build, a service worker for offline use, and
// the data set read by HTTP Range. From file:// (no modules, no workers by URL, no fetch): the classic
// self-contained build, and the person picks the data set file.
(function () {
  'use strict';
  const PAGE = {
    fr: {
      skip: 'Aller au contenu',
      offline: 'Page ouverte hors ligne\u202F: choisissez le fichier de la liste (.bcd) fourni par l’organisme qui la publie. Il est lu sur cet appareil.',
      pick: 'Fichier de la liste',
      footer: 'Aucun cookie, aucun stockage, aucune mesure d’audience. Vos saisies ne quittent pas cet appareil.',
    },
    en: {
      skip: 'Skip to content',
      offline: 'Page opened offline: choose the list file (.bcd) provided by the organisation that publishes it. It is read on this device.',
      pick: 'List file',
      footer: 'No cookies, no storage, no analytics. What you type does not leave this device.',
    },
  };
  const config = self.BREACHCHECK_CONFIG || {};
  // The page's title per language is the deployment's (public/content.json, through demo-config.js): this
  // script names no incident. Without it, the title in the HTML stays.
  const titles = (config.content && config.content.title) || {};
  const widget = document.querySelector('breach-check');
  const fromFile = location.protocol === 'file:';

  function setLang(lang) {
    const strings = PAGE[lang] || PAGE.fr;
    document.documentElement.lang = lang;
    if (titles[lang]) document.title = titles[lang];
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = strings[el.dataset.i18n];
    for (const b of document.querySelectorAll('button.lang')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    widget.setAttribute('lang', lang);
  }
  // The language buttons: those in the HTML, then once the element is defined, one per language of its registry
  // (BreachCheckElement.languages); this page's own words fall back to French in a language it has none for.
  const nav = document.querySelector('nav.langs');
  const addButton = ({ tag, name }) => {
    if (!nav || nav.querySelector(`button.lang[data-lang="${tag}"]`)) return;
    const button = document.createElement('button');
    Object.assign(button, { type: 'button', className: 'lang', lang: tag, textContent: name });
    button.dataset.lang = tag;
    button.setAttribute('aria-pressed', String(widget.getAttribute('lang') === tag));
    button.addEventListener('click', () => setLang(tag));
    nav.append(button);
  };
  for (const b of document.querySelectorAll('button.lang')) b.addEventListener('click', () => setLang(b.dataset.lang));
  const requested = new URLSearchParams(location.search).get('lang');
  if (requested && nav && nav.querySelector(`button.lang[data-lang="${CSS.escape(requested)}"]`)) setLang(requested);
  customElements.whenDefined('breach-check').then(() => {
    const languages = customElements.get('breach-check').languages || [];
    languages.forEach(addButton);
    if (requested && requested !== widget.getAttribute('lang') && languages.some((l) => l.tag === requested)) setLang(requested);
  });

  if (config.publisherKey) widget.setAttribute('publisher-key', config.publisherKey);
  // Who runs this page, first thing in its header (the widget's): the deployment's contact, legal notice and
  // logo (a same-origin image, decorative: the publisher's name is written next to it, from the signed list).
  const publisher = config.publisher || {};
  if (publisher.contact) widget.setAttribute('publisher-contact', publisher.contact);
  if (publisher.legal) widget.setAttribute('publisher-legal', publisher.legal);
  if (publisher.logo) {
    const logo = document.createElement('img');
    logo.slot = 'logo';
    logo.src = new URL(publisher.logo, location.href).href;
    logo.alt = '';
    logo.height = 40;
    widget.append(logo);
  }
  // Rollback floor: older lists are refused; a malformed value is a configuration error the widget shows.
  if (config.minVersion !== undefined) widget.setAttribute('min-version', String(config.minVersion));
  if (config.allowWeakKdf) widget.setAttribute('allow-weak-kdf', ''); // demo data only; the widget says so
  widget.setAttribute('result-event', ''); // the publisher's own page: the demo shows the opt-in event
  widget.addEventListener('breachcheck:result', (event) => { document.body.dataset.lastStatus = event.detail.status; });
  // Leaving the page forgets the outcome, as the widget forgets its own (a page kept in the back-forward cache).
  window.addEventListener('pagehide', () => { delete document.body.dataset.lastStatus; });

  const script = document.createElement('script');
  if (fromFile) {
    script.src = 'dist/breachcheck.classic.js';
    const picker = document.getElementById('file-picker');
    picker.hidden = false;
    // The list comes from the picker: the element waits for it instead of reporting a page without a list.
    customElements.whenDefined('breach-check').then(() => { if (!widget.src) widget.setDataset(null); });
    document.getElementById('dataset-file').addEventListener('change', async (event) => {
      const file = event.target.files && event.target.files[0];
      if (!file) return;
      await customElements.whenDefined('breach-check');
      widget.setDataset(file);
    });
  } else {
    script.type = 'module';
    script.src = 'dist/breachcheck.mjs';
    if (config.dataset) widget.setAttribute('src', new URL(config.dataset, location.href).href);
    // Installable over http(s) only (a manifest link on a file:// page is a CORS error).
    const manifest = document.createElement('link');
    manifest.rel = 'manifest';
    manifest.href = 'manifest.webmanifest';
    document.head.append(manifest);
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { /* online use still works */ });
    }
  }
  document.head.append(script);
})();
