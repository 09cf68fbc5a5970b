#!/usr/bin/env python3
"""Generate seed-data/illustrative/adoptions.csv -- ILLUSTRATIVE DATA, NOT REAL.

Which municipality uses which OZG solution is not published as open data.
This script builds a demo set of adoptions *shaped after* public reports
(see README.md and the publicFact of each solution in solutions.json):

* rows in FACTS mirror a publicly reported adoption; their dates are often
  approximations (events before 2019 are recorded as 2019-01-01) and they
  are marked provider_confirmed=true;
* every other row is sampled at random (fixed seed) from the real ARS lists
  in ../population and ../geography and is marked provider_confirmed=false.

Neither kind may be read as a statement about a real authority.  The output
is deterministic: running the script again gives the same file.

Usage:  python3 generate_adoptions.py   (writes adoptions.csv next to it)
"""
import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_DIR = HERE.parent
OUT = HERE / "adoptions.csv"
RNG = random.Random(20221215)

CHAIN = ["INTERESTED", "PLANNED", "IN_PROGRESS", "LIVE"]
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2026, 10, 31)


def d(s):
    return dt.date.fromisoformat(s)


# --- real reference lists ---------------------------------------------------
GEMEINDEN = {}  # ARS -> (name, population)
with open(SEED_DIR / "population/zensus2022_gemeinden_bevoelkerung.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        GEMEINDEN[r["ags"]] = (r["place"], int(r["population"]))
# Kreise that still exist after 2021-07-01 (drops 16056 Eisenach) = Kreise with Gemeinden in Zensus 2022
ZENSUS_KREISE = {a[:5] for a in GEMEINDEN}
KREISE = {}
with open(SEED_DIR / "geography/kreise.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["ARS"] in ZENSUS_KREISE:
            KREISE[r["ARS"] + "0000000"] = r["GEN"]


def land(code):
    return f"ars:{code}0000000000"


def kreis(code5):
    ars = code5 + "0000000"
    assert ars in KREISE, code5
    return "ars:" + ars


def gem(ars):
    assert ars in GEMEINDEN, ars
    return "ars:" + ars


def gemeinden_in(prefix, min_pop=0):
    return sorted(a for a, (_, p) in GEMEINDEN.items() if a.startswith(prefix) and p >= min_pop)


def kreise_in(prefix):
    return sorted(a for a in KREISE if a.startswith(prefix))


def rand_date(lo, hi):
    lo, hi = max(lo, FIRST_DAY), min(hi, LAST_DAY)
    return lo + dt.timedelta(days=RNG.randint(0, (hi - lo).days))


def history(final, lo, hi, start=None):
    """Random valid status history ending in `final`, dates within [lo, hi]."""
    if final == "DISCONTINUED":
        steps = history("LIVE", lo, hi - dt.timedelta(days=120)).split()
        last = d(steps[-1].split("@")[1])
        return " ".join(steps + [f"DISCONTINUED@{rand_date(last + dt.timedelta(days=60), hi)}"])
    end = CHAIN.index(final)
    if start is None:
        start = RNG.choices(range(end + 1), weights=[2, 4, 3, 1][: end + 1])[0]
    statuses = CHAIN[start:end + 1]
    days = set()
    while len(days) < len(statuses):
        days.add(rand_date(lo, hi))
    return " ".join(f"{s}@{day}" for s, day in zip(statuses, sorted(days)))


def pick_final(weights):
    return RNG.choices(list(weights), weights=list(weights.values()))[0]


# --- collected rows ---------------------------------------------------------
ROWS = {}


def add(solution, adopter, hist, op="CENTRAL_SERVICE", legal="", ozg="", version="", confirmed=False):
    key = (solution, adopter)
    if key in ROWS:  # at most one adoption per (solution, adopter); first one wins
        return
    ROWS[key] = [solution, adopter, ozg, hist, op, legal, version, "true" if confirmed else "false"]


# 1. Rows mirroring public reports (dates approximate) ----------------------
FACTS = [
    # Düsseldorf: online Verpflichtungserklärung since Monday 23.09.2019
    ("verpflichtungserklaerung-duesseldorf", gem("051110000000"), "LIVE@2019-09-23", "OWN_INSTANCE", ""),
    # Stuttgart: digital Bauantrag mandatory since 01.01.2022, via service-bw
    ("bauantrag-stuttgart", gem("081110000000"), "IN_PROGRESS@2021-03-01 LIVE@2022-01-01", "OWN_INSTANCE", ""),
    ("service-bw-bauantrag", gem("081110000000"), "IN_PROGRESS@2021-03-01 LIVE@2022-01-01", "CENTRAL_SERVICE", ""),
    # Nordwestmecklenburg: pilot 2019, EfA Digitale Baugenehmigung live 01.01.2021
    ("online-bauantrag-nwm-pilot", kreis("13074"), "LIVE@2019-01-01 DISCONTINUED@2021-01-01", "OWN_INSTANCE", ""),
    ("digitale-baugenehmigung-mv", kreis("13074"), "IN_PROGRESS@2020-01-15 LIVE@2021-01-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", gem("130710107107"), "IN_PROGRESS@2021-06-01 LIVE@2022-06-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", kreis("13071"), "IN_PROGRESS@2022-03-01 LIVE@2023-11-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", gem("130750039039"), "IN_PROGRESS@2022-03-01 LIVE@2022-11-15", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", gem("130030000000"), "IN_PROGRESS@2022-03-01 LIVE@2022-11-15", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", gem("130740087087"), "IN_PROGRESS@2022-03-01 LIVE@2022-11-15", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", kreis("13072"), "IN_PROGRESS@2022-03-01 LIVE@2024-02-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", kreis("13075"), "IN_PROGRESS@2022-03-01 LIVE@2024-02-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", kreis("13073"), "IN_PROGRESS@2022-03-01 LIVE@2024-02-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", kreis("15091"), "IN_PROGRESS@2022-09-01 LIVE@2023-03-01", "CENTRAL_SERVICE", "FIT_STORE"),
    # Länder re-using the MV EfA (10 Länder incl. MV by June 2024); BW builds ViBa on it
    ("digitale-baugenehmigung-mv", land("14"), "PLANNED@2022-06-01 IN_PROGRESS@2023-01-15 LIVE@2023-10-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("15"), "PLANNED@2022-06-01 IN_PROGRESS@2022-09-01 LIVE@2023-03-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("07"), "PLANNED@2022-06-01 IN_PROGRESS@2023-01-15 LIVE@2023-10-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("01"), "PLANNED@2022-06-01 IN_PROGRESS@2023-01-15 LIVE@2023-10-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("04"), "PLANNED@2022-06-01 IN_PROGRESS@2023-01-15 LIVE@2023-10-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("05"), "PLANNED@2022-12-01 IN_PROGRESS@2024-06-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("10"), "PLANNED@2022-12-01 IN_PROGRESS@2024-06-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("03"), "PLANNED@2023-10-01 IN_PROGRESS@2024-06-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("digitale-baugenehmigung-mv", land("08"), "PLANNED@2023-01-15 IN_PROGRESS@2023-10-08", "FORK", "FIT_STORE"),
    # ElterngeldDigital: pilot 16.10.2018 Berlin + Sachsen (recorded as 2019-01-01)
    ("elterngeld-digital", land("11"), "LIVE@2019-01-01", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("elterngeld-digital", land("14"), "LIVE@2019-01-01", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    # BAföG Digital: pilot from 26.10.2020 in ST, RP, BE, HE, NW; Thüringen from May 2021
    ("bafoeg-digital", land("15"), "IN_PROGRESS@2020-01-15 LIVE@2020-10-26", "CENTRAL_SERVICE", ""),
    ("bafoeg-digital", land("07"), "IN_PROGRESS@2020-06-01 LIVE@2020-10-26", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("bafoeg-digital", land("11"), "IN_PROGRESS@2020-06-01 LIVE@2020-10-26", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("bafoeg-digital", land("06"), "IN_PROGRESS@2020-06-01 LIVE@2020-10-26", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("bafoeg-digital", land("05"), "IN_PROGRESS@2020-06-01 LIVE@2020-10-26", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("bafoeg-digital", land("16"), "PLANNED@2021-02-15 IN_PROGRESS@2021-03-01 LIVE@2021-05-01", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("bafoeg-online-thueringen", land("16"), "LIVE@2019-01-01 DISCONTINUED@2021-05-01", "OWN_INSTANCE", ""),
    # Wohngeld EfA SH: live 18.12.2019 in six SH cities
    *[("wohngeld-efa-sh", gem(a), "IN_PROGRESS@2019-06-01 LIVE@2019-12-18", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG")
      for a in ["010010000000", "010020000000", "010030000000", "010040000000", "010560039039", "010620060060"]],
    # eWA: Hamburg 20.09.2022; Olfen offers it (date approximate)
    ("ewa-hamburg", gem("020000000000"), "IN_PROGRESS@2022-01-15 LIVE@2022-09-20", "CENTRAL_SERVICE", ""),
    ("ewa-hamburg", gem("055580036036"), "PLANNED@2023-06-01 IN_PROGRESS@2023-11-01 LIVE@2024-03-01", "CENTRAL_SERVICE", "KOMMUNALVERTRETER_MODELL"),
    # OSI-Verbund: HH, HB, SH, ST (OSI existed in 2019)
    *[("osi-dataport", land(c), "LIVE@2019-01-01", "CENTRAL_SERVICE", "DIRECT_CONTRACT") for c in ["01", "02", "04", "15"]],
    # UVO: pilot since 05.05.2021; RLP all 41 Stellen; Steinburg 07.02.2023; Anhalt-Bitterfeld
    ("uvo-bremen", gem("040110000000"), "IN_PROGRESS@2020-09-01 LIVE@2021-05-05", "CENTRAL_SERVICE", ""),
    ("uvo-bremen", gem("020000000000"), "IN_PROGRESS@2020-09-01 LIVE@2021-05-05", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("uvo-bremen", kreis("05162"), "IN_PROGRESS@2020-09-01 LIVE@2021-05-05", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("uvo-bremen", gem("051240000000"), "IN_PROGRESS@2020-09-01 LIVE@2021-05-05", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("uvo-bremen", land("07"), "PLANNED@2022-01-15 IN_PROGRESS@2022-06-01 LIVE@2023-06-01", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG"),
    ("uvo-bremen", kreis("01061"), "IN_PROGRESS@2022-09-01 LIVE@2023-02-07", "CENTRAL_SERVICE", "FIT_STORE"),
    ("uvo-bremen", kreis("15082"), "IN_PROGRESS@2022-03-01 LIVE@2022-10-01", "CENTRAL_SERVICE", "FIT_STORE"),
    # Elektronische Einbürgerung (NRW EfA) in Saarland: 5 live, 2 soon, 2 later
    *[("einbuergerung-nrw", k, "IN_PROGRESS@2024-09-01 LIVE@2025-03-01", "CENTRAL_SERVICE", "FIT_STORE")
      for k in [kreis("10041"), kreis("10044"), kreis("10045"), kreis("10042")]],
    ("einbuergerung-nrw", gem("100410100100"), "IN_PROGRESS@2025-03-01 LIVE@2025-09-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("einbuergerung-nrw", kreis("10046"), "PLANNED@2025-03-01 IN_PROGRESS@2025-09-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("einbuergerung-nrw", kreis("10043"), "PLANNED@2025-03-01 IN_PROGRESS@2025-09-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("einbuergerung-nrw", gem("100410519519"), "PLANNED@2025-09-01", "CENTRAL_SERVICE", "FIT_STORE"),
    ("einbuergerung-nrw", gem("100450117117"), "PLANNED@2025-09-01", "CENTRAL_SERVICE", "FIT_STORE"),
    # i-Kfz Stufe 4 (01.09.2023) at Ennepe-Ruhr-Kreis and Kreis Steinfurt
    ("i-kfz", kreis("05954"), "LIVE@2019-10-01", "OWN_INSTANCE", ""),
    ("i-kfz", kreis("05566"), "LIVE@2019-10-01", "OWN_INSTANCE", ""),
    # Wetteraukreis: digital application to exchange a driving licence (date approximate)
    ("fuehrerschein-hessen", kreis("06440"), "IN_PROGRESS@2020-10-01 LIVE@2021-06-01", "CENTRAL_SERVICE", ""),
    # Wirtschafts-Service-Portal.NRW linked by Ascheberg and Südlohn
    ("wsp-nrw-gewerbe", gem("055580004004"), "LIVE@2019-01-01", "CENTRAL_SERVICE", ""),
    ("wsp-nrw-gewerbe", gem("055540060060"), "LIVE@2019-01-01", "CENTRAL_SERVICE", ""),
    # Munich runs 'Mach München besser' on Mark-a-Spot since 2021
    ("markaspot", gem("091620000000"), "IN_PROGRESS@2021-02-01 LIVE@2021-09-01", "OWN_INSTANCE", "OPEN_LICENCE"),
    # civento: Lahn-Dill-Kreis and Main-Taunus-Kreis initiated civento services in March 2020
    ("civento-ekom21", kreis("06532"), "LIVE@2020-03-20", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG", "10173"),
    ("civento-ekom21", kreis("06436"), "LIVE@2020-03-20", "CENTRAL_SERVICE", "VERWALTUNGSVEREINBARUNG", "10173"),
]
for fact in FACTS:
    solution, adopter, hist, op, legal, *rest = fact
    version = "Stufe 4" if solution == "i-kfz" else ""
    add(solution, adopter, hist, op, legal, ozg=rest[0] if rest else "", version=version, confirmed=True)

# 2. Sampled rows (illustrative) ---------------------------------------------
MOSTLY_LIVE = {"LIVE": 85, "IN_PROGRESS": 7, "PLANNED": 5, "INTERESTED": 2, "DISCONTINUED": 1}
ROLLOUT = {"LIVE": 55, "IN_PROGRESS": 20, "PLANNED": 15, "INTERESTED": 10}


def sample(pool, n):
    pool = [a for a in pool]
    return RNG.sample(pool, min(n, len(pool)))


# civento: >90 % of the 422 Hessian Gemeinden registered; sample 160 (+ SL, RP)
for a in sample(gemeinden_in("06"), 160):
    final = pick_final({"LIVE": 88, "IN_PROGRESS": 6, "PLANNED": 4, "DISCONTINUED": 2})
    ozg = RNG.choice(["", "", "", "10160"])
    add("civento-ekom21", gem(a), history(final, d("2019-10-01"), d("2025-06-30")), legal="VERWALTUNGSVEREINBARUNG", ozg=ozg)
for a in sample(gemeinden_in("10"), 10) + sample(gemeinden_in("07", 5000), 8):
    add("civento-ekom21", gem(a), history(pick_final(ROLLOUT), d("2021-01-01"), d("2025-12-31")), legal="DIRECT_CONTRACT")

# Digitale Baugenehmigung: more Bauaufsichtsbehörden (Kreise) in participating Länder
for k in sample([k for p in ("01", "07", "14", "15") for k in kreise_in(p)], 10):
    add("digitale-baugenehmigung-mv", "ars:" + k, history(pick_final(ROLLOUT), d("2023-01-01"), d("2025-12-31")), legal="FIT_STORE")

# ViBa: interest from BW Kreise
for k in sample(kreise_in("08"), 5):
    add("viba-bw", "ars:" + k, history(RNG.choice(["INTERESTED", "PLANNED"]), d("2024-01-01"), d("2026-06-30")), legal="VERWALTUNGSVEREINBARUNG")

# service-bw Bauantrag: larger BW cities connected in 2021
for a in ["082120000000", "082220000000", "082210000000", "083110000000", "084210000000", "081210000000", "082310000000", "082110000000"]:
    add("service-bw-bauantrag", gem(a), history("LIVE", d("2020-06-01"), d("2022-06-30"), start=2))

# Stuttgart / Düsseldorf own developments re-used elsewhere (purely illustrative)
for a in sample(gemeinden_in("081", 20000), 3) + sample(kreise_in("09") + kreise_in("06"), 2):
    add("bauantrag-stuttgart", "ars:" + a, history(pick_final({"INTERESTED": 3, "PLANNED": 2, "IN_PROGRESS": 1}), d("2022-06-01"), d("2026-06-30")),
        op=RNG.choice(["FORK", "OWN_INSTANCE"]), legal="VERWALTUNGSVEREINBARUNG")
for k in sample(kreise_in("05"), 6) + sample(kreise_in("03") + kreise_in("07"), 2):
    add("verpflichtungserklaerung-duesseldorf", "ars:" + k, history(pick_final(ROLLOUT), d("2020-01-01"), d("2025-12-31")),
        op=RNG.choice(["CENTRAL_SERVICE", "OWN_INSTANCE", "FORK"]), legal="VERWALTUNGSVEREINBARUNG")

# ElterngeldDigital: TH, HB, MV, RP announced for end of 2018; others later (BY, BW own procedures)
for c in ["16", "04", "13", "07"]:
    add("elterngeld-digital", land(c), history("LIVE", d("2019-01-01"), d("2019-12-31"), start=2), legal="VERWALTUNGSVEREINBARUNG")
for c in ["01", "02", "03", "05", "06", "10", "12", "15"]:
    add("elterngeld-digital", land(c), history("LIVE", d("2019-06-01"), d("2022-12-31")), legal="VERWALTUNGSVEREINBARUNG")

# BAföG Digital: all remaining Länder by summer 2021
for c in ["01", "02", "03", "04", "08", "09", "10", "12", "13", "14"]:
    add("bafoeg-digital", land(c), history("LIVE", d("2021-02-01"), d("2021-08-31"), start=2), legal="VERWALTUNGSVEREINBARUNG")

# Wohngeld EfA SH: more SH Wohngeldstellen; NRW municipalities put on hold on 01.01.2023
for a in sample([k for k in kreise_in("01") if k[:5] not in ("01001", "01002", "01003", "01004")], 10):
    add("wohngeld-efa-sh", "ars:" + a, history("LIVE", d("2020-01-01"), d("2021-06-30"), start=2), legal="VERWALTUNGSVEREINBARUNG")
nrw_wohngeld = sample(gemeinden_in("05", 30000), 8)
for a in nrw_wohngeld:
    live = history("LIVE", d("2021-03-01"), d("2022-10-31"), start=2)
    add("wohngeld-efa-sh", gem(a), live + " DISCONTINUED@2023-01-01", legal="KOMMUNALVERTRETER_MODELL")
for a in nrw_wohngeld + sample(gemeinden_in("05", 30000), 6):
    add("wohngeldrechner-nrw", gem(a), "LIVE@2023-01-01")

# eWA: EfA rollout after the Hamburg pilot
for a in sample([a for p in ("01", "03", "05", "07", "09", "15") for a in gemeinden_in(p, 10000)], 24):
    legal = "KOMMUNALVERTRETER_MODELL" if a.startswith("05") else "FIT_STORE"
    add("ewa-hamburg", gem(a), history(pick_final(ROLLOUT), d("2023-06-01"), d("2026-09-30")), legal=legal)

# OSI: Schleswig-Holstein municipalities use the Land platform
for a in sample(gemeinden_in("01", 5000), 10):
    add("osi-dataport", gem(a), history("LIVE", d("2019-01-01"), d("2022-12-31")), legal="DIRECT_CONTRACT")

# UVO: further Unterhaltsvorschussstellen (Kreise) in 13 Länder
for k in sample([k for p in ("01", "03", "05", "12", "14", "15", "16") for k in kreise_in(p)], 16):
    add("uvo-bremen", "ars:" + k, history(pick_final(MOSTLY_LIVE), d("2021-09-01"), d("2025-12-31")), legal="FIT_STORE")

# Elektronische Einbürgerung: NRW Einbürgerungsbehörden (Kreise / kreisfreie Städte)
for k in sample(kreise_in("05"), 10):
    add("einbuergerung-nrw", "ars:" + k, history(pick_final(MOSTLY_LIVE), d("2022-06-01"), d("2025-12-31")), legal="KOMMUNALVERTRETER_MODELL")

# i-Kfz: Zulassungsbehörden (Kreise / kreisfreie Städte) nationwide
for k in sample(list(KREISE), 23):
    version = RNG.choice(["Stufe 3", "Stufe 4", "Stufe 4"])
    hist = history("LIVE", d("2019-10-01"), d("2023-12-31"), start=2)
    add("i-kfz", "ars:" + k, hist, op="OWN_INSTANCE", version=version)

# Digitaler Führerscheinantrag: other Hessian Fahrerlaubnisbehörden
for k in sample(kreise_in("06"), 10):
    add("fuehrerschein-hessen", "ars:" + k, history(pick_final(MOSTLY_LIVE), d("2020-10-01"), d("2024-12-31")))

# Wirtschafts-Service-Portal.NRW: NRW Gewerbeämter
for a in sample(gemeinden_in("05"), 20):
    add("wsp-nrw-gewerbe", gem(a), history("LIVE", d("2019-01-01"), d("2022-12-31"), start=2))

# AKDB Bürgerservice-Portal: Bavarian municipalities (214 listed in 2021)
for a in sample([a for a in gemeinden_in("09", 8000) if a != "091620000000"], 20):  # Munich has its own portal
    ozg = RNG.choice(["", "", "10559 10145", "10145"])
    add("akdb-buergerservice-portal", gem(a), history(pick_final(MOSTLY_LIVE), d("2019-01-01"), d("2024-12-31")), legal="DIRECT_CONTRACT", ozg=ozg)

# Meldeportal Saarland: Saarland municipalities
for a in sample(gemeinden_in("10"), 15):
    add("meldeportal-saarland", gem(a), "LIVE@2019-01-01")

# Mark-a-Spot: a few further cities evaluating it
for a in sample(gemeinden_in("", 100000), 3):
    add("markaspot", gem(a), history(RNG.choice(["INTERESTED", "PLANNED", "IN_PROGRESS"]), d("2023-01-01"), d("2026-06-30")),
        op="OWN_INSTANCE", legal=RNG.choice(["OPEN_LICENCE", "DIRECT_CONTRACT"]))

# --- write -------------------------------------------------------------------
rows = sorted(ROWS.values(), key=lambda r: (r[0], r[1]))
assert 300 <= len(rows) <= 500, len(rows)
with open(OUT, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["solution_key", "adopter", "ozg_ids", "status_history", "operating_model", "legal_path",
                "solution_version", "provider_confirmed"])
    w.writerows(rows)
print(f"wrote {len(rows)} adoptions to {OUT}")
