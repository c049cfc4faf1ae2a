// SPDX-License-Identifier: MPL-2.0
// Docs and comments name only what a reader of this repository can open (tests/lib/references.mjs).
//
// What is read: every Markdown file (prose, links, code blocks), and the comments of C++, JS/TS, shell, Python,
// CMake, CSS, HTML and configuration files (docs/deploy/). Code and string literals are not read: a path in
// code is checked by running the code.
//
// What is a finding:
//   missing           a relative path whose first segment is a name in the repository root or in a folder above
//                     the file ("wasm/core/x.cpp", "tests/suites/x.sh", "src/x.js" in web/README.md), that does
//                     not resolve from any of those folders; a Markdown link whose target does not exist.
//                     A path is read as a path when it has an extension, ends with "/", has three segments or
//                     more, or is quoted as code: "public/secret key" and "FR/EN" are prose.
//                     Placeholders end the literal part: "tests/fuzz/corpus/<target>/" checks tests/fuzz/corpus.
//   missing-file      a source file named without its folder ("checker.js", "format.cpp") that no folder holds.
//   missing-section   a quoted section after a document name (docs/FORMAT.md, "Buckets") that is none of its
//                     headings.
//   missing-document  a document named without its folder ("FORMAT.md") that is neither next to the file, at the
//                     root nor in docs/.
//   outside           a path outside the repository: a relative path that climbs above the root
//                     ("../shared/..."), a Markdown link to an absolute path, or an absolute path into a
//                     development machine's work area or a person's home (/work, /home, /Users). Paths that
//                     exist where the software runs stay allowed: /usr, /etc, /var, /tmp, /data in a deployment
//                     recipe, /root on a server, ~/.cache and $HOME for tools' caches.
//   issue-number      a number of an issue tracker that is not in the repository: "issue 7", "PR 3", "#12".
//                     "#3" in a Markdown file that has a numbered table row 3 is that row (docs/SECURITY.md).
//   outside-document  "the brief", "the design card": documents of the process, not of the repository.
//
// Allowlist (kept small; each entry is a kind of file the repository does not hold on purpose):
//   - paths that a .gitignore of the repository declares generated (build/, public/dist/, node_modules/, ...),
//     and the same folders listed in ALLOWED_MISSING for trees where .gitignore lacks them;
//   - ALLOWED_BARE_NAMES: the web build's outputs (breachcheck*.mjs/js, sw-manifest.js, demo-config.js) and
//     the sources of the libraries the wasm build compiles (json.hpp, catch.hpp, libsodium's headers);
//   - this test and tests/lib/references.mjs, which quote the forms they look for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cLikeComments, hashComments, scanRepository } from '../lib/references.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SELF = new Set(['tests/js/references.test.mjs', 'tests/lib/references.mjs']);

