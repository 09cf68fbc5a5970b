#!/usr/bin/env python3
"""Validate the ILLUSTRATIVE seed set (organizations.csv, solutions.json, adoptions.csv).

Checks every reference against the real seed data next to this folder:
OZG-IDs and LeiKa keys exist in ../catalog and belong together; every REF
(bund, org:<key>, ars:<12 digits>) resolves to the federal government, an
organization of organizations.csv, a Land, a Kreis of ../geography/kreise.csv
(zero-padded) or a Gemeinde of the Zensus 2022 list; enums, Reifegrad levels,
status histories and uniqueness of (solution, adopter).

Usage:  python3 check.py      exit code 0 = valid, 1 = errors (listed on stdout)
"""
import csv
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent
ERRORS = []


def err(where, msg):
    ERRORS.append(f"{where}: {msg}")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:  # strict UTF-8
        return list(csv.DictReader(f))


ORG_KINDS = {"IT_SERVICE_PROVIDER", "VENDOR", "OTHER_AUTHORITY"}
REUSE = {"EFA_SERVICE", "OPEN_SOURCE", "SHARED_PLATFORM", "COMMERCIAL", "OWN_DEVELOPMENT"}
LEGAL = {"FIT_STORE", "GOVDIGITAL_MARKETPLACE", "KOMMUNALVERTRETER_MODELL", "VERWALTUNGSVEREINBARUNG",
         "DIRECT_CONTRACT", "OPEN_LICENCE"}
LIFECYCLE = {"PLANNED", "IN_DEVELOPMENT", "PILOT", "PRODUCTION", "RETIRED"}
REIFEGRAD_MAX = {"1.1": 4, "2.0": 7}
OPERATING = {"CENTRAL_SERVICE", "OWN_INSTANCE", "FORK"}
CHAIN = ["INTERESTED", "PLANNED", "IN_PROGRESS", "LIVE"]
STATUSES = set(CHAIN) | {"DISCONTINUED"}
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2026, 10, 31)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HTTPS = re.compile(r"^https://[^\s/]+\.[^\s]+$")
SPDX = re.compile(r"^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$")
SOLUTION_FIELDS = {"key", "name", "summary", "description", "provider", "vendor", "ozgIds", "leikaKeys",
                   "reifegradModel", "reifegradLevel", "reuseModel", "legalPaths", "licence", "repositoryUrl",
                   "landingUrl", "standards", "lifecycle", "releaseVersion", "termsAndCosts", "publicFact"}

# --- real reference data -----------------------------------------------------
OZG = {int(r["ozg_id"]) for r in read_csv(SEED / "catalog/ozg_leistungen.csv")}
LEIKA = {}  # key -> set of OZG-IDs
for r in read_csv(SEED / "catalog/leika_leistungen.csv"):
    if re.fullmatch(r"\d{14}", r["leika_schluessel"]) and r["ozg_id"]:
        LEIKA.setdefault(r["leika_schluessel"], set()).add(int(r["ozg_id"]))
GEMEINDEN = {r["ags"] for r in read_csv(SEED / "population/zensus2022_gemeinden_bevoelkerung.csv")}
LAENDER = {r["ARS"] + "0000000000" for r in read_csv(SEED / "geography/laender.csv")}
KREISE = {r["ARS"] + "0000000" for r in read_csv(SEED / "geography/kreise.csv")}
DISSOLVED = {"160560000000"}  # Eisenach, merged into Wartburgkreis on 2021-07-01

# --- organizations.csv ---------------------------------------------------------
ORG_HEADER = ["key", "kind", "name", "land_ars", "website", "contact_email", "public_fact"]
with open(HERE / "organizations.csv", encoding="utf-8", newline="") as f:
    header = next(csv.reader(f))
if header != ORG_HEADER:
    err("organizations.csv", f"header {header} != {ORG_HEADER}")
orgs = read_csv(HERE / "organizations.csv")
ORG_KEYS = set()
for i, o in enumerate(orgs, start=2):
    w = f"organizations.csv:{i}"
    if None in o or any(v is None for v in o.values()):
        err(w, "wrong number of columns")
        continue
    if not SLUG.match(o["key"]) or o["key"] in ORG_KEYS:
        err(w, f"bad or duplicate key {o['key']!r}")
    ORG_KEYS.add(o["key"])
    if o["kind"] not in ORG_KINDS:
        err(w, f"kind {o['kind']!r}")
    if not o["name"].strip():
        err(w, "empty name")
    if o["land_ars"] and o["land_ars"] not in LAENDER:
        err(w, f"land_ars {o['land_ars']!r} is not a zero-padded Land ARS")
    if not HTTPS.match(o["website"]):
        err(w, f"website {o['website']!r} is not https")
    if o["contact_email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", o["contact_email"]):
        err(w, f"contact_email {o['contact_email']!r}")
    if not o["public_fact"].strip():
        err(w, "empty public_fact")
