// The page's side of the engine worker: request/response over postMessage, one request at a time in the
// worker (it handles messages in order, so `warmUp` queued after `open` always finishes before a check).
import { ASSET_BASE, EMBEDDED_WORKER_SOURCE } from './assets.js';

export class EngineError extends Error {
  constructor(code, status = 'unavailable') {
    super(code);
    this.name = 'EngineError';
    this.code = code;
    this.status = status;
  }
}

// Over http(s): a classic worker by URL (allowed by `worker-src`/`script-src 'self'`), which importScripts
// the split engine (glue + .wasm, compiled with streaming). From file:// or when the classic bundle is used,
// a Blob worker whose source is the single-file engine + worker code (file:// pages cannot start a worker
// from a file URL; blob: works in Chromium and Firefox).
function spawnWorker() {
  const useBlob = typeof EMBEDDED_WORKER_SOURCE === 'string' && EMBEDDED_WORKER_SOURCE.length > 0;
  if (useBlob) {
    const url = URL.createObjectURL(new Blob([EMBEDDED_WORKER_SOURCE], { type: 'text/javascript' }));
    try {
      return { worker: new Worker(url), engineUrl: '' };
    } finally {
      // The worker has fetched its script once started; revoking later keeps the URL from leaking.
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }
  }
  return {
    worker: new Worker(new URL('worker.js', ASSET_BASE).href, { name: 'breachcheck-engine' }),
    engineUrl: new URL('engine/breachcheck-engine.js', ASSET_BASE).href,
  };
}

export class EngineClient {
  constructor() {
    const { worker, engineUrl } = spawnWorker();
    this.worker = worker;
    this.pending = new Map();
    this.nextId = 1;
    this.failed = null;
    worker.onmessage = (event) => {
      const { id, ok, value, code } = event.data || {};
      const entry = this.pending.get(id);
      if (!entry) return;
      this.pending.delete(id);
      if (ok) entry.resolve(value);
      else entry.reject(new EngineError(code));
    };
    // A worker that cannot start (script blocked, out of memory) fails every pending and future request.
    worker.onerror = (event) => {
      event.preventDefault();
      this.failed = new EngineError('engine_init');
      for (const entry of this.pending.values()) entry.reject(this.failed);
      this.pending.clear();
    };
    this.ready = this.call('start', { engineUrl });
  }

  call(op, args, transfer = []) {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  terminate() {
    this.worker.terminate();
    for (const entry of this.pending.values()) entry.reject(new EngineError('engine_stopped'));
    this.pending.clear();
  }
}
