#!/usr/bin/env python3
"""The affected-records list as an operator sends it (issue 21), made from a `breachcheck synth` CSV (synthetic
identities only, never real data), with planted defects, for tests/cli/operator-file.sh.

Usage: operator-export.py SYNTH.csv OUT.csv PLANTED.csv FINDABLE.csv

OUT.csv is a French Excel export: Windows-1252, ';', CRLF, dd/mm/yyyy, header
  N° Sécurité Sociale;Clé;Nom;Prénom;Date de naissance;Rang de naissance;Organisme complémentaire;Code garantie
with the 13-character NIR and its key in two columns, and no operator or categories column.
Rows whose key is below 10 have it written without its leading 0 (a column Excel read as a number).

Planted defects (PLANTED.csv lists each as line,column,code, the line being OUT.csv's physical line):
  - two copies of a row with a wrong key                        -> key,nir_key
  - a card holder whose date contradicts the NIR's month/year,
    no other row with that NIR                                  -> birth_date,dob_nir_mismatch
  - a beneficiary born after the incident (2024-02-05)          -> birth_date,dob_after_incident
  - two NIRs in Excel's scientific notation (',' and '.')       -> nir,nir_scientific
  - a NIR written \\N (a database NULL)                          -> nir,nir_missing
  - a copy of a row ending with a ';' the header does not have  -> row,trailing_separator
Not defects, but read as they must be (their people are in FINDABLE.csv):
  - a birth rank written \\N and an insurer written NULL: empty
  - an exact copy of a row: merged with it
  - a blank line: skipped
FINDABLE.csv lists every person the list must answer "affected" for: nir15,yyyy-mm-dd,rank,beneficiary(0/1).
"""
import csv
import sys

src, out_path, planted_path, findable_path = sys.argv[1:5]
HEADER = ['N° Sécurité Sociale', 'Clé', 'Nom', 'Prénom', 'Date de naissance', 'Rang de naissance',
          'Organisme complémentaire', 'Code garantie']

with open(src, encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))[1:]
people = [{'nir': r[0], 'date': r[1], 'rank': r[2], 'insurer': r[5]} for r in rows]


def key_of(body):
    digits = body.replace('2A', '19').replace('2B', '18') if body[5:7] in ('2A', '2B') else body
    return 97 - int(digits) % 97


def agrees(person):
    """The date matches the NIR's year and month (or the NIR's month is not a calendar month)."""
    nir, (year, month, _day) = person['nir'], person['date'].split('-')
    nir_month = int(nir[3:5])
    return not (1 <= nir_month <= 12) or (nir[1:3] == year[2:] and nir_month == int(month))


def french(date):
    year, month, day = date.split('-')
    return f'{day}/{month}/{year}'


def cells(person, nir=None, key=None, date=None, rank=None, insurer=None):
    body = person['nir'][:13]
    written_key = person['nir'][13:]
    if written_key.startswith('0'):
        written_key = written_key[1:]  # Excel's number format drops the leading 0
    return [body if nir is None else nir, written_key if key is None else key, 'NOM-TEST', 'Prenom-Test',
            french(person['date']) if date is None else date, person['rank'] if rank is None else rank,
            person['insurer'] if insurer is None else insurer, 'G1']


nir_count = {}
for p in people:
    nir_count[p['nir']] = nir_count.get(p['nir'], 0) + 1
# Card holders listed once, with a calendar month in their NIR (so a wrong date contradicts it), digits only
# (so the scientific notation of their NIR is a number), rank "" or "1".
holders = [i for i, p in enumerate(people)
           if agrees(p) and nir_count[p['nir']] == 1 and 1 <= int(p['nir'][3:5]) <= 12 and p['nir'].isdigit()
           and p['rank'] in ('', '1')]
with_beneficiary = [i for i, p in enumerate(people) if agrees(p) and nir_count[p['nir']] > 1]
assert len(holders) >= 4 and with_beneficiary, 'the synthetic file is too small for the planted rows'

lines = []      # (cells, planted [(column, code)], trailing separator)
findable = []   # (nir15, date, rank, beneficiary)
lone_holder = holders[0]           # its date is changed: that person is planted, not findable
null_rank = holders[1]             # rank \N, insurer NULL: findable
for i, p in enumerate(people):
    if i == lone_holder:
        year, month = int(p['date'][:4]), p['date'][5:7]
        other = f"{year - 1 if year > 1931 else year + 1}-{month}-01"
        lines.append((cells(p, date=french(other)), [('birth_date', 'dob_nir_mismatch')], False))
        continue
    if i == null_rank:
        lines.append((cells(p, rank='\\N', insurer='NULL'), [], False))
    else:
        lines.append((cells(p), [], False))
    findable.append((p['nir'], p['date'], p['rank'], 0 if agrees(p) else 1))

extra = people[holders[2]]
wrong_key = f"{key_of(extra['nir'][:13]) % 97 + 1:02d}"
lines.append((cells(extra, key=wrong_key), [('key', 'nir_key')], False))
lines.append((cells(people[holders[3]], key=f"{key_of(people[holders[3]]['nir'][:13]) % 97 + 1:02d}"),
              [('key', 'nir_key')], False))
holder = people[with_beneficiary[0]]
lines.append((cells(holder, date='14/03/2025', rank='1'), [('birth_date', 'dob_after_incident')], False))
sci = people[holders[2]]['nir'][:13]
lines.append((cells(extra, nir=f'{sci[0]},{sci[1:6]}E+12'), [('nir', 'nir_scientific')], False))
lines.append((cells(extra, nir=f'{sci[0]}.{sci[1:5]}E+12'), [('nir', 'nir_scientific')], False))
lines.append((cells(extra, nir='\\N'), [('nir', 'nir_missing')], False))
lines.append((cells(people[holders[3]]), [('row', 'trailing_separator')], True))
lines.append((cells(people[holders[3]]), [], False))  # an exact duplicate: merged

with open(out_path, 'wb') as out:
    out.write((';'.join(HEADER) + '\r\n').encode('cp1252'))
    physical = 1
    planted = []
    for n, (row, problems, trailing) in enumerate(lines):
        if n == len(lines) // 2:
            out.write(b'\r\n')  # a blank line in the middle
            physical += 1
        physical += 1
        text = ';'.join(('"' + c.replace('"', '""') + '"') if (';' in c or '"' in c) else c for c in row)
        out.write((text + (';' if trailing else '') + '\r\n').encode('cp1252'))
        planted += [(physical, column, code) for column, code in problems]

with open(planted_path, 'w', newline='') as f:
    f.write('line,column,code\n')
    for line, column, code in planted:
        f.write(f'{line},{column},{code}\n')
with open(findable_path, 'w', newline='') as f:
    for nir, date, rank, beneficiary in findable:
        f.write(f'{nir},{date},{rank},{beneficiary}\n')
