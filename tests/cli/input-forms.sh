#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The publisher's exports, as spreadsheets and member databases write them, through `build` and
# `validate`: each form below builds the very same data set (same salt, --created and key) as the plain
# UTF-8 / comma / ISO-date file it was made from, byte for byte; without the option it needs, the build is
# refused with a project error code and a short summary that names the option, never a library's exception
# and never a flood of lines. Every file is made from `breachcheck synth` output by export-forms.py and iconv.
# Usage: tests/cli/input-forms.sh BREACHCHECK_BINARY [RECORDS]   (RECORDS for the big Windows-1252 file)
# Prints "cli-input: N passed, M failed".
set -uo pipefail
SUITE=cli-input
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/suite.sh"
bc=$(realpath "${1:?usage: input-forms.sh BREACHCHECK_BINARY [RECORDS]}")
big=${2:-100000}
catalog="$here/../../wasm/catalog/viamedis-almerys-2024.json"
forms="$here/export-forms.py"
command -v iconv >/dev/null || fail_early "iconv is needed"
work_dir
cd "$work"

created=$(date +%s)
salt=000102030405060708090a0b0c0d0e0f
"$bc" keygen --out keys >/dev/null
build() { "$bc" build --catalog "$catalog" --key keys/publisher.key --salt "$salt" --created "$created" \
  --ops 1 --mem-kib 8 --quiet "$@"; }
no_library_text() { ! grep -qiE 'json\.exception|type_error|what\(\)|terminate called|basic_string' "$1"; }
line_count() { wc -l <"$1"; }

"$bc" synth --count 3000 --out plain.csv --seed 15
build --records plain.csv --out plain.bcd >plain.json 2>plain.err
check "the plain file builds (the reference)" [ -s plain.bcd ]
sample_nir=$(sed -n 2p plain.csv | cut -d, -f1)
sample_date=$(sed -n 2p plain.csv | cut -d, -f2)
IFS=- read -r y m d <<<"$sample_date"
sample_french_date="$d/$m/$y"

echo "--- French Excel export: semicolons, byte order mark, CRLF (separator detected)"
python3 "$forms" plain.csv excel.csv --delimiter ';' --crlf --bom --upper-header
build --records excel.csv --out excel.bcd >excel.json 2>excel.err
check "builds without any option" [ $? = 0 ]
check "same data set as the plain file, byte for byte" cmp -s plain.bcd excel.bcd
check "the report says the separator was detected" [ "$(json excel.json "d['input']['delimiter'], d['input']['delimiterDetected']")" = "(';', True)" ]
build --records excel.csv --out excel2.bcd --delimiter ';' >/dev/null 2>&1
check "--delimiter ';' given explicitly: same bytes" cmp -s plain.bcd excel2.bcd
build --records excel.csv --out wrong.bcd --delimiter , >/dev/null 2>wrong.err
check "--delimiter , on a semicolon file: refused with delimiter_mismatch" grep -q 'error delimiter_mismatch' wrong.err

echo "--- separator detection: tab-separated export"
python3 "$forms" plain.csv tabs.csv --delimiter tab
"$bc" build --catalog "$catalog" --key keys/publisher.key --salt "$salt" --created "$created" --ops 1 --mem-kib 8 \
  --records tabs.csv --out tabs.bcd >tabs.json 2>tabs.err
check "tab-separated file builds the same bytes" cmp -s plain.bcd tabs.bcd
check "the detected separator is stated on stderr" grep -q "separator tab (detected from the header line" tabs.err

echo "--- Windows-1252 with accented insurer names (Excel's CSV on French Windows)"
python3 "$forms" plain.csv excel-utf8.csv --delimiter ';' --crlf
iconv -f UTF-8 -t WINDOWS-1252 excel-utf8.csv >cp1252.csv
check "the test file really has Windows-1252 bytes (é = E9)" env LC_ALL=C grep -q $'\xE9' cp1252.csv
build --records cp1252.csv --out cp1252.bcd >cp1252.json 2>cp1252.err
status=$?
check "without --encoding: refused (exit 1), nothing written" [ "$status" = 1 -a ! -e cp1252.bcd ]
check "...with a project code, not a library exception" grep -q '^breachcheck: error rows_refused: ' cp1252.err
check "...no library text" no_library_text cp1252.err
check "...the summary names encoding_invalid in insurer and the option" \
  grep -q 'encoding_invalid in insurer' cp1252.err
check "...and says --encoding windows-1252" grep -q -- '--encoding windows-1252' cp1252.err
check "...in a few lines, not one per row ($(line_count cp1252.err) lines)" [ "$(line_count cp1252.err)" -le 12 ]
build --records cp1252.csv --out cp1252.bcd --encoding windows-1252 >cp1252.json 2>cp1252.err
check "with --encoding windows-1252: same bytes as the UTF-8 file" cmp -s plain.bcd cp1252.bcd
check "the insurer table is the UTF-8 one" [ "$(json cp1252.json "d['insurers']")" = "$(json plain.json "d['insurers']")" ]
iconv -f UTF-8 -t WINDOWS-1252 plain.csv >cp1252-commas.csv
build --records cp1252-commas.csv --out c.bcd >/dev/null 2>c.err
check "a comma-separated Windows-1252 file without --encoding: encoding_invalid, no JSON exception" \
  bash -c "grep -q 'encoding_invalid in insurer' c.err && ! grep -qi 'json' c.err"
