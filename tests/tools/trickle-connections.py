#!/usr/bin/env python3
"""Connections that trickle a request one byte at a time, from many addresses; a fresh client meanwhile.

Used by tests/suites/oprf-server.sh for `breachcheck serve` (docs/OPRF.md, "Connections and fairness"). An idle
timeout counts silence only: a connection that sends one header byte every few seconds is never silent for long,
so without an absolute deadline it is held forever, and enough of them from enough addresses fill the server.

  trickle-connections.py starve --url http://127.0.0.1:PORT --addresses 66 --per-address 16 \
      [--first-address 127.0.2.1] [--interval 1] [--hold 4] --victim-address 127.0.0.3 \
      [--victim-body BASE64_ELEMENT] [--limit-ms 1000]
    Opens addresses x per-address connections (one source address per group, counting up from
    --first-address), each sending the start of a request and then one header byte every --interval seconds; a
    connection the server closes is opened again --reopen-after seconds later (0.2: an attacker keeping its
    connections up; a flood of new connections is another attack, bounded upstream: docs/SECURITY.md). After --hold seconds a fresh
    client from --victim-address sends GET /healthz, then (with --victim-body) POST /v1/evaluate, each on a new
    connection, timed from connect to the full response. Exit 0 when both are answered (200) within --limit-ms.

  trickle-connections.py deadline --url http://127.0.0.1:PORT --interval 0.5 --expect-cut 2 [--slack 1.5]
    One connection trickles a header byte every --interval seconds; exit 0 when the server closes it after
    --expect-cut seconds and before --expect-cut + --slack seconds.

Prints one JSON line with what was measured. Exit 1 when the expectation fails, 2 on a usage error.
"""
import argparse
import ipaddress
import json
import resource
import selectors
import socket
import sys
import time
from urllib.parse import urlparse


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("starve")
    s.add_argument("--url", required=True)
    s.add_argument("--addresses", type=int, default=66)
    s.add_argument("--per-address", type=int, default=16)
    s.add_argument("--first-address", default="127.0.2.1")
    s.add_argument("--interval", type=float, default=1.0, help="seconds between two trickled bytes")
    s.add_argument("--hold", type=float, default=4.0, help="seconds of trickling before the fresh client goes")
    s.add_argument("--victim-address", default="127.0.0.3")
    s.add_argument("--victim-body", default="")
    s.add_argument("--path", default="/v1/evaluate")
    s.add_argument("--limit-ms", type=float, default=1000.0)
    s.add_argument("--victim-timeout", type=float, default=4.0, help="give up on the fresh client after this (s)")
    s.add_argument("--reopen-after", type=float, default=0.2)
    d = sub.add_parser("deadline")
    d.add_argument("--url", required=True)
    d.add_argument("--interval", type=float, default=0.5)
    d.add_argument("--expect-cut", type=float, required=True, help="seconds: the server's request deadline")
    d.add_argument("--slack", type=float, default=1.5)
    d.add_argument("--source-address", default="127.0.0.1")
    return p.parse_args()


REQUEST_START = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Trickle: "


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Trickler:
    """One connection that sends REQUEST_START, then a byte every interval; reopened when the server closes it."""

    def __init__(self, sel, host, port, source, reopen_after):
        self.sel, self.host, self.port, self.source = sel, host, port, source
        self.reopen_after = reopen_after
        self.reopen_at = None
        self.sock = None
        self.next_byte = 0.0
        self.started = False
        self.closed_by_server = 0

    def open(self, now):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((self.source, 0))
        s.setblocking(False)
        s.connect_ex((self.host, self.port))
        self.sock, self.started, self.next_byte = s, False, now
        self.sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, self)

    def drop(self, now):
        self.sel.unregister(self.sock)
        self.sock.close()
        self.sock = None
        self.closed_by_server += 1
        self.reopen_at = now + self.reopen_after

    def on_event(self, events, now):
        if events & selectors.EVENT_READ:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed (or refused) by the server: come back at once
                self.drop(now)
                return
        if events & selectors.EVENT_WRITE and not self.started:
            try:
                self.sock.send(REQUEST_START)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                self.drop(now)
                return
            self.started = True
            self.next_byte = now + 0.0
            self.sel.modify(self.sock, selectors.EVENT_READ, self)

    def tick(self, now, interval):
        if self.sock is None:
            if now >= self.reopen_at:
                self.open(now)
            return
        if self.started and now >= self.next_byte:
            try:
                self.sock.send(b"a")
            except OSError:
                self.drop(now)
                return
            self.next_byte = now + interval


