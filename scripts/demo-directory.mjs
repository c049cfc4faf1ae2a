#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// A directory of two demo lists, "Viamedis (démo)" and "Almérys (démo)" (docs/DIRECTORY.md): the synthetic
// records split by operator, each half built as a format version 2 list signed with its own publisher key, both
// with one shared --kdf-salt and the same Argon2id limits (so one Argon2id serves both), and a directory over
// the two signed with a third key. A few records go into both lists (someone covered through both operators),
// so "found in several" can be tried. Used by scripts/demo.sh, the browser tests and the directory benchmark.
//   node scripts/demo-directory.mjs BREACHCHECK RECORDS.csv OUT_DIR [--ops N] [--mem-kib N] [--k N] [--shared N]
// Writes OUT_DIR/lists/{viamedis-demo.bcd, almerys-demo.bcd, demo.bcdir}, OUT_DIR/keys/{viamedis,almerys,directory}/
// and prints the samples: one identity in each list, one in both, one in neither, each confirmed list by list
// with `breachcheck check`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CATALOG = join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json');

// Each list's publisher contact, signed in the directory and shown in that list's verdict: obviously fictional
// (a number in the range ARCEP keeps for fiction, 01 99 00 xx xx; a reserved example.org address).
export const DEMO_LISTS = [
  { id: 'viamedis-demo', operator: 'viamedis', name: { fr: 'Viamedis (démo)', en: 'Viamedis (demo)' },
    contact: 'tel:01 99 00 12 34' },
  { id: 'almerys-demo', operator: 'almerys', name: { fr: 'Almérys (démo)', en: 'Almérys (demo)' },
    contact: 'https://almerys-demo.example.org/contact' },
];

const run = (cli, args, input) => execFileSync(cli, args, { encoding: 'utf8', input, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });

function keygen(cli, dir) {
  if (!existsSync(join(dir, 'publisher.key'))) run(cli, ['keygen', '--out', dir]);
  return { key: join(dir, 'publisher.key'), pub: join(dir, 'publisher.pub'), base64: readFileSync(join(dir, 'publisher.pub'), 'utf8').trim() };
}

/**
 * Builds the two lists and the directory in `out`. Returns { directory, directoryKey (base64), directoryPub (file),
 * directorySecretKey (file), listsJson (the body it was built from), lists: [{ id, contact, file, pub, rows }],
 * shared (rows in both), kdf }.
 */
export function buildDemoDirectory(cli, recordsCsv, out, { ops = 1, memKiB = 8, k = 10, shared = 3, version = 1, kdfSalt } = {}) {
  const lines = readFileSync(recordsCsv, 'utf8').trim().split('\n');
  const header = lines[0];
  const rows = lines.slice(1);
  const byOperator = (op) => rows.filter((line) => line.split(',')[3] === op);
  // The first `shared` Viamedis policyholders (NIR and date agree, not a second twin) also go into the Almérys list
  // (someone covered through both operators).
  const both = byOperator('viamedis').filter((line) => {
    const r = parse(line);
    return matchesNir(r) && r.rank !== '2';
  }).slice(0, shared);
  const salt = kdfSalt || randomBytes(16).toString('hex');
  mkdirSync(join(out, 'lists'), { recursive: true });
  const lists = DEMO_LISTS.map((list) => {
    const keys = keygen(cli, join(out, 'keys', list.operator));
    const own = byOperator(list.operator);
    const listRows = list.operator === 'almerys' ? [...own, ...both.map((line) => line.replace(',viamedis,', ',almerys,'))] : own;
    const csv = join(out, `${list.id}.csv`);
    writeFileSync(csv, `${[header, ...listRows].join('\n')}\n`);
    const file = join(out, 'lists', `${list.id}.bcd`);
    run(cli, ['build', '--records', csv, '--catalog', CATALOG, '--key', keys.key, '--out', file, '--k', String(k),
      '--ops', String(ops), '--mem-kib', String(memKiB), '--kdf-salt', salt, '--dataset-version', '1',
      '--publisher', `${list.name.fr} — données synthétiques`, '--quiet',
      // Splitting by operator leaves some beneficiaries without their card holder in the same list: skipped.
      '--on-error', 'skip']);
    return { ...list, file, pub: keys.pub, publisherKey: keys.base64, rows: listRows };
  });
  const directoryKeys = keygen(cli, join(out, 'keys', 'directory'));
  const body = {
    incident: 'viamedis-almerys-2024',
    lists: lists.map((l) => ({ id: l.id, name: l.name, contact: l.contact, url: `${l.id}.bcd`, publisherKeys: [l.publisherKey],
      minVersion: 1, operators: [l.operator], kdf: { ops, memKiB, salt } })),
  };
  const listsJson = join(out, 'lists.json');
  writeFileSync(listsJson, `${JSON.stringify(body, null, 2)}\n`);
  const directory = join(out, 'lists', 'demo.bcdir');
  run(cli, ['directory', 'build', '--lists', listsJson, '--key', directoryKeys.key, '--version', String(version), '--out', directory]);
  return { directory, directoryKey: directoryKeys.base64, directoryPub: directoryKeys.pub,
    directorySecretKey: directoryKeys.key, listsJson, version, lists,
    shared: both, kdf: { ops, memKiB, salt } };
}

