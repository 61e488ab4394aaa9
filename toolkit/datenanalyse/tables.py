"""The chapter's tables as disclosed HTML: comparison, overview of all indicators, the Gemeinden."""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import disclosure, fmt, indicators, markup
from toolkit.data.regions import WARTBURGKREIS
from toolkit.datenanalyse.district import OVERVIEW_LEGEND, POPULATION, District
from toolkit.datenanalyse.notes import _merged_notes, _note, _source, source_line
from toolkit.datenanalyse.values import _value, indicator_year, shown, value_text

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
    return markup.table(table, caption=f"{ind.name} {year}", row_headers=True,
                        notes=[_note(compared, district.results[indicator_id]), _source(district, ind)])


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
                        fmt.change(own - before, ind.unit, short=True) if year > district.first_year else "–"])
    table = pd.DataFrame(records, columns=["Indikator", *head, change_head]).set_index("Indikator")
    return markup.table(table, caption=f"Indikatoren im Überblick ({district.year})", row_headers=True,
                        notes=[" ".join([OVERVIEW_LEGEND, *_district_notes(district)]),
                               "Quellen: siehe Abschnitt „Quellen und Lizenz“"])


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
    notes = [_protected_note(district.threshold, share), source_line(district, used)]
    html = markup.table(table, caption=f"Gemeinden am 31.12.{district.year} (Arbeitslose: Jahresdurchschnitt)",
                        row_headers=True, notes=notes)
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
