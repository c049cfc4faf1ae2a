// SPDX-License-Identifier: MPL-2.0
// Finds the references that docs and code comments make to the repository and that a reader cannot follow:
// a repository path that does not exist, a path outside the repository, a document that is not in it, an
// issue number of a tracker that is not in it. Used by tests/js/references.test.mjs; the rules and their
// reasons are listed there, next to the allowlist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// ------------------------------------------------------------------------------------------ the repository
// The files of the tree as it is now (tracked or new, not ignored, not deleted), and every directory above them.
export function repositoryIndex(root) {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).split('\0');
  const files = new Set(listed.filter((f) => f && existsSync(path.join(root, f)) && statSync(path.join(root, f)).isFile()));
  const directories = new Set(['']);
  const basenames = new Set();
  for (const f of files) {
    basenames.add(path.posix.basename(f));
    for (let d = path.posix.dirname(f); d !== '.' && !directories.has(d); d = path.posix.dirname(d)) directories.add(d);
  }
  // Names a directory holds, so that a token's first segment can be recognised as "a name in this folder".
  const entries = new Map();
  for (const item of [...files, ...directories]) {
    if (!item) continue;
    const parent = path.posix.dirname(item) === '.' ? '' : path.posix.dirname(item);
    if (!entries.has(parent)) entries.set(parent, new Set());
    entries.get(parent).add(path.posix.basename(item));
  }
  const isIgnored = (candidates) => ignoredByGit(root, candidates);
  return { root, files, directories, basenames, entries, isIgnored };
}

// Paths the repository's .gitignore files declare as generated (build outputs, bundles, installed packages).
function ignoredByGit(root, candidates) {
  if (candidates.length === 0) return new Set();
  let out = '';
  try {
    out = execFileSync('git', ['check-ignore', '--no-index', '--stdin', '-z'], {
      cwd: root,
      input: candidates.join('\0') + '\0',
      encoding: 'utf8',
    });
  } catch (e) {
    out = e.status === 1 ? '' : (() => { throw e; })(); // status 1: none of them is ignored
  }
  return new Set(out.split('\0').filter(Boolean));
}

// --------------------------------------------------------------------------------------- what gets read
const C_LIKE = /\.(c|cc|cpp|h|hpp|js|mjs|cjs|ts)$/;
const HASH_COMMENTS = /\.(sh|py|cmake|ya?ml|conf|service|toml)$|(^|\/)(CMakeLists\.txt|Containerfile|Dockerfile|\.gitignore)$/;