if not 10 <= len(orgs) <= 15:
    err("organizations.csv", f"{len(orgs)} organizations, expected 10-15")


def resolve(ref, where, what):
    """Return the Land code (2 digits) of an ars: REF, '' for bund/org, None if unresolved."""
    if ref == "bund":
        return ""
    if isinstance(ref, str) and ref.startswith("org:"):
        if ref[4:] not in ORG_KEYS:
            err(where, f"{what} {ref!r}: unknown organization")
            return None
        return ""
    m = re.fullmatch(r"ars:(\d{12})", ref or "")
    if not m:
        err(where, f"{what} {ref!r}: not bund, org:<key> or ars:<12 digits>")
        return None
    ars = m.group(1)
    if ars in DISSOLVED:
        err(where, f"{what} {ref!r}: Kreis dissolved on 2021-07-01")
        return None
    if ars not in GEMEINDEN and ars not in KREISE and ars not in LAENDER:
        err(where, f"{what} {ref!r}: ARS is neither Land, Kreis nor Zensus-2022 Gemeinde")
        return None
    return ars[:2]


# --- solutions.json ---------------------------------------------------------------
with open(HERE / "solutions.json", encoding="utf-8") as f:
    solutions = json.load(f)
SOL = {}
if not isinstance(solutions, list):
    err("solutions.json", "top level must be an array")
    solutions = []
for i, s in enumerate(solutions):
    w = f"solutions.json[{i}] {s.get('key')}"
    if set(s) != SOLUTION_FIELDS:
        err(w, f"fields differ: missing {sorted(SOLUTION_FIELDS - set(s))}, extra {sorted(set(s) - SOLUTION_FIELDS)}")
        continue
    if not isinstance(s["key"], str) or not SLUG.match(s["key"]) or s["key"] in SOL:
        err(w, "bad or duplicate key")
    SOL[s["key"]] = s
    for fld in ("name", "summary", "description", "publicFact"):
        if not isinstance(s[fld], str) or not s[fld].strip():
            err(w, f"{fld} must be a non-empty string")
    if isinstance(s["summary"], str) and len(s["summary"]) > 300:
        err(w, f"summary has {len(s['summary'])} chars (> 300)")
    resolve(s["provider"], w, "provider")
    if s["vendor"] is not None:
        resolve(s["vendor"], w, "vendor")
    ozg = s["ozgIds"]
    if not ozg or not all(isinstance(x, int) and 10000 <= x <= 99999 for x in ozg) or len(set(ozg)) != len(ozg):
        err(w, f"ozgIds {ozg!r} must be a non-empty list of distinct 5-digit ints")
    else:
        for x in ozg:
            if x not in OZG:
                err(w, f"OZG-ID {x} not in catalog/ozg_leistungen.csv")
    for k in s["leikaKeys"]:
        if k not in LEIKA:
            err(w, f"LeiKa key {k!r} not in catalog/leika_leistungen.csv")
        elif not LEIKA[k] & set(ozg or []):
            err(w, f"LeiKa key {k} belongs to OZG-ID(s) {sorted(LEIKA[k])}, none of them listed")
    if len(set(s["leikaKeys"])) != len(s["leikaKeys"]):
        err(w, "duplicate leikaKeys")
    model, level = s["reifegradModel"], s["reifegradLevel"]
    if model not in REIFEGRAD_MAX:
        err(w, f"reifegradModel {model!r}")
    elif not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= REIFEGRAD_MAX[model]:
        err(w, f"reifegradLevel {level!r} outside 0..{REIFEGRAD_MAX[model]} for model {model}")
    if s["reuseModel"] not in REUSE:
        err(w, f"reuseModel {s['reuseModel']!r}")
    if not isinstance(s["legalPaths"], list) or not set(s["legalPaths"]) <= LEGAL \
            or len(set(s["legalPaths"])) != len(s["legalPaths"]):
        err(w, f"legalPaths {s['legalPaths']!r}")
    if s["licence"] is not None and not SPDX.match(s["licence"]):
        err(w, f"licence {s['licence']!r} does not look like an SPDX id")
    for fld in ("repositoryUrl", "landingUrl"):
        if s[fld] is not None and not HTTPS.match(s[fld]):
            err(w, f"{fld} {s[fld]!r} is not https")
    if not isinstance(s["standards"], list) or not all(isinstance(x, str) and x for x in s["standards"]):
        err(w, "standards must be a list of strings")
    if s["lifecycle"] not in LIFECYCLE:
        err(w, f"lifecycle {s['lifecycle']!r}")
    for fld in ("releaseVersion", "termsAndCosts"):
        if s[fld] is not None and not isinstance(s[fld], str):
            err(w, f"{fld} must be string or null")
