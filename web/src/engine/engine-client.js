// SPDX-License-Identifier: MPL-2.0
// The page's side of the engine worker: one request, one EngineReply (reply.js) per call, never a rejection.
// A call that needs bytes (`open`, `check`) brings the page's IO: the worker asks over a MessagePort of its own
// for each read (through the data set's reader, on the page: URL, File, bytes or a custom reader) and, in
// hardened mode, for the evaluation request; the port closes when the call ends.
import { startEngineWorker } from '../assets.js';
import { failureReply, failureFrom } from './reply.js';
import { ALTERED, warnAltered } from './verified-bytes.js';
import { wasmSimdSupported } from './wasm-simd.js';

// When the engine cannot start, the integrator needs to know which file did not load (a wrong path, a missing
// copy, a CSP or MIME type problem): one console warning with that file's URL. Only asset URLs, never input.
function warnAssetFailure(what, url) {
  console.warn(`breachcheck-widget: the engine could not start: ${what} did not load (${url || 'the worker chunk your bundler emitted'}). ` +
    'Check that the file is served (no 404, JavaScript or application/wasm MIME type) and allowed by the ' +
    "page's Content-Security-Policy (README, \"Hosting\").");
}

// Answers the worker's IO requests on `port` with `io` (see engine-worker.js, PageIo). Every request gets one
// reply, whatever happens, so the worker's check always ends (and wipes its keys).
function serveIo(port, io) {
  port.onmessage = async (event) => {
    const { ioId, read, evaluate } = event.data || {};
    let reply;
    try {
      if (read) reply = await io.read(read.offset, read.length, read.source);
      else if (evaluate) reply = await io.evaluate(evaluate.body, evaluate.endpoints);
      else reply = failureReply('unavailable', 'read_failed');
    } catch (error) {
      reply = failureFrom(error, 'unavailable', read ? 'read_failed' : 'oprf_unreachable');
    }
    // The bytes move to the worker (io.read hands over a buffer of its own).
    port.postMessage({ ioId, reply }, reply.ok && reply.value.bytes ? [reply.value.bytes.buffer] : []);
  };
}

export class EngineClient {
  /**
   * @param {{ hardened?: boolean, directory?: boolean }} [options] hardened: start the engine with the VOPRF
   * client; directory: the one with the directory calls, for a directory of lists (assets.js)
   */
  constructor({ hardened = false, directory = false } = {}) {
    this.hardened = hardened;
    this.directory = directory;
    this.worker = null;
    this.loaded = false; // the worker script ran (it says so first)
    // Requests made before then wait here: a worker started through a Blob bootstrap (assets.js) has no
    // message handler until its import finishes, and a message that arrives earlier would be lost.
    this.held = [];
    this.warned = false; // one console warning per client
    this.pending = new Map();
    this.nextId = 1;
    this.failed = null; // the reply every call gets once the worker is gone
    // The module build checks the worker's bytes before starting it (a promise: web/tools/module-assets.js);
    // the npm package's and the classic build's worker starts at once. A worker that was refused never runs.
    // Which of the engine's two builds the worker compiles: Argon2 in WebAssembly SIMD, or scalar (wasm-simd.js).
    const startArgs = { simd: wasmSimdSupported() };
    Promise.resolve(startEngineWorker({ hardened, directory })).then((started) => {
      // A Blob worker has no URL of its own: `start` (held until the worker runs) tells it where its .wasm is.
      if (started.wasmUrl) startArgs.wasmUrl = started.wasmUrl;
      if (started.wasmUrlSimd) startArgs.wasmUrlSimd = started.wasmUrlSimd;
      this.attach(started);
    }, (error) => {
      const refused = failureFrom(error, 'unavailable', 'engine_init');
      if (refused.code === ALTERED) warnAltered(error.url);
      else warnAssetFailure('the worker script', error && error.url);
      this.failAll(refused);
    });
    this.ready = this.call('start', startArgs);
  }

  attach({ worker, workerUrl }) {
    if (this.failed) { // terminated (or refused) while the worker's bytes were being checked
      worker.terminate();
      return;
    }
    this.worker = worker;
    worker.onmessage = (event) => {
      const { id, reply, asset, loaded, bootstrapFailed } = event.data || {};
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
      if (reply && !reply.ok && (reply.code === 'engine_init' || reply.code === ALTERED) && asset !== undefined && !this.warned) {
        this.warned = true;
        if (reply.code === ALTERED) warnAltered(asset);
        else warnAssetFailure('the engine (WebAssembly)', asset);
      }
      this.settle(id, reply && (reply.ok === true || reply.ok === false) ? reply : failureReply('unavailable', 'engine_failure'));
    };
    // A worker that cannot start (script blocked, out of memory) fails every pending and future request.
    worker.onerror = (event) => {
      event.preventDefault();
      if (!this.loaded && !this.warned) {
        this.warned = true;
        warnAssetFailure('the worker script', workerUrl);
      }
      this.failAll(failureReply('unavailable', 'engine_init'));
    };
  }

  /**
   * Runs a worker operation; resolves to its EngineReply.
   * @param {string} op
   * @param {object} [args]
   * @param {{ transfer?: Transferable[], io?: import('./engine-worker.js').PageIo }} [options]
   * @returns {Promise<import('./reply.js').EngineReply<any>>}
   */
  call(op, args = {}, { transfer = [], io = null } = {}) {
    if (this.failed) return Promise.resolve(this.failed);
    return new Promise((resolve) => {
      const id = this.nextId++;
      const message = { id, op, args };
      const moved = [...transfer];
      let channel = null;
      if (io) {
        channel = new MessageChannel();
        serveIo(channel.port1, io);
        message.port = channel.port2;
        moved.push(channel.port2);
      }
      this.pending.set(id, (reply) => {
        if (channel) channel.port1.close();
        resolve(reply);
      });
      if (this.loaded) this.worker.postMessage(message, moved);
      else this.held.push([message, moved]);
    });
  }

  settle(id, reply) {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    resolve(reply);
  }

  failAll(reply) {
    this.failed = reply;
    this.held = [];
    for (const resolve of this.pending.values()) resolve(reply);
    this.pending.clear();
  }

  terminate() {
    if (this.worker) this.worker.terminate();
    this.failAll(failureReply('unavailable', 'engine_stopped'));
  }
}
