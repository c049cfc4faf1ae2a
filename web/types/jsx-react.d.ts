// SPDX-License-Identifier: MPL-2.0
// <breach-check> in React 19's JSX (TSX): `import type {} from 'breachcheck-widget/jsx/react';` once in the app
// (erased at build time). React 19 sets a prop as a property when the element has one: every attribute has a
// camelCase property (src, publisherKey, minVersion…), and the kebab-case attributes are accepted too. The result
// event binds as `onbreachcheckresult`. No `dataset` prop: React would assign HTMLElement.dataset (use `src`).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BreachCheckAttributes, BreachCheckElement, BreachCheckPropertyValues, BreachCheckResultEvent } from '../breachcheck.js';

export type BreachCheckReactProps = DetailedHTMLProps<HTMLAttributes<BreachCheckElement>, BreachCheckElement>
  & Omit<BreachCheckAttributes, 'dataset' | 'lang'>
  & BreachCheckPropertyValues
  & {
    onbreachcheckresult?: (event: BreachCheckResultEvent) => void;
    /** Custom elements take `class` in React 19 (as well as className). */
    class?: string;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'breach-check': BreachCheckReactProps;
    }
  }
}