if not 20 <= len(solutions) <= 35:
    err("solutions.json", f"{len(solutions)} solutions, expected 20-35")


# --- adoptions.csv ------------------------------------------------------------------
def check_history(text, w):
    steps = text.split(" ") if text else []
    if not steps:
        err(w, "empty status_history")
        return None
    prev_status, prev_day = None, None
    for step in steps:
        m = re.fullmatch(r"([A-Z_]+)@(\d{4}-\d{2}-\d{2})", step)
        if not m or m.group(1) not in STATUSES:
            err(w, f"bad transition {step!r}")
            return None
        status = m.group(1)
        try:
            day = dt.date.fromisoformat(m.group(2))
        except ValueError:
            err(w, f"bad date in {step!r}")
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            err(w, f"date {day} outside {FIRST_DAY}..{LAST_DAY}")
        if prev_day is not None:
            if day <= prev_day:
                err(w, f"{step} not after previous step")
            if prev_status == "DISCONTINUED":
                err(w, f"{step} after DISCONTINUED")
            elif status != "DISCONTINUED" and CHAIN.index(status) != CHAIN.index(prev_status) + 1:
                err(w, f"transition {prev_status}->{status} not allowed")
        prev_status, prev_day = status, day
    return prev_status


ADO_HEADER = ["solution_key", "adopter", "ozg_ids", "status_history", "operating_model", "legal_path",
              "solution_version", "provider_confirmed"]
with open(HERE / "adoptions.csv", encoding="utf-8", newline="") as f:
    header = next(csv.reader(f))
if header != ADO_HEADER:
    err("adoptions.csv", f"header {header} != {ADO_HEADER}")
adoptions = read_csv(HERE / "adoptions.csv")
pairs, current, per_solution, laender = set(), Counter(), Counter(), Counter()
for i, a in enumerate(adoptions, start=2):
    w = f"adoptions.csv:{i}"
    if None in a or any(v is None for v in a.values()):
        err(w, "wrong number of columns")
        continue
    s = SOL.get(a["solution_key"])
    if s is None:
        err(w, f"unknown solution_key {a['solution_key']!r}")
        continue
    per_solution[a["solution_key"]] += 1
    lc = resolve(a["adopter"], w, "adopter")
    if lc:
        laender[lc] += 1
    if (a["solution_key"], a["adopter"]) in pairs:
        err(w, f"duplicate adoption ({a['solution_key']}, {a['adopter']})")
    pairs.add((a["solution_key"], a["adopter"]))
    if a["ozg_ids"]:
        ids = a["ozg_ids"].split(" ")
        if not all(re.fullmatch(r"\d{5}", x) for x in ids) or len(set(ids)) != len(ids):
            err(w, f"ozg_ids {a['ozg_ids']!r}")
        elif not {int(x) for x in ids} <= set(s["ozgIds"]):
            err(w, f"ozg_ids {a['ozg_ids']!r} not a subset of {s['ozgIds']}")
    last = check_history(a["status_history"], w)
    if last:
        current[last] += 1
    if a["operating_model"] not in OPERATING:
        err(w, f"operating_model {a['operating_model']!r}")
    if a["legal_path"] and a["legal_path"] not in s["legalPaths"]:
        err(w, f"legal_path {a['legal_path']!r} not among {s['legalPaths']}")
    if a["provider_confirmed"] not in ("true", "false"):
        err(w, f"provider_confirmed {a['provider_confirmed']!r}")
if not 300 <= len(adoptions) <= 500:
    err("adoptions.csv", f"{len(adoptions)} adoptions, expected 300-500")
if len(laender) < 6:
    err("adoptions.csv", f"adoptions cover only {len(laender)} Länder")

# --- report ---------------------------------------------------------------------------
print(f"organizations: {len(orgs)}  solutions: {len(solutions)}  adoptions: {len(adoptions)}")
print(f"adoptions by current status: {dict(sorted(current.items()))}")
print(f"adoptions per Land (ARS prefix): {dict(sorted(laender.items()))}  -> {len(laender)} Länder")
print(f"provider_confirmed=true: {sum(a['provider_confirmed'] == 'true' for a in adoptions)}")
unused = sorted(set(SOL) - set(per_solution))
if unused:
    print(f"solutions without adoptions: {unused}")
if ERRORS:
    print(f"\n{len(ERRORS)} error(s):")
    for e in ERRORS:
        print("  " + e)
    sys.exit(1)
print("OK")
