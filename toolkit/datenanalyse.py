"""Module 1 "Datenanalyse": the report chapter of a district from its data folder.

    district = datenanalyse.prepare("datasets/musterland", "16099", 2024)
    datenanalyse.key_facts(district)                        # German Markdown
    datenanalyse.time_series_figure(district, "auslaenderanteil")
    html, checked = datenanalyse.gemeinde_table(district)   # disclosed, with the Disclosed parts

Everything adapts to what the folder holds: indicators without tables are left out, a missing
Gemeinde level or map gives a German sentence instead of a chart. Every number shown passes
`toolkit.disclosure` with the district's threshold. Read tables, computed indicators and their
disclosed values are cached per folder in memory and on disk (`CACHE_DIR`), valid while the
folder's files (names, sizes, modification times) and the toolkit's code are unchanged, so a
second run skips reading and the training app only redraws.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
import threading
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from toolkit import PROJECT_ROOT, charts, data, disclosure, fmt, indicators
from toolkit.data.boundaries import read_boundaries
from toolkit.data.regions import WARTBURGKREIS, pad_code
from toolkit.errors import UserError
from toolkit.indicators import check
from toolkit.indicators.compare import AZR_TABLE, REST

#: Beside the outputs, never inside a data folder; deleting it is always safe.
CACHE_DIR = PROJECT_ROOT / "build" / ".cache" / "datenanalyse"
#: Files kept there (three per data folder); older ones are removed.
CACHE_FILES = 30
POPULATION = "auslaenderanteil"
KREIS_POPULATION = "12411-03-03-4"
REGION_NAMES = {"DG": "Deutschland", "16": "Thüringen"}
#: A district value this far above/below the comparison counts as "deutlich" different.
NOTABLE = 0.2
OVERVIEW_LEGEND = ("„.“ geheim oder unbekannt, „/“ nicht sicher genug, „x“ nicht sinnvoll, „–“ kein Wert; "
                   "Pp. = Prozentpunkte.")
CAUTION = ("Die Zahlen zeigen Unterschiede, keine Ursachen. Ob ein Wert auf einen Handlungsbedarf hinweist, "
           "klären Sie im Gespräch mit den Fachleuten vor Ort – und mit den Menschen, um die es geht.")


@dataclass
class District:
    """The data of one district, prepared once: tables, all computable indicators, the map."""
    data_dir: Path
    code: str
    name: str
    year: int
    first_year: int
    comparison: tuple[str, ...]
    threshold: int
    tables: dict[str, pd.DataFrame]
    results: dict[str, pd.DataFrame]
    #: Per indicator the rows with `shown` and `marker` for `threshold` (see `shown`).
    protected: dict[str, pd.DataFrame]
    boundaries: pd.DataFrame | None
    map_level: str | None
    notes: list[str]
    #: Indicators of the catalogue without a value for the district: id → German reason.
    unavailable: dict[str, str] = dataclasses.field(default_factory=dict)
    #: Files of the folder left out: (file name, German reason).
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def gemeinden(self) -> pd.DataFrame:
        """region_code, region_name of the district's Gemeinden with population data."""
        rows = self.results[POPULATION]
        rows = rows[(rows["level"] == "Gemeinde") & rows["region_code"].str.startswith(self.code)]
        return rows[["region_code", "region_name"]].drop_duplicates("region_code").sort_values("region_name")

    def indicator_ids(self) -> list[str]:
        """Indicators with a value for the district, in catalogue order."""
        return [i for i, r in self.results.items() if (r["region_code"] == self.code).any()]

    def region_name(self, code: str) -> str:
        return REGION_NAMES.get(code) or self._names.get(code, code)

    @functools.cached_property
    def _names(self) -> dict[str, str]:
        rows = self.results[POPULATION].drop_duplicates("region_code")
        return dict(zip(rows["region_code"], rows["region_name"]))


