// SPDX-License-Identifier: MPL-2.0
// <breach-check> in Preact's JSX (TSX): `import type {} from 'breachcheck-widget/jsx/preact';` once in the app.
// Preact sets a prop as a property when the element has one (src, publisherKey, minVersion…), else as an
// attribute; the result event binds as `onbreachcheckresult`.
import type { HTMLAttributes } from 'preact';
import type { BreachCheckAttributes, BreachCheckElement, BreachCheckPropertyValues, BreachCheckResultEvent } from '../breachcheck.js';

export type BreachCheckPreactProps = Omit<HTMLAttributes<BreachCheckElement>, 'lang' | 'src'>
  & Omit<BreachCheckAttributes, 'dataset' | 'lang'>
  & BreachCheckPropertyValues
  & { onbreachcheckresult?: (event: BreachCheckResultEvent) => void };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'breach-check': BreachCheckPreactProps;
    }
  }
}
