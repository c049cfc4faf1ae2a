#!/usr/bin/env python3
"""Regenerates the committed seed corpora (tests/fuzz/corpus/<target>/) from the golden data set and the
unit-test fixtures. Deterministic; run it after a format change: python3 tests/fuzz/make-corpus.py"""
import hashlib, json, os, struct

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def write_all(target, seeds):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):  # regression inputs (inputs that once failed) are kept
        if not name.startswith("regress-"):
            os.remove(os.path.join(d, name))
    for name, data in seeds:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


golden = read("tests/golden/golden.bcd")
meta_len = struct.unpack_from("<I", golden, 76)[0]
header_len = 112 + meta_len + 64
capacity = struct.unpack_from("<I", golden, 12)[0]
stride = capacity * 16 + 64
metadata = golden[112:112 + meta_len]
buckets = [golden[header_len + i * stride:header_len + (i + 1) * stride] for i in range((len(golden) - header_len) // stride)]

# header: the golden file, its header alone, and cuts at field and region boundaries.
write_all("header", [
    ("golden.bcd", golden),
    ("header-only", golden[:header_len]),
    ("fixed-only", golden[:112]),
    ("cut-in-metadata", golden[:112 + 40]),
    ("cut-in-bucket", golden[:header_len + 20]),
    ("version-2", golden[:8] + b"\x02\x00" + golden[10:]),
])

# signed_header: flags byte, then (flag 1) a fixed header, then metadata JSON.
minimal_catalog = json.loads(read("tests/unit/catalogs/minimal.json"))
small_meta = json.dumps({"catalog": minimal_catalog, "insurers": [], "publisher": "P"},
                        separators=(",", ":"), sort_keys=True).encode()
write_all("signed_header", [
    ("golden-metadata", b"\x00" + metadata),
    ("golden-fixed-and-metadata", b"\x01" + golden[:112] + metadata),
    ("minimal", b"\x00" + small_meta),
    ("minimal-oprf-mode", b"\x01" + golden[:10] + b"\x01" + golden[11:112] + small_meta),
    ("minimal-oprf-object", b"\x01" + golden[:10] + b"\x01" + golden[11:112] + json.dumps(
        {"catalog": minimal_catalog, "insurers": [], "publisher": "P", "oprf": {
            "suite": "ristretto255-SHA512", "mode": "voprf",
            "public_key": "yAPizGsF/BUGRUm1kgZZykp3ssym8E9rNXAJM1R2rU4=",
            "endpoints": ["https://oprf.example.fr/v1/evaluate"]}},
        separators=(",", ":"), sort_keys=True).encode()),
    ("not-object", b"\x00[1,2,3]"),
    ("no-catalog", b'\x00{"insurers":[],"publisher":"P"}'),
])

# bucket: flags, person selector, plant position, bucket bytes.
seeds = []
for b, data in enumerate(buckets):
    for person in range(4):
        seeds.append((f"bucket{b}-person{person}", bytes([0, person, 0]) + data))
    seeds.append((f"bucket{b}-resigned-planted", bytes([0x0F, 0, 1]) + data))
write_all("bucket", seeds)

records = read("tests/golden/records.csv")
# csv: the first byte chooses the input options (fuzz_csv.cpp): bits 0-1 delimiter (detected , ; tab),
# bits 2-3 encoding (utf-8, windows-1252, latin-1), bits 4-5 date format (ISO, dd/mm/yyyy, d.m.yyyy,
# yyyymmdd), bit 6 the column mapping nir=NUM_SECU,birth_date=DATE_NAISS, bit 7 build and verify a data set.
# The regress-* inputs were given the options byte 0x01 (commas, UTF-8, ISO dates: how they were read).
DETECT, COMMA, SEMICOLON, TAB = 0, 1, 2, 3
CP1252, LATIN1 = 1 << 2, 2 << 2
FRENCH_DATES = 1 << 4
MAPPED = 1 << 6
BUILD = 1 << 7


def french(rows, delimiter=b";"):
    """The golden rows as French Excel writes them: another separator (categories quoted), dd/mm/yyyy."""
    out = []
    for line in rows.strip(b"\n").split(b"\n")[1:]:
        nir, date, rank, op, categories, insurer = line.split(b",", 5)
        y, m, d = date.split(b"-")
        out.append(delimiter.join([nir, d + b"/" + m + b"/" + y, rank, op, b'"' + categories + b'"', insurer]))
    return out


header_fr = b"NIR;BIRTH_DATE;BIRTH_RANK;OPERATOR;CATEGORIES;INSURER"
excel = b"\xef\xbb\xbf" + b"\r\n".join([header_fr] + french(records)) + b"\r\n"
cp1252 = ("\r\n".join([header_fr.decode()] + [r.decode() for r in french(records)]) + "\r\n")
cp1252 = cp1252.replace("Mutuelle Golden A", "Mutuelle Générale Démo").encode("cp1252")
mapped = b"\n".join([b"NUM_SECU\tDATE_NAISS\tbirth_rank\toperator\tcategories\tinsurer"] +
                     [r.replace(b"/", b".") for r in french(records, b"\t")]) + b"\n"
write_all("csv", [
    ("golden-records.csv", bytes([DETECT | BUILD]) + records),
    ("rows-only.csv", bytes([COMMA]) + records.split(b"\n", 1)[1]),
    ("quoted.csv", bytes([COMMA]) + b'a,b,c\r\n"x,1","say ""hi""","two\nlines"\n\nlast,,\n'),
    ("bad-rows.csv", bytes([COMMA]) + b'"185057800608491,1985-05-12,1,viamedis,nir,A\n"1850"57,1985-05-12\n'
     b'1850"57,x\n185057800608492,1985-02-30,0,acme,shoe_size,A\x00B\n'),
    ("bom-and-spaces.csv", bytes([DETECT]) + b"\xef\xbb\xbf 2 85 03 78 006 111 79 ,1985-03-15, ,Almerys,nir; civil_status ,M\r\n"),
    ("french-excel.csv", bytes([DETECT | FRENCH_DATES | BUILD]) + excel),
    ("windows-1252.csv", bytes([SEMICOLON | CP1252 | FRENCH_DATES | BUILD]) + cp1252),
    ("windows-1252-as-utf8.csv", bytes([DETECT | FRENCH_DATES]) + cp1252),
    ("mapped-tabs.csv", bytes([DETECT | MAPPED | (2 << 4) | BUILD]) + mapped),
    ("utf16.csv", bytes([DETECT]) + "\ufeffnir,birth_date\r\n".encode("utf-16-le")),
])

catalog_seeds = [("default.json", read("wasm/catalog/viamedis-almerys-2024.json"))]
for name in sorted(os.listdir(os.path.join(ROOT, "tests/unit/catalogs"))):
    catalog_seeds.append((name, read("tests/unit/catalogs/" + name)))
write_all("catalog", catalog_seeds)


def identity(nir, date, rank=b"", flags=0):
    return bytes([flags, len(nir), len(date)]) + nir + date + rank


write_all("identity", [
    ("valid", identity(b"1 85 05 78 006 084 91", b"1985-05-17")),
    ("valid-no-key", identity(b"1850578006084", b"1985-05-17", b"2")),
    ("corsica-2a", identity(b"2 90 11 2a 004 123 51", b"1990-11-03", b"1")),
    ("fullwidth", identity("１８５０５７８００６０８４９１".encode(), b"1985-05-17")),
    ("separators", identity("1\u00a085\u202f05\u300078-006.084\u2013 91".encode(), b" 1985-05-17\t")),
    ("beneficiary", identity(b"185057800608491", b"2012-09-14", b"3", flags=1)),
    ("bad-key", identity(b"1 85 05 78 006 084 92", b"1985-02-30", b"0")),
    ("provisional", identity(b"7 60 04 75 056 301 43", b"1960-04-22")),
    ("month-99", identity(b"2809975216002", b"1999-08-08")),
    ("long", identity(b"1" * 200, b"9" * 200, b"x" * 50)),
    ("invalid-utf8", identity(b"185057\xff8006084\xe2\x80", b"1985-05-17")),
])

write_all("keys", [
    ("public.txt", read("tests/golden/publisher.pub")),
    ("public-nopad.txt", read("tests/golden/publisher.pub").strip().rstrip(b"=")),
    # A throwaway seed (SHA-256 of a label), in the secret key file format; never a real key.
    ("secret.txt", b"breachcheck-secret-key-v1\n" +
     __import__("base64").b64encode(hashlib.sha256(b"breachcheck fuzz seed").digest()) + b"\n"),
])

# oprf_wire: the RFC 9497 A.1 VOPRF key (ristretto255-SHA512) in every shape the hardened mode exchanges.
_b64 = __import__("base64").b64encode
_pk = bytes.fromhex("c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e")
_sk = bytes.fromhex("e6f73f344b79b379f1a0dd37e07ff62e38d9f71345ce62ae3a9bc60b04ccd909")
write_all("oprf_wire", [
    ("request", _b64(_pk)),
    ("request-identity", _b64(bytes(32))),
    ("request-bit255", _b64(_pk[:31] + bytes([_pk[31] | 0x80]))),
    ("response", json.dumps({"evaluated_element": _b64(_pk).decode(), "proof": _b64(_sk + _sk).decode()}).encode()),
    ("public-key", _b64(_pk)),
    ("secret-key-file", b"breachcheck-oprf-secret-key-v1\n" + _b64(_sk) + b"\n"),
    ("header-object", json.dumps({"suite": "ristretto255-SHA512", "mode": "voprf", "public_key": _b64(_pk).decode(),
                                  "endpoints": ["https://oprf.example.fr/v1/evaluate", "http://127.0.0.1:8787/e"]},
                                 sort_keys=True, separators=(",", ":")).encode()),
])

# resp: one byte for the read size (n % 64 + 1 bytes per read), then what a Redis server sends: the replies the
# evaluation server expects (PONG, OK after AUTH, the rate-limit script's array of three integers, errors), every
# type, and the hostile replies of tests/tools/fake-redis.py.
write_all("resp", [
    ("pong", b"\x3f+PONG\r\n"),
    ("auth-ok-then-pong", b"\x00+OK\r\n+PONG\r\n"),
    ("rate-limit-allowed", b"\x06*3\r\n:1\r\n:0\r\n:0\r\n"),
    ("rate-limit-refused", b"\x02*3\r\n:0\r\n:1\r\n:6000\r\n"),
    ("errors", b"\x3f-WRONGPASS invalid username-password pair or user is disabled.\r\n-NOSCRIPT No matching script\r\n"),
    ("bulk-and-nil", b"\x04$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n"),
    ("nested", b"\x3f*2\r\n*2\r\n:1\r\n$1\r\nx\r\n*1\r\n*1\r\n*1\r\n+deep\r\n"),
    ("integers", b"\x3f:-9223372036854775808\r\n:9223372036854775807\r\n:-0\r\n:007\r\n"),
    ("integer-past-int64", b"\x3f:18446744073709551617\r\n"),
    ("array-length-wrapped", b"\x3f*18446744073709551619\r\n:1\r\n"),
    ("bulk-without-crlf", b"\x01$3\r\nabcde\r\n"),
])

# json: one byte for the nesting bound (n % 16 + 1 levels: 0x0f is the metadata's 16), then the text. Valid texts
# of every shape the engine reads, the grammar's corners, and near misses.
write_all("json", [
    ("golden-metadata", b"\x0f" + metadata),
    ("minimal-catalog", b"\x07" + read("tests/unit/catalogs/minimal.json")),
    ("response", b"\x0f" + json.dumps({"evaluated_element": _b64(_pk).decode(),
                                       "proof": _b64(_sk + _sk).decode()}).encode()),
    ("escapes", b'\x0f{"a":"\\u00e9\\uD83D\\uDE00\\n\\t\\"\\\\\\/\\b\\f\\r","b":"\\u0000","\xc3\xa9":"\xf0\x9f\x98\x80"}'),
    ("numbers", b"\x0f[0,-0,-1,18446744073709551615,18446744073709551616,-9223372036854775808,"
                b"-9223372036854775809,1.5,1e3,1E-3,2.5e+10,1.7976931348623157e308,4.9e-324]"),
    ("overflowing-number", b"\x0f[1.7976931348623159e308]"),
    ("nested", b"\x03{\"a\":[{\"b\":[]}]}"),
    ("duplicate-key", b'\x0f{"a":{"k":1,"\\u006b":2}}'),
    ("lone-surrogate", b'\x0f["\\uD800\\u0041"]'),
    ("nul-tail", b"\x0f{}\x00{}"),
    ("byte-order-mark", b"\x0f\xef\xbb\xbf{}"),
])

# directory: flags byte (1: the whole file as is; 2: 24 bytes of header fields, then the body; 0: the body alone,
# signed with the golden directory key), docs/DIRECTORY.md.
directory_file = read("tests/golden/directory.bcdir")
directory_body = directory_file[68:68 + struct.unpack_from("<I", directory_file, 64)[0]]
_two = json.loads(directory_body)
_two["lists"].append(dict(_two["lists"][0], id="second", url="https://lists.example.fr/second.bcd",
                          name={"fr": "Deuxi\u00e8me liste"}))
del _two["lists"][1]["kdf"]
contacts_file = read("tests/golden/directory-contacts.bcdir")
contacts_body = contacts_file[68:68 + struct.unpack_from("<I", contacts_file, 64)[0]]
two_lists = json.dumps(_two, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
write_all("directory", [
    ("golden-file", b"\x01" + directory_file),
    ("golden-body", b"\x00" + directory_body),
    ("golden-fields-and-body", b"\x02" + directory_file[8:32] + directory_body),
    ("two-lists", b"\x00" + two_lists),
    ("duplicate-id", b"\x00" + two_lists.replace(b'"id":"second"', b'"id":"golden"')),
    ("not-canonical", b"\x00 " + directory_body),
    # Each list's publisher contact (tel:, https:, plain text, none), and one in a scheme that is refused.
    ("contacts-file", b"\x01" + contacts_file),
    ("contacts-body", b"\x00" + contacts_body),
    ("contact-javascript", b"\x00" + contacts_body.replace(b'"tel:01 99 00 12 34"', b'"javascript:alert(1)"')),
    ("contact-escaped-control", b"\x00" + contacts_body.replace(b'"tel:01 99 00 12 34"', b'"tel:01\\u0085 99 00 12 34"')),
])

total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
print(f"corpus: {total} bytes")
