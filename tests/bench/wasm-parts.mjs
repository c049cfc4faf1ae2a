#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// What each part of the browser engine's wasm costs: relinks the engine exactly as the wasm
// build does (its own link line from build/wasm), adding only --profiling-funcs so that the function names
// stay in the module, then groups the code section's function bodies by what they belong to (libsodium's
// Argon2id, Ed25519, ristretto255 and the VOPRF, the engine's JSON reader, Embind, libc++, ...; nlohmann/json
// should have none) and prints a table: raw bytes, and brotli -q 11 of the group's bodies alone (a group
// compressed alone; the column does not add up exactly to the module's brotli size, which is printed too).
//   node tests/bench/wasm-parts.mjs [WASM_BUILD_DIR (default build/wasm)] [--wasm FILE (a module with names)]
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { br } from './browser/setup.mjs';
import { ROOT } from '../e2e/harness.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--wasm');
const given = at >= 0 ? resolve(args.splice(at, 2)[1]) : null;
const buildDir = resolve(args[0] || join(ROOT, 'build/wasm'));
const bindings = join(buildDir, 'wasm/bindings');
const release = readFileSync(join(bindings, 'breachcheck-engine.wasm'));

function relinkWithNames() {
  const dir = mkdtempSync(join(tmpdir(), 'bc-wasm-parts-'));
  const link = readFileSync(join(bindings, 'CMakeFiles/breachcheck_engine_split.dir/link.txt'), 'utf8').trim();
  // The same command, output elsewhere, names kept. Run from the directory CMake runs it in.
  const command = link.replace(/ -o \S+/, ` --profiling-funcs -o ${join(dir, 'engine.js')}`);
  execSync(command, { cwd: bindings, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_PATH: '/usr/share/nodejs' } });
  const bytes = readFileSync(join(dir, 'engine.wasm'));
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

// ---- a minimal wasm reader: sections, function bodies, the name section's function names
function reader(buf, pos = 0) {
  return {
    get pos() { return pos; },
    set pos(p) { pos = p; },
    u8() { return buf[pos++]; },
    leb() {
      let result = 0; let shift = 0; let byte;
      do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
      return result;
    },
    str() { const n = this.leb(); const s = buf.subarray(pos, pos + n).toString('utf8'); pos += n; return s; },
  };
}

function parse(buf) {
  const r = reader(buf, 8);
  const sections = [];
  let importedFuncs = 0;
  const bodies = [];
  const names = new Map();
  while (r.pos < buf.length) {
    const id = r.u8();
    const size = r.leb();
    const start = r.pos;
    let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element',
      'code', 'data', 'datacount'][id] || `id ${id}`;
    if (id === 0) name = `custom "${reader(buf, start).str()}"`;
    sections.push({ name, size: size + (start - r.pos) + 1 });
    if (id === 2) {
      const s = reader(buf, start);
      for (let n = s.leb(), i = 0; i < n; i += 1) {
        s.str(); s.str();
        const kind = s.u8();
        if (kind === 0) { s.leb(); importedFuncs += 1; } else if (kind === 1) { s.u8(); const f = s.u8(); s.leb(); if (f & 1) s.leb(); }
        else if (kind === 2) { const f = s.u8(); s.leb(); if (f & 1) s.leb(); } else if (kind === 3) { s.u8(); s.u8(); }
      }
    } else if (id === 10) {
      const s = reader(buf, start);
      for (let n = s.leb(), i = 0; i < n; i += 1) {
        const len = s.leb();
        bodies.push({ index: importedFuncs + i, bytes: buf.subarray(s.pos, s.pos + len) });
        s.pos += len;
      }
    } else if (id === 0 && reader(buf, start).str() === 'name') {
      const s = reader(buf, start); s.str();
      while (s.pos < start + size) {
        const sub = s.u8(); const len = s.leb(); const end = s.pos + len;
        if (sub === 1) for (let n = s.leb(), i = 0; i < n; i += 1) { const idx = s.leb(); names.set(idx, s.str()); }
        s.pos = end;
      }
    }
    r.pos = start + size;
  }
  return { sections, bodies, names };
}

