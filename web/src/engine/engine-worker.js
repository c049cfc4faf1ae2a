// SPDX-License-Identifier: MPL-2.0
// The engine worker's operations over one started Engine (wasm/bindings/engine_bindings.cpp), kept apart from
// the worker's message loop (worker.js) so Node tests can run them on the real engine. Each operation resolves
// to an EngineReply (reply.js). `open` and `check` drive the engine through every step themselves and ask the
// page for the bytes (and, in hardened mode, the evaluation) through `io`: the page keeps the readers and the
// network, the worker keeps the identifiers and the keys, and a check's keys live only inside `check`.
import { okReply, failureReply, parseReply } from './reply.js';

/**
 * What the worker asks of the page during an operation (engine-client.js serves it over a MessagePort).
 * @typedef {object} PageIo
 * @property {(offset: number, length: number, source?: { list: number, url: string }) => Promise<import('./reply.js').EngineReply<{ bytes: Uint8Array, size?: number }>>} read
 *   `source`: which list of an open directory (its index and URL, from the verified directory); absent: the data set
 * @property {(body: string, endpoints: string[]) => Promise<import('./reply.js').EngineReply<{ text: string }>>} evaluate
 */

/** The worker operations the page may call (worker.js adds `start`, which starts the engine); a directory's
 * worker adds those of directory-operations.js. */
export const OPERATIONS = Object.freeze(['open', 'warmUp', 'check']);

// A header read: a source too short to hold the header it announces is a bad file, not a network problem.
// `source` names a directory's list ({ list, url }: the page reads it with that list's reader); absent for the
// one data set of `open`.
async function readHeaderBytes(io, length, source) {
  const read = await io.read(0, length, source);
  if (!read.ok) return read.status === 'integrity_error' ? failureReply('integrity_error', 'header_truncated') : read;
  if (!(read.value.bytes instanceof Uint8Array)) return failureReply('unavailable', 'read_failed');
  return read;
}

function wipe(...arrays) {
  for (const array of arrays) if (array instanceof Uint8Array) array.fill(0);
}

// The fixed header, then the whole header of one data set: { bytes, size } (size: the source's total, when known).
export async function readWholeHeader(engine, io, source) {
  const fixedSize = parseReply(engine.fixedHeaderSize());
  if (!fixedSize.ok) return fixedSize;
  const first = await readHeaderBytes(io, fixedSize.value, source);
  if (!first.ok) return first;
  const sizes = parseReply(engine.headerLength(first.value.bytes));
  if (!sizes.ok) return sizes;
  // A known size that is not the header's computed one: refused before reading the rest.
  if (first.value.size !== undefined && first.value.size !== sizes.value.fileSize) {
    return failureReply('integrity_error', 'file_size');
  }
  const header = await readHeaderBytes(io, sizes.value.headerLength, source);
  if (!header.ok) return header;
  return okReply({ bytes: header.value.bytes, size: header.value.size ?? first.value.size });
}

/**
 * One check's session: started from the identifiers, which are zeroed as soon as the engine has copied them
 * (whatever happens, and at once when there is no page IO); `drive(session)` runs it, and the session (and the
 * keys in it) is deleted however it ends. Shared by `check` and a directory's `checkDirectory`.
 */
export async function withCheckSession({ nir, birthDate, birthRank, beneficiary, year, month, day }, io, start, drive) {
  if (!io) {
    wipe(nir, birthDate, birthRank);
    return failureReply('unavailable', 'engine_failure');
  }
  let session;
  try {
    session = start(nir, birthDate, birthRank, Boolean(beneficiary), year, month, day);
  } finally {
    wipe(nir, birthDate, birthRank);
  }
  try {
    return await drive(session);
  } finally {
    session.delete();
  }
}

/** @param {any} engine a started `Engine` @returns {Record<string, (args: any, io: PageIo | null) => Promise<any>>} */
export function engineOperations(engine) {
  return {
    // Reads the fixed header, then the whole header, through the page; the engine verifies it and describes
    // the data set (OpenedDataset).
    async open({ keys, minVersion, allowWeakKdf, now }, io) {
      if (!io) return failureReply('unavailable', 'engine_failure');
      const header = await readWholeHeader(engine, io);
      if (!header.ok) return header;
      const { bytes, size } = header.value;
      return parseReply(engine.open(bytes, keys, minVersion, Boolean(allowWeakKdf), now, size === undefined ? -1 : size));
    },

    // Reserves Argon2id's memory (the code was warmed when the engine started: engine_bindings.cpp), then writes
    // it a slice at a time, yielding between slices: a check sent meanwhile runs at once (its startCheck frees
    // the block, and the next slice finds nothing to do).
    async warmUp() {
      const reserved = parseReply(engine.warmUp());
      if (!reserved.ok) return reserved;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const touched = parseReply(engine.warmUpTouch());
        if (!touched.ok) return touched;
        if (touched.value.done) return okReply({ ...reserved.value, touchedBytes: touched.value.touchedBytes });
      }
    },

    // One whole check: Argon2id, the evaluation (hardened mode), the bucket, the lookup. The identifiers are
    // zeroed once the engine has copied them; the session (and the keys in it) is deleted however it ends.
    check(args, io) {
      return withCheckSession(args, io, (...identity) => engine.startCheck(...identity), async (session) => {
        let step = parseReply(session.next());
        while (step.ok && step.value.need !== 'nothing') {
          if (step.value.need === 'evaluation') {
            const answer = await io.evaluate(step.value.body, step.value.endpoints);
            step = parseReply(answer.ok ? session.evaluated(String(answer.value.text))
              : session.evaluationFailed(String(answer.code), answer.retryAfter ?? 0));
          } else {
            const read = await io.read(step.value.offset, step.value.length);
            const bytes = read.ok ? read.value.bytes : null;
            step = parseReply(bytes instanceof Uint8Array ? session.bucketRead(bytes)
              : session.bucketUnreadable(read.ok ? 'unavailable' : String(read.status), read.ok ? 'read_failed' : String(read.code)));
          }
        }
        return step.ok ? okReply(step.value.result) : step;
      });
    },
  };
}

/** The worker's side of a page IO channel: each request gets exactly one reply from the page. */
export function portIo(port) {
  let nextId = 1;
  const waiting = new Map();
  port.onmessage = (event) => {
    const { ioId, reply } = event.data || {};
    const resolve = waiting.get(ioId);
    if (!resolve) return;
    waiting.delete(ioId);
    resolve(reply && (reply.ok === true || reply.ok === false) ? reply : failureReply('unavailable', 'read_failed'));
  };
  const ask = (request) => new Promise((resolve) => {
    const ioId = nextId++;
    waiting.set(ioId, resolve);
    port.postMessage({ ioId, ...request });
  });
  return {
    read: (offset, length, source) => ask({ read: source ? { offset, length, source } : { offset, length } }),
    evaluate: (body, endpoints) => ask({ evaluate: { body, endpoints } }),
  };
}
