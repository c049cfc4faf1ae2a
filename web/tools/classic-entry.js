// SPDX-License-Identifier: MPL-2.0
// Entry of the classic build (dist/breachcheck.classic.js): the browser entry, exposed as window.BreachCheck.
import { BreachCheck } from '../src/index.js';

window.BreachCheck = BreachCheck;