build --records excel.csv --out bom.bcd --encoding windows-1252 >/dev/null 2>bom.err
check "a UTF-8 byte order mark with --encoding windows-1252: encoding_conflict" grep -q 'error encoding_conflict' bom.err

echo "--- French dates (dd/mm/yyyy)"
python3 "$forms" plain.csv dates.csv --french-dates
build --records dates.csv --out dates.bcd >dates.json 2>dates.err
check "without --date-format: refused with dob_format" grep -q 'dob_format in birth_date: 3000 times' dates.err
check "...the summary suggests --date-format dd/mm/yyyy" grep -q -- '--date-format dd/mm/yyyy' dates.err
check "...the example is masked (99/99/9999)" grep -q 'e.g. "99/99/9999"' dates.err
check "...in a few lines ($(line_count dates.err)), not 3,000" [ "$(line_count dates.err)" -le 8 ]
build --records dates.csv --out dates.bcd --date-format dd/mm/yyyy >dates.json 2>dates.err
check "with --date-format dd/mm/yyyy: same bytes" cmp -s plain.bcd dates.bcd
build --records plain.csv --out iso.bcd --date-format dd/mm/yyyy >/dev/null 2>iso.err
check "strict: ISO dates under --date-format dd/mm/yyyy are refused" grep -q 'dob_format in birth_date' iso.err

echo "--- column mapping (the export's own names and order, extra columns)"
python3 "$forms" plain.csv mapped.csv --export-headers
mapping=nir=NUM_SECU,birth_date=DATE_NAISS,birth_rank=RANG,operator=OPERATEUR,categories=CATEGORIES,insurer=ORGANISME
build --records mapped.csv --out mapped.bcd >/dev/null 2>mapped.err
check "without --columns: header_column_missing, naming --columns" \
  bash -c "grep -q 'error header_column_missing' mapped.err && grep -q -- '--columns nir=NAME' mapped.err"
build --records mapped.csv --out mapped.bcd --columns "$mapping" >mapped.json 2>mapped.err
check "with --columns: same bytes" cmp -s plain.bcd mapped.bcd
check "the two other columns are reported as ignored" [ "$(json mapped.json "d['input']['ignoredColumns']")" = 2 ]
head -1 plain.csv >data-first.csv && tail -n +2 plain.csv >>data-first.csv && tail -n +2 plain.csv >no-header.csv
build --records no-header.csv --out nh.bcd >/dev/null 2>nh.err
check "a file without its header line: refused, the data row is masked in the message" \
  bash -c "grep -q 'looks like a data row' nh.err && ! grep -q '$sample_nir' nh.err"

echo "--- validate: the dry run"
"$bc" validate --records cp1252.csv --catalog "$catalog" --encoding windows-1252 --ops 1 --mem-kib 8 --json \
  --created "$created" >validate.json
check "validate --json: clean, exit 0" [ $? = 0 -a "$(json validate.json "d['clean']")" = True ]
check "validate counts the build's records and merged duplicates" \
  [ "$(json validate.json "d['records'], d['rowsMerged']")" = "$(json plain.json "d['records'], d['rowsMerged']")" ]
check "validate's plan predicts the build's P" \
  [ "$(json validate.json "d['plan']['prefixBits']")" = "$(json plain.json "d['prefixBits']")" ]
"$bc" validate --records cp1252.csv --catalog "$catalog" --encoding windows-1252 --ops 1 --mem-kib 8 --json \
  --created "$created" --max-memory 20K --work-dir spill >validate-spill.json
check "validate within 20 KiB (encrypted spill runs under --work-dir, removed after) counts the same" \
  eval '[ "$(json validate-spill.json "d[\"records\"], d[\"rowsMerged\"]")" = "$(json validate.json "d[\"records\"], d[\"rowsMerged\"]")" ] && [ -z "$(ls -A spill)" ]'
check "per-operator counts add up to at least the records" \
  [ "$(json validate.json "sum(d['operators'].values()) >= d['records']")" = True ]
"$bc" validate --records cp1252.csv --catalog "$catalog" --ops 1 --mem-kib 8 --errors-out errors.csv >validate.txt 2>&1
check "validate on the unconverted file: exit 1, not clean" [ $? = 1 ] 
check "...the readable report states it" grep -q '^Not clean' validate.txt
check "--errors-out: one line per problem, line,column,code" \
  bash -c "[ \$(tail -n +2 errors.csv | wc -l) -ge 1 ] && ! grep -qvE '^(line,column,code|[0-9]+,[a-z_]+,[a-z_]+)$' errors.csv"

