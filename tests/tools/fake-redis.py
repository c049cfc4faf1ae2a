#!/usr/bin/env python3
"""A hostile Redis for tests/suites/oprf-server.sh: speaks just enough RESP to be believed, then lies.

  fake-redis.py --port PORT [--reply RAW]...

Reads RESP commands (arrays of bulk strings) on 127.0.0.1:PORT, any number of connections. PING -> +PONG,
AUTH -> +OK. Every EVAL gets the next --reply, verbatim after Python escape decoding (so "\\r\\n" and
":18446744073709551617\\r\\n" can be written on a command line); after the last one, the last again. Anything
else -> -ERR. Prints "ready" on stdout once listening. Replies are served in order across connections.
"""
import argparse
import socket
import sys
import threading


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--reply", action="append", default=[], help="raw RESP reply to EVAL (escapes decoded)")
    return p.parse_args()


class Replies:
    def __init__(self, raw):
        self.replies = [r.encode().decode("unicode_escape").encode("latin-1") for r in raw] or [b"-ERR none\r\n"]
        self.next = 0
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            reply = self.replies[min(self.next, len(self.replies) - 1)]
            self.next += 1
            return reply


def read_line(stream):
    line = stream.readline(65536)
    if not line.endswith(b"\r\n"):
        raise EOFError
    return line[:-2]


def read_command(stream):
    header = read_line(stream)
    if not header.startswith(b"*"):
        raise EOFError
    args = []
    for _ in range(int(header[1:])):
        length = read_line(stream)
        if not length.startswith(b"$"):
            raise EOFError
        data = stream.read(int(length[1:]) + 2)
        args.append(data[:-2])
    return args


def serve(conn, replies):
    stream = conn.makefile("rb")
    try:
        while True:
            args = read_command(stream)
            name = args[0].upper() if args else b""
            if name == b"PING":
                conn.sendall(b"+PONG\r\n")
            elif name == b"AUTH":
                conn.sendall(b"+OK\r\n")
            elif name == b"EVAL":
                conn.sendall(replies.take())
            else:
                conn.sendall(b"-ERR unknown command\r\n")
    except (EOFError, OSError, ValueError):
        pass
    finally:
        conn.close()


def main():
    args = parse_args()
    replies = Replies(args.reply)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, replies), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
