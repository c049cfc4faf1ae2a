// SPDX-License-Identifier: MPL-2.0
// A directory of two small lists for the Node tests (scripts/demo-directory.mjs with a light Argon2id: 8 KiB, one
// pass, accepted only under the allowWeakKdf test policy), built once per test process with the publisher CLI
// (BREACHCHECK_CLI, default build/native/wasm/breachcheck) in a temporary directory removed at exit. Also the
// wasm engine (BREACHCHECK_WASM_DIR, default build/wasm), started under Node.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDemoDirectory, demoSamples } from '../../scripts/demo-directory.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = resolve(process.env.BREACHCHECK_CLI || join(ROOT, 'build/native/wasm/breachcheck'));
const WASM_DIR = resolve(process.env.BREACHCHECK_WASM_DIR || join(ROOT, 'build/wasm'), 'wasm/bindings');

let built = null;
/** { directory: bytes, directoryKey, files: Map(url -> bytes), lists, samples, strides } */
export function directoryFixture() {
  if (built) return built;
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: build the native tree (cmake --preset native) or set BREACHCHECK_CLI`);
  const dir = mkdtempSync(join(tmpdir(), 'bc-directory-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(CLI, ['synth', '--count', '300', '--out', join(dir, 'records.csv'), '--seed', '11'], { stdio: 'ignore' });
  const made = buildDemoDirectory(CLI, join(dir, 'records.csv'), join(dir, 'out'), { ops: 1, memKiB: 8, k: 4 });
  const files = new Map(made.lists.map((l) => [`${l.id}.bcd`, readFileSync(l.file)]));
  const strides = new Map(made.lists.map((l) => [`${l.id}.bcd`,
    JSON.parse(execFileSync(CLI, ['inspect', '--dataset', l.file], { encoding: 'utf8' })).bucketBytes]));
  built = { directory: readFileSync(made.directory), directoryKey: made.directoryKey, files, strides, lists: made.lists,
    samples: demoSamples(CLI, made) };
  return built;
}

/** The directory engine's module (its Engine class: the static engine with the directory calls), under Node. */
export async function startEngineModule() {
  const glue = join(WASM_DIR, 'breachcheck-engine-directory.js');
  if (!existsSync(glue)) throw new Error(`missing ${glue}: run scripts/build-wasm.sh (or set BREACHCHECK_WASM_DIR)`);
  const { default: create } = await import(pathToFileURL(glue).href);
  return create({ wasmBinary: readFileSync(join(WASM_DIR, 'breachcheck-engine-directory.wasm')), print: () => {}, printErr: () => {} });
}

const bytes = (text) => new TextEncoder().encode(text);
/** The worker's check arguments for a sample identity (fresh arrays: the operation zeroes them). */
export function checkArgs(person) {
  return { nir: bytes(person.nir), birthDate: bytes(person.birthDate), birthRank: bytes(person.rank || ''),
    beneficiary: false, year: 2026, month: 11, day: 30 };
}
