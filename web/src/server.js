// SPDX-License-Identifier: MPL-2.0
// Entry for Node and server-side rendering (the "node" condition of package.json "exports"): importing the
// package on a server must not throw, and there is no DOM to define an element in. Same API object, with
// `Element` undefined; the page's own bundle (the "browser"/"import" conditions: index.js) defines the element.
import { createBreachCheckApi } from './api/api.js';

export const BreachCheck = createBreachCheckApi(undefined);
export const BreachCheckElement = undefined;
export default BreachCheck;
