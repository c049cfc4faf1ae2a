#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Regenerates the golden data set and expected.json. Run it only when the format changes on purpose
# (and bump format_version in docs/FORMAT.md); review the diff of expected.json by hand.
# Usage: tests/golden/regenerate.sh BUILD_DIR   (a native build with `breachcheck` and `print_kdf_vectors`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: regenerate.sh BUILD_DIR}
bc="$build/wasm/breachcheck"
publisher_salt=00112233445566778899aabbccddeeff  # --salt; the header carries release_salt(it, version, created)
created=1795824000   # 2026-11-28T00:00:00Z
publisher="Golden test publisher"

# What a golden directory's test expects (tests/unit/test_directory.cpp): its version, dates and signed body, read
# back from the file (the body's length at offset 64, the body from 68), with EXTRA (a JSON object) before the body.
# Usage: directory_expected FILE VERSION EXTRA
directory_expected() {
  node -e '
    const [file, version, created, extra] = process.argv.slice(1);
    const bytes = require("fs").readFileSync(file);
    const length = bytes.readUInt32LE(64);
    console.log(JSON.stringify({ version: Number(version), created: Number(created),
      notAfter: Number(created) + 3650 * 86400, ...JSON.parse(extra),
      body: bytes.subarray(68, 68 + length).toString("utf8") }, null, 2));
  ' "$1" "$2" "$created" "$3"
}

cp "$here/../../wasm/catalog/viamedis-almerys-2024.json" "$here/catalog.json"
[ -f "$here/publisher.key" ] || "$bc" keygen --out "$here" >/dev/null
"$bc" build --records "$here/records.csv" --catalog "$here/catalog.json" --key "$here/publisher.key" \
  --out "$here/golden.bcd" --k 2 --ops 1 --mem-kib 8 --salt "$publisher_salt" --created "$created" \
  --publisher "$publisher" --dataset-version 7 --valid-days 3650 --quiet > "$here/build-report.json"
inspect=$("$bc" inspect --dataset "$here/golden.bcd")
salt=$(node -e 'process.stdout.write(require("fs").readFileSync(process.argv[1]).subarray(32, 48).toString("hex"))' "$here/golden.bcd")
vectors=$("$build/tests/print_kdf_vectors" "$salt")
node -e '
  const [inspect, report, vectors, checks, salt, created] = process.argv.slice(1);
  const i = JSON.parse(inspect), r = JSON.parse(report);
  const out = {
    header: { prefixBits: i.prefixBits, bucketCapacity: i.bucketCapacity, kdfOps: i.kdf.ops, kdfMemKiB: i.kdf.memKiB,
              salt, records: i.records, created: Number(created), notAfter: Number(created) + 3650 * 86400,
              datasetVersion: i.datasetVersion, publisher: i.publisher, insurers: i.insurers, k: 2 },
    checks: JSON.parse(checks),
    kdfVectors: JSON.parse(vectors),
  };
  console.log(JSON.stringify(out, null, 2));
' "$inspect" "$(cat "$here/build-report.json")" "$vectors" "$(cat "$here/checks.json")" "$salt" "$created" > "$here/expected.json"
rm -f "$here/build-report.json"

# The golden directory (docs/DIRECTORY.md): one list, the golden data set, under its own directory key.
if [ ! -f "$here/directory.key" ]; then
  keys=$(mktemp -d)
  "$bc" keygen --out "$keys" >/dev/null
  mv "$keys/publisher.key" "$here/directory.key"
  mv "$keys/publisher.pub" "$here/directory.pub"
  rm -rf "$keys"
fi
node -e '
  const [pub, salt] = process.argv.slice(1);
  console.log(JSON.stringify({ incident: "golden-incident", lists: [{ id: "golden", name: { fr: "Liste de test", en: "Test list" },
    url: "golden.bcd", publisherKeys: [pub], minVersion: 7, operators: ["viamedis", "almerys"],
    kdf: { ops: 1, memKiB: 8, salt } }] }, null, 2));
' "$(cat "$here/publisher.pub")" "$salt" > "$here/directory-lists.json"
"$bc" directory build --lists "$here/directory-lists.json" --key "$here/directory.key" --version 3 \
  --created "$created" --valid-days 3650 --out "$here/directory.bcdir" >/dev/null
directory_expected "$here/directory.bcdir" 3 '{}' > "$here/directory-expected.json"

# The golden directory with each list's publisher contact (docs/DIRECTORY.md, the optional `contact`): the
# golden data set's list with a tel: contact, two more with an https: and a plain-text one, a fourth without.
node -e '
  const [pub, salt] = process.argv.slice(1);
  const list = (id, url, contact) => ({ id, name: { fr: `Liste ${id}` }, url, publisherKeys: [pub], minVersion: 7,
    operators: ["viamedis"], kdf: { ops: 1, memKiB: 8, salt }, ...(contact ? { contact } : {}) });
  console.log(JSON.stringify({ incident: "golden-incident", lists: [
    list("golden", "golden.bcd", "tel:01 99 00 12 34"),
    list("golden-https", "https://lists.example.org/golden-https.bcd", "https://publisher.example.org/contact"),
    list("golden-text", "golden-text.bcd", "Service réclamations, 1 rue de l\u2019Exemple, 75000 Paris"),
    list("golden-none", "golden-none.bcd", null),
  ] }, null, 2));
' "$(cat "$here/publisher.pub")" "$salt" > "$here/directory-contacts-lists.json"
"$bc" directory build --lists "$here/directory-contacts-lists.json" --key "$here/directory.key" --version 4 \
  --created "$created" --valid-days 3650 --out "$here/directory-contacts.bcdir" >/dev/null
directory_expected "$here/directory-contacts.bcdir" 4 '{"contacts": ["tel:01 99 00 12 34",
  "https://publisher.example.org/contact", "Service réclamations, 1 rue de l\u2019Exemple, 75000 Paris", ""]}' \
  > "$here/directory-contacts-expected.json"
echo "golden data set: $(stat -c %s "$here/golden.bcd") bytes, directory: $(stat -c %s "$here/directory.bcdir") bytes, with contacts: $(stat -c %s "$here/directory-contacts.bcdir") bytes; review: git diff tests/golden/"
