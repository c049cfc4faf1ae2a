# SPDX-License-Identifier: MPL-2.0
# The directory of lists through the CLI (docs/DIRECTORY.md), sourced by tests/suites/format-v2.sh after its own
# checks (it uses the suite's $BC, $CATALOG, $KDF_SALT, $CREATED, check/ok/ko, and its scratch directory as the
# current one, with v1.bcd built under keys/publisher.key and --kdf-salt $KDF_SALT): a second list under another
# key and the same KDF salt, a directory of the two; `directory build` is reproducible, names a bad field and never
# leaves a partial file; `directory verify` (with --lists) accepts it and refuses a wrong key, a tampered byte, a
# rollback and a list whose header does not match its entry; `check --directory` names each list's answer, for a
# person in list A, in list B and in neither, and a list that cannot be read or is signed by a key its entry does
# not pin is reported as such (exit 3), never as not found. No identifier reaches stderr.

"$BC" synth --count 300 --out second.csv --seed 91 >/dev/null
"$BC" keygen --out keys-second >/dev/null
"$BC" keygen --out keys-directory >/dev/null
"$BC" keygen --out keys-stranger >/dev/null
"$BC" build --records second.csv --catalog "$CATALOG" --ops 1 --mem-kib 8 --quiet --k 5 --kdf-salt "$KDF_SALT" \
  --created "$CREATED" --key keys-second/publisher.key --out second.bcd --dataset-version 1 >/dev/null 2>&1 ||
  ko "build the second list"

# lists.json: list A = v1.bcd (keys/publisher.key), list B = second.bcd, each with its publisher's contact; $1
# overrides B's pinned key, $2 the salt, $3 B's contact.
CONTACT_A="tel:01 99 00 12 34"
CONTACT_B="https://second.example.org/contact"
write_lists() {
  python3 - "$(cat keys/publisher.pub)" "${1:-$(cat keys-second/publisher.pub)}" "${2:-$KDF_SALT}" "$CONTACT_A" \
    "${3:-$CONTACT_B}" <<'PY' >lists.json
import json, sys
key_a, key_b, salt, contact_a, contact_b = sys.argv[1:6]
entry = lambda i, url, op, key, contact: {"id": i, "name": {"fr": f"{i} (démo)", "en": f"{i} (demo)"}, "url": url,
                                          "publisherKeys": [key], "minVersion": 1, "operators": [op],
                                          "kdf": {"ops": 1, "memKiB": 8, "salt": salt}, "contact": contact}
print(json.dumps({"lists": [entry("viamedis-demo", "v1.bcd", "viamedis", key_a, contact_a),
                            entry("almerys-demo", "second.bcd", "almerys", key_b, contact_b)],
                  "incident": "viamedis-almerys-2024"}, indent=1))
PY
}
build_directory() { "$BC" directory build --lists lists.json --key keys-directory/publisher.key --created "$CREATED" "$@"; }

write_lists
build_directory --version 2 --out demo.bcdir >build-dir.json 2>build-dir.err
check "directory build: the directory is written" test -s demo.bcdir
build_directory --version 2 --out demo-again.bcdir >/dev/null 2>&1
check "directory build: same lists, key, version and --created give the same bytes" cmp -s demo.bcdir demo-again.bcdir

cp demo.bcdir kept.bcdir
python3 - <<'PY'
import json
d = json.load(open("lists.json"))
d["lists"][1]["publisherKeys"][0] = "not base64!"
json.dump(d, open("bad-lists.json", "w"))
PY
if "$BC" directory build --lists bad-lists.json --key keys-directory/publisher.key --version 3 --out kept.bcdir \
  >/dev/null 2>bad.err; then
  ko "directory build refuses a bad publisher key"
else
  check "directory build names the bad field (lists[1].publisherKeys[0], directory_lists_invalid)" \
    grep -q "error directory_lists_invalid: .*lists\[1\].publisherKeys\[0\]" bad.err
  check "directory build leaves the existing output untouched and no partial file" \
    bash -c 'cmp -s demo.bcdir kept.bcdir && ! ls kept.bcdir.* 2>/dev/null | grep -q .'
fi
# A contact in a scheme a page must never link (javascript:): refused, naming the field.
write_lists "" "" "javascript:alert(1)"
if build_directory --version 3 --out bad-contact.bcdir >/dev/null 2>bad-contact.err; then
  ko "directory build refuses a javascript: contact"
else
  check "directory build refuses a javascript: contact, naming it (lists[1].contact)" \
    grep -q "error directory_lists_invalid: .*lists\[1\].contact" bad-contact.err
fi
check "directory build writes nothing for a refused contact" test ! -e bad-contact.bcdir
write_lists
rm -f new.bcdir
"$BC" directory build --lists bad-lists.json --key keys-directory/publisher.key --version 3 --out new.bcdir \
  >/dev/null 2>&1
