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
    // have settled, so which requests are made, and when, never depends on what any list holds. The engine gives
    // each opened list's session (a one-list CheckSession, null for a list that did not open); all are deleted,
    // which wipes their keys, however the check ends.
    checkDirectory(args, io) {
      const start = (...identity) => {
        const sessions = engine.startDirectoryCheck(...identity);
        return { sessions, delete: () => sessions.forEach((session) => session && session.delete()) };
      };
      return withCheckSession(args, io, start, async ({ sessions }) => {
        if (!sessions.some(Boolean)) return failureReply('unavailable', 'engine_failure'); // no list open
        let steps = sessions.map((session) => session && parseReply(session.next()));
        const reads = await Promise.all(steps.map((step, index) => (step && step.ok && step.value.need === 'bucket'
          ? io.read(step.value.offset, step.value.length, { list: index, url: listUrls.get(index) }) : null)));
        steps = steps.map((step, index) => {
          const read = reads[index];
          if (!read) return step; // no list open at this index, or it ended without a bucket (a refused identity)
          const bytes = read.ok ? read.value.bytes : null;
          return parseReply(bytes instanceof Uint8Array ? sessions[index].bucketRead(bytes)
            : sessions[index].bucketUnreadable(read.ok ? 'unavailable' : String(read.status), read.ok ? 'read_failed' : String(read.code)));
        });
        const results = [];
        for (const [index, step] of steps.entries()) {
          if (!step) continue;
          if (!step.ok) return step;
          if (step.value.need !== 'nothing') return failureReply('unavailable', 'engine_failure'); // one bucket ends a list
          results.push({ index, result: step.value.result });
        }
        return okReply({ results });
      });
    },
  };
}