const matchesNir = (r) => r.nir.slice(1, 3) === r.birthDate.slice(2, 4) && r.nir.slice(3, 5) === r.birthDate.slice(5, 7);
const parse = (line) => {
  const [nir, birthDate, rank] = line.split(',');
  return { nir, birthDate, rank: rank || '' };
};

/** `breachcheck check` against one list: its status for this identity (the demo's light KDF needs the opt-in). */
export function checkList(cli, list, person) {
  const out = run(cli, ['check', '--dataset', list.file, '--pubkey', list.pub, '--identity-stdin', '--allow-weak-kdf'],
    `${person.nir},${person.birthDate},${person.rank}\n`);
  return JSON.parse(out).status;
}

/** Policyholders (NIR and date agree, no birth rank) in A only, in B only, in both, and in neither, confirmed. */
export function demoSamples(cli, built) {
  const [a, b] = built.lists;
  const sharedNirs = new Set(built.shared.map((line) => line.split(',')[0]));
  const pick = (list) => list.rows.map(parse).find((r) => matchesNir(r) && r.rank !== '2' && !sharedNirs.has(r.nir));
  const inBoth = parse(built.shared[0]);
  const inA = pick(a);
  const inB = pick(b);
  const day = Number(inA.birthDate.slice(8, 10));
  const neither = { ...inA, birthDate: inA.birthDate.slice(0, 8) + String(day === 1 ? 2 : day - 1).padStart(2, '0') };
  const samples = { inA, inB, inBoth, neither };
  const expected = { inA: ['affected', 'not_found'], inB: ['not_found', 'affected'], inBoth: ['affected', 'affected'], neither: ['not_found', 'not_found'] };
  for (const [name, person] of Object.entries(samples)) {
    const got = [checkList(cli, a, person), checkList(cli, b, person)];
    if (got.join() !== expected[name].join()) throw new Error(`demo sample ${name}: ${got.join(' / ')}, expected ${expected[name].join(' / ')}`);
  }
  return samples;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [cli, records, out, ...rest] = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = rest.indexOf(name);
    return i < 0 ? fallback : Number(rest[i + 1]);
  };
  const built = buildDemoDirectory(cli, records, out, { ops: flag('--ops', 1), memKiB: flag('--mem-kib', 8), k: flag('--k', 10),
    shared: flag('--shared', 3) });
  const spaced = (nir) => `${nir[0]} ${nir.slice(1, 3)} ${nir.slice(3, 5)} ${nir.slice(5, 7)} ${nir.slice(7, 10)} ${nir.slice(10, 13)} ${nir.slice(13)}`;
  console.log(`demo: directory ${built.directory} over ${built.lists.map((l) => `${l.name.fr} (${l.rows.length} records)`).join(' and ')}, ` +
    `shared Argon2id setting ops=${built.kdf.ops} memKiB=${built.kdf.memKiB} salt=${built.kdf.salt}; directory key ${built.directoryKey}`);
  const samples = demoSamples(cli, built);
  console.log('Synthetic identities to try on the directory (fake data, valid-looking), each confirmed list by list:');
  for (const [label, person] of [['in Viamedis (démo) only', samples.inA], ['in Almérys (démo) only', samples.inB],
    ['in both lists', samples.inBoth], ['in neither list', samples.neither]]) {
    console.log(`  ${label.padEnd(26)} NIR ${spaced(person.nir)}  born ${person.birthDate}`);
  }
}
