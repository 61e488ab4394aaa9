"""Stage 5 of the demo district Musterland: the example plan's Sachstand log and Fassung, the newer data vintage
(datasets/musterland_2026) and the plan's Fortschreibung.

- `add_to(plan)` fills the sheets „Sachstand“ (three rounds: 30.06.2025, 31.12.2025 and 30.06.2026 =
  `config.DEMO_STAND`, each row reported by the measure's Federführung) and „Fassung“ (version 1) of the example
  plan from `monitoring.yaml`; `toolkit.demo.plan.generate` calls it.
- `generate_update(out)` writes the demo's tables one year on into `config.DEMO_UPDATE_DIR`: the same official
  formats, the years up to 2024 exactly as in datasets/musterland, 2025 added (the school statistics excepted: its
  2025 figures are „not yet published“), so that the indicators of the plan's goals move after their baselines.
  The model gets a year appended (`_extended`), and the demo's own table builders and writers run on it with their
  years and yearly settings extended for that one call (`_one_year_on`): they draw year by year, so every earlier
  year comes out exactly as before.
- `write_fortschreibung(plan_path, out)` writes the Fortschreibung of the example plan (version 2, a handful of
  changes listed in `monitoring.yaml`) as datasets/musterland_2026/planung.xlsx.
- `readme_section()` is the section „Monitoring: Sachstand, neuer Datenstand, Fortschreibung“ of the data folder's
  README.

Everything is judged against `DEMO_STAND`, never today, so the findings stay the same; every file comes out byte
for byte the same on every run.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from toolkit import plan
from toolkit.config import DEMO_DATA_DIR, DEMO_STAND, DEMO_UPDATE_DIR
from toolkit.demo import azr as azr_module
from toolkit.demo import classic, excel, files, genesis_online, labour, population, social
from toolkit.demo.boundaries import boundaries
from toolkit.demo.classic import write_classic
from toolkit.demo.figures import GEMEINDEN, MUSTERLAND, NATIONALITIES, YEARS
from toolkit.demo.files import Written
from toolkit.demo.model import Model, _split_population, build_model, seeded, tilts

CONTENT = Path(__file__).with_name("monitoring.yaml")
#: The value columns of a round's row in monitoring.yaml, in order (Ampel and its reason only where set by hand).
ROUND_COLUMNS = ("Status", "Fortschritt (%)", "Sachstand", "Nächster Schritt", "Ampel", "Ampel-Begründung")


@functools.cache
def content() -> dict:
    """The monitoring content as read from `monitoring.yaml`."""
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


def rounds() -> list:
    """The dates of the Sachstand rounds, oldest first."""
    return sorted(content()["runden"])


def sachstand(measures: pd.DataFrame) -> pd.DataFrame:
    """The sheet „Sachstand“: the rows of every round (oldest round first, measures in plan order), reported by each
    measure's Federführung (from `measures`, the sheet „Maßnahmen“); index = Excel row."""
    lead = dict(zip(measures["ID"], measures["Federführung"], strict=True))
    order = {measure: k for k, measure in enumerate(measures["ID"])}
    unknown = {m for day in rounds() for m in content()["runden"][day]} - set(order)
    if unknown:
        raise ValueError(f"{CONTENT.name}: no such measures: {sorted(unknown)}")
    rows = []
    for day in rounds():
        reports = content()["runden"][day]
        for measure in sorted(reports, key=order.get):
            values = dict(zip(ROUND_COLUMNS, reports[measure], strict=False))
            rows.append({"Datum": day, "Maßnahme-ID": measure, **values, "Gemeldet von": lead[measure],
                         "Quelle": f"Sachstandsabfrage {day:%d.%m.%Y}"})
    return _frame(rows, "sachstand")


def fassung() -> pd.DataFrame:
    """The sheet „Fassung“ of the example plan: version 1 and the Kreistag's resolution."""
    return _frame([content()["fassung"]], "fassung")


def add_to(p: plan.Plan) -> plan.Plan:
    """`p` with the demo's Sachstand log and Fassung (the sheets it had are replaced)."""
    p.sachstand, p.fassung = sachstand(p.massnahmen), fassung()
    return p


def _frame(rows: list[dict], sheet: str) -> pd.DataFrame:
    headers = plan.SHEETS[sheet].headers
    unknown = {key for row in rows for key in row} - set(headers)
    if unknown:
        raise ValueError(f"{CONTENT.name}: unknown keys for sheet {sheet}: {sorted(unknown)}")
    return pd.DataFrame([[row.get(h) for h in headers] for row in rows], columns=headers,
                        index=range(2, 2 + len(rows)), dtype=object)


# --- the newer data vintage: the demo's tables one year on --------------------------------------------------------