def timed_request(host, port, source, request, timeout):
    """Sends one request on a fresh connection; returns (status or None, milliseconds)."""
    t0 = time.monotonic()
    try:
        s = socket.create_connection((host, port), timeout=timeout, source_address=(source, 0))
    except OSError:
        return None, (time.monotonic() - t0) * 1000
    data = b""
    try:
        s.settimeout(max(0.05, timeout - (time.monotonic() - t0)))
        s.sendall(request)
        while True:
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if len(body) >= length:
                    break
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    finally:
        s.close()
    ms = (time.monotonic() - t0) * 1000
    parts = data.split(b" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return status, ms


def starve(args, host, port):
    raise_file_limit()
    sel = selectors.DefaultSelector()
    first = ipaddress.IPv4Address(args.first_address)
    tricklers = []
    now = time.monotonic()
    for a in range(args.addresses):
        for _ in range(args.per_address):
            t = Trickler(sel, host, port, str(first + a), args.reopen_after)
            t.open(now)
            tricklers.append(t)
    end = time.monotonic() + args.hold
    while True:
        now = time.monotonic()
        if now >= end:
            break
        for key, events in sel.select(timeout=min(0.05, end - now)):
            if key.data.sock is key.fileobj:
                key.data.on_event(events, time.monotonic())
        now = time.monotonic()
        for t in tricklers:
            t.tick(now, args.interval)
    closed_before = sum(t.closed_by_server for t in tricklers)
    # The fresh client goes while every trickler is still trickling (their sockets stay open meanwhile).
    healthz = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    h_status, h_ms = timed_request(host, port, args.victim_address, healthz, args.victim_timeout)
    e_status, e_ms = None, 0.0
    if args.victim_body:
        body = args.victim_body.encode()
        evaluation = (f"POST {args.path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/plain\r\n"
                      f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
        e_status, e_ms = timed_request(host, port, args.victim_address, evaluation, args.victim_timeout)
    result = {
        "trickling": len(tricklers),
        "closedByServerBeforeVictim": closed_before,
        "healthzStatus": h_status,
        "healthzMs": round(h_ms, 1),
    }
    if args.victim_body:
        result.update({"evaluationStatus": e_status, "evaluationMs": round(e_ms, 1)})
    print(json.dumps(result))
    for t in tricklers:
        if t.sock is not None:
            t.sock.close()
    ok = h_status == 200 and h_ms <= args.limit_ms
    if args.victim_body:
        ok = ok and e_status == 200 and e_ms <= args.limit_ms
    return 0 if ok else 1


def deadline(args, host, port):
    s = socket.create_connection((host, port), timeout=5, source_address=(args.source_address, 0))
    t0 = time.monotonic()
    s.sendall(REQUEST_START)
    limit = args.expect_cut + args.slack
    cut_at = None
    sent = len(REQUEST_START)
    s.settimeout(args.interval)
    while time.monotonic() - t0 < limit + 1:
        try:
            data = s.recv(4096)
            if not data:
                cut_at = time.monotonic() - t0
                break
        except socket.timeout:
            pass
        except OSError:
            cut_at = time.monotonic() - t0
            break
        try:
            s.send(b"a")
            sent += 1
        except OSError:
            cut_at = time.monotonic() - t0
            break
    s.close()
    print(json.dumps({"bytesSent": sent, "cutAfterSeconds": None if cut_at is None else round(cut_at, 2)}))
    return 0 if cut_at is not None and args.expect_cut <= cut_at <= limit else 1


def main():
    args = parse_args()
    url = urlparse(args.url)
    if url.scheme != "http" or not url.hostname or not url.port:
        print("--url must be http://HOST:PORT", file=sys.stderr)
        return 2
    return starve(args, url.hostname, url.port) if args.mode == "starve" else deadline(args, url.hostname, url.port)


if __name__ == "__main__":
    sys.exit(main())
