// SPDX-License-Identifier: MPL-2.0
// <breach-check> in Vue 3 templates (vue-tsc, Volar): `import type {} from 'breachcheck-widget/vue';` once in the
// app. Vue needs to be told the tag is a custom element (compilerOptions.isCustomElement, web/README.md); it then
// sets a prop as a property when the element has one. The result event binds as `@breachcheckresult`.
import type { DefineComponent } from 'vue';
import type { BreachCheckAttributes, BreachCheckPropertyValues, BreachCheckResultEvent } from '../breachcheck.js';

export type BreachCheckVueProps = Omit<BreachCheckAttributes, 'dataset'> & BreachCheckPropertyValues
  & { onBreachcheckresult?: (event: BreachCheckResultEvent) => void };

declare module 'vue' {
  interface GlobalComponents {
    'breach-check': DefineComponent<BreachCheckVueProps>;
  }
}
