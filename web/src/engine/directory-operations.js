// SPDX-License-Identifier: MPL-2.0
// The worker operations of a directory of lists (docs/DIRECTORY.md), over the engine built with the directory
// calls (openDirectory, openListHeader, startDirectoryCheck). Only worker-directory.js adds them to the
// operations of engine-worker.js, so a one-list page's worker carries none of this code.
import { okReply, failureReply, parseReply } from './reply.js';
import { readWholeHeader, withCheckSession } from './engine-worker.js';

/** The operations a directory's worker adds to engine-worker.js's OPERATIONS. */
export const DIRECTORY_OPERATIONS = Object.freeze(['openDirectory', 'checkDirectory']);

/** @param {any} engine a started directory `Engine` @returns {Record<string, (args: any, io: import('./engine-worker.js').PageIo | null) => Promise<any>>} */
export function directoryOperations(engine) {
  let listUrls = new Map(); // the open directory's list URLs by index, named in each read the page is asked for
  return {
    // A directory of lists (docs/DIRECTORY.md): the engine verifies the directory's bytes (read by the page),
    // then every list's header is read at once, each through its own reader on the page, and opened in list
    // order. A list that cannot be read or verified keeps its own failure and leaves the others alone: it is
    // reported as unchecked, never as "not found".
    async openDirectory({ directory, keys, minVersion, allowWeakKdf, now }, io) {
      listUrls = new Map();
      if (!io || !(directory instanceof Uint8Array)) return failureReply('unavailable', 'engine_failure');
      const opened = parseReply(engine.openDirectory(directory, keys, minVersion, now, Boolean(allowWeakKdf)));
      if (!opened.ok) return opened;
      // The engine answers the signed entries as they are: each list's index is its position, kdf absent when
      // the entry has none; the page gets both said.
      const { lists: entries, ...about } = opened.value;
      const lists = entries.map((entry, index) => ({ index, ...entry, kdf: entry.kdf || null }));
      for (const list of lists) listUrls.set(list.index, list.url);
      const headers = await Promise.all(lists.map((list) => readWholeHeader(engine, io, { list: list.index, url: list.url })));
      const outcomes = lists.map((list, i) => {
        if (!headers[i].ok) return headers[i];
        const { bytes, size } = headers[i].value;
        return parseReply(engine.openListHeader(list.index, bytes, now, size === undefined ? -1 : size));
      });
      return okReply({ ...about, lists: lists.map((list, i) => (outcomes[i].ok
        ? { ...list, status: 'ready', opened: outcomes[i].value }
        : { ...list, status: outcomes[i].status, errors: [outcomes[i].code] })) });
    },

    // One check over every opened list: the identity is validated once, Argon2id runs once per KDF setting,
    // then one bucket is read from every opened list, all requests started together and answered only once all
    // have settled, so which requests are made, and when, never depends on what any list holds.
    checkDirectory(args, io) {
      return withCheckSession(args, io, (...identity) => engine.startDirectoryCheck(...identity), async (session) => {
        let step = parseReply(session.next());
        while (step.ok && step.value.need === 'buckets') {
          const requests = step.value.requests;
          const reads = await Promise.all(requests.map((r) => io.read(r.offset, r.length, { list: r.index, url: listUrls.get(r.index) })));
          for (let i = 0; i < requests.length && step.ok; i += 1) {
            const bytes = reads[i].ok ? reads[i].value.bytes : null;
            step = parseReply(bytes instanceof Uint8Array ? session.bucketRead(requests[i].index, bytes)
              : session.bucketUnreadable(requests[i].index, reads[i].ok ? 'unavailable' : String(reads[i].status),
                reads[i].ok ? 'read_failed' : String(reads[i].code)));
          }
        }
        return step.ok ? okReply({ results: step.value.results }) : step;
      });
    },
  };
}
