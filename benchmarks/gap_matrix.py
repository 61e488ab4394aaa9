"""Gap matrix speed: `toolkit.bestandsanalyse.gaps.gap_matrix` vs a plain pandas groupby of the same rows.

Thuringia as one planning area: its 631 Gemeinden (AGS from the real BKG boundaries
`../shared/realdata/geo/thueringen_gemeinden_2021-01-01.geojson` when present, else 631 generated
AGS-like codes), each with ÖPNV minutes to the Kreisstadt (Erfurt, 0 minutes), and 2 000 generated offers
(9 Handlungsfelder, one or two target groups, languages, Gemeinde, mobile or not, minutes from the Kreisstadt
or free text, access by residence status, places or none). Needs are generated per Gemeinde, with the
languages of five nationalities.

Timed, in the same process, alternating, fastest of several runs each:

- `gap_matrix(plan, needs)`: reading the offers, reachability, access, language, counts, places, gap kinds,
  IDs, German sentences and the ranking;
- the baseline: `groupby(["Handlungsfeld", "Zielgruppe", "Gemeinde"]).size()` on the rows the matrix counts —
  one row per offer × target group it counts for × Gemeinde that reaches it, built beforehand outside the
  timing.

Prints `RESULT gap_matrix_vs_groupby <ratio>` (goal ≤ 3).
"""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd

from toolkit import indicators, plan
from toolkit.bestandsanalyse import gaps, needs
from toolkit.config import PROJECT_ROOT
from toolkit.plan.schema import ZIELGRUPPEN, ZUGANG

OFFERS, GEMEINDEN, RUNS, SEED = 2000, 631, 7, 12
BOUNDARIES = PROJECT_ROOT.parent / "shared" / "realdata" / "geo" / "thueringen_gemeinden_2021-01-01.geojson"
KREISSTADT = "16051000"
LANGUAGE_NAMES = ("Deutsch", "Englisch", "Arabisch", "Ukrainisch", "Russisch", "Persisch", "Türkisch", "Polnisch")


def gemeinden() -> list[str]:
    """The 631 Thuringian AGS of the real boundaries, or generated ones like them."""
    if BOUNDARIES.is_file():
        features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
        codes = sorted({str(f["properties"]["ags"]) for f in features})
        if len(codes) == GEMEINDEN:
            return codes
    print(f"Grenzen fehlen / boundaries missing: {BOUNDARIES} – erzeugte Schlüssel / generated codes")
    return [KREISSTADT] + [f"16{61 + i % 22:03d}{i:03d}" for i in range(1, GEMEINDEN)]


def sheet(key: str, rows: dict) -> pd.DataFrame:
    headers = plan.SHEETS[key].headers
    frame = pd.DataFrame({h: rows.get(h, [None] * len(next(iter(rows.values())))) for h in headers}, dtype=object)
    frame.index = range(2, 2 + len(frame))
    return frame