#: The year the newer vintage adds, and its downloads' Stand (shortly before the demo's Stichtag 30.06.2026).
NEW_YEAR = 2025
UPDATE_STAND = "Stand: 15.05.2026 / 10:00:00"
UPDATE_TIME = dt.datetime(2026, 5, 15, 10, 0, 0)
#: The yearly settings of the demo's tables (module, name) and their value for `NEW_YEAR`: what moves the goals'
#: indicators. Employment of foreigners up (HZ4.1.1 auf Kurs), SGB II quota down a little (HZ4.2.1 gefährdet),
#: their unemployment rate up as refugees leave the integration courses (HZ4.1.2 nicht auf Kurs), naturalisations
#: up once more (HZ6.1.2 auf Kurs). The values are fitted to the seeded draws: after changing one, check the courses
#: the README states (tests/demo/test_monitoring.py does).
NEW_YEAR_SETTINGS = {
    (social, "SVB_FOREIGN_RATE"): 0.486,
    (social, "ASYLUM_SHARE"): 0.045,
    (social, "BASIC_BENEFIT_SHARE"): 0.55,
    (population, "NATURALISATION_RATE"): 0.031,
    (labour, "UNEMPLOYMENT_GERMAN"): 5.9,
    (labour, "UNEMPLOYMENT_FOREIGN"): 22.4,
    (labour, "ELB_GERMAN"): 0.058,
    (labour, "ELB_FOREIGN"): 0.4525,
}
#: Growth of the AZR stock by the nationality's path in `NEW_YEAR`, and of the German population (Kreise, cities).
AZR_GROWTH = {"ukraine": 1.03, "syrien": 0.97, "polen": 1.01, "eu_ost": 1.03, "flucht": 1.04, "stetig": 1.02,
              "schnell": 1.08}
OTHER_GROWTH, GERMAN_TREND, CITY_TREND = 1.03, -0.008, -0.002
DG_NEW_YEAR = (84.62, 12.85)   # Germany 31.12.2025: population and foreigners in millions (invented)
#: The tables the newer vintage leaves as they were: the school statistics of 2025 were not yet published.
NOT_YET_PUBLISHED = ("21111-02-06-4",)


def _extended(model: Model) -> Model:
    """`model` with `NEW_YEAR` appended: AZR stocks grown by nationality, Germans by the Kreis's trend, everything
    split into sex and age groups again; the years before stay exactly as they are."""
    rng = seeded(2025)
    growth = np.array([AZR_GROWTH[n[5]] for n in NATIONALITIES] + [OTHER_GROWTH])
    azr = {code: np.vstack([stock, stock[-1] * growth]) for code, stock in model.azr.items()}
    new = {}
    for code in sorted(model.pop):
        if model.kind[code] == "kreis" and code != MUSTERLAND[0]:
            last = model.pop[code][-1].sum(axis=(1, 2))
            trend = CITY_TREND if code < "16060" else GERMAN_TREND
            foreign = last[1] * azr[code][-1].sum() / azr[code][-2].sum()
            new[code] = _split_population(rng, round(last[0] * (1 + trend)), round(foreign))
    population, foreigners = DG_NEW_YEAR
    new["DG"] = _split_population(rng, round((population - foreigners) * 1e6), round(foreigners * 1e6))
    codes = [MUSTERLAND[0] + g[0] for g in GEMEINDEN]
    shares = np.array([g[3] * g[4] for g in GEMEINDEN], dtype=float)
    per_gemeinde = rng.multinomial(round(azr[MUSTERLAND[0]][-1].sum() * 0.93), shares / shares.sum())
    for k, code in enumerate(codes):
        german = model.pop[code][-1, 0].sum()
        new[code] = _split_population(rng, round(german * (1 + GEMEINDEN[k][5])), int(per_gemeinde[k]))
    new[MUSTERLAND[0]] = sum(new[code] for code in codes)
    pop = {code: np.concatenate([model.pop[code], new[code][None]]) for code in model.pop}
    return Model(pop, azr, dict(model.names), dict(model.kind))


