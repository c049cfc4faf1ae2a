// SPDX-License-Identifier: MPL-2.0
// The one shape every answer takes across the page / engine boundary: each Embind call of the engine
// (wasm/bindings/engine_bindings.cpp, as JSON text), each worker operation (engine-worker.js) and each read or
// evaluation the page does for the worker (engine-client.js). A failure names its status and one code; it is
// never a verdict. A check that ends in invalid_input or integrity_error is not a failed call: its value is
// the CheckResult (breachcheck.d.ts) that says so.

/** @typedef {'integrity_error' | 'unavailable'} FailureStatus */

/**
 * @typedef {object} FailureReply
 * @property {false} ok
 * @property {FailureStatus} status
 * @property {string} code           a code of docs/ERRORS.md or docs/WIDGET.md
 * @property {number} [retryAfter]   seconds, with oprf_rate_limited only (an evaluation the page made)
 */

/**
 * @template T
 * @typedef {{ ok: true, value: T } | FailureReply} EngineReply
 */

/**
 * What the engine describes once a header is verified (worker operation `open`): shown as is, nothing derived.
 * @typedef {object} OpenedDataset
 * @property {import('../../breachcheck').DatasetInfo} dataset
 * @property {import('../../breachcheck').Catalog} catalog
 * @property {import('../../breachcheck').Insurer[]} insurers
 */

/**
 * One step of a check (CheckSession.next() and the calls that feed it).
 * @typedef {{ need: 'evaluation', body: string, endpoints: string[] }
 *   | { need: 'bucket', offset: number, length: number }
 *   | { need: 'nothing', result: import('../../breachcheck').CheckResult }} CheckStep
 */

/** @template T @param {T} value @returns {EngineReply<T>} */
export function okReply(value) {
  return { ok: true, value };
}

/** @param {FailureStatus} status @param {string} code @returns {FailureReply} */
export function failureReply(status, code) {
  return { ok: false, status, code };
}

const CODE = /^[a-z_]{1,40}$/;

/** A failure from anything thrown: its code when it carries one of the right shape, never its message text. */
export function failureFrom(error, status = 'unavailable', fallback = 'engine_failure') {
  const code = error && typeof error.code === 'string' && CODE.test(error.code) ? error.code : fallback;
  const errorStatus = error && (error.status === 'integrity_error' || error.status === 'unavailable') ? error.status : status;
  return failureReply(errorStatus, code);
}

/** Parses an engine's JSON reply text; anything else is the engine's failure. */
export function parseReply(text) {
  try {
    const reply = JSON.parse(text);
    if (reply && (reply.ok === true || reply.ok === false)) return reply;
  } catch { /* not JSON: below */ }
  return failureReply('unavailable', 'engine_failure');
}