def generate(rng: np.random.Generator, codes: list[str]) -> tuple[plan.Plan, needs.Needs]:
    fields = indicators.handlungsfelder()
    groups = [", ".join(rng.choice(ZIELGRUPPEN, size=rng.integers(1, 3), replace=False)) for _ in range(OFFERS)]
    languages = [", ".join(rng.choice(LANGUAGE_NAMES, size=rng.integers(1, 4), replace=False)) for _ in range(OFFERS)]
    minutes = rng.integers(5, 60, OFFERS).astype(object)
    minutes[rng.random(OFFERS) < 0.1] = "nach Absprache"
    capacity = rng.integers(5, 40, OFFERS).astype(object)
    capacity[rng.random(OFFERS) < 0.4] = None
    offers = sheet("angebote", {
        "ID": [f"A{i}" for i in range(1, OFFERS + 1)], "Titel": [f"Angebot {i}" for i in range(1, OFFERS + 1)],
        "Handlungsfeld": list(rng.choice(fields, OFFERS)), "Zielgruppe(n)": groups, "Sprache(n)": languages,
        "Gemeinde (AGS)": list(rng.choice(codes, OFFERS)),
        "aufsuchend/mobil": list(np.where(rng.random(OFFERS) < 0.1, "ja", "nein")),
        "Erreichbarkeit (ÖPNV-Minuten)": list(minutes), "Kinderbetreuung": list(rng.choice(["ja", "nein"], OFFERS)),
        "Zugang nach Aufenthaltsstatus": list(rng.choice(ZUGANG, OFFERS, p=[0.6, 0.15, 0.1, 0.05, 0.05, 0.05])),
        "Kapazität (Plätze)": list(capacity)})
    travel = rng.integers(5, 90, len(codes)).astype(float)
    travel[codes.index(KREISSTADT)] = 0
    raeume = sheet("sozialraeume", {"Gemeinde (AGS)": codes, "Sozialraum": [None] * len(codes),
                                   "ÖPNV-Minuten zur Kreisstadt": list(travel)})
    empty = {key: plan.empty(key) for key in ("ziele", "indikatoren", "massnahmen", "status")}
    workbook = plan.Plan(handlungsfelder=sheet("handlungsfelder", {"ID": [f"HF{i}" for i in range(1, len(fields) + 1)],
                                                                    "Handlungsfeld": fields}),
                         angebote=offers, sozialraeume=raeume, **empty)
    foreign = rng.integers(0, 3000, len(codes)).astype(float)
    shares = {g: s for g, s in zip(ZIELGRUPPEN, (1, .08, .15, .7, .07, .45, .1))}
    counts = pd.DataFrame({g: np.round(foreign * s) for g, s in shares.items()}, index=codes)
    nations = pd.DataFrame({"nationality": ["Ukraine", "Syrien", "Polen", "Afghanistan", "Rumänien"],
                            "value": [900.0, 600, 300, 250, 200], "share": [25.0, 17, 8, 7, 6],
                            "codes": [("uk", "ru"), ("ar", "ku"), ("pl",), ("fa", "ps"), ("ro",)]})
    found = needs.needs_from_counts(counts, district="16", languages=nations,
                                    kreis=pd.Series({**counts.sum(), ZIELGRUPPEN[-1]: 5000.0}))
    return workbook, found


def same_rows(workbook: plan.Plan, found: needs.Needs) -> pd.DataFrame:
    """Offer × target group × reaching Gemeinde, by the same reachability rule, outside the timing."""
    offers = workbook.angebote
    codes = found.counts.index.to_numpy(dtype=object)
    travel = workbook.sozialraeume["ÖPNV-Minuten zur Kreisstadt"].to_numpy(dtype=float)
    minutes = pd.to_numeric(offers["Erreichbarkeit (ÖPNV-Minuten)"], errors="coerce").to_numpy(dtype=float)
    reach = ((offers["Gemeinde (AGS)"].to_numpy(dtype=object)[:, None] == codes[None, :])
             | (offers["aufsuchend/mobil"].to_numpy() == "ja")[:, None]
             | (minutes[:, None] + travel[None, :] <= 60))
    offer, gemeinde = np.nonzero(reach)
    # the groups an offer is counted for: those it names, „alle Zugewanderten“ always, every group for „alle“
    counted = [list(ZIELGRUPPEN) if ZIELGRUPPEN[0] in named else [ZIELGRUPPEN[0], *named]
               for named in offers["Zielgruppe(n)"].str.split(", ")]
    rows = pd.DataFrame({"offer": offer, "Gemeinde": codes[gemeinde],
                         "Handlungsfeld": offers["Handlungsfeld"].to_numpy()[offer],
                         "Zielgruppe": pd.Series(counted, dtype=object).to_numpy()[offer]})
    return rows.explode("Zielgruppe", ignore_index=True)


def main() -> None:
    rng = np.random.default_rng(SEED)
    codes = gemeinden()
    workbook, found = generate(rng, codes)
    rows = same_rows(workbook, found)
    matrix = gaps.gap_matrix(workbook, found)
    print(f"{len(codes)} Gemeinden, {OFFERS} Angebote, {len(rows)} Zeilen Angebot × Zielgruppe × Gemeinde; "
          f"{len(matrix.cells)} Zellen, {len(matrix.gaps)} Lücken, {len(matrix.warnings)} Hinweise")
    times = [[], []]
    for _ in range(RUNS):
        start = time.perf_counter()
        gaps.gap_matrix(workbook, found)
        middle = time.perf_counter()
        rows.groupby(["Handlungsfeld", "Zielgruppe", "Gemeinde"]).size()
        times[0].append(middle - start)
        times[1].append(time.perf_counter() - middle)
    ours, theirs = min(times[0]), min(times[1])
    print(f"pandas groupby (same rows):  {theirs * 1000:.0f} ms")
    print(f"gap_matrix (whole analysis): {ours * 1000:.0f} ms")
    print(f"RESULT gap_matrix_vs_groupby {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
