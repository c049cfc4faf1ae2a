// SPDX-License-Identifier: MPL-2.0
// Picks sample identities from the demo's synthetic records (a policyholder, a beneficiary, twins and one
// that is not in the list), confirms each answer with `breachcheck check`, and prints them.
// Usage: node scripts/demo-samples.mjs BREACHCHECK CSV DATASET PUBKEY
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [bc, csvPath, dataset, pubkey] = process.argv.slice(2);
const rows = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1).map((line) => {
  const [nir, birthDate, rank, operator] = line.split(',');
  return { nir, birthDate, rank: rank || '1', operator };
});
const matchesNir = (r) => r.nir.slice(1, 3) === r.birthDate.slice(2, 4) && r.nir.slice(3, 5) === r.birthDate.slice(5, 7);

function check(person, beneficiary) {
  // --oprf-allow-loopback: a hardened-mode demo (DEMO_OPRF=1) names its local evaluation server over http.
  const args = ['check', '--dataset', dataset, '--pubkey', pubkey, '--identity-stdin', '--allow-weak-kdf',
    '--oprf-allow-loopback'];
  if (beneficiary) args.push('--beneficiary');
  const out = execFileSync(bc, args, { input: `${person.nir},${person.birthDate},${person.rank}\n` });
  return JSON.parse(out.toString());
}

const policyholder = rows.find((r) => matchesNir(r) && r.operator === 'almerys');
const beneficiary = rows.find((r) => !matchesNir(r) && r.rank === '1');
const twin = rows.find((r) => r.rank === '2');
// Not in the list: a policyholder's NIR with a birth date one day off within the same month.
const day = Number(policyholder.birthDate.slice(8, 10));
const absent = { ...policyholder, birthDate: policyholder.birthDate.slice(0, 8) + String(day === 1 ? 2 : day - 1).padStart(2, '0') };

const spaced = (nir) => `${nir[0]} ${nir.slice(1, 3)} ${nir.slice(3, 5)} ${nir.slice(5, 7)} ${nir.slice(7, 10)} ${nir.slice(10, 13)} ${nir.slice(13)}`;
const samples = [
  ['affected (for me)', policyholder, false],
  ['affected (beneficiary on the card)', beneficiary, true],
  ['affected (twin, birth rank 2)', twin, true],
  ['not in the list', absent, false],
];
console.log('Synthetic identities to try (fake data, valid-looking):');
for (const [label, person, isBeneficiary] of samples) {
  const status = check(person, isBeneficiary).status;
  console.log(`  ${label.padEnd(36)} NIR ${spaced(person.nir)}  born ${person.birthDate}  rank ${person.rank}` +
              `${isBeneficiary ? '  [beneficiary]' : ''}  -> ${status}`);
}
