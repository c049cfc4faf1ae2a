// SPDX-License-Identifier: MPL-2.0
// ES module entry for browsers and bundlers: `import { BreachCheck } from 'breachcheck-widget'` and the
// <breach-check> element. Node and server-side rendering get server.js instead (package.json "exports").
import { createBreachCheckApi } from './api/api.js';
import { BreachCheckElement, defineBreachCheckElement } from './ui/element.js';

export const BreachCheck = createBreachCheckApi(BreachCheckElement);

defineBreachCheckElement();

export { BreachCheckElement };
export default BreachCheck;
