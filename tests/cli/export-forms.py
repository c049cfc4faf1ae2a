#!/usr/bin/env python3
"""Rewrites a `breachcheck synth` CSV the way spreadsheets and member databases export it, for
tests/cli/input-forms.sh. Usage: export-forms.py IN.csv OUT.csv [--delimiter ;] [--crlf] [--bom]
[--french-dates] [--export-headers]. The output stays UTF-8: the test converts it with iconv.
--export-headers: the insurer's own column names, in another order, with two columns the engine ignores."""
import argparse
import csv

parser = argparse.ArgumentParser()
parser.add_argument('src')
parser.add_argument('dst')
parser.add_argument('--delimiter', default=',')
parser.add_argument('--crlf', action='store_true')
parser.add_argument('--bom', action='store_true')
parser.add_argument('--french-dates', action='store_true')
parser.add_argument('--export-headers', action='store_true')
parser.add_argument('--upper-header', action='store_true')
args = parser.parse_args()

with open(args.src, encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
if args.upper_header:
    header = [name.upper() for name in header]
# Export order and names: NOM and CODE_POSTAL are ignored columns (never personal data here: fixed text).
EXPORT = ['CODE_POSTAL', 'ORGANISME', 'NUM_SECU', 'NOM', 'DATE_NAISS', 'RANG', 'OPERATEUR', 'CATEGORIES']
FIELD = {'ORGANISME': 5, 'NUM_SECU': 0, 'DATE_NAISS': 1, 'RANG': 2, 'OPERATEUR': 3, 'CATEGORIES': 4}

with open(args.dst, 'w', encoding='utf-8-sig' if args.bom else 'utf-8', newline='') as f:
    writer = csv.writer(f, delimiter='\t' if args.delimiter == 'tab' else args.delimiter,
                        lineterminator='\r\n' if args.crlf else '\n')
    writer.writerow(EXPORT if args.export_headers else header)
    for row in body:
        if args.french_dates:
            year, month, day = row[1].split('-')
            row = [row[0], f'{day}/{month}/{year}'] + row[2:]
        if args.export_headers:
            row = [{'CODE_POSTAL': '75000', 'NOM': 'X'}.get(name) or row[FIELD[name]] for name in EXPORT]
        writer.writerow(row)
