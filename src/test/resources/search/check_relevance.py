#!/usr/bin/env python3
"""Validate src/test/resources/search/relevance.csv, everyday.csv and seed-data/search/synonyms.csv.

everyday.csv (the held-out set, never used for tuning): at least 100 queries, each expecting only OZG-IDs
(ozg:<5 digits>) that exist; no query also in relevance.csv.

relevance.csv: every expected ID must exist in the seed data:
  ozg:<5 digits>       seed-data/catalog/ozg_leistungen.csv (ozg_id)
  leika:<14 digits>    seed-data/catalog/leika_leistungen.csv (leika_schluessel)
  ars:<12 digits>      Gemeinde (population/zensus2022_gemeinden_bevoelkerung.csv, column ags),
                       Kreis (geography/kreise.csv ARS + 7 zeros, without Eisenach 16056),
                       Land (geography/laender.csv ARS + 10 zeros)
  solution:<key>       seed-data/illustrative/solutions.json (key)
synonyms.csv: every expansion must occur (case-insensitive) in an OZG or LeiKa name.

Run from anywhere: python3 src/test/resources/search/check_relevance.py   (exit 1 on error)
"""
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
SEED = ROOT / "seed-data"
RELEVANCE = Path(__file__).resolve().parent / "relevance.csv"
EVERYDAY = Path(__file__).resolve().parent / "everyday.csv"
SYNONYMS = SEED / "search" / "synonyms.csv"

INACTIVE_KREISE = {"16056"}  # Eisenach, merged into Wartburgkreis on 2021-07-01 (seed-data/README.md)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_ids():
    ozg = {r["ozg_id"]: r["ozg_leistung"] for r in read_csv(SEED / "catalog/ozg_leistungen.csv")}
    leika = {}
    for r in read_csv(SEED / "catalog/leika_leistungen.csv"):
        if re.fullmatch(r"\d{14}", r["leika_schluessel"]):
            leika.setdefault(r["leika_schluessel"], r["leika_bezeichnung"])
    ars = {}
    for r in read_csv(SEED / "population/zensus2022_gemeinden_bevoelkerung.csv"):
        ars[r["ags"]] = "Gemeinde " + r["place"]
    for r in read_csv(SEED / "geography/kreise.csv"):
        if r["ARS"] not in INACTIVE_KREISE:
            ars.setdefault(r["ARS"] + "0" * 7, f"{r['BEZ']} {r['GEN']}")
    for r in read_csv(SEED / "geography/laender.csv"):
        ars.setdefault(r["ARS"] + "0" * 10, f"Land {r['GEN']}")
    with open(SEED / "illustrative/solutions.json", encoding="utf-8") as f:
        solutions = {s["key"]: s["name"] for s in json.load(f)}
    return {"ozg": ozg, "leika": leika, "ars": ars, "solution": solutions}


FORMATS = {"ozg": r"\d{5}", "leika": r"\d{14}", "ars": r"\d{12}", "solution": r"[a-z0-9][a-z0-9-]*"}


def check_relevance(ids, verbose):
    errors = []
    with open(RELEVANCE, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["query", "expected", "note"]:
            errors.append(f"relevance.csv: header must be query,expected,note, got {reader.fieldnames}")
        rows = list(reader)
    seen = set()
    for n, r in enumerate(rows, start=2):
        q = (r.get("query") or "").strip()
        if not q:
            errors.append(f"line {n}: empty query")
        if q.lower() in seen:
            errors.append(f"line {n}: duplicate query {q!r}")
        seen.add(q.lower())
        exp = (r.get("expected") or "").split()
        if not exp:
            errors.append(f"line {n}: {q!r} has no expected result")
        for e in exp:
            kind, _, val = e.partition(":")
            if kind not in FORMATS or not re.fullmatch(FORMATS[kind], val):
                errors.append(f"line {n}: {q!r}: malformed expected {e!r}")
            elif val not in ids[kind]:
                errors.append(f"line {n}: {q!r}: {e} not found in seed data")
            elif verbose:
                print(f"  {q!r:28} {e:24} {ids[kind][val]}")
    hund = next((r for r in rows if r["query"] == "hundsteuer"), None)
    if hund is None or not {"leika:99102013000000", "ozg:10160"} <= set(hund["expected"].split()):
        errors.append("row 'hundsteuer' must expect leika:99102013000000 ozg:10160")
    if len(rows) < 45:
        errors.append(f"relevance.csv: only {len(rows)} queries, need at least 45")
    return rows, errors


def check_everyday(ids, tuning_rows):
    errors = []
    with open(EVERYDAY, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["query", "expected", "note"]:
            errors.append(f"everyday.csv: header must be query,expected,note, got {reader.fieldnames}")
        rows = list(reader)
    tuning = {r["query"].strip().lower() for r in tuning_rows}
    seen = set()
    for n, r in enumerate(rows, start=2):
        q = (r.get("query") or "").strip()
        if q.lower() in seen:
            errors.append(f"everyday.csv line {n}: duplicate query {q!r}")
        if q.lower() in tuning:
            errors.append(f"everyday.csv line {n}: {q!r} is also in the tuning set relevance.csv")
        seen.add(q.lower())
        exp = (r.get("expected") or "").split()
        if not exp:
            errors.append(f"everyday.csv line {n}: {q!r} has no expected result")
        for e in exp:
            kind, _, val = e.partition(":")
            if kind != "ozg" or not re.fullmatch(FORMATS["ozg"], val):
                errors.append(f"everyday.csv line {n}: {q!r}: expected must be ozg:<OZG-ID>, got {e!r}")
            elif val not in ids["ozg"]:
                errors.append(f"everyday.csv line {n}: {q!r}: {e} not found in seed data")
    if len(rows) < 100:
        errors.append(f"everyday.csv: only {len(rows)} queries, need at least 100")
    return rows, errors


def check_synonyms():
    errors = []
    if not SYNONYMS.exists():
        return [], [f"missing {SYNONYMS}"]
    names = [r["ozg_leistung"] for r in read_csv(SEED / "catalog/ozg_leistungen.csv")]
    names += [r["leika_bezeichnung"] for r in read_csv(SEED / "catalog/leika_leistungen.csv")]
    low = [x.lower() for x in names]
    with open(SYNONYMS, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["term", "expansion", "note"]:
            errors.append(f"synonyms.csv: header must be term,expansion,note, got {reader.fieldnames}")
        rows = list(reader)
    pairs = set()
    for n, r in enumerate(rows, start=2):
        t, e = r["term"].strip(), r["expansion"].strip()
        if not t or not e:
            errors.append(f"synonyms.csv line {n}: empty term or expansion")
            continue
        if t != t.lower() or e != e.lower():
            errors.append(f"synonyms.csv line {n}: term and expansion must be lower case")
        if (t, e) in pairs:
            errors.append(f"synonyms.csv line {n}: duplicate {t} -> {e}")
        pairs.add((t, e))
        if not any(e in x for x in low):
            errors.append(f"synonyms.csv line {n}: expansion {e!r} occurs in no OZG/LeiKa name")
    return rows, errors


def main():
    verbose = "-v" in sys.argv
    ids = load_ids()
    rel_rows, errors = check_relevance(ids, verbose)
    every_rows, every_errors = check_everyday(ids, rel_rows)
    errors += every_errors
    syn_rows, syn_errors = check_synonyms()
    errors += syn_errors
    for e in errors:
        print("ERROR", e)
    print(f"relevance.csv: {len(rel_rows)} queries; everyday.csv: {len(every_rows)} queries; synonyms.csv: {len(syn_rows)} rows; {len(errors)} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
