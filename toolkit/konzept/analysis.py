"""Chapter „Datenanalyse – Daten und Fakten“ from stage 1 (`toolkit.datenanalyse`): key facts, the overview, per
Handlungsfeld its indicators (chart Kreis – Thüringen – Deutschland over time and one sentence of reading), the
Gemeinden (map and table, disclosure-checked) and the caveats.

Everything comes from the stage's public API, so the numbers are the ones the handout shows: values pass
`toolkit.disclosure` at the district's threshold there; the Gemeinde table returns its Disclosed parts, which
`konzept.build` checks against the written HTML (`disclosure.check_published`)."""
from __future__ import annotations

from toolkit import datenanalyse as da
from toolkit import indicators
from toolkit.konzept.model import Bullets, Heading, Paragraph, figure, from_html_table, from_markdown, text
from toolkit.plan import Plan, cell_text

CAVEATS = [
    "Ausländerzentralregister (AZR): Die veröffentlichten Zahlen sind seit etwa 2016 auf Vielfache von 5 gerundet; "
    "Summen aus gerundeten Teilen können von der veröffentlichten Gesamtzahl abweichen.",
    "Zensus 2022: Die Bevölkerungszahlen ab dem Stichtag 31.12.2022 beruhen auf dem Zensus 2022, frühere auf dem "
    "Zensus 2011. Ein Sprung zwischen 2021 und 2022 kann daher statistisch bedingt sein.",
    "Ausländer*innen sind Menschen ohne deutsche Staatsangehörigkeit; Eingebürgerte und Deutsche mit "
    "Einwanderungsgeschichte zählen nicht dazu.",
]
#: Charts per Handlungsfeld at most (of indicators with more than one year); every further indicator is in the
#: overview table and has its sentence.
MAX_CHARTS = 3


def chapter(district: da.District, plan: Plan | None) -> tuple[list, list]:
    """(blocks of the chapter, the Disclosed parts of its Gemeinde table for the disclosure check)."""
    blocks = [Heading("Datenanalyse – Daten und Fakten", 1, "datenanalyse"),
              text(f"Der Kreis {district.name} im Jahr {district.year} im Vergleich mit "
                   + " und ".join(district.region_name(c) for c in district.comparison)
                   + f", Entwicklung seit {district.first_year}."),
              Heading("Bevölkerung", 2), *from_markdown(da.key_facts(district)),
              figure(da.age_pyramid_figure(district), f"Altersaufbau am 31.12.{district.year}",
                     da.source_line(district, [da.KREIS_POPULATION]) if da.KREIS_POPULATION in district.tables else "",
                     14),
              figure(da.nationality_figure(district), "Die häufigsten Staatsangehörigkeiten", _azr(district), 14),
              Heading("Indikatoren im Überblick", 2),
              from_html_table(da.overview_table(district), row_headers=True, font_pt=8)]
    blocks += _fields(district, plan)
    parts = []
    blocks.append(Heading("Die Gemeinden", 2))
    built = da.gemeinde_table(district)
    year = da.indicator_year(district, da.POPULATION)
    blocks.append(figure(da.map_figure(district, da.POPULATION, year), f"Ausländeranteil {year} in den Gemeinden",
                         _source(district, da.POPULATION), 14)
                  or text(district.notes[-1] if district.notes else "Keine Karte vorhanden.", "note"))
    if built is None:
        blocks.append(text("Für die Gemeinden des Kreises enthält der Datenordner keine Zahlen.", "note"))
    else:
        html, parts = built
        blocks.append(from_html_table(html, row_headers=True, font_pt=8))
    blocks += [Heading("Hinweise zu den Daten", 2), Bullets([[(line, "")] for line in CAVEATS]),
               *from_markdown(da.missing_text(district), "note"), text(da.CAUTION, "note")]
    return blocks, parts


def _fields(district: da.District, plan: Plan | None) -> list:
    """Per Handlungsfeld (the plan's order, else the catalogue's): up to MAX_CHARTS charts with their sentence."""
    read = sentences(district)
    by_field: dict[str, list[str]] = {}
    for indicator_id in district.indicator_ids():
        if indicator_id in read:
            by_field.setdefault(indicators.get(indicator_id).handlungsfeld, []).append(indicator_id)
    order = [cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"]] if plan is not None else []
    order = list(dict.fromkeys([f for f in order if f in by_field] + list(by_field)))
    blocks = [Heading("Indikatoren je Handlungsfeld", 2),
              text("Je Handlungsfeld die Indikatoren, die es beschreiben: der Kreis im Vergleich und über die Zeit. "
                   "Die Sätze beschreiben Unterschiede, keine Ursachen.", "note")]
    for name in order:
        blocks.append(Heading(name, 3))
        charted = [i for i in by_field[name] if _years(district, i) > 1][:MAX_CHARTS]
        for indicator_id in charted:
            ind = indicators.get(indicator_id)
            blocks += [Paragraph(read[indicator_id]),
                       figure(da.time_series_figure(district, indicator_id), _titled(ind),
                              _source(district, indicator_id), 13)]
        rest = [i for i in by_field[name] if i not in charted]
        if rest:
            blocks.append(Bullets([read[i] for i in rest]))
    return blocks


def _titled(ind) -> str:
    """„Name (Einheit)“, without the unit where the name already says it („… je 1.000 Einwohner*innen“)."""
    return ind.name if ind.unit in ind.name.replace("*innen", "") else f"{ind.name} ({ind.unit})"


def _years(district: da.District, indicator_id: str) -> int:
    """Years with a shown value for the district: a chart of one point says nothing a sentence does not."""
    rows = da.shown(district, indicator_id)
    return rows.loc[(rows["region_code"] == district.code) & rows["shown"].notna(), "year"].nunique()


def sentences(district: da.District) -> dict[str, list]:
    """Indicator id → runs of its sentence in `handlungsfelder_text` (found by the indicator's short name)."""
    found = {}
    items = [item for block in from_markdown(da.handlungsfelder_text(district)) if isinstance(block, Bullets)
             for item in block.items]
    for indicator_id in district.indicator_ids():
        short = indicators.get(indicator_id).short
        match = next((item for item in items if "".join(t for t, _ in item).startswith(short + " ")), None)
        if match:
            found[indicator_id] = match
    return found


def _source(district: da.District, indicator_id: str) -> str:
    codes = [c for c in indicators.get(indicator_id).tables if c in district.tables]
    return da.source_line(district, codes) if codes else ""


def _azr(district: da.District) -> str:
    from toolkit.indicators.compare import AZR_TABLE
    return da.source_line(district, [AZR_TABLE]) if AZR_TABLE in district.tables else ""


def data_tables(district: da.District) -> list:
    """Annex: the comparison table of every indicator (Kreis, Land, Bund with numerator and denominator)."""
    blocks = []
    for indicator_id in district.indicator_ids():
        year = da.indicator_year(district, indicator_id)
        if year is not None:
            blocks.append(from_html_table(da.comparison_table(district, indicator_id, None, year), row_headers=True,
                                          font_pt=8))
    return blocks

