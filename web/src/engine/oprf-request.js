// SPDX-License-Identifier: MPL-2.0
// Hardened mode's one extra request (docs/OPRF.md section 4): POST the blinded element to one of the publisher's
// evaluation servers and bring back the answer's text for the engine to verify. Nothing here depends on what
// was typed except the body, which is a fresh blinded element (uniformly random for every check). No cookie,
// no referrer, no cache, no redirect, no custom header (text/plain keeps it a CORS simple request: no preflight).
//
// Endpoint choice: a random one first (spreads the load), then the next ones in order on a network error, a
// timeout or a 5xx. A 429 stops at once (the rate limits are shared by all instances), and so does any other
// refusal. Never throws for the network: resolves to {ok: true, text} or {ok: false, code, retryAfter?}; when the
// caller's AbortSignal (options.signal) fires, the request in flight is aborted and it rejects with the signal's
// reason, like fetch.

export const OPRF_ATTEMPT_TIMEOUT_MS = 15000;
export const OPRF_TOTAL_TIMEOUT_MS = 30000;
export const OPRF_MAX_RESPONSE_BYTES = 1024; // the engine refuses longer answers too (kOprfMaxResponseBytes)
export const OPRF_MAX_RETRY_AFTER = 86400; // seconds; a longer wait from the server is shown as this

// Seconds to wait from a 429: the Retry-After header (delta-seconds or HTTP date), else the JSON `retry_after`.
// A positive integer, bounded, or undefined when the server gave nothing usable.
export function parseRetryAfter(header, bodyText, now = Date.now()) {
  let seconds;
  const value = String(header || '').trim();
  if (/^\d{1,12}$/.test(value)) {
    seconds = Number(value);
  } else if (value) {
    const date = Date.parse(value);
    if (!Number.isNaN(date)) seconds = Math.ceil((date - now) / 1000);
  }
  if (!(seconds > 0) && bodyText) {
    try {
      const json = JSON.parse(bodyText);
      if (json && Number.isFinite(json.retry_after)) seconds = Math.ceil(json.retry_after);
    } catch { /* not JSON: no wait known */ }
  }
  if (!(seconds > 0)) return undefined;
  return Math.min(Math.ceil(seconds), OPRF_MAX_RETRY_AFTER);
}

class TooLarge extends Error {}
class NotText extends Error {}

// Reads at most `limit` bytes of the body, as a stream (a hostile or broken server cannot make us buffer more);
// throws TooLarge beyond it, NotText for invalid UTF-8, and whatever the stream throws on a network error or an
// abort.
async function readBounded(response, limit) {
  const declared = response.headers.get('Content-Length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    if (response.body) response.body.cancel().catch(() => {});
    throw new TooLarge();
  }
  const chunks = [];
  let total = 0;
  if (response.body && typeof response.body.getReader === 'function') {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        reader.cancel().catch(() => {});
        throw new TooLarge();
      }
      chunks.push(value);
    }
  } else {
    const buffer = new Uint8Array(await response.arrayBuffer());
    if (buffer.byteLength > limit) throw new TooLarge();
    chunks.push(buffer);
    total = buffer.byteLength;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NotText();
  }
}

function usableEndpoints(endpoints) {
  return (Array.isArray(endpoints) ? endpoints : []).filter((e) => {
    try {
      const url = new URL(e);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  });
}

function randomIndex(n) {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0] % n;
}

function discard(response) {
  if (response && response.body) response.body.cancel().catch(() => {});
}

/**
 * Sends `body` (the engine's base64 blinded element) to one of `endpoints`.
 * Options: signal (AbortSignal); for tests: fetch, attemptTimeoutMs, totalTimeoutMs, start (first endpoint index), now.
 */
export async function requestEvaluation(body, endpoints, options = {}) {
  const { signal } = options;
  const stopIfAborted = () => {
    if (signal && signal.aborted) throw signal.reason ?? new DOMException('The request was aborted', 'AbortError');
  };
  stopIfAborted();
  const fetchImpl = options.fetch || globalThis.fetch.bind(globalThis);
  const attemptTimeout = options.attemptTimeoutMs ?? OPRF_ATTEMPT_TIMEOUT_MS;
  const deadline = Date.now() + (options.totalTimeoutMs ?? OPRF_TOTAL_TIMEOUT_MS);
  const list = usableEndpoints(endpoints);
  if (typeof body !== 'string' || body.length === 0 || list.length === 0) return { ok: false, code: 'oprf_unreachable' };
  const start = Number.isInteger(options.start) ? options.start % list.length : randomIndex(list.length);

  for (let i = 0; i < list.length; i += 1) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const url = list[(start + i) % list.length];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.min(attemptTimeout, remaining));
    const onAbort = () => controller.abort();
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    try {
      let response;
      try {
        response = await fetchImpl(url, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          mode: 'cors',
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          cache: 'no-store',
          redirect: 'error',
          signal: controller.signal,
        });
      } catch {
        stopIfAborted();
        continue; // network error, CORS refusal, redirect, timeout: try the next instance
      }
      if (response.status === 200) {
        try {
          return { ok: true, text: await readBounded(response, OPRF_MAX_RESPONSE_BYTES) };
        } catch (error) {
          if (error instanceof TooLarge || error instanceof NotText) return { ok: false, code: 'oprf_response' };
          stopIfAborted();
          continue; // the connection dropped or timed out mid-body: the next instance may answer
        }
      }
      if (response.status === 429) {
        let text = '';
        try {
          text = await readBounded(response, OPRF_MAX_RESPONSE_BYTES);
        } catch { /* the header may still say how long */ }
        const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), text, options.now ?? Date.now());
        return retryAfter === undefined ? { ok: false, code: 'oprf_rate_limited' }
          : { ok: false, code: 'oprf_rate_limited', retryAfter };
      }
      discard(response);
      if (response.status >= 500) continue; // draining, Redis down, overloaded: another instance may answer
      return { ok: false, code: 'oprf_refused' };
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  }
  return { ok: false, code: 'oprf_unreachable' };
}
