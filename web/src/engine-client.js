// SPDX-License-Identifier: MPL-2.0
// The page's side of the engine worker: request/response over postMessage, one request at a time in the
// worker (it handles messages in order, so `warmUp` queued after `open` always finishes before a check).
import { startEngineWorker } from './assets.js';

export class EngineError extends Error {
  constructor(code, status = 'unavailable') {
    super(code);
    this.name = 'EngineError';
    this.code = code;
    this.status = status;
  }
}

// When the engine cannot start, the integrator needs to know which file did not load (a wrong path, a missing
// copy, a CSP or MIME type problem): one console warning with that file's URL. Only asset URLs, never input.
function warnAssetFailure(what, url) {
  console.warn(`breachcheck-widget: the engine could not start: ${what} did not load (${url || 'the worker chunk your bundler emitted'}). ` +
    'Check that the file is served (no 404, JavaScript or application/wasm MIME type) and allowed by the ' +
    "page's Content-Security-Policy (README, \"Hosting\").");
}

export class EngineClient {
  constructor() {
    const { worker, workerUrl } = startEngineWorker();
    this.worker = worker;
    this.loaded = false; // the worker script ran (it says so first)
    // Requests made before then wait here: a worker started through a Blob bootstrap (assets.js) has no
    // message handler until its import finishes, and a message that arrives earlier would be lost.
    this.held = [];
    this.warned = false; // one console warning per client
    this.pending = new Map();
    this.nextId = 1;
    this.failed = null;
    worker.onmessage = (event) => {
      const { id, ok, value, code, asset, loaded, bootstrapFailed } = event.data || {};
      if (loaded) {
        this.loaded = true;
        for (const message of this.held) this.worker.postMessage(...message);
        this.held = [];
        return;
      }
      if (bootstrapFailed) {
        worker.onerror(new Event('error'));
        return;
      }
      if (!ok && code === 'engine_init' && asset !== undefined && !this.warned) {
        this.warned = true;
        warnAssetFailure('the engine (WebAssembly)', asset);
      }
      const entry = this.pending.get(id);
      if (!entry) return;
      this.pending.delete(id);
      if (ok) entry.resolve(value);
      else entry.reject(new EngineError(code));
    };
    // A worker that cannot start (script blocked, out of memory) fails every pending and future request.
    worker.onerror = (event) => {
      event.preventDefault();
      if (!this.loaded && !this.warned) {
        this.warned = true;
        warnAssetFailure('the worker script', workerUrl);
      }
      this.failed = new EngineError('engine_init');
      this.held = [];
      for (const entry of this.pending.values()) entry.reject(this.failed);
      this.pending.clear();
    };
    this.ready = this.call('start', {});
  }

  call(op, args, transfer = []) {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      if (this.loaded) this.worker.postMessage({ id, op, args }, transfer);
      else this.held.push([{ id, op, args }, transfer]);
    });
  }

  terminate() {
    this.worker.terminate();
    for (const entry of this.pending.values()) entry.reject(new EngineError('engine_stopped'));
    this.pending.clear();
  }
}
