// SPDX-License-Identifier: MPL-2.0
// Svelte's element typings (svelte/elements, what svelte-check uses) know <breach-check> with the package's
// typings; a wrong value is refused. Type-checked only (tsc --noEmit, tests/consumers/run.mjs).
import type {} from 'breachcheck-widget/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const props: SvelteHTMLElements['breach-check'] = { src: '/data/list.bcd', 'publisher-key': 'KEY', publisherKey: 'KEY',
  onbreachcheckresult: (event) => console.log(event.detail.status) };
// @ts-expect-error heading-level is 1-5
export const wrongLevel: SvelteHTMLElements['breach-check'] = { 'heading-level': 9 };
