#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# End to end through the publisher CLI, as a publisher and a person would use it:
# synth N records -> keygen -> build -> verify -> inspect -> check sampled people (affected with exactly
# their categories and operators), altered identifiers (not_found), tampered bytes and a wrong key
# (integrity_error, never not_found). No identifier may appear in the CLI's stderr. Then the export forms
# of tests/cli/input-forms.sh (the big Windows-1252 file has RECORDS rows), and the operator's file as received
# (tests/cli/operator-file.sh).
# Usage: tests/cli/roundtrip.sh BREACHCHECK_BINARY [RECORDS]
# (prints "cli: N passed, M failed", then "cli-input: N passed, M failed")
set -euo pipefail
bc=$(realpath "${1:?usage: roundtrip.sh BREACHCHECK_BINARY [RECORDS]}")
records=${2:-100000}
here=$(cd "$(dirname "$0")" && pwd)
catalog="$here/../../wasm/catalog/viamedis-almerys-2024.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$bc" synth --count "$records" --out records.csv --seed 11
"$bc" keygen --out keys > /dev/null
"$bc" keygen --out other > /dev/null
"$bc" build --records records.csv --catalog "$catalog" --key keys/publisher.key --out set.bcd \
  --ops 1 --mem-kib 8 --publisher "Roundtrip publisher" > build.json 2> build.err
"$bc" verify --dataset set.bcd --pubkey keys/publisher.pub > verify.json
"$bc" inspect --dataset set.bcd > inspect.json

node "$here/roundtrip-checks.mjs" "$bc" "$work"
"$here/input-forms.sh" "$bc" "$records"
"$here/operator-file.sh" "$bc"