def _extended_labour(model: Model, labour_before: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The labour market of the extended model: the years before as `labour.labour_market` made them, the new
    year drawn the same way (call inside `_one_year_on`)."""
    rng, tilt, tilt_a = seeded(2025, 13), tilts(model, 13, 0.15), tilts(model, 14, 0.2)
    i = len(YEARS)
    out = {}
    for code in sorted(c for c in model.pop if c != MUSTERLAND[0]):
        azr = model.azr.get(code, model.azr[MUSTERLAND[0]])
        row = labour._labour_year(rng, model.pop[code][i], labour._nationality_mix(azr[i]), i, tilt[code],
                                  tilt_a[code])
        out[code] = np.vstack([labour_before[code], row])
    out[MUSTERLAND[0]] = sum(out[MUSTERLAND[0] + g[0]] for g in GEMEINDEN)
    return out


@contextlib.contextmanager
def _one_year_on() -> Iterator[None]:
    """The demo's writers and table builders with `NEW_YEAR` added to their years and yearly settings, and the
    newer downloads' Stand; everything is put back afterwards."""
    years = (*YEARS, NEW_YEAR)
    patched = [(module, "YEARS", years) for module in (classic, population, labour, excel, azr_module,
                                                       genesis_online)]
    patched += [(module, name, (*getattr(module, name), value))
                for (module, name), value in NEW_YEAR_SETTINGS.items()]
    patched += [(classic, "STAND", UPDATE_STAND), (genesis_online, "STAND", UPDATE_STAND),
                (excel, "FIXED_TIME", UPDATE_TIME), (files, "FIXED_TIME", UPDATE_TIME)]
    before = [(module, name, getattr(module, name)) for module, name, _ in patched]
    try:
        for module, name, value in patched:
            setattr(module, name, value)
        yield
    finally:
        for module, name, value in before:
            setattr(module, name, value)


def generate_update(out_dir: str | Path = DEMO_UPDATE_DIR) -> list[Path]:
    """Write the newer vintage into `out_dir`: every table of datasets/musterland with `NEW_YEAR` added (the
    school statistics as before), the boundaries and a README; return the paths (README last)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = build_model()
    labour_before = labour.labour_market(model)
    kept = [write_classic(out, table, lines) for table, lines in (social.school_leavers(model),)]
    with _one_year_on():
        model = _extended(model)
        labour_now = _extended_labour(model, labour_before)
        tables = [population.population_kreise(model), population.population_gemeinden(model),
                  population.naturalisations(model), population.moves(model), social.employees(model),
                  social.unemployment(model, labour_now), social.asylum_seekers(model), social.day_care(model)]
        written = [write_classic(out, table, lines) for table, lines in tables]
        written += [genesis_online.foreigners_genesis_online(model, out), excel.ba_workbook(model, labour_now, out)]
    written += kept + boundaries(out)
    written.sort(key=lambda w: w.path.name)
    return [w.path for w in written] + [_write_update_readme(out, written)]


def _write_update_readme(out: Path, written: list[Written]) -> Path:
    """README.md of the newer vintage: what it is, one row per file (as the first folder's README has them)."""
    period = {excel.BA_FILE: f"Jahresdurchschnitte 2014 bis {NEW_YEAR}",
              f"{azr_module.FOREIGNERS_TABLE}_de.csv": f"31.12.2014 bis 31.12.{NEW_YEAR}"}
    rows = []
    for w in written:
        w = dataclasses.replace(w, period=period.get(w.path.name, w.period))
        rows.append(f"| `{w.path.name}` | {w.code} | {w.content} | {w.format} | {w.depth} | {w.period} | "
                    f"{w.main.replace('|', chr(92) + '|')} |")
    text = content()["readme_datenstand"].format(rows="\n".join(rows), jahr=NEW_YEAR,
                                                 stand=UPDATE_STAND.removeprefix("Stand: ").split(" ")[0],
                                                 ausstehend=", ".join(f"`{code}.csv`" for code in NOT_YET_PUBLISHED))
    path = out / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


# --- the Fortschreibung of the example plan -----------------------------------------------------------------------

#: The Fortschreibung's file: the current version of the plan beside the data it was written with.
FORTSCHREIBUNG = DEMO_UPDATE_DIR / "planung.xlsx"


def write_fortschreibung(plan_path: str | Path = DEMO_DATA_DIR / "planung.xlsx",
                         out: str | Path = FORTSCHREIBUNG) -> Path:
    """Write the Fortschreibung of the example plan at `plan_path` to `out` (replaced, no backup): version 2 as
    `toolkit.monitoring.fortschreibung.fortschreiben` starts it (on a copy, so no archive lands beside the example
    plan; created on `DEMO_STAND`), with the changes listed under `fortschreibung` in `monitoring.yaml`."""
    from toolkit.demo.plan import pin_save_time  # toolkit.demo.plan imports this module
    from toolkit.monitoring import fortschreibung

    out, spec = Path(out), content()["fortschreibung"]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "planung.xlsx"
        copy.write_bytes(Path(plan_path).read_bytes())
        started = fortschreibung.fortschreiben(copy, spec["bis"], Path(tmp) / "neu.xlsx", today=DEMO_STAND)
        p = plan.load_plan(started)
        p.fassung.loc[p.fassung.index[-1], "Beschluss"] = spec["Beschluss"]
        for key, rows in spec["geaendert"].items():
            table = getattr(p, key)
            for ident, values in rows.items():
                (row,) = table.index[table["ID"] == ident]
                for column, value in values.items():
                    table.loc[row, column] = value
        measures = p.massnahmen
        for new in spec["neu"]:
            after = list(measures["ID"]).index(new["nach"]) + 1
            row = _frame([{k: v for k, v in new.items() if k != "nach"}], "massnahmen")
            measures = pd.concat([measures.iloc[:after], row, measures.iloc[after:]])
        p.massnahmen = measures.set_axis(range(2, 2 + len(measures)))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        plan.save_plan(p, out)
    pin_save_time(out)
    return out


def readme_section() -> str:
    """The section „Monitoring: Sachstand, neuer Datenstand, Fortschreibung“ of the data folder's README (Markdown,
    German): the rounds, the deliberate findings, which goal is on which course and why, the Fortschreibung."""
    counts = [len(content()["runden"][day]) for day in rounds()]
    said = ", ".join(f"{day:%d.%m.%Y}: {n}" for day, n in zip(rounds(), counts, strict=True))
    return content()["readme"].format(stand=f"{DEMO_STAND:%d.%m.%Y}", meldungen=sum(counts), runden=said)