echo "--- more insurer names than a data set can list"
"$bc" synth --count 10001 --out many.csv --seed 17
python3 -c "
import csv
rows = list(csv.reader(open('many.csv', encoding='utf-8', newline='')))
writer = csv.writer(open('many-insurers.csv', 'w', encoding='utf-8', newline=''), lineterminator='\\n')
writer.writerows([rows[0]] + [row[:5] + ['Mutuelle %d' % i] for i, row in enumerate(rows[1:])])"
build --records many-insurers.csv --out many.bcd >/dev/null 2>many.err
check "10,001 insurer names: too_many_insurers, nothing written (clients refuse such a table)" \
  bash -c "grep -q 'error too_many_insurers' many.err && [ ! -e many.bcd ]"

echo "--- shards + merge with input options"
for i in 0 1; do
  "$bc" build --catalog "$catalog" --salt "$salt" --created "$created" --ops 1 --mem-kib 8 --quiet \
    --records cp1252.csv --encoding windows-1252 --shard "$i/2" --out "part-$i.bcp" >/dev/null 2>"part-$i.err"
done
"$bc" merge --parts part-0.bcp part-1.bcp --catalog "$catalog" --key keys/publisher.key --out merged.bcd --quiet \
  >/dev/null 2>merge.err
check "shards of the Windows-1252 file merge to the same bytes" cmp -s plain.bcd merged.bcd

echo "--- every failure ends with a project code and a sentence"
code_of() { sed -n 's/^breachcheck: error \([a-z_]*\): .*/\1/p' "$1" | tail -1; }
"$bc" verify --dataset missing.bcd --pubkey keys/publisher.pub >/dev/null 2>f1.err
check "verify, missing file: dataset_unreadable, exit 1" [ $? = 1 -a "$(code_of f1.err)" = dataset_unreadable ]
"$bc" merge --parts part-0.bcp --catalog "$catalog" --key keys/publisher.key --out m.bcd >/dev/null 2>f2.err
check "merge, a shard missing: partials_invalid, exit 1" [ $? = 1 -a "$(code_of f2.err)" = partials_invalid ]
# A bit flipped in a shard's entries is met by the checksum only while merge writes: still the shard's fault.
python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[-40] ^= 1; open(sys.argv[2], 'wb').write(b)" \
  part-1.bcp damaged-1.bcp
"$bc" merge --parts part-0.bcp damaged-1.bcp --catalog "$catalog" --key keys/publisher.key --out m.bcd --quiet \
  >/dev/null 2>f2b.err
check "merge, a damaged shard: partials_invalid, nothing written" [ $? = 1 -a "$(code_of f2b.err)" = partials_invalid -a ! -e m.bcd ]
"$bc" build --records plain.csv --catalog plain.csv --key keys/publisher.key --out f.bcd >/dev/null 2>f3.err
check "build, a CSV given as catalog: catalog_invalid" [ "$(code_of f3.err)" = catalog_invalid ]
"$bc" build --records plain.csv --catalog "$catalog" --key plain.csv --out f.bcd --ops 1 --mem-kib 8 >/dev/null 2>f4.err
check "build, not a key file: key_invalid" [ "$(code_of f4.err)" = key_invalid ]
"$bc" build --records plain.csv --catalog "$catalog" --key keys/publisher.key --out f.bcd --date-format dd/mm/yy \
  >/dev/null 2>f5.err
check "build, two-digit years: usage, exit 2" [ $? = 2 -a "$(code_of f5.err)" = usage ]
"$bc" check --dataset missing.bcd --pubkey keys/publisher.pub --identity-stdin <<<"$sample_nir,$sample_date" \
  >f6.json 2>f6.err
check "check, missing file: a JSON result (unavailable), no exception" [ "$(json f6.json "d['status']")" = unavailable ]
check "no library text in any of these" bash -c "cat f?.err | grep -qiE 'json\.exception|what\(\)|terminate' && exit 1 || exit 0"

echo "--- $big rows: Windows-1252, semicolons, CRLF, French dates == UTF-8, commas, ISO dates"
"$bc" synth --count "$big" --out big.csv --seed 16
build --records big.csv --out big.bcd >big.json 2>big.err
python3 "$forms" big.csv big-fr.csv --delimiter ';' --crlf --french-dates
iconv -f UTF-8 -t WINDOWS-1252 big-fr.csv >big-cp1252.csv
build --records big-cp1252.csv --out big-cp1252.bcd --encoding windows-1252 --date-format dd/mm/yyyy \
  >big-cp1252.json 2>big-cp1252.err
check "the $big-row French export builds the same data set, byte for byte" cmp -s big.bcd big-cp1252.bcd
check "with the same records and insurers" \
  [ "$(json big.json "d['records'], d['insurers']")" = "$(json big-cp1252.json "d['records'], d['insurers']")" ]

leaks=$(grep -l -a -F -e "$sample_nir" -e "$sample_date" -e "$sample_french_date" ./*.err ./*.json ./*.txt errors.csv 2>/dev/null | wc -l)
check "no identifier in any output or report ($leaks files)" [ "$leaks" = 0 ]
finish