// The kind of text a file holds for this check, or null when it is not read (data, images, lock files).
export function fileKind(file, firstLine = '') {
  if (file.endsWith('.md')) return 'markdown';
  if (C_LIKE.test(file)) return 'c-like';
  if (file.endsWith('.css')) return 'css';
  if (file.endsWith('.html')) return 'html';
  if (HASH_COMMENTS.test(file)) return 'hash';
  if (/^#!.*\b(ba)?sh\b|^#!.*python/.test(firstLine)) return 'hash';
  return null;
}

// Comments of a C++ / JS / TS source, as [{line, text}], one item per comment line. Strings, template
// literals (with their ${} code), C++ raw strings and JS regular expression literals are skipped.
export function cLikeComments(source, { regexLiterals = true } = {}) {
  const comments = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  const stack = []; // open template literals: depth of braces inside their ${...}
  let braceDepth = 0;
  let lastSignificant = '';
  const push = (start, end, startLine) => {
    source.slice(start, end).split('\n').forEach((text, k) => comments.push({ line: startLine + k, text }));
  };
  const advance = (to) => {
    for (; i < to && i < n; i++) if (source[i] === '\n') line++;
  };
  const skipTemplate = () => {
    // i is just after a backtick or a closing } of ${...}: runs to the closing backtick or the next ${.
    while (i < n) {
      const c = source[i];
      if (c === '\\') { advance(i + 2); continue; }
      if (c === '`') { i++; return false; }
      if (c === '$' && source[i + 1] === '{') { i += 2; return true; }
      advance(i + 1);
    }
    return false;
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      push(i + 2, stop, line);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end;
      push(i + 2, stop, line);
      advance(stop + 2);
      continue;
    }
    if (c === 'R' && next === '"' && !/[\w]/.test(source[i - 1] || '')) {
      const open = source.indexOf('(', i + 2);
      const delimiter = source.slice(i + 2, open);
      if (open !== -1 && /^[^\s()\\]{0,16}$/.test(delimiter)) {
        const end = source.indexOf(`)${delimiter}"`, open);
        advance(end === -1 ? n : end + delimiter.length + 2);
        lastSignificant = '"';
        continue;
      }
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
      lastSignificant = c;
      continue;
    }
    if (c === '`') {
      i++;
      lastSignificant = '`';
      if (skipTemplate()) { stack.push(braceDepth); braceDepth = 0; lastSignificant = '{'; }
      continue;
    }
    if (c === '{') braceDepth++;
    if (c === '}') {
      if (braceDepth === 0 && stack.length) {
        i++;
        braceDepth = stack.pop();
        lastSignificant = '`';
        if (skipTemplate()) { stack.push(braceDepth); braceDepth = 0; lastSignificant = '{'; }
        continue;
      }
      braceDepth--;
    }
    if (regexLiterals && c === '/' && (lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant) || /\b(return|typeof|case|of|in)$/.test(source.slice(Math.max(0, i - 8), i).trimEnd()))) {
      // A regular expression literal: to the closing slash, outside character classes.
      let inClass = false;
      i++;
      while (i < n && source[i] !== '\n') {
        if (source[i] === '\\') { i += 2; continue; }
        if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        else if (source[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      lastSignificant = '/';
      continue;
    }
    if (!/\s/.test(c)) lastSignificant = /\w/.test(c) ? 'a' : c;
    advance(i + 1);
  }
  return comments;
}

// `#` comments of shell, Python, CMake and configuration files: a line that starts with #, or the part of a
// line after " #" when the quotes before it are balanced. Shebang lines are not comments.
export function hashComments(source) {
  const comments = [];
  source.split('\n').forEach((text, k) => {
    if (k === 0 && text.startsWith('#!')) return;
    const trimmed = text.trimStart();
    if (trimmed.startsWith('#')) {
      comments.push({ line: k + 1, text: trimmed.replace(/^#+\[?\[?/, '') });
      return;
    }
    for (let at = text.indexOf(' #'); at !== -1; at = text.indexOf(' #', at + 1)) {
      const before = text.slice(0, at);
      const balanced = (q) => (before.split(q).length - 1) % 2 === 0;
      if (balanced("'") && balanced('"') && !/\$\{?$/.test(before)) {
        comments.push({ line: k + 1, text: text.slice(at + 2) });
        return;
      }
    }
  });
  return comments;
}

function blockComments(source, open, close) {
  const comments = [];
  let from = 0;
  for (;;) {
    const start = source.indexOf(open, from);
    if (start === -1) return comments;
    const end = source.indexOf(close, start + open.length);
    const stop = end === -1 ? source.length : end;
    const startLine = source.slice(0, start).split('\n').length;
    source.slice(start + open.length, stop).split('\n').forEach((text, k) => comments.push({ line: startLine + k, text }));
    from = stop + close.length;
  }
}

// The lines of a file that this check reads, as [{line, text}]: all of a Markdown file, the comments of code.
export function readableLines(file, source) {
  switch (fileKind(file, source.slice(0, source.indexOf('\n') + 1))) {
    case 'markdown': return source.split('\n').map((text, k) => ({ line: k + 1, text }));
    case 'c-like': return cLikeComments(source, { regexLiterals: /\.(m|c)?js$|\.ts$/.test(file) });
    case 'css': return blockComments(source, '/*', '*/');
    case 'html': return blockComments(source, '<!--', '-->');
    case 'hash': return hashComments(source);
    default: return [];
  }
}

// --------------------------------------------------------------------------------------------- the rules
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)>\]'"`]*/gi;
// A relative path: two or more segments, or one segment and a trailing slash.
const PATH_TOKEN = /(?<![\w.@/$~-])((?:\.\.?\/)*[\w.@-]+(?:\/[\w.@*<>{}$%…-]*)+)/g;
// An absolute path or a home-relative path.
const ABSOLUTE_TOKEN = /(?<![\w.:/@-])((?:~|\$HOME|\$\{HOME\})?\/[\w.@-]+(?:\/[\w.@*<>{}$%…-]*)*)/g;
// A Markdown link or image target.
const MARKDOWN_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
// A source file named without its folder: lower-case names only ("Node.js" is a product).
const BARE_SOURCE = /(?<![\w./@-])([a-z][\w-]*(?:\.[\w-]+)*\.(?:cpp|hpp|h|js|mjs|cjs|ts|sh|py|cmake))\b(?![\w/-])/g;
// A document named without its folder (ARCHITECTURE.md, FORMAT.md).
const BARE_DOCUMENT = /(?<![\w./-])([A-Z][A-Z0-9_-]*\.md)\b/g;
// An issue, ticket or pull request number: "issue 7", "issues 3 and 5", "#12" after such a word.
const TRACKER_NUMBER = /\b(?:issues?|tickets?|pull requests?|PRs?)\s*(?:#\s*)?\d+/gi;
// A bare "#12" (not a colour, not "#1" of a numbered table in the same document).
const BARE_NUMBER = /(?<![\w&#/])#(\d+)\b(?![\w-])/g;
// A document followed by a quoted section: docs/FORMAT.md, "Buckets" (also `FORMAT.md "Salt"`, `section "x"`).
const DOCUMENT_SECTION = /([\w./-]*[A-Z][\w-]*\.md)[,:]?\s*(?:section\s*)?\(?"([^"]+)"/g;
// Documents of the process that made this repository and that it does not contain.
const OUTSIDE_DOCUMENT = /\b(?:the (?:design )?brief|design card|(?:design )?review items? \d+)\b/gi;

// Absolute paths into a development machine's work area or a person's home folder: never a path that the
// software, a deployment or a user's machine has (/usr, /etc, /var, /tmp, /root on a server, ~/.cache are).
const PRIVATE_ABSOLUTE = /^\/(work|home|Users)(\/|$)/;

const PLACEHOLDER_SEGMENT = /[<>{}$*%…]|^\.\.\.$/;

// Paths that look like repository paths but are not meant to exist in a checkout (see the test for why).
export const ALLOWED_MISSING = [
  // Written by the builds, the package managers and the test suites; .gitignore does not list them all.
  /^build(\/|$)/,
  /(^|\/)node_modules(\/|$)/,
  /^public\/(dist|data)(\/|$)/,
  /^web\/(dist|src\/engine|src\/generated)(\/|$)/,
];

export const ALLOWED_BARE_NAMES = [
  // The web build's outputs (web/tools/build.mjs, wasm/bindings): bundles, the engine glue, the demo config.
  /^breachcheck(-engine)?[\w.-]*\.m?js$/,
  /^(sw-manifest|demo-config)\.js$/,
  /^hardened\.mjs$/,
  // Sources of the libraries the wasm build compiles or includes (wasm/cmake/EmscriptenSetup.cmake).
  /^(json|catch)\.hpp$/,
  /^(argon2-core|blake2b-long|version|export|em_js)\.h$/,
];

function stripTrailing(token) {
  return token.replace(/[.,:;!?'")\]]+$/, '');
}

const MODULE_EXTENSIONS = ['.d.ts', '.ts', '.js', '.mjs'];

function isAllowedMissing(relative) {
  return ALLOWED_MISSING.some((rule) => rule.test(relative));
}

function exists(index, relative) {
  const clean = relative.replace(/\/+$/, '');
  return clean === '' || index.files.has(clean) || index.directories.has(clean);
}

// The folders a relative token may be written from: the repository root and each folder above the file.
function bases(file) {
  const out = [''];
  const parts = path.posix.dirname(file).split('/').filter((p) => p && p !== '.');
  for (let k = 1; k <= parts.length; k++) out.push(parts.slice(0, k).join('/'));
  return out;
}

const join = (base, relative) => path.posix.normalize(base ? `${base}/${relative}` : relative).replace(/^\.\//, '');

// One relative path token: null when it resolves (or is not a repository path at all), else a finding.
function checkRelative(index, file, raw, { quoted, link }) {
  let token = stripTrailing(raw);
  if (!link && token.startsWith('./')) {
    // "./worker.js" in code quoted by a document is relative to that code's file, not to the document.
    token = token.replace(/^(\.\/)+/, '');
    if (!token.includes('/')) return null;
  }
  if (!token || token === '.' || token === '/') return null;
  const segments = token.split('/');
  const literal = [];
  for (const s of segments) {
    if (PLACEHOLDER_SEGMENT.test(s)) break;
    literal.push(s);
  }
  const truncated = literal.length < segments.length;
  token = literal.join('/') + (truncated && literal.length ? '/' : '');
  if (!token) return null;

  if (token.startsWith('../') || link) {
    const fromFile = path.posix.normalize(path.posix.join(path.posix.dirname(file), token));
    if (fromFile === '..' || fromFile.startsWith('../')) return { kind: 'outside', token: raw };
    if (exists(index, fromFile) || isAllowedMissing(fromFile)) return null;
    // A module specifier without extension ("import('../../breachcheck').CheckResult" in JSDoc) names the
    // declaration or module file TypeScript and bundlers resolve it to.
    if (MODULE_EXTENSIONS.some((ext) => exists(index, fromFile + ext))) return null;
    return { kind: 'missing', token: raw, resolved: fromFile };
  }

  const nonEmpty = literal.filter(Boolean);
  const last = nonEmpty[nonEmpty.length - 1] || '';
  // Two plain words joined by a slash ("public/secret", "FR/EN") are prose, unless quoted as code.
  const pathLike = quoted || raw.endsWith('/') || truncated || nonEmpty.length >= 3 || /\.\w+$/.test(last);
  if (!pathLike || nonEmpty.length === 0) return null;
  const candidates = bases(file).filter((base) => index.entries.get(base)?.has(nonEmpty[0]));
  if (candidates.length === 0) return null; // not a name in the repository: "keys/publisher.key", "text/plain"
  if (isAllowedMissing(token)) return null;
  for (const base of candidates) if (exists(index, join(base, token))) return null;
  return { kind: 'missing', token: raw, resolved: join(candidates[0], token), ignoredCheck: candidates.map((b) => join(b, token)) };
}

// A source file named without its folder ("format.cpp", "checker.js") must exist somewhere in the tree, so a
// comment that names a file renamed or split since is found. Names of files the builds write and of the
// third-party sources the wasm build compiles are not repository files (see the test for the list).
function checkBareSource(index, name) {
  if (index.basenames.has(name) || ALLOWED_BARE_NAMES.some((rule) => rule.test(name))) return null;
  return { kind: 'missing-file', token: name };
}

// The headings of a Markdown file of the tree, lower case, without code and emphasis marks.
function headings(index, file) {
  if (!index.headings) index.headings = new Map();
  if (!index.headings.has(file)) {
    const text = readFileSync(path.join(index.root, file), 'utf8');
    index.headings.set(file, text.split('\n').filter((l) => /^#+ /.test(l)).map((l) => normalise(l.replace(/^#+ /, ''))));
  }
  return index.headings.get(file);
}

const normalise = (text) => text.replace(/[`*]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

// A section named after a document must be a heading of it (or the start of one).
function checkSection(index, file, document, section) {
  const places = [join(path.posix.dirname(file), document), document, join('docs', document.replace(/^docs\//, ''))];
  const found = places.find((p) => index.files.has(p));
  if (!found) return null; // the document itself is reported by the other rules
  const wanted = normalise(section);
  if (headings(index, found).some((h) => h.includes(wanted))) return null;
  return { kind: 'missing-section', token: `${document} "${section}"` };
}

function checkBareDocument(index, file, name) {
  const places = [...bases(file).slice(-1), '', 'docs'];
  if (places.some((base) => index.files.has(join(base, name)))) return null;
  return { kind: 'missing-document', token: name };
}

// Every finding of one file, as [{file, line, kind, token}], before the .gitignore filter.
export function scanText(index, file, source) {
  const findings = [];
  const lines = readableLines(file, source);
  const markdown = file.endsWith('.md');
  const tableRows = new Set();
  if (markdown) for (const m of source.matchAll(/^\|\s*(\d+)\s*\|/gm)) tableRows.add(m[1]);
  let fenced = false;
  for (const [at, { line, text }] of lines.entries()) {
    if (markdown && /^\s*(```|~~~)/.test(text)) fenced = !fenced;
    const add = (f) => f && findings.push({ file, line, ...f });
    const linkTargets = [];
    let rest = text;
    if (markdown && !fenced) {
      rest = rest.replace(MARKDOWN_LINK, (whole, target) => {
        linkTargets.push(target);
        return ' '.repeat(whole.length);
      });
    }
    for (const target of linkTargets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const clean = decodeURIComponent(target.replace(/[#?].*$/, ''));
      if (clean.startsWith('/')) {
        add({ kind: 'outside', token: target });
        continue;
      }
      add(checkRelative(index, file, clean, { quoted: true, link: true }));
    }
    rest = rest.replace(URL, (u) => ' '.repeat(u.length));
    const quotedSpans = [];
    for (const m of rest.matchAll(/`[^`]+`/g)) quotedSpans.push([m.index, m.index + m[0].length]);
    const inQuotes = (at) => fenced || quotedSpans.some(([a, b]) => at > a && at < b);
    for (const m of rest.matchAll(ABSOLUTE_TOKEN)) {
      const token = stripTrailing(m[1]);
      if (PRIVATE_ABSOLUTE.test(token)) add({ kind: 'outside', token });
    }
    for (const m of rest.matchAll(PATH_TOKEN)) add(checkRelative(index, file, m[1], { quoted: inQuotes(m.index), link: false }));
    for (const m of rest.matchAll(BARE_DOCUMENT)) add(checkBareDocument(index, file, m[1]));
    for (const m of rest.matchAll(BARE_SOURCE)) add(checkBareSource(index, m[1]));
    // A section name may wrap onto the next line: read this line with the next one, report what starts here.
    const next = lines[at + 1] && lines[at + 1].line === line + 1 ? lines[at + 1].text.replace(/^\s*(\/\/|#|\*)?/, '') : '';
    for (const m of `${text} ${next}`.matchAll(DOCUMENT_SECTION)) {
      if (m.index < text.length) add(checkSection(index, file, m[1], m[2]));
    }
    for (const m of rest.matchAll(TRACKER_NUMBER)) add({ kind: 'issue-number', token: m[0] });
    for (const m of rest.matchAll(OUTSIDE_DOCUMENT)) add({ kind: 'outside-document', token: m[0] });
    if (!markdown || !fenced) {
      for (const m of rest.matchAll(BARE_NUMBER)) {
        if (markdown && tableRows.has(m[1])) continue; // "#3": row 3 of this document's numbered table
        add({ kind: 'issue-number', token: m[0] });
      }
    }
  }
  return findings;
}

// Files this check reads: every file of the tree that holds docs or comments.
export function scannedFiles(index) {
  return [...index.files].filter((f) => {
    if (/(^|\/)node_modules\//.test(f) || f.startsWith('tests/fuzz/corpus/')) return false;
    const source = readFileSync(path.join(index.root, f));
    if (source.includes(0)) return false;
    return fileKind(f, source.subarray(0, 200).toString('utf8').split('\n')[0]) !== null;
  }).sort();
}

// Every finding of the tree, as "file:line: kind: token" lines.
export function scanRepository(root) {
  const index = repositoryIndex(root);
  const findings = [];
  for (const file of scannedFiles(index)) findings.push(...scanText(index, file, readFileSync(path.join(root, file), 'utf8')));
  // A missing path that .gitignore declares generated is a build output named on purpose.
  const missing = findings.filter((f) => f.kind === 'missing');
  const ignored = index.isIgnored([...new Set(missing.flatMap((f) => f.ignoredCheck || [f.resolved]))]);
  return findings
    .filter((f) => f.kind !== 'missing' || !(f.ignoredCheck || [f.resolved]).some((p) => ignored.has(p) || ignored.has(p.replace(/\/$/, ''))))
    .map((f) => `${f.file}:${f.line}: ${f.kind}: ${f.token}`);
}
