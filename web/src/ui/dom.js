// SPDX-License-Identifier: MPL-2.0
// A tiny element builder. Text always goes in as text nodes (never innerHTML): catalog strings come from a
// signed file but are still treated as untrusted text. Links are made only for https URLs.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [type, handler] of Object.entries(value)) el.addEventListener(type, handler);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key in el && !key.includes('-') && typeof value !== 'string') {
      el[key] = value; // properties such as checked, disabled, hidden
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function safeHttpsUrl(url) {
  const text = String(url);
  // Not https: (an unset attribute, text, another scheme) is null without the parser's exception: thrown and
  // caught on every render, it was milliseconds of the form's task with the CPU throttled 4x. (The parser would
  // also take "https:" spelled with tabs or newlines inside; refusing those too only loses a link.)
  if (!/^[\x00-\x20]*https:/i.test(text)) return null;
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

// Decorative verdict icons (the colour and the words carry the meaning; the icon is aria-hidden).
const ICON_PATHS = {
  alert: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1 5h2v7h-2zm0 9h2v2h-2z',
  info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1 8h2v8h-2zm0-4h2v2h-2z',
  warning: 'M12 2 1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z',
};
export function icon(kind) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${kind}`);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICON_PATHS[kind] || ICON_PATHS.info);
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('fill-rule', 'evenodd');
  svg.append(path);
  return svg;
}

/** A heading at `level` (clamped to h1-h6): embedders choose where the widget sits in their outline. */
export function heading(level, props, ...children) {
  return h(`h${Math.min(6, Math.max(1, level))}`, props, ...children);
}
