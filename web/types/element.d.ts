// SPDX-License-Identifier: MPL-2.0
// Types of `breachcheck-widget/element` and `breachcheck-widget/define` (the element class and its definer only).
export { BreachCheckElement, defineBreachCheckElement } from '../breachcheck.js';
