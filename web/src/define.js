// SPDX-License-Identifier: MPL-2.0
// `breachcheck-widget/define`: defines <breach-check> on import (nothing else); for pages that use the
// element and not the JS API. A second import, or one after the main entry, does nothing.
import { BreachCheckElement, defineBreachCheckElement } from './ui/element.js';

defineBreachCheckElement();

export { BreachCheckElement };
