// SPDX-License-Identifier: MPL-2.0
// Checks for tests/cli/roundtrip.sh: reads the synthetic CSV, merges rows per person exactly as the
// builder must, then queries the CLI and compares. Prints "cli: N passed, M failed".
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const [bc, work] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function expect(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.error(`FAIL ${what}`);
  }
}

const CATEGORY_ORDER = ['civil_status', 'birth_date', 'nir', 'insurer_name', 'contract_guarantees', 'birth_rank',
  'insurer_contract_number', 'operator_internal_reference', 'member_number'];
const OPERATOR_ORDER = ['viamedis', 'almerys'];

const rows = readFileSync(join(work, 'records.csv'), 'utf8').trim().split('\n').slice(1);
const people = new Map();
for (const row of rows) {
  // Synthetic rows never quote the identifier fields; categories and operator are plain too.
  const [nir, birthDate, rank, operator, categories] = row.split(',');
  const key = `${nir}|${birthDate}|${rank || '1'}`;
  const person = people.get(key) ?? { nir, birthDate, rank: rank || '1', operators: new Set(), exposed: new Set() };
  person.operators.add(operator);
  for (const c of categories.split(';')) person.exposed.add(c);
  people.set(key, person);
}

const build = JSON.parse(readFileSync(join(work, 'build.json'), 'utf8'));
const inspect = JSON.parse(readFileSync(join(work, 'inspect.json'), 'utf8'));
const verify = JSON.parse(readFileSync(join(work, 'verify.json'), 'utf8'));
expect(build.records === people.size, `merged record count ${build.records} == ${people.size}`);
expect(build.realPerBucket.min >= 50, `every bucket holds >= k=50 real records (min ${build.realPerBucket.min})`);
expect(verify.status === 'intact', 'verify says intact');
expect(inspect.fileBytes === readFileSync(join(work, 'set.bcd')).length, 'inspect fileBytes == file size');
// Every bucket is as large as the fullest one, and which bucket that is depends on the build's fresh salt: for
// 100,000 records in 1,024 buckets (mean 97.7) the fullest held 127-140 in our runs, i.e. 22-24.1 bytes per
// record with the header. 26 B (a fullest bucket of ~158, six standard deviations above the mean) fails only
// on a real regression of the layout, never on an unlucky salt.
expect(inspect.bytesPerRecord > 0 && inspect.bytesPerRecord <= 26, `bytes per record ${inspect.bytesPerRecord} <= 26`);
expect(!JSON.stringify(inspect).includes('realCount'), 'inspect prints no per-bucket real counts');
// A forgotten file must stop answering soon: the default validity is 90 days (docs/PUBLISHER-GUIDE.md, renewal).
const validDays = (Date.parse(inspect.notAfter) - Date.parse(inspect.created)) / 86400000;
expect(validDays === 90, `default validity ${validDays} days == 90`);

function check(dataset, pubkey, person, extra = []) {
  const out = execFileSync(bc, ['check', '--dataset', dataset, '--pubkey', pubkey, '--identity-stdin', '--allow-weak-kdf',
    '--beneficiary', ...extra], { input: `${person.nir},${person.birthDate},${person.rank}\n` });
  return JSON.parse(out.toString());
}

const dataset = join(work, 'set.bcd');
const pubkey = join(work, 'keys/publisher.pub');
const all = [...people.values()];
const sample = [];
for (let i = 0; i < 60; i++) sample.push(all[Math.floor((i * all.length) / 60)]);

for (const person of sample) {
  const result = check(dataset, pubkey, person);
  const exposed = CATEGORY_ORDER.filter((c) => person.exposed.has(c));
  const operators = OPERATOR_ORDER.filter((o) => person.operators.has(o));
  expect(result.status === 'affected', `sampled person is affected (got ${result.status})`);
  expect(JSON.stringify(result.exposed) === JSON.stringify(exposed), 'exposed categories match the records file');
  expect(JSON.stringify(result.operators) === JSON.stringify(operators), 'operators match the records file');
  const text = JSON.stringify(result);
  expect(!text.includes(person.nir.slice(0, 13)) && !text.includes(person.birthDate), 'result carries no identifier');
}

// Altered identifiers: another birth day in the same month, another rank.
for (const person of sample.slice(0, 10)) {
  const day = Number(person.birthDate.slice(8, 10));
  const other = { ...person, birthDate: `${person.birthDate.slice(0, 8)}${String(day === 1 ? 2 : day - 1).padStart(2, '0')}` };
  if (people.has(`${other.nir}|${other.birthDate}|${other.rank}`)) continue;
  expect(check(dataset, pubkey, other).status === 'not_found', 'altered birth date is not found');
  const ranked = { ...person, rank: person.rank === '9' ? '8' : String(Number(person.rank) + 1) };
  if (!people.has(`${ranked.nir}|${ranked.birthDate}|${ranked.rank}`)) {
    expect(check(dataset, pubkey, ranked).status === 'not_found', 'altered birth rank is not found');
  }
}

// A wrong public key, and single flipped bytes across the header and the sampled person's file.
const someone = sample[0];
expect(check(dataset, join(work, 'other/publisher.pub'), someone).status === 'integrity_error', 'wrong key is an integrity error');
const original = readFileSync(dataset);
const offsets = [0, 9, 11, 13, 25, 33, 50, 60, 70, 74, 78, 90, 112, 500, inspect.headerBytes - 1];
for (let i = 0; i < 12; i++) offsets.push(inspect.headerBytes + Math.floor((i * (original.length - inspect.headerBytes)) / 12));
for (const offset of offsets) {
  const tampered = Buffer.from(original);
  tampered[offset] ^= 0x01;
  const path = join(work, 'tampered.bcd');
  writeFileSync(path, tampered);
  const status = check(path, pubkey, someone).status;
  // A flip in a bucket this person does not fetch is caught by `verify`, not by their check.
  const verified = spawnSync(bc, ['verify', '--dataset', path, '--pubkey', pubkey]);
  expect(status === 'integrity_error' || (status === 'affected' && offset >= inspect.headerBytes), `flip at ${offset}: check says ${status}`);
  expect(verified.status === 1, `verify rejects a flip at ${offset}`);
}
copyFileSync(dataset, join(work, 'tampered.bcd'));

// Nothing the CLI printed while building names a person.
const err = readFileSync(join(work, 'build.err'), 'utf8');
expect(!sample.some((p) => err.includes(p.nir) || err.includes(p.birthDate)), 'build output names no one');

console.log(`cli: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
