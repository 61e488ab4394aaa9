"""The district of a data folder, prepared once: its tables, the indicators they allow, the values that may
be shown (disclosure at the district's threshold), the map and the notes on what is missing.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit import disclosure, store
from toolkit.data.boundaries import read_boundaries
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.indicators import check

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
    results = store.computed(str(folder))
    if POPULATION not in results:
        raise UserError("Im Datenordner fehlt die Bevölkerungstabelle 12411-03-03-4 (Bevölkerung nach "
                        "Nationalität); ohne sie lässt sich kein Bericht rechnen.", file=folder,
                        hint="Laden Sie die Tabelle von regionalstatistik.de herunter und legen Sie sie in den Ordner.")
    population = results[POPULATION]
    years = sorted(population.loc[(population["region_code"] == district_code) & population["value"].notna(), "year"])
    if not years:
        check.kreis_code(district_code, store.tables(str(folder)))  # a former or unknown code: the right one
        raise UserError(f"Für den Kreis {district_code} enthält die Bevölkerungstabelle keine Werte.", file=folder,
                        hint="Prüfen Sie den Kreisschlüssel (district_code), z. B. „16063“ für den Wartburgkreis.")
    year = max([y for y in years if y <= reference_year] or years)
    notes = [] if year == reference_year else [
        f"Für {reference_year} liegen keine Bevölkerungszahlen vor; der Bericht zeigt {year}."]
    areas, level, map_note = _boundaries(folder, district_code, boundaries)
    notes += [map_note] if map_note else []
    district = District(folder, district_code, "", int(year), int(years[0]),
                        tuple(dict.fromkeys([comparison_region, "DG"])) if comparison_region else ("DG",),
                        int(threshold), store.tables(str(folder)), results, _protected(str(folder), int(threshold)),
                        areas, level, notes, store.unavailable(str(folder), district_code),
                        list(getattr(store.tables(str(folder)), "skipped", [])))
    district.name = district.region_name(district_code)
    return district



def _protected(folder: str, threshold: int) -> dict[str, pd.DataFrame]:
    return store.cached(folder, f"shown-{threshold}",
                   lambda: {i: _protect(result, threshold) for i, result in store.computed(folder).items()})


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
