// SPDX-License-Identifier: MPL-2.0
// Preact's JSX accepts <breach-check> with the package's typings: properties, attributes, the result event; and
// refuses a wrong value. Type-checked only (tsc --noEmit, tests/consumers/run.mjs).
import type {} from 'breachcheck-widget/jsx/preact';

export const byProperties = (
  <breach-check src="/data/list.bcd" publisherKey="KEY" minVersion={3} lang="en" allowWeakKdf resultEvent hidePrecheck
    headingLevel={3} onbreachcheckresult={(event) => console.log(event.detail.status)} />
);
export const byAttributes = <breach-check src="/data/list.bcd" publisher-key="KEY" min-version="3" heading-level="2" result-event />;
// @ts-expect-error heading-level is 1-5
export const wrongLevel = <breach-check src="/data/list.bcd" heading-level={9} />;
