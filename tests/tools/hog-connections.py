#!/usr/bin/env python3
"""One client hogs an HTTP server's connections; a second client times one request meanwhile.

Used by tests/suites/oprf-server.sh for `breachcheck serve` (docs/OPRF.md, "Connections and fairness"):

  hog-connections.py --url http://127.0.0.1:PORT --hog-address 127.0.0.2 --connections 200 --mode idle \
      --victim-address 127.0.0.3 [--victim-body BASE64_ELEMENT] [--limit-ms 100]

Modes of the hog (every connection from --hog-address, all opened before the victim's request):
  idle     each connection sends one complete keep-alive request (GET /healthz), then stays open and silent;
  partial  each connection sends half a request (request line and part of a header), then stalls.
The victim (from --victim-address, on a fresh connection) sends one request: POST /v1/evaluate with
--victim-body (text/plain), or GET /healthz without it, and times it from connect to the full response.
Prints one JSON line: connections the hog opened, how many the server answered or closed, victim status and
time. Exit 0 when the victim's status is 200 within --limit-ms, 1 otherwise, 2 on a usage error.
"""
import argparse
import json
import selectors
import socket
import sys
import time
from urllib.parse import urlparse


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="http://HOST:PORT (the server's base URL)")
    p.add_argument("--path", default="/v1/evaluate")
    p.add_argument("--hog-address", default="127.0.0.2")
    p.add_argument("--victim-address", default="127.0.0.3")
    p.add_argument("--connections", type=int, default=200)
    p.add_argument("--mode", choices=["idle", "partial"], default="idle")
    p.add_argument("--victim-body", default="")
    p.add_argument("--limit-ms", type=float, default=100.0)
    p.add_argument("--settle-ms", type=float, default=1000.0,
                   help="time given to the hog's connections to be accepted and answered before the victim goes")
    p.add_argument("--victim-timeout", type=float, default=20.0, help="give up on the victim after this (s)")
    return p.parse_args()


def response_complete(data):
    """True once data holds a full HTTP response (headers and a Content-Length body)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    return len(body) >= length


def open_hog(host, port, args):
    """Opens the hog's connections (non-blocking) and sends each its bytes; returns the sockets."""
    if args.mode == "idle":
        request = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()
    else:
        request = f"POST {args.path} HTTP/1.1\r\nHost: {host}\r\nContent-Ty".encode()
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(args.connections):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((args.hog_address, 0))
        s.setblocking(False)
        s.connect_ex((host, port))
        socks.append(s)
        sel.register(s, selectors.EVENT_WRITE, {"sent": False, "got": b"", "closed": False})
    answered = closed = 0
    deadline = time.monotonic() + args.settle_ms / 1000.0
    while time.monotonic() < deadline:
        for key, events in sel.select(timeout=max(0.0, deadline - time.monotonic())):
            s, state = key.fileobj, key.data
            if events & selectors.EVENT_WRITE and not state["sent"]:
                try:
                    s.send(request)
                except OSError:
                    state["closed"] = True
                    closed += 1
                    sel.unregister(s)
                    continue
                state["sent"] = True
                sel.modify(s, selectors.EVENT_READ, state)
            elif events & selectors.EVENT_READ:
                try:
                    chunk = s.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    state["closed"] = True
                    closed += 1
                    sel.unregister(s)
                    continue
                before = response_complete(state["got"])
                state["got"] += chunk
                if not before and response_complete(state["got"]):
                    answered += 1
    sel.close()
    return socks, answered, closed


def victim_request(host, port, args):
    if args.victim_body:
        body = args.victim_body.encode()
        request = (f"POST {args.path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/plain\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    else:
        request = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    started = time.monotonic()
    data = b""
    try:
        s = socket.create_connection((host, port), timeout=args.victim_timeout,
                                     source_address=(args.victim_address, 0))
        s.settimeout(max(0.1, args.victim_timeout - (time.monotonic() - started)))
        s.sendall(request)
        while not response_complete(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
    except OSError:
        pass
    elapsed_ms = (time.monotonic() - started) * 1000.0
    status = 0
    if data.startswith(b"HTTP/1."):
        status = int(data.split(b" ", 2)[1])
    return status, elapsed_ms


def main():
    args = parse_args()
    url = urlparse(args.url)
    if url.scheme != "http" or not url.hostname or not url.port or args.connections < 1:
        print("hog-connections: --url must be http://HOST:PORT and --connections >= 1", file=sys.stderr)
        return 2
    socks, answered, closed = open_hog(url.hostname, url.port, args)
    status, elapsed_ms = victim_request(url.hostname, url.port, args)
    for s in socks:
        s.close()
    ok = status == 200 and elapsed_ms <= args.limit_ms
    print(json.dumps({"mode": args.mode, "hogConnections": args.connections, "hogAnswered": answered,
                      "hogClosedByServer": closed, "victimStatus": status, "victimMs": round(elapsed_ms, 1),
                      "limitMs": args.limit_ms, "ok": ok}, separators=(",", ":")))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