def prepare(data_dir: str | Path, district_code: str, reference_year: int, comparison_region: str = "16",
            threshold: int = 3, boundaries: str = "auto") -> District:
    """Load a data folder (cached) and choose the year: `reference_year`, or the latest year
    before it (else the latest at all) for which the district's population is known.

    `boundaries`: a GeoJSON/shapefile name in the folder (or a path), "auto" to look for one
    with the district's Gemeinden or with Kreise, "" for no map. A code given as a number is read
    as text (16063 → "16063", 1001 → "01001").
    """
    district_code, comparison_region = pad_code(district_code), comparison_region and pad_code(comparison_region)
    folder = Path(data_dir).resolve()
    results = computed(str(folder))
    if POPULATION not in results:
        raise UserError("Im Datenordner fehlt die Bevölkerungstabelle 12411-03-03-4 (Bevölkerung nach "
                        "Nationalität); ohne sie lässt sich kein Bericht rechnen.", file=folder,
                        hint="Laden Sie die Tabelle von regionalstatistik.de herunter und legen Sie sie in den Ordner.")
    population = results[POPULATION]
    years = sorted(population.loc[(population["region_code"] == district_code) & population["value"].notna(), "year"])
    if not years:
        check.kreis_code(district_code, tables(str(folder)))  # a former or unknown code: the right one
        raise UserError(f"Für den Kreis {district_code} enthält die Bevölkerungstabelle keine Werte.", file=folder,
                        hint="Prüfen Sie den Kreisschlüssel (district_code), z. B. „16063“ für den Wartburgkreis.")
    year = max([y for y in years if y <= reference_year] or years)
    notes = [] if year == reference_year else [
        f"Für {reference_year} liegen keine Bevölkerungszahlen vor; der Bericht zeigt {year}."]
    areas, level, map_note = _boundaries(folder, district_code, boundaries)
    notes += [map_note] if map_note else []
    district = District(folder, district_code, "", int(year), int(years[0]),
                        tuple(dict.fromkeys([comparison_region, "DG"])) if comparison_region else ("DG",),
                        int(threshold), tables(str(folder)), results, _protected(str(folder), int(threshold)),
                        areas, level, notes, unavailable(str(folder), district_code),
                        list(getattr(tables(str(folder)), "skipped", [])))
    district.name = district.region_name(district_code)
    return district


def tables(folder: str) -> dict[str, pd.DataFrame]:
    """All tables of a folder on today's Gebietsstand (cached per folder)."""
    return _cached(folder, "tables", lambda: indicators.load(folder))


def computed(folder: str) -> dict[str, pd.DataFrame]:
    """Every catalogue indicator the folder's tables allow, by id (cached per folder)."""
    return _analysis(folder)[0]


def _analysis(folder: str) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """`indicators.compute_all` of the folder: results and, for the others, the German reason."""
    return _cached(folder, "indicators", lambda: indicators.compute_all(tables(folder)))


def unavailable(folder: str, code: str) -> dict[str, str]:
    """Why each catalogue indicator without a value for the district has none (table, label,
    years), in German, by indicator id; `folder` as `computed` takes it."""
    results, reasons = _analysis(folder)
    absent = {i: f"Die Tabellen enthalten keine Werte für {code}." for i, r in results.items()
              if not (r["region_code"] == code).any()}
    return {ind.id: reasons.get(ind.id) or absent[ind.id] for ind in indicators.catalogue()
            if ind.id in reasons or ind.id in absent}


def _protected(folder: str, threshold: int) -> dict[str, pd.DataFrame]:
    return _cached(folder, f"shown-{threshold}",
                   lambda: {i: _protect(result, threshold) for i, result in computed(folder).items()})


#: (folder, what) → (fingerprint, value) of this process.
_MEMORY: dict[tuple[str, str], tuple] = {}


def _cached(folder: str, what: str, build):
    """`build()` for a data folder, from memory or `CACHE_DIR` while the fingerprint holds."""
    fingerprint = _fingerprint(folder)
    kept = _MEMORY.get((folder, what))
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    path = CACHE_DIR / f"{hashlib.sha256(folder.encode()).hexdigest()[:16]}-{what}.pickle"
    value = _read_cache(path, fingerprint)
    if value is None:
        value = build()
        _write_cache(path, fingerprint, value)
    _MEMORY[(folder, what)] = fingerprint, value
    return value


def _fingerprint(folder: str) -> tuple:
    """Name, size and modification time of every file in the folder (planning workbooks, their exports and
    hidden files such as the plan's lock aside), and the same of the toolkit's code: a change to either makes
    the cache stale."""
    files = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns) for entry in os.scandir(folder)
                   if entry.is_file() and not entry.name.startswith(".")
                   and not data.PLANNING_WORKBOOKS.fullmatch(entry.name))
    return folder, tuple(files), _code_fingerprint()


