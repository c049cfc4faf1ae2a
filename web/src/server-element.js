// SPDX-License-Identifier: MPL-2.0
// `breachcheck-widget/element` and `/define` in Node and during server-side rendering (their "node" condition
// in package.json "exports"): there is no DOM, so no element class and nothing to define; importing must not
// throw. The browser bundle gets src/element.js or src/define.js.
export const BreachCheckElement = undefined;
export function defineBreachCheckElement() {}
