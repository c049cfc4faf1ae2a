// SPDX-License-Identifier: MPL-2.0
// The side-effect-free and define entry points are typed: the element class, its properties and the definer.
// Type-checked only (tsc --noEmit, tests/consumers/run.mjs).
import { BreachCheckElement, defineBreachCheckElement } from 'breachcheck-widget/element';
import 'breachcheck-widget/define';

defineBreachCheckElement('my-breach-check');
export function configure(element: BreachCheckElement): void {
  element.src = '/data/list.bcd';
  element.publisherKey = 'KEY';
  element.resultEvent = true;
  element.addEventListener('breachcheckresult', (event) => console.log(event.detail.status));
}
