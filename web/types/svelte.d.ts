// SPDX-License-Identifier: MPL-2.0
// <breach-check> in Svelte (svelte-check): `import type {} from 'breachcheck-widget/svelte';` once in the app.
// Svelte sets a prop as a property when the element has one (src, publisherKey…), else as an attribute; the result
// event binds as `onbreachcheckresult` (Svelte 5) or `on:breachcheckresult` (Svelte 4).
import type { HTMLAttributes } from 'svelte/elements';
import type { BreachCheckAttributes, BreachCheckElement, BreachCheckPropertyValues, BreachCheckResultEvent } from '../breachcheck.js';

export type BreachCheckSvelteProps = Omit<HTMLAttributes<BreachCheckElement>, 'lang'>
  & Omit<BreachCheckAttributes, 'lang'>
  & BreachCheckPropertyValues
  & {
    onbreachcheckresult?: (event: BreachCheckResultEvent) => void;
    'on:breachcheckresult'?: (event: BreachCheckResultEvent) => void;
  };

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'breach-check': BreachCheckSvelteProps;
  }
}
