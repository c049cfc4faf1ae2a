// SPDX-License-Identifier: MPL-2.0
// Vue's GlobalComponents knows <breach-check> with the package's typings (what vue-tsc and Volar check templates
// against); a wrong value is refused. Type-checked only (tsc --noEmit, tests/consumers/run.mjs).
import type {} from 'breachcheck-widget/vue';
import type { BreachCheckVueProps } from 'breachcheck-widget/vue';
import type { GlobalComponents } from 'vue';

export type Registered = GlobalComponents['breach-check'];
export const props: BreachCheckVueProps = { src: '/data/list.bcd', publisherKey: 'KEY', 'min-version': 3, resultEvent: true,
  onBreachcheckresult: (event) => console.log(event.detail.status) };
// @ts-expect-error heading-level is 1-5
export const wrongLevel: BreachCheckVueProps = { 'heading-level': 9 };
