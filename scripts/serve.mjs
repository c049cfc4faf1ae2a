#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// A small static server for public/ with what the widget needs and a CDN would do: exact HTTP Range
// (206, Content-Range, 416), the strict CSP and privacy headers, correct MIME types. It logs nothing about
// requests: no client addresses, no paths, no Range headers (a bucket's range is a few bits of a person's
// lookup tag).
//   node scripts/serve.mjs [--root public] [--port 8080] [--host 127.0.0.1] [--ignore-range]
//                          [--allow-origin ORIGIN] [--connect-origin ORIGIN]... [--test-faults]
// --ignore-range   answers every request with the whole file (200), like a misconfigured host.
// --allow-origin   adds ORIGIN to script-src and frame-src (a third-party page embedding the publisher).
// --connect-origin adds ORIGIN to connect-src (repeatable): the host of a data set that is not on this origin
//                  (the widget reads it with fetch; docs/HOSTING.md), and the evaluation server(s) of a
//                  hardened-mode data set (docs/OPRF.md), which the widget POSTs to once per check.
// --test-faults    enables GET /__test/fault?mode=MODE[&count=N] (tests only): the next N Range requests
//                  for *.bcd get MODE: 404 | 500 | ignore-range | wrong-range | wrong-total | slow | drop;
//                  mode=none resets.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const root = resolve(option('--root', 'public'));
const port = Number(option('--port', process.env.PORT || 8080));
const host = option('--host', '127.0.0.1');
const ignoreRange = flag('--ignore-range');
const testFaults = flag('--test-faults');
const allowOrigin = option('--allow-origin', '');
const connectOrigins = args.flatMap((a, i) => (a === '--connect-origin' && i + 1 < args.length ? [args[i + 1]] : []));

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.bcd': 'application/octet-stream', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

const extra = allowOrigin ? ` ${allowOrigin}` : '';
// Without connect-src, fetch falls back to default-src 'self': a hardened-mode page must list its evaluation
// origin(s) there, and only those.
const connect = connectOrigins.length ? `connect-src 'self' ${connectOrigins.join(' ')}; ` : '';
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'${extra}; style-src 'self'; ${connect}` +
  `frame-src 'self'${extra}; object-src 'none'; base-uri 'none'; form-action 'none'`;
// Only the page made to be framed (embed/frame.html, with frame.js's protections: docs/EMBEDDING.md) may be
// framed by other sites; every other response says `frame-ancestors 'self'` (and X-Frame-Options for browsers
// without CSP level 2). frame-ancestors works only as an HTTP header: a <meta> CSP ignores it.
const FRAMEABLE = new Set([join(root, 'embed', 'frame.html')]);
const NOT_FRAMEABLE = { 'Content-Security-Policy': `${CSP}; frame-ancestors 'self'`, 'X-Frame-Options': 'SAMEORIGIN' };
const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Any origin may read the widget and data set (publisher pages elsewhere, SRI with crossorigin); no
  // credentials are ever involved, and the data set is public by design.
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
  'Cache-Control': 'no-cache',
};

let fault = { mode: 'none', count: 0 };

function send(res, status, headers = {}, body = '') {
  res.writeHead(status, { ...SECURITY_HEADERS, ...NOT_FRAMEABLE, ...headers });
  res.end(body);
}

// "bytes=a-b" | "bytes=a-" | "bytes=-n" against a file of `size` bytes -> {start, end} | 'unsatisfiable' | null.
export function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // multiple or malformed ranges: serve the whole file
  let start;
  let end;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return null;
  }
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

async function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) {
      path = join(path, 'index.html');
      return { path, stat: await fs.stat(path) };
    }
    return { path, stat };
  } catch {
    return null;
  }
}

function handleFault(url, res) {
  const mode = url.searchParams.get('mode') || 'none';
  fault = { mode, count: Number(url.searchParams.get('count') || (mode === 'none' ? 0 : 1e9)) };
  send(res, 204);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  if (testFaults && url.pathname === '/__test/fault') return handleFault(url, res);
  if (req.method === 'OPTIONS') {
    return send(res, 204, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range',
      'Access-Control-Max-Age': '600' });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { Allow: 'GET, HEAD' });
  const found = await resolvePath(url.pathname);
  if (!found || !found.stat.isFile()) return send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
  const { path, stat } = found;
  const size = stat.size;
  const type = MIME[extname(path).toLowerCase()] || 'application/octet-stream';
  const base = { 'Content-Type': type, 'Accept-Ranges': ignoreRange ? 'none' : 'bytes',
    'Last-Modified': stat.mtime.toUTCString(), ...(FRAMEABLE.has(path) ? {} : NOT_FRAMEABLE) };
  const rangeHeader = req.headers.range;

  let mode = 'none';
  if (testFaults && rangeHeader && path.endsWith('.bcd') && fault.count > 0) {
    mode = fault.mode;
    fault.count -= 1;
  }
  if (mode === '404') return send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
  if (mode === '500') return send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Server error\n');
  if (mode === 'drop') return req.socket.destroy();
  if (mode === 'slow') await new Promise((r) => setTimeout(r, 3000));

  const range = rangeHeader && !ignoreRange && mode !== 'ignore-range' ? parseRange(rangeHeader, size) : null;
  if (range === 'unsatisfiable') return send(res, 416, { ...base, 'Content-Range': `bytes */${size}` });
  if (range) {
    let { start, end } = range;
    let total = size;
    if (mode === 'wrong-range') { start += 1; end = Math.min(end + 1, size - 1); }
    if (mode === 'wrong-total') total = size + 1;
    res.writeHead(206, { ...SECURITY_HEADERS, ...base, 'Content-Range': `bytes ${start}-${end}/${total}`,
      'Content-Length': String(end - start + 1) });
    if (req.method === 'HEAD') return res.end();
    return createReadStream(path, { start, end }).pipe(res);
  }
  res.writeHead(200, { ...SECURITY_HEADERS, ...base, 'Content-Length': String(size) });
  if (req.method === 'HEAD') return res.end();
  return createReadStream(path).pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 500);
    else res.destroy();
  });
});
server.listen(port, host, () => {
  const { port: actual } = server.address();
  // The only line this server ever prints.
  console.log(`serve: ${root} on http://${host}:${actual}/${ignoreRange ? ' (ignoring Range)' : ''}`);
});
