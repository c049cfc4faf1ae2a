#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The operator's file as received: a French Excel export (Windows-1252, ';', CRLF, dd/mm/yyyy, the
# key in a "Clé" column, no operator or categories column) with planted defects, made from `breachcheck synth`
# output by operator-export.py. `validate` reports every planted row with its line, column and code, and no
# other; the counts add up; the file builds with --operator and --categories; every other person is found by
# `check` (as a beneficiary where the date is not the NIR's). A spreadsheet workbook gets "save it as CSV".
# No identifier in any output.
# Usage: tests/cli/operator-file.sh BREACHCHECK_BINARY     (prints "cli-operator-file: N passed, M failed")
set -uo pipefail
SUITE=cli-operator-file
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/suite.sh"
bc=$(realpath "${1:?usage: operator-file.sh BREACHCHECK_BINARY}")
catalog="$here/../../wasm/catalog/viamedis-almerys-2024.json"
work_dir
cd "$work"

"$bc" synth --count 60 --out synth.csv --seed 21 || fail_early "synth failed"
python3 "$here/operator-export.py" synth.csv export.csv planted.csv findable.csv || fail_early "operator-export.py failed"
"$bc" keygen --out keys >/dev/null
check "the fixture is Windows-1252 with CRLF line ends (é = E9, CR LF)" \
  bash -c "LC_ALL=C grep -q \$'\\xE9' export.csv && [ \"\$(head -c 200 export.csv | tr -cd '\\r' | wc -c)\" -ge 1 ]"
columns='nir=N° Sécurité Sociale,birth_date=Date de naissance,birth_rank=Rang de naissance,insurer=Organisme complémentaire'
read_as=(--encoding windows-1252 --date-format dd/mm/yyyy --columns "$columns")
categories=(--categories civil_status,birth_date,nir,insurer_name,contract_guarantees)
input=("${read_as[@]}" --operator viamedis "${categories[@]}")
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null; }

echo "--- validate: every planted row, with its line, and nothing else"
"$bc" validate --records export.csv --catalog "$catalog" "${input[@]}" --ops 1 --mem-kib 8 --json \
  --errors-out errors.csv >validate.json 2>validate.err
status=$?
check "validate: not clean (exit 1), a report" [ "$status" = 1 -a -s validate.json ]
check "--errors-out lists exactly the planted rows (line, column, code)" \
  bash -c "diff <(tail -n +2 planted.csv | sort) <(tail -n +2 errors.csv | sort)"
check "the key column was found next to the NIR and joined" [ "$(json validate.json "d['input']['keyColumn']")" = True ]
check "the ignored columns are named" \
  [ "$(json validate.json "d['input']['ignoredColumnNames']")" = "['Nom', 'Prénom', 'Code garantie']" ]
check "rows read = records + refused + duplicates merged" \
  [ "$(json validate.json "d['rowsRead'] == d['records'] + d['rowsRefused'] + d['rowsMerged']")" = True ]
check "every planted line is a refused row" \
  [ "$(json validate.json "d['rowsRefused']")" = "$(tail -n +2 planted.csv | cut -d, -f1 | sort -u | wc -l)" ]
check "the exact duplicate is merged, the blank line not counted" [ "$(json validate.json "d['rowsMerged']")" -ge 1 ]
check "scientific notation: its example keeps the E, the advice says Text" \
  bash -c "grep -q '\"example\":\"9,99999E+99\"' validate.json && grep -q 'formatted as Text' validate.json"
check "trailing separator: both field counts are given" grep -q '9 fields, the header has 8' validate.json
"$bc" validate --records export.csv --catalog "$catalog" "${input[@]}" --ops 1 --mem-kib 8 >validate.txt 2>&1
check "the readable report says how many people the list answers \"affected\" for" \
  grep -q "the list answers \"affected\" for $(json validate.json "d['records']") people" validate.txt
check "...and names the ignored columns" grep -q 'ignored (Nom, Prénom, Code garantie)' validate.txt

echo "--- the flags are checked against the catalog and never beat a column"
"$bc" validate --records export.csv --catalog "$catalog" "${read_as[@]}" --operator acme "${categories[@]}" \
  --ops 1 --mem-kib 8 >/dev/null 2>bad-operator.err
check "--operator acme: option_not_in_catalog naming the catalog's operators" \
  bash -c "grep -q 'error option_not_in_catalog' bad-operator.err && grep -q 'viamedis, almerys' bad-operator.err"
"$bc" synth --count 5 --out plain.csv --seed 3
"$bc" validate --records plain.csv --catalog "$catalog" --operator almerys --ops 1 --mem-kib 8 >/dev/null 2>conflict.err
check "--operator with an operator column: column_conflict" grep -q 'error column_conflict' conflict.err
"$bc" validate --records export.csv --catalog "$catalog" "${read_as[@]}" "${categories[@]}" --ops 1 --mem-kib 8 \
  >/dev/null 2>no-operator.err
check "no operator column and no --operator: header_column_missing, naming --operator" \
  bash -c "grep -q 'error header_column_missing' no-operator.err && grep -q -- '--operator ID' no-operator.err"

echo "--- build with --operator and --categories: every other person is found"
"$bc" build --records export.csv --catalog "$catalog" "${input[@]}" --key keys/publisher.key --out set.bcd \
  --ops 1 --mem-kib 8 --k 1 --on-error skip --quiet >build.json 2>build.err
check "builds, skipping the planted rows" [ -s set.bcd ]
built_records=$(json build.json "d['records']" 2>/dev/null)
check "as many records as validate counted ($built_records)" \
  [ -n "$built_records" -a "$built_records" = "$(json validate.json "d['records']" 2>/dev/null)" ]
found=0 missing=0
while IFS=, read -r nir date rank beneficiary; do
  flag=()
  [ "$beneficiary" = 1 ] && flag=(--beneficiary)
  status=$(printf '%s,%s,%s\n' "$nir" "$date" "$rank" | "$bc" check --dataset set.bcd --pubkey keys/publisher.pub \
    --identity-stdin --allow-weak-kdf "${flag[@]}" | python3 -c "import json,sys; print(json.load(sys.stdin)['status'])")
  if [ "$status" = affected ]; then found=$((found + 1)); else missing=$((missing + 1)); fi
done <findable.csv
check "every person not planted is found ($found found, $missing not)" [ "$missing" = 0 -a "$found" -ge 55 ]

echo "--- a spreadsheet workbook instead of CSV"
python3 -c "
import zipfile
with zipfile.ZipFile('records.xlsx', 'w') as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('xl/workbook.xml', '<workbook/>')"
"$bc" validate --records records.xlsx --catalog "$catalog" --ops 1 --mem-kib 8 >/dev/null 2>xlsx.err
check ".xlsx: records_spreadsheet, save it as CSV UTF-8 (separator ;)" \
  bash -c "grep -q 'error records_spreadsheet' xlsx.err && grep -q 'save it as \"CSV UTF-8\" (separator ;)' xlsx.err"

sample_nir=$(head -1 findable.csv | cut -d, -f1)
sample_body=${sample_nir:0:13}
sample_date=$(head -1 findable.csv | cut -d, -f2)
IFS=- read -r y m d <<<"$sample_date"
leaks=$(grep -l -a -F -e "$sample_body" -e "$sample_date" -e "$d/$m/$y" ./*.err ./*.json validate.txt errors.csv | wc -l)
check "no identifier in any output or report ($leaks files)" [ "$leaks" = 0 ]
finish
