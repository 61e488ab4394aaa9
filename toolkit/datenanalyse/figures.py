"""The chapter's pictures: time series with comparison, map, age pyramid, nationalities."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from toolkit import charts, disclosure, indicators
from toolkit.datenanalyse.district import KREIS_POPULATION, District
from toolkit.datenanalyse.notes import _merged_in, _note, _source, source_line
from toolkit.datenanalyse.values import shown
from toolkit.indicators.compare import AZR_TABLE, REST

# --- pictures ----------------------------------------------------------------------------------

@charts.one_at_a_time
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


@charts.one_at_a_time
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
    areas = "Gemeinden" if district.map_level == "Gemeinde" else "Kreise in Thüringen"
    return charts.choropleth(district.boundaries, values, percent=ind.unit == "%", labels=[district.code],
                             title=f"{ind.name} {year} – {areas}",
                             legend_title=ind.unit if ind.unit != "Anzahl" else "Anzahl",
                             source=_source(district, ind), note=_note(rows, district.results[indicator_id]))


@charts.one_at_a_time
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


@charts.one_at_a_time
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