// A throwaway git repository holding FILES ({path: text}), scanned.
function scanFixture(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bc-references-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    execFileSync('git', ['init', '-q'], { cwd: dir });
    return scanRepository(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE = {
  'README.md': '# x\n',
  'docs/FORMAT.md': '# format\n',
  'wasm/core/format.cpp': '// SPDX\n',
  'scripts/build-web.sh': '#!/bin/sh\n',
  'web/src/checker.js': '// SPDX\n',
  'web/README.md': '# package\n',
  '.gitignore': 'build/\nnode_modules/\n',
};

test('a tree whose docs and comments name existing files has no finding', () => {
  const findings = scanFixture({
    ...BASE,
    'docs/FORMAT.md': '# format\n## Choosing P\n',
    'docs/A.md': 'FORMAT.md, "Choosing P"; docs/FORMAT.md "choosing\np". [format](FORMAT.md), [readme](../README.md#x), `scripts/build-web.sh`, wasm/core/format.cpp, FORMAT.md,\n' +
      'the CLI at build/native/wasm/breachcheck, https://example.org/wasm/core/gone.cpp, keys/publisher.key,\n' +
      'public/secret key pairs, FR/EN, /usr/share/nodejs, ~/.cache/x, finding #1.\n\n| # | what |\n|---|---|\n| 1 | x |\n',
    'web/README.md': 'See `src/checker.js` and ../README.md.\n',
    'wasm/core/x.cpp': '// SPDX\n// format.cpp and docs/FORMAT.md say why; "// not/a/comment.cpp" is a string.\nconst char* s = "wasm/core/gone.cpp";\n',
    'web/src/y.js': '// SPDX\nconst r = /\\/\\/ wasm\\/core\\/gone.cpp/; // checker.js\nconst t = `${a}// wasm/core/gone.cpp`;\n',
  });
  assert.deepEqual(findings, []);
});

test('each kind of unfollowable reference is found, with its file and line', () => {
  const findings = scanFixture({
    ...BASE,
    'docs/B.md': 'Run scripts/build-site.sh.\nSee [arch](ARCHITECTURE.md) and TOOLCHAIN.md.\nRead ../../shared/brief/FACTS.md, ../gone/x.md and /work/main/x.\n' +
      'Fixed in issue 7 (see #12); the brief says so.\n`docs/gone/`\n',
    'wasm/core/x.cpp': '// SPDX\n// The layout of dataset.cpp (tests/suites/gone.sh).\n// See docs/FORMAT.md, "Gone\n// section".\n',
    'tests/run.sh': '#!/bin/sh\n# issue 3: see wasm/core/gone.h\necho "# wasm/core/not-a-comment.h"\n',
  });
  assert.deepEqual(findings, [
    'docs/B.md:1: missing: scripts/build-site.sh.',
    'docs/B.md:2: missing: ARCHITECTURE.md',
    'docs/B.md:2: missing-document: TOOLCHAIN.md',
    'docs/B.md:3: outside: /work/main/x',
    'docs/B.md:3: outside: ../../shared/brief/FACTS.md',
    'docs/B.md:3: missing: ../gone/x.md',
    'docs/B.md:4: issue-number: issue 7',
    'docs/B.md:4: outside-document: the brief',
    'docs/B.md:4: issue-number: #12',
    'docs/B.md:5: missing: docs/gone/',
    'tests/run.sh:2: missing: wasm/core/gone.h',
    'tests/run.sh:2: issue-number: issue 3',
    'wasm/core/x.cpp:2: missing: tests/suites/gone.sh',
    'wasm/core/x.cpp:2: missing-file: dataset.cpp',
    'wasm/core/x.cpp:3: missing-section: docs/FORMAT.md "Gone section"',
  ]);
});

test('comments are told apart from strings, raw strings, templates and regular expressions', () => {
  const js = 'const a = "// no"; // yes 1\nconst b = /\\/\\/ no/g; /* yes 2 */\nconst c = `// no ${x /* yes 3 */} // no`;\n';
  assert.deepEqual(cLikeComments(js).map((c) => c.text.trim()), ['yes 1', 'yes 2', 'yes 3']);
  const cpp = 'auto s = R"x(// no)x"; // yes\nint d = a / b; // also\n';
  assert.deepEqual(cLikeComments(cpp, { regexLiterals: false }).map((c) => c.text.trim()), ['yes', 'also']);
  const sh = '#!/bin/bash\n# yes\necho "# no" # trailing\nn=${#arr[@]}\n';
  assert.deepEqual(hashComments(sh).map((c) => c.text.trim()), ['yes', 'trailing']);
});

test('the docs and comments of this repository name only what it holds', () => {
  const findings = scanRepository(root).filter((f) => !SELF.has(f.split(':')[0]));
  assert.deepEqual(findings, []);
});

// The fuzz target list is written in three places besides the sources; each must name every target.
test('the fuzz README and scripts name every fuzz target (tests/fuzz/fuzz_*.cpp)', () => {
  const targets = readdirSync(path.join(root, 'tests/fuzz'))
    .map((f) => /^fuzz_(\w+)\.cpp$/.exec(f)?.[1])
    .filter(Boolean)
    .sort();
  assert.ok(targets.length >= 8, `found ${targets.length} targets`);
  const readme = readFileSync(path.join(root, 'tests/fuzz/README.md'), 'utf8');
  const listed = /^Targets: (.*?)\. /ms.exec(readme)?.[1] ?? '';
  assert.deepEqual([...listed.matchAll(/`(\w+)`/g)].map((m) => m[1]).sort(), targets);
  const suite = readFileSync(path.join(root, 'tests/suites/fuzz.sh'), 'utf8');
  const executions = /^TARGETS=\((.*)\)$/m.exec(suite)?.[1] ?? '';
  assert.deepEqual(executions.split(/\s+/).map((t) => t.split(':')[0]).sort(), targets);
  for (const corpus of targets) {
    assert.ok(readdirSync(path.join(root, 'tests/fuzz/corpus', corpus)).length > 0, `seed corpus of ${corpus}`);
  }
});
