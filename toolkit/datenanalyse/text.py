"""The chapter's German Markdown: key facts, what is missing and why, the Handlungsfelder."""
from __future__ import annotations

import numpy as np

from toolkit import fmt, indicators
from toolkit.data.regions import WARTBURGKREIS
from toolkit.datenanalyse.district import CAUTION, NOTABLE, POPULATION, District
from toolkit.datenanalyse.notes import merged_notes
from toolkit.datenanalyse.values import _value, indicator_year, value_text
from toolkit.indicators import check
from toolkit.markup import md

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
                     f"{fmt.change(share - before, '%', short=True)}, Ausländer\\*innen "
                     f"{fmt.change(now['numerator'] - then['numerator'], 'Anzahl', short=True)}, Einwohner\\*innen "
                     f"{fmt.change(now['denominator'] - then['denominator'], 'Anzahl', short=True)}")
    else:
        lines.append(f"- **Veränderung:** Die Daten enthalten nur das Jahr {district.year}; "
                     "für eine Entwicklung braucht es Tabellen mit mehreren Jahren.")
    merged = merged_notes(rows) if district.code == WARTBURGKREIS else []
    return "\n".join(lines + [f"\n*{md(note)}*" for note in [*merged, *district.notes]])


def missing_text(district: District) -> str:
    """German Markdown: every catalogue indicator without a value for the district and why – a
    missing table once with its download recipe (`toolkit.indicators.check`), other reasons as
    computed – and the files of the folder that were left out; the portals' steps once at the end."""
    by_table: dict[str, list[str]] = {}
    others = []
    for indicator_id, reason in district.unavailable.items():
        name = md(indicators.get(indicator_id).name)
        missing = check.MISSING_TABLE.search(reason)
        if missing:
            by_table.setdefault(missing.group(1), []).append(name)
        else:
            others.append(f"- **{name}:** {md(reason)}")
    lines, known = [], []
    for codes, names in by_table.items():
        found = [c for c in codes.split(" oder ") if c in check.recipe_codes()]
        known += found
        recipes = " ".join(md(check.recipe(c, steps=False)) for c in found)
        lines.append(f"- **Tabelle {codes} fehlt** – für {', '.join(names)}. *So laden Sie sie herunter:* {recipes}")
    lines += others + [f"- **Datei {md(name)} nicht verwendet:** {md(reason)}" for name, reason in district.skipped]
    if not lines:
        return "Alle Indikatoren des Katalogs lassen sich aus den Tabellen im Datenordner berechnen."
    steps = [f"- {md(step)}" for step in check.portal_steps(known)]
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
    text = (f"{md(ind.short)} {year}: {value_text(own, ind.unit)}{per} – {where} {district.region_name(other)} "
            f"({value_text(ref, ind.unit)}).")
    before, _ = _value(district, ind.id, district.code, district.first_year)
    if district.first_year < year and not np.isnan(before) and before != own:
        text += f" Seit {district.first_year} {'gestiegen' if own > before else 'gesunken'} " \
                f"({fmt.change(own - before, ind.unit, short=True)})."
    return text