check "directory build writes nothing when refused" test ! -e new.bcdir

verify_status() { "$BC" directory verify "$@" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d.get("error", ""))'; }
check "directory verify: intact" test "$(verify_status demo.bcdir --key keys-directory/publisher.pub)" = "intact "
"$BC" directory verify demo.bcdir --key keys-directory/publisher.pub --lists >verify-lists.json
check "directory verify --lists: exit 0, both lists intact" \
  test "$(json verify-lists.json '[l["status"] for l in d["lists"]]')" = "['intact', 'intact']"
check "directory verify: each list's signed contact" \
  test "$(json verify-lists.json '" | ".join(l["contact"] for l in d["lists"])')" = "$CONTACT_A | $CONTACT_B"
check "directory verify: another pinned key is directory_key" \
  test "$(verify_status demo.bcdir --key keys-stranger/publisher.pub)" = "integrity_error directory_key"
check "directory verify: a floor above its version is directory_rollback" \
  test "$(verify_status demo.bcdir --key keys-directory/publisher.pub --min-version 3)" = "integrity_error directory_rollback"
python3 -c '
data = bytearray(open("demo.bcdir", "rb").read()); data[100] ^= 1; open("tampered.bcdir", "wb").write(data)'
check "directory verify: one body byte changed is directory_signature" \
  test "$(verify_status tampered.bcdir --key keys-directory/publisher.pub)" = "integrity_error directory_signature"

write_lists "" 00000000000000000000000000000001
build_directory --version 2 --out other-salt.bcdir >/dev/null 2>&1
"$BC" directory verify other-salt.bcdir --key keys-directory/publisher.pub --lists >other-salt.json 2>/dev/null
check "directory verify --lists: an entry announcing another KDF salt is directory_kdf_mismatch (exit 1)" \
  test "$? $(json other-salt.json '[l.get("error", "") for l in d["lists"]]')" = "1 ['directory_kdf_mismatch', 'directory_kdf_mismatch']"

# check --directory: each list named with its answer.
statuses() {
  "$BC" check --directory "$1" --directory-key keys-directory/publisher.pub --identity-stdin --allow-weak-kdf \
    --beneficiary <<<"$2" 2>>check.err >check.json
  echo "$? $(json check.json '" ".join(l["id"] + "=" + l["result"]["status"] for l in d["lists"])')"
}
in_a=$(sed -n 10p records.csv | cut -d, -f1-3)
in_b=$(sed -n 10p second.csv | cut -d, -f1-3)
neither=185057800608491,1985-05-12
check "check --directory: a person in list A" \
  test "$(statuses demo.bcdir "$in_a")" = "0 viamedis-demo=affected almerys-demo=not_found"
check "check --directory: a person in list B" \
  test "$(statuses demo.bcdir "$in_b")" = "0 viamedis-demo=not_found almerys-demo=affected"
check "check --directory: the list found is named with its own publisher's contact" \
  test "$(json check.json '" ".join(l["result"]["status"] + "=" + l["contact"] for l in d["lists"] if l["result"]["status"] == "affected")')" = "affected=$CONTACT_B"
check "check --directory: a person in neither" \
  test "$(statuses demo.bcdir "$neither")" = "0 viamedis-demo=not_found almerys-demo=not_found"
mv second.bcd second.away
check "check --directory: list B unreadable is unavailable, never not found (exit 3), A still answers" \
  test "$(statuses demo.bcdir "$in_a")" = "3 viamedis-demo=affected almerys-demo=unavailable"
mv second.away second.bcd
write_lists "$(cat keys-stranger/publisher.pub)"
build_directory --version 2 --out stranger.bcdir >/dev/null 2>&1
check "check --directory: list B signed by a key its entry does not pin is integrity_error (exit 3)" \
  test "$(statuses stranger.bcdir "$in_b")" = "3 viamedis-demo=not_found almerys-demo=integrity_error"
check "check --directory: ... with code publisher_key" \
  test "$(json check.json 'd["lists"][1]["result"]["errors"][0]')" = publisher_key
"$BC" check --directory tampered.bcdir --directory-key keys-directory/publisher.pub --identity-stdin --allow-weak-kdf \
  <<<"$neither" >tampered-check.json 2>>check.err
check "check --directory: a directory that does not verify ends with exit 1 and its code, no list read" \
  test "$? $(json tampered-check.json 'd["directory"]["error"] + " " + str("lists" in d)')" = "1 directory_signature False"
nir_a=${in_a%%,*}
nir_b=${in_b%%,*}
check "check --directory: no identifier on stderr" bash -c "! grep -q -e '$nir_a' -e '$nir_b' -e '185057800608491' check.err build-dir.err bad.err"