@functools.cache
def _code_fingerprint() -> tuple:
    code = Path(__file__).parent
    return sys.version, pd.__version__, tuple(sorted(
        (str(p.relative_to(code)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in code.rglob("*") if p.suffix in (".py", ".yaml")))


def _read_cache(path: Path, fingerprint: tuple):
    try:
        with path.open("rb") as stored:
            return pickle.load(stored) if pickle.load(stored) == fingerprint else None
    except Exception:  # noqa: BLE001 - absent, half-written or from another version: computed again
        return None


def _write_cache(path: Path, fingerprint: tuple, value) -> None:
    """Written beside and then renamed, so a kernel running at the same time never reads half a file."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(fingerprint, out, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only loses the speed-up
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def _boundaries(folder: Path, code: str, choice: str) -> tuple[pd.DataFrame | None, str | None, str | None]:
    """(areas of the map, "Gemeinde"/"Kreis", German note when there is no map)."""
    if not choice:
        return None, None, None
    if choice != "auto":
        candidates = [folder / choice]
    else:
        candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".geojson", ".shp"))
    for path in candidates:
        areas = read_boundaries(path)
        for level, rows in (("Gemeinde", areas["region_code"].str.fullmatch(rf"{code}\d{{3}}")),
                            ("Kreis", areas["region_code"].str.fullmatch(r"16\d{3}"))):
            if rows.any() and (level == "Gemeinde" or (areas["region_code"] == code).any()):
                chosen = areas[rows].reset_index(drop=True)
                chosen.attrs = dict(areas.attrs)
                return chosen, level, None
    return None, None, ("Eine Kartendatei mit den Gemeinden des Kreises oder den Thüringer Kreisen liegt nicht "
                        "im Datenordner; die Karte entfällt.")


# --- values that may be shown -------------------------------------------------------------------

def shown(district: District, indicator_id: str) -> pd.DataFrame:
    """The indicator's rows with `shown` (NaN where nothing may be published) and `marker`."""
    return district.protected[indicator_id]


def _protect(result: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Gemeinde counts (numerators): small ones hidden, and per Kreis and year as many more as
    keep them from being recomputed from the Kreis value. Rates: hidden when their numerator is
    hidden or small or the denominator too small. Kreis, Land and Bund values pass as published."""
    ind = result.attrs["indicator"]
    out = result.copy()
    out.attrs = {}  # pandas deep-copies attrs on every operation; they are set again at the end
    out["counted"], out["marker"] = out["numerator"], out["status"]
    gemeinden = out[out["level"] == "Gemeinde"]
    for _, rows in gemeinden.groupby(["year", gemeinden["region_code"].str[:5]]):
        hidden = disclosure.suppress(rows["numerator"], threshold, status=rows["status"])
        out.loc[rows.index, "counted"] = hidden.values
        out.loc[rows.index, "marker"] = hidden.status.where(hidden.mask, rows["status"])
    if ind.denominator_spec:
        rates = disclosure.suppress_rates(out["counted"], out["denominator"], threshold, per=ind.factor)
        out["shown"] = rates.values
        out["marker"] = out["marker"].where(~rates.mask | out["counted"].isna(), rates.status)
    else:
        out["shown"] = out["value"].where(out["counted"].notna() | out["numerator"].isna())
    out.attrs = result.attrs
    return out


def value_text(value: float, unit: str, marker: str = "") -> str:
    """German display of an indicator value: `6,2 %`, `4,1 je 1.000`, `12.345`; hidden: its marker;
    a rate published as „-“ (none published, e.g. before 2009): „–“, no value."""
    if value is None or np.isnan(value):
        return "–" if marker == "-" else marker or disclosure.MARKER
    if unit == "%":
        return fmt.percent(value)
    return fmt.number(value, 1) if unit.startswith("je") else fmt.number(value)


def change_text(value: float, unit: str) -> str:
    if value is None or np.isnan(value):
        return "–"
    value = round(value, 1) + 0.0
    sign = "+" if value > 0 else ""
    return f"{sign}{fmt.number(value, 1)} Pp." if unit == "%" else f"{sign}{value_text(value, unit)}"


def _value(district: District, indicator_id: str, code: str, year: int) -> tuple[float, str]:
    rows = shown(district, indicator_id)
    row = rows[(rows["region_code"] == code) & (rows["year"] == year)]
    return (float(row["shown"].iloc[0]), str(row["marker"].iloc[0])) if len(row) else (np.nan, "")


def indicator_year(district: District, indicator_id: str) -> int | None:
    """The report year, or the latest year before it with a value for the district; an indicator
    whose tables start later (naturalisations 2016 beside population 2015) shows its first year."""
    rows = district.results[indicator_id]
    years = rows.loc[rows["region_code"] == district.code, "year"]
    before = years[years <= district.year]
    return int(before.max()) if len(before) else int(years.min()) if len(years) else None


# --- text ------------------------------------------------------------------------------------

def key_facts(district: District) -> str:
    """German Markdown: population, foreigners, share, change since the first year, comparison."""
    rows = district.results[POPULATION]
    now = rows[(rows["region_code"] == district.code) & (rows["year"] == district.year)].iloc[0]
    share, _ = _value(district, POPULATION, district.code, district.year)
    lines = [f"- **Einwohner\\*innen am 31.12.{district.year}:** {fmt.number(now['denominator'])}",
             f"- **davon Ausländer\\*innen:** {fmt.number(now['numerator'])} "
             f"(Ausländeranteil **{value_text(share, '%')}**)"]
    compared = [f"{district.region_name(c)} {value_text(_value(district, POPULATION, c, district.year)[0], '%')}"
                for c in district.comparison if (rows["region_code"] == c).any()]
    if compared:
        lines.append(f"- **zum Vergleich:** {', '.join(compared)}")
    if district.first_year < district.year:
        before, _ = _value(district, POPULATION, district.code, district.first_year)
        then = rows[(rows["region_code"] == district.code) & (rows["year"] == district.first_year)].iloc[0]
        lines.append(f"- **Veränderung seit {district.first_year}:** Ausländeranteil "
                     f"{change_text(share - before, '%')}, Ausländer\\*innen "
                     f"{change_text(now['numerator'] - then['numerator'], 'Anzahl')}, Einwohner\\*innen "
                     f"{change_text(now['denominator'] - then['denominator'], 'Anzahl')}")
    else:
        lines.append(f"- **Veränderung:** Die Daten enthalten nur das Jahr {district.year}; "
                     "für eine Entwicklung braucht es Tabellen mit mehreren Jahren.")
    merged = merged_notes(rows) if district.code == WARTBURGKREIS else []
    return "\n".join(lines + [f"\n*{_md(note)}*" for note in [*merged, *district.notes]])


def missing_text(district: District) -> str:
    """German Markdown: every catalogue indicator without a value for the district and why – a
    missing table once with its download recipe (`toolkit.indicators.check`), other reasons as
    computed – and the files of the folder that were left out; the portals' steps once at the end."""
    by_table: dict[str, list[str]] = {}
    others = []
    for indicator_id, reason in district.unavailable.items():
        name = _md(indicators.get(indicator_id).name)
        missing = check.MISSING_TABLE.search(reason)
        if missing:
            by_table.setdefault(missing.group(1), []).append(name)
        else:
            others.append(f"- **{name}:** {_md(reason)}")
    lines, known = [], []
    for codes, names in by_table.items():
        found = [c for c in codes.split(" oder ") if c in check.recipe_codes()]
        known += found
        recipes = " ".join(_md(check.recipe(c, steps=False)) for c in found)
        lines.append(f"- **Tabelle {codes} fehlt** – für {', '.join(names)}. *So laden Sie sie herunter:* {recipes}")
    lines += others + [f"- **Datei {_md(name)} nicht verwendet:** {_md(reason)}" for name, reason in district.skipped]
    if not lines:
        return "Alle Indikatoren des Katalogs lassen sich aus den Tabellen im Datenordner berechnen."
    steps = [f"- {_md(step)}" for step in check.portal_steps(known)]
    return "\n\n".join(["Nicht berechnet werden konnte:", "\n".join(lines)]
                       + (["So geht's in den Portalen:", "\n".join(steps)] if steps else []))


def handlungsfelder_text(district: District) -> str:
    """German Markdown grouped by Handlungsfeld: each indicator against the first comparison
    region, with cautious wording and the change since the first year where known."""
    if not district.comparison:
        return CAUTION
    other = district.comparison[0]
    fields: dict[str, list[str]] = {}
    for indicator_id in district.indicator_ids():
        ind = indicators.get(indicator_id)
        year = indicator_year(district, indicator_id)
        own, _ = _value(district, indicator_id, district.code, year) if year else (np.nan, "")
        ref, _ = _value(district, indicator_id, other, year) if year else (np.nan, "")
        if ind.unit == "Anzahl" or np.isnan(own) or np.isnan(ref) or ref == 0:
            continue
        fields.setdefault(ind.handlungsfeld, []).append(_sentence(district, ind, year, own, ref, other))
    parts = [f"**{field}**\n\n" + "\n".join(f"- {s}" for s in sentences) for field, sentences in fields.items()]
    return "\n\n".join(parts + [f"*{CAUTION}*"]) if parts else (
        "Für einen Vergleich mit " + district.region_name(other) + " fehlen Werte. " + CAUTION)


def _sentence(district: District, ind, year: int, own: float, ref: float, other: str) -> str:
    ratio = own / ref - 1
    where = ("deutlich über" if ratio > NOTABLE else "deutlich unter" if ratio < -NOTABLE else "in der Nähe von")
    per = " je 1.000 Einwohner\\*innen" if ind.unit.startswith("je") and "1.000" not in ind.short else ""
    text = (f"{_md(ind.short)} {year}: {value_text(own, ind.unit)}{per} – {where} {district.region_name(other)} "
            f"({value_text(ref, ind.unit)}).")
    before, _ = _value(district, ind.id, district.code, district.first_year)
    if district.first_year < year and not np.isnan(before) and before != own:
        text += f" Seit {district.first_year} {'gestiegen' if own > before else 'gesunken'} " \
                f"({change_text(own - before, ind.unit)})."
    return text


def sources(district: District) -> tuple[list[str], str]:
    """Short source lines for the title block (one per publisher, with table codes and Stand)
    and the licence line(s)."""
    codes = [c for i in district.indicator_ids() for c in indicators.get(i).tables if c in district.tables]
    lines = [source_line(district, codes, licence=False)[len("Quelle: "):]]
    if district.boundaries is not None:
        lines.append(f"Karte: {Path(district.boundaries.attrs.get('file', '')).name}")
    licences = {t.attrs.get("licence") for t in district.tables.values()} - {"", None}
    return lines, "; ".join(sorted(licences))


def source_line(district: District, codes, licence: bool = True) -> str:
    """"Quelle: publisher, Tabellen a, b, Stand …; …" for these table codes, licence once at the end."""
    groups: dict[str, list[str]] = {}
    stands: dict[str, set] = {}
    for code in dict.fromkeys(codes):
        attrs = district.tables[code].attrs
        key = attrs.get("source") or attrs.get("title") or "ohne Quellenangabe"
        groups.setdefault(key, []).append(code)
        stands.setdefault(key, set()).add(attrs.get("stand") or "")
    parts = [f"{key}, Tabelle{'n' if len(found) > 1 else ''} {', '.join(found)}"
             + (f", Stand {', '.join(sorted(stands[key] - {''}))}" if stands[key] - {""} else "")
             for key, found in groups.items()]
    licences = sorted({district.tables[c].attrs.get("licence") for c in codes} - {"", None})
    return "Quelle: " + "; ".join(parts + (licences if licence else []))


def sources_text(district: District) -> str:
    """German Markdown: every table used with its full source line, and the licence."""
    lines = dict.fromkeys(line for i in district.indicator_ids() for line in district.results[i].attrs["sources"])
    _, licence = sources(district)
    text = "\n".join(f"- {_md(line)}" for line in lines)
    if district.boundaries is not None:
        text += f"\n- Karte: {_md(Path(district.boundaries.attrs.get('file', '')).name)}"
    return text + (f"\n\nLizenz: {licence}" if licence else "")


def _md(text: str) -> str:
    """Text safe inside Markdown (gender star, underscores)."""
    return text.replace("*", "\\*").replace("_", "\\_")


# --- pictures ----------------------------------------------------------------------------------

#: matplotlib is not thread-safe (its font cache) and the training app renders ahead in a thread
#: while the notebook goes on drawing: every figure of this module is made and saved under it.
FIGURE_LOCK = threading.RLock()


def _one_at_a_time(function):
    @functools.wraps(function)
    def locked(*args, **kwargs):
        with FIGURE_LOCK:
            return function(*args, **kwargs)
    return locked


@_one_at_a_time
def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (no pyplot: nothing stays open)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


@_one_at_a_time
def time_series_figure(district: District, indicator_id: str, region_code: str | None = None,
                       comparison: tuple[str, ...] | None = None) -> Figure:
    """The indicator over the years: the chosen Gemeinde (if any), the district, the comparison."""
    ind = indicators.get(indicator_id)
    codes = list(dict.fromkeys([region_code or district.code, district.code,
                                *(district.comparison if comparison is None else comparison)]))
    rows = shown(district, indicator_id)
    rows = rows[rows["region_code"].isin(codes)].copy()
    rows = rows.iloc[np.argsort(rows["region_code"].map(codes.index).to_numpy(), kind="stable")]
    rows["region_name"] = rows["region_code"].map(district.region_name)
    rows["time"] = rows["year"].astype(str)
    rows.attrs = {"title": f"{ind.name} ({ind.unit})"}
    return charts.time_series(rows, percent=ind.unit == "%", source=_source(district, ind),
                              note=_note(rows, district.results[indicator_id]))


@_one_at_a_time
def map_figure(district: District, indicator_id: str, year: int) -> Figure | None:
    """Choropleth of the indicator in `year` over the map's areas; None without map or values."""
    if district.boundaries is None:
        return None
    ind = indicators.get(indicator_id)
    rows = shown(district, indicator_id)
    rows = rows[(rows["year"] == year) & rows["region_code"].isin(district.boundaries["region_code"])]
    if rows.empty:
        return None
    values = rows.set_index("region_code")["shown"].rename(ind.short)
    return charts.choropleth(district.boundaries, values, percent=ind.unit == "%", labels=[district.code],
                             title=f"{ind.name} {year} – {'Gemeinden' if district.map_level == 'Gemeinde' else 'Kreise in Thüringen'}",
                             legend_title=ind.unit if ind.unit != "Anzahl" else "Anzahl",
                             source=_source(district, ind), note=_note(rows, district.results[indicator_id]))


@_one_at_a_time
def age_pyramid_figure(district: District) -> Figure | None:
    """Age structure of Deutsche and Ausländer*innen in the report year, disclosed."""
    table = district.tables.get(KREIS_POPULATION)
    if table is None:
        return None
    rows = table[(table["region_code"] == district.code) & table["time"].str.startswith(str(district.year))]
    rows = rows.assign(side=rows["variable"].map(indicators.normalise))
    rows = rows[rows["side"].isin(["deutsche", "ausländer"]) & (rows["age_group"].map(indicators.normalise) != "")]
    if rows.empty:
        return None
    counts = rows.pivot(index="age_group", columns="side", values="value").reindex(pd.unique(rows["age_group"]))
    status = rows.pivot(index="age_group", columns="side", values="status").reindex(counts.index)
    hidden = disclosure.suppress(counts, district.threshold, status=status)
    long = hidden.values.rename(columns={"deutsche": "Deutsche", "ausländer": "Ausländer*innen"}).stack(
        ).rename("value").reset_index().rename(columns={"side": "nationality"})
    notes = [hidden.note] if hidden.mask.any().any() else []
    return charts.age_pyramid(long, left="Deutsche", right="Ausländer*innen",
                              title=f"Altersaufbau am 31.12.{district.year}: Deutsche und Ausländer*innen",
                              source=source_line(district, [KREIS_POPULATION]),
                              note=" ".join(notes + _merged_in(district, table, district.year)) or None)


@_one_at_a_time
def nationality_figure(district: District) -> Figure | None:
    """The ten largest nationalities (AZR) in the latest AZR year up to the report year."""
    azr = district.tables.get(AZR_TABLE)
    if azr is None:
        return None
    years = sorted({int(t[:4]) for t in azr.loc[azr["region_code"] == district.code, "time"]})
    usable = [y for y in years if y <= district.year] or years
    if not usable:
        return None
    top = indicators.nationalities(district.tables, district.code, usable[-1])
    parts = top[top["nationality"] != REST]
    hidden = disclosure.suppress(parts.set_index("nationality")["value"], district.threshold,
                                 status=parts.set_index("nationality")["status"])
    frame = pd.concat([hidden.values.reset_index(),
                       pd.DataFrame({"nationality": ["Insgesamt"], "value": [top.attrs["total"]]})])
    note = " ".join(n for n in (top.attrs["note"], hidden.note if hidden.mask.any() else "",
                                *_merged_in(district, azr, usable[-1])) if n)
    return charts.nationality_bars(frame, total="Insgesamt",
                                   title=f"Die häufigsten Staatsangehörigkeiten am 31.12.{usable[-1]} (AZR)",
                                   source=source_line(district, [AZR_TABLE]), note=note)


def _merged_in(district: District, table: pd.DataFrame, year: int) -> list[str]:
    """The Gebietsstand note for a picture of the district in `year`, if Eisenach was added then."""
    merged = table.attrs.get("eisenach_merged") or []
    return _merged_notes([year], False) if district.code == WARTBURGKREIS and year in merged else []


def _source(district: District, ind) -> str:
    return source_line(district, [c for c in ind.tables if c in district.tables])


def _note(rows: pd.DataFrame, result: pd.DataFrame | None = None) -> str | None:
    """Disclosure note of the rows shown, and the Gebietsstand notes when the merged Wartburgkreis is among them."""
    hidden = rows["shown"].isna() & rows["value"].notna()
    notes = [f"{hidden.sum()} Wert(e) aus Gründen der Geheimhaltung nicht gezeigt (kleine Fallzahlen, „.“) "
             "oder wegen zu kleiner Bezugsgröße nicht sicher genug („/“)."] if hidden.any() else []
    if result is not None and (rows["region_code"] == WARTBURGKREIS).any():
        notes += merged_notes(result)
    return " ".join(notes) or None


def merged_notes(result: pd.DataFrame) -> list[str]:
    """German notes for a result in which Eisenach's values were added to the Wartburgkreis:
    what the merged area is, and why a published rate has no value (x) for it before the merger."""
    ind = result.attrs.get("indicator")
    published = ind is not None and ind.published_spec is not None
    return _merged_notes(result.attrs.get("eisenach_merged") or [], published)


def _merged_notes(years: list[int], published: bool) -> list[str]:
    if not years:
        return []
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    notes = [f"{indicators.MERGED_NAME}: für {span} Summe der veröffentlichten Werte von Wartburgkreis (16063) und "
             "Eisenach (16056), damit die Reihe dasselbe Gebiet zeigt wie seit dem 1.7.2021; Quoten sind aus den "
             "addierten Zahlen neu berechnet."]
    if published:
        notes.append("„x“ beim Wartburgkreis vor dem 1.7.2021: Diese Quote ist veröffentlicht, nicht berechnet; "
                     "Wartburgkreis und Eisenach hatten getrennte Quoten, deren Nenner nicht veröffentlicht sind – "
                     "für das zusammengelegte Gebiet lässt sie sich nicht umrechnen.")
    return notes


# --- tables ----------------------------------------------------------------------------------

def comparison_table(district: District, indicator_id: str, region_code: str | None, year: int,
                     comparison: tuple[str, ...] | None = None) -> str:
    """HTML: the chosen region, the district and the comparison regions with value, numerator, denominator."""
    ind = indicators.get(indicator_id)
    rows = shown(district, indicator_id)
    compared = indicators.compare(rows, region_code or district.code, year,
                                  district.comparison if comparison is None else comparison)
    small = (compared["denominator"] > 0) & (compared["denominator"] < district.threshold)
    table = pd.DataFrame({
        "Gebiet": compared["region_code"].map(district.region_name),
        ind.short: [value_text(v, ind.unit, m) for v, m in zip(compared["shown"], compared["marker"])],
        "Zähler": compared["counted"].map(lambda v: fmt.number(v, empty=disclosure.MARKER)),
        "Nenner": compared["denominator"].mask(small).map(lambda v: fmt.number(v, empty=disclosure.MARKER)),
    }).set_index("Gebiet")
    return charts.gemeinde_table(table.astype(str), title=f"{ind.name} {year}",
                                 source=_source(district, ind), note=_note(compared, district.results[indicator_id]))


def overview_table(district: District) -> str:
    """HTML: every indicator with a district value — value, comparison regions, change, Handlungsfeld."""
    head = [district.name, *(district.region_name(c) for c in district.comparison)]
    change_head = f"Veränderung seit {district.first_year}"
    records = []
    for indicator_id in district.indicator_ids():
        ind = indicators.get(indicator_id)
        year = indicator_year(district, indicator_id)
        if year is None:
            continue
        cells = [_cell(district, indicator_id, c, year, ind.unit) for c in (district.code, *district.comparison)]
        before, _ = _value(district, indicator_id, district.code, district.first_year)
        own, _ = _value(district, indicator_id, district.code, year)
        label = ind.short if ind.unit in ("%", "Anzahl") or "1.000" in ind.short else f"{ind.short} ({ind.unit})"
        records.append([label + ("" if year == district.year else f" ({year})"), *cells,
                        change_text(own - before, ind.unit) if year > district.first_year else "–"])
    table = pd.DataFrame(records, columns=["Indikator", *head, change_head]).set_index("Indikator")
    return charts.gemeinde_table(table, title=f"Indikatoren im Überblick ({district.year})",
                                 note=" ".join([OVERVIEW_LEGEND, *_district_notes(district)]),
                                 source="Quellen: siehe Abschnitt „Quellen und Lizenz“")


def _district_notes(district: District) -> list[str]:
    """The Gebietsstand notes of all the district's indicators in one: the merged years, and the
    reason for „x“ if a published rate is among them."""
    if district.code != WARTBURGKREIS:
        return []
    merged = [r for r in map(district.results.get, district.indicator_ids()) if r.attrs.get("eisenach_merged")]
    years = sorted({y for result in merged for y in result.attrs["eisenach_merged"]})
    return _merged_notes(years, any(r.attrs["indicator"].published_spec is not None for r in merged))


def _cell(district: District, indicator_id: str, code: str, year: int, unit: str) -> str:
    value, marker = _value(district, indicator_id, code, year)
    return value_text(value, unit, marker) if marker or not np.isnan(value) else "–"


def gemeinde_table(district: District) -> tuple[str, list[disclosure.Disclosed]] | None:
    """HTML table of the Gemeinden in the report year (None without Gemeinde data) and the
    Disclosed parts it was built from (for `disclosure.check_published`): Ausländer*innen,
    their shares, Arbeitslose if the folder has them. Hidden Ausländer*innen are the same as in
    maps and the app (see `shown`); 2-D suppression with Bevölkerung and the Kreis as published
    totals then hides the Deutsche that would reveal them."""
    gemeinden = district.gemeinden
    if gemeinden.empty:
        return None
    order = [*gemeinden["region_code"], district.code]
    names = {code: district.region_name(code) for code in order}
    pop = _year_rows(district, POPULATION, order).rename(index=names)
    total = names[district.code]
    people = _people(pop, total, district.threshold)
    foreign = people.column("Ausländer*innen")
    share = disclosure.suppress_rates(foreign.values.rename("Anteil"), pop["denominator"].rename("Anteil"),
                                      district.threshold)
    parts = [foreign, share, people.column("Deutsche")]
    columns = [people.table, share.table.map(lambda v: v if v in "./x" else f"{v}\u00a0%")]
    if "auslaenderanteil_arbeitslose" in district.results:
        jobless = _year_rows(district, "auslaenderanteil_arbeitslose", order).rename(index=names)
        parts.append(_count_column(jobless, "Arbeitslose (ausl.)", total, district.threshold))
        columns.append(parts[-1].table)
    table = pd.concat(columns, axis=1)
    table.index.name = "Gemeinde"
    used = [c for i in (POPULATION, "auslaenderanteil_arbeitslose") if i in district.results
            for c in indicators.get(i).tables if c in district.tables]
    html = charts.gemeinde_table(table, title=f"Gemeinden am 31.12.{district.year} (Arbeitslose: Jahresdurchschnitt)",
                                 note=_protected_note(district.threshold, share), source=source_line(district, used))
    return html, parts


def _protected_note(threshold: int, share: disclosure.Disclosed) -> str:
    text = (f"Geheimhaltung: „.“ = nicht ausgewiesen, weil die Fallzahl unter {threshold} liegt, in der Quelle "
            "geheim ist oder sich aus der Kreissumme oder der Bevölkerung errechnen ließe; „-“ = nichts vorhanden.")
    return f"{text} Anteile: {share.note.removeprefix('Geheimhaltung: ')}" if share.mask.any() else text


def _people(pop: pd.DataFrame, total: str, threshold: int) -> disclosure.Disclosed:
    """Bevölkerung = Deutsche + Ausländer*innen per Gemeinde, the Ausländer*innen as `shown`
    protects them, Bevölkerung and the Kreis row as published totals."""
    counts = pd.DataFrame({"Bevölkerung": pop["denominator"], "Deutsche": pop["denominator"] - pop["numerator"],
                           "Ausländer*innen": pop["counted"]})
    status = pd.DataFrame({"Bevölkerung": "", "Deutsche": "", "Ausländer*innen": pop["marker"]}, index=counts.index)
    return disclosure.suppress(counts, threshold, total_row=total, total_column="Bevölkerung", status=status)


def _count_column(rows: pd.DataFrame, name: str, total: str, threshold: int) -> disclosure.Disclosed:
    """A column of Gemeinde counts as `shown` protects them, with the Kreis value as its total."""
    return disclosure.suppress(rows["counted"].rename(name), threshold, total_row=total,
                               status=rows["marker"].rename(name))


def _year_rows(district: District, indicator_id: str, order: list[str]) -> pd.DataFrame:
    rows = shown(district, indicator_id)
    rows = rows[(rows["year"] == district.year) & rows["region_code"].isin(order)]
    return rows.set_index("region_code").reindex(order)
