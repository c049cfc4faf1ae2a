// SPDX-License-Identifier: MPL-2.0
// `breachcheck-widget/element`: the custom element class with no side effect. Importing it defines nothing;
// the page calls defineBreachCheckElement() (optionally under another name), or imports
// `breachcheck-widget/define`. The main entry (index.js) defines <breach-check> on import, as before.
export { BreachCheckElement, defineBreachCheckElement } from './ui/element.js';