// Groups, first match wins (names are C symbols or demangled C++).
const GROUPS = [
  ['libsodium Argon2 + BLAKE2b', /argon2|blake2b|fill_block|fill_segment|index_alpha|crypto_pwhash|crypto_generichash|crypto_kdf|store32|load64/i],
  ['ristretto255 + VOPRF + hash-to-group (hardened mode)', /ristretto|oprf|Oprf|hash_to_group|expand_message|dleq|Dleq|scalar_invert|core_ed25519_scalar|sc25519_(invert|mul|sq)|elligator|finish_oprf|blind/i],
  ['Ed25519 verify + curve25519 arithmetic + SHA-512', /ed25519|ge25519|fe25519|sc25519|crypto_sign|sha512|slide|cmov|crypto_verify|curve25519|_ge_|x25519/i],
  ['XChaCha20 / ChaCha20 / other libsodium', /chacha|salsa|crypto_stream|crypto_core|sodium|randombytes|crypto_|poly1305|siphash/i],
  // check_result.cpp's nlohmann::ordered_json is a second instantiation of the whole library next to json.
  ['nlohmann/json: the ordered_json instantiation', /nlohmann.*ordered_map|ordered_map.*nlohmann/],
  ['nlohmann/json', /nlohmann/],
  // The client's own reader and writer (wasm/core/util/json_reader.h, json_writer.h): the functions themselves,
  // not the catalog's and header's functions that take a JsonValue.
  ["the engine's JSON reader + writer", /JsonParser|JsonText|JsonValue::|append_json|parse_json|json_error_text|append_utf8|beyond_double/],
  ['Embind', /CheckSessionHandle|emscripten|embind|EmVal|_emval|__embind|BindingType|val::|GenericBindingType/],
  ['exceptions + RTTI (libc++abi)', /__cxa|__cxxabiv1|exception|unwind|type_info|dynamic_cast|__gxx|demangle|itanium/i],
  ['malloc', /malloc|free|dlmalloc|sbrk|emmalloc|memalign|realloc/i],
  ['breachcheck core (data set, header, check, catalog, identity)', /breachcheck|Engine|Dataset|Header|Catalog|Identity|Bucket|CheckResult|PreparedLookup|Trust|Payload|Lookup/],
  ['libc++ (strings, containers, streams, locale)', /std::|__2::|basic_string|vector|locale|ios|char_traits|allocator|__tree|__hash/],
  ['libc (musl: string, stdio, formatting)', /^(mem|str|wcs|printf|vfprintf|fmt_|pop_arg|snprintf|sprintf|strto|__|scan|fwrite|fputs|atoi|isspace|qsort|abort|frexp|out|pad|getint)/],
];

function groupOf(name) {
  for (const [group, re] of GROUPS) if (re.test(name)) return group;
  return 'other (unnamed or unmatched)';
}

const named = given ? readFileSync(given) : relinkWithNames();
const { sections, bodies, names } = parse(named);
const rel = parse(release);
const codeOf = (p) => p.sections.find((s) => s.name === 'code').size;
console.log(`Release module (${join(bindings, 'breachcheck-engine.wasm').replace(`${ROOT}/`, '')}): ${release.length} B raw, ` +
  `${br(release)} B brotli -q 11. Code section: release ${codeOf(rel)} B, relinked with names ${codeOf({ sections })} B ` +
  '(the grouping below is of the relinked one).');
console.log('');
console.log('| section (release module) | raw | brotli -q 11 alone |');
console.log('|---|---:|---:|');
let offset = 8;
for (const s of rel.sections) {
  console.log(`| ${s.name} | ${s.size} | ${br(release.subarray(offset, offset + s.size))} |`);
  offset += s.size;
}
console.log('');
const groups = new Map();
for (const b of bodies) {
  const g = groupOf(names.get(b.index) || '');
  if (!groups.has(g)) groups.set(g, { raw: 0, parts: [], count: 0, biggest: [] });
  const entry = groups.get(g);
  entry.raw += b.bytes.length; entry.count += 1; entry.parts.push(b.bytes);
  entry.biggest.push([b.bytes.length, names.get(b.index) || `func ${b.index}`]);
}
console.log('| part of the code section | functions | raw bytes | brotli -q 11 of its bodies alone | largest functions |');
console.log('|---|---:|---:|---:|---|');
const rows = [...groups].map(([g, e]) => [g, e, br(Buffer.concat(e.parts))]).sort((a, b) => b[2] - a[2]);
for (const [g, e, brotli] of rows) {
  const top = e.biggest.sort((a, b) => b[0] - a[0]).slice(0, 3)
    .map(([n, f]) => `${f.length > 48 ? `${f.slice(0, 45)}...` : f} (${n})`).join('; ');
  console.log(`| ${g} | ${e.count} | ${e.raw} | ${brotli} | ${top.replaceAll('|', '\\|')} |`);
}
