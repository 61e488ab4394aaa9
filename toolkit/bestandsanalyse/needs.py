"""Needs from the data: per Gemeinde (or Sozialraum) the size of each target group of `plan.ZIELGRUPPEN`,
from the stage-1 tables of a data folder, disclosure-checked, and the languages of the district's foreigners.

    from toolkit.bestandsanalyse import needs
    found = needs.needs("datasets/musterland", "16099", plan=p)     # p: plan.load_plan(...) or None
    found.counts      # Raum × Zielgruppe, numbers for the computation (never published as they are)
    found.table       # Raum × Zielgruppe as it may be published („.“ hidden, „-“ zero, „–“ no figure)
    found.missing     # Zielgruppe → German reason why it has no figure per Raum
    found.notes       # German lines for the handout: sources, years, what is only known for the Kreis

Where each figure comes from (`COUNTS`; labels are matched by the indicator catalogue's rules, so the
2017/18 and the 2025/26 layouts of a table both work):

- alle Zugewanderten, Kinder unter 6, Kinder und Jugendliche 6–17, Erwachsene 18–64, Ältere ab 65, Frauen:
  Ausländer*innen of the Bevölkerungsfortschreibung 12411-03-03-5 (Gemeinden) / 12411-03-03-4 (Kreis)
  by age group and sex, on 31.12. Foreign nationality stands in for „zugewandert“ (naturalised people
  are not counted; the statistics know no migration background below Land level).
- Arbeitslose: arbeitslose Ausländer*innen, annual average, from the BA workbook (Gemeinden) or
  13211-02-05-4 (Kreis).
- Geflüchtete (AsylbLG): Regelleistungsempfänger*innen of 22221-01-01-4 — published for the Kreis only.
  No split over Gemeinden is invented: the group has a Kreis figure and no figure per Raum.

A group whose table is missing in the folder (own districts often lack one) has no figure; `missing`
says why in German, nothing raises. With Sozialräume in the planning workbook (sheet „Sozialräume“) the
Gemeinden are summed per Sozialraum before disclosure; a folder without Gemeinde tables gives the Kreis as the
one Raum.

Disclosure (`toolkit.disclosure`, threshold as in stage 1, default 3): the age groups are suppressed as one
table with „alle Zugewanderten“ as their row total and the Kreis as column total (so a hidden age group
cannot be worked out from the others), Frauen and Arbeitslose each as one column with the Kreis as total;
cells secret in the source (BA „*“) stay hidden. What stage 1 hides per Gemeinde (its Gemeinde counts of
Ausländer*innen, under 18, 65+ and Arbeitslose, found by the same suppression call) stays hidden here, and so
does a Sozialraum sum that would give such a Gemeinde away — the two publications together reveal nothing
either alone hides. `counts` keeps the numbers for ranking inside the toolkit; everything shown to people
uses `values`/`table`.

Languages: the AZR nationality table (12521-0041, Kreis level, `toolkit.indicators.nationalities`) gives
the district's largest nationalities; `languages.NATIONALITY_LANGUAGES` their languages. The AZR splits
neither by Gemeinde nor by age, so the same languages stand for every group and Raum (said in `notes`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import disclosure, fmt, store
from toolkit.bestandsanalyse.languages import LANGUAGES, NATIONALITY_LANGUAGES
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.indicators import compute, nationalities
from toolkit.indicators.compare import REST
from toolkit.indicators.model import Indicator, Term
from toolkit.plan.cells import cell_text
from toolkit.plan.schema import ZIELGRUPPEN

ALLE, U6, J617, E1864, A65, FRAUEN, ARBEITSLOSE, ASYL = ZIELGRUPPEN
#: The code of each target group in gap IDs (shared convention of stage 2 and stage 3).
GROUP_CODES = dict(zip(ZIELGRUPPEN, ("ALLE", "U6", "J617", "E1864", "A65", "F", "AL", "ASYL")))
#: The age groups that make up „alle Zugewanderten“ (suppressed together).
AGE_GROUPS = (U6, J617, E1864, A65)
#: A nationality counts for the languages when it has at least this share (%) of the district's foreigners …
LANGUAGE_MIN_SHARE = 5.0
#: … and is among the largest this many.
LANGUAGE_TOP = 6

_POPULATION = ("12411-03-03-4", "12411-03-03-5")
_FOREIGN = "Ausländer(innen) | Insgesamt"
_AGES = {
    U6: ("unter 3 Jahre", "3 bis unter 6 Jahre"),
    J617: ("6 bis unter 10 Jahre", "10 bis unter 15 Jahre", "15 bis unter 18 Jahre"),
    E1864: ("18 bis unter 20 Jahre", "20 bis unter 25 Jahre", "25 bis unter 30 Jahre", "30 bis unter 35 Jahre",
            "35 bis unter 40 Jahre", "40 bis unter 45 Jahre", "45 bis unter 50 Jahre", "50 bis unter 55 Jahre",
            "55 bis unter 60 Jahre", "60 bis unter 65 Jahre"),
    A65: ("65 bis unter 70 Jahre", "70 bis unter 75 Jahre", "75 bis unter 80 Jahre", "80 bis unter 85 Jahre",
          "85 bis unter 90 Jahre", "90 Jahre und mehr"),
}


def _term(text: str, tables: tuple[str, ...], **select) -> Term:
    return Term(text=text, tables=tables,
                select=tuple((dim, (v,) if isinstance(v, str) else tuple(v)) for dim, v in select.items()))


#: Target group → where its count comes from (first table holding a region supplies it).
COUNTS = {
    ALLE: _term("Ausländer*innen insgesamt am 31.12. (Tabelle 12411-03-03-4, Gemeinden 12411-03-03-5)",
                _POPULATION, variable=_FOREIGN),
    **{group: _term(f"Ausländer*innen {span} am 31.12. (Tabelle 12411-03-03-4, Gemeinden 12411-03-03-5)",
                    _POPULATION, variable=_FOREIGN, age_group=_AGES[group])
       for group, span in ((U6, "unter 6 Jahren"), (J617, "von 6 bis 17 Jahren"), (E1864, "von 18 bis 64 Jahren"),
                           (A65, "ab 65 Jahren"))},
    FRAUEN: _term("Ausländerinnen am 31.12. (Tabelle 12411-03-03-4, Gemeinden 12411-03-03-5)",
                  _POPULATION, variable="Ausländer(innen) | weiblich"),
    ARBEITSLOSE: _term("Arbeitslose Ausländer*innen im Jahresdurchschnitt (Bundesagentur für Arbeit, Gemeinden; "
                       "Kreis: Tabelle 13211-02-05-4)", ("13211-02-05-4", "ba_arbeitsmarkt_staatsangehoerigkeit"),
                       variable="Arbeitslose | Ausländer"),
    ASYL: _term("Empfänger*innen von Regelleistungen nach dem Asylbewerberleistungsgesetz am 31.12. "
                "(Tabelle 22221-01-01-4, nur Kreise)", ("22221-01-01-4",), variable="Regelleistungsempfänger"),
}
#: How a number of people of a group reads in a sentence („420 Ausländer*innen 18–64“).
PEOPLE = {ALLE: "Ausländer*innen", U6: "ausländische Kinder unter 6 Jahren",
          J617: "ausländische Kinder und Jugendliche (6–17 Jahre)", E1864: "Ausländer*innen 18–64",
          A65: "Ausländer*innen ab 65", FRAUEN: "ausländische Frauen", ARBEITSLOSE: "arbeitslose Ausländer*innen",
          ASYL: "Empfänger*innen von Asylbewerberleistungen"}
KREIS_ONLY = (f"„{ASYL}“: die Empfänger*innen von Asylbewerberleistungen (Tabelle 22221-01-01-4) werden nur für "
              "den Kreis veröffentlicht; eine Aufteilung auf Gemeinden oder Sozialräume gibt es nicht und wird "
              "nicht geschätzt.")
NO_GROUP_SPLIT = ("Die Sprachen stammen aus dem Ausländerzentralregister (Tabelle 12521-0041, nur Kreis): es teilt "
                  "weder nach Gemeinden noch nach Alter, daher gelten dieselben Sprachen für jede Zielgruppe und "
                  "jeden Raum.")
PROXY = ("Zugewanderte werden über die ausländische Staatsangehörigkeit gezählt; Eingebürgerte fehlen, einen "
         "Migrationshintergrund weist die Statistik unterhalb des Landes nicht aus.")


@dataclass
class Needs:
    """Target-group sizes per Raum (Gemeinde AGS or Sozialraum name, the index), see the module docstring.

    `counts` raw numbers (NaN: no figure), `values` what may be published (NaN: hidden or no figure),
    `table` German display strings, `status` the marker per cell; `kreis` the district's figure per group
    (published anyway); `weights` foreigners per Gemeinde (reachability shares of a Sozialraum);
    `gemeinden` Gemeinde AGS → Raum; `names` Raum → name for sentences; `languages` the largest
    nationalities with their language codes (empty without the AZR table)."""
    district: str
    level: str                       # "Gemeinde", "Sozialraum" or "Kreis"
    counts: pd.DataFrame
    values: pd.DataFrame
    table: pd.DataFrame
    status: pd.DataFrame
    kreis: pd.Series
    gemeinden: pd.Series
    names: dict[str, str]
    weights: pd.Series
    years: dict[str, int] = field(default_factory=dict)
    languages: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["nationality", "value", "share",
                                                                                  "codes"]))
    missing: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    disclosed: list[disclosure.Disclosed] = field(default_factory=list)
    threshold: int = 3

    @property
    def language_codes(self) -> set[str]:
        """Every language code of the district's largest nationalities."""
        return {code for codes in self.languages["codes"] for code in codes}

    def text(self, raum: str, group: str) -> str:
        """The published figure of a group in a Raum as German text („420“, „.“, „–“)."""
        return self.table.at[raum, group] if raum in self.table.index else "–"


def needs(data_dir: str | Path, district: str, plan=None, *, year: int | None = None, threshold: int = 3,
          top: int = LANGUAGE_TOP, min_share: float = LANGUAGE_MIN_SHARE) -> Needs:
    """The needs of `district` (Kreis AGS) from the tables of `data_dir` (read and cached by `toolkit.store`).

    `plan`: a `toolkit.plan.Plan`; its sheet „Sozialräume“ (if filled) groups the Gemeinden. `year`: the
    Stichtag year wanted; None takes the latest year with foreigners for the district; each other group
    takes its latest year up to then (`years`). A group without a table or without figures for the district
    is in `missing` with the German reason."""
    district = pad_code(district)
    folder = str(Path(data_dir))
    tables = store.tables(folder)
    raw = store.cached(folder, "bestandsanalyse-needs", lambda: _raw_counts(tables))
    long, reasons = raw
    long = long[long["region_code"].str.startswith(district)]
    if long.empty or not (long["region_code"] == district).any():
        raise UserError(f"Der Datenordner enthält keine Zahlen für den Kreis {district}.", file=folder,
                        hint="Prüfen Sie den Kreisschlüssel (5 Ziffern, z. B. 16063) und ob die Tabellen des Kreises "
                             "im Ordner liegen.")
    counts, status, kreis, years, missing = _pick_year(long, district, year, reasons)
    if counts.empty:  # no Gemeinde table: the Kreis is the one Raum
        counts = kreis.reindex(list(ZIELGRUPPEN)).to_frame(district).T
        status = pd.DataFrame("", index=counts.index, columns=counts.columns)
    whole = ([f"Der Datenordner enthält keine Zahlen für die Gemeinden von {district}: die Bedarfe gelten für den "
              "ganzen Kreis (Tabelle 12411-03-03-5 fehlt)."] if len(counts.index) == 1 and counts.index[0] == district
             else [])
    names = dict(zip(long["region_code"], long["region_name"]))
    languages, language_note = _languages(tables, district, max(years.values()), top, min_share)
    result = needs_from_counts(counts, status=status, kreis=kreis, names=names, district=district,
                               sozialraeume=None if plan is None else plan.sozialraeume, threshold=threshold,
                               languages=languages)
    result.years, result.missing = years, {**missing, **result.missing}
    result.notes = [*whole, *_source_notes(years, missing, tables), *result.notes, language_note]
    return result


def needs_from_counts(counts: pd.DataFrame, *, status: pd.DataFrame | None = None, kreis: pd.Series | None = None,
                      names: dict | None = None, district: str = "", sozialraeume: pd.DataFrame | None = None,
                      threshold: int = 3, languages: pd.DataFrame | None = None) -> Needs:
    """`Needs` from counts per Gemeinde (index AGS, columns of `ZIELGRUPPEN`, NaN: no figure) — what `needs`
    reads from a data folder, or hand-made numbers for exercises, tests and benchmarks. `status` holds the
    source markers (BA „*“ is secret), `kreis` the district's figures (default: the sums), `sozialraeume` the
    plan's sheet „Sozialräume“ (Gemeinden summed per Sozialraum when it is filled)."""
    counts = counts.reindex(columns=list(ZIELGRUPPEN)).astype(float)
    counts.index = counts.index.map(pad_code)
    status = (pd.DataFrame("", index=counts.index, columns=counts.columns) if status is None
              else status.reindex(index=counts.index, columns=counts.columns).astype(object).fillna(""))
    kreis = counts.sum(min_count=1) if kreis is None else kreis.reindex(counts.columns)
    names = dict(names or {})
    weights = counts[ALLE].fillna(0.0)
    notes, missing = [], {}
    mapping = _mapping(sozialraeume)
    stage1 = _stage1_hidden(counts, status, threshold)
    if mapping is not None and not counts.empty:
        gemeinden, extra = _assign(counts.index, mapping, notes)
        counts, status = _sum_by(counts, status, gemeinden)
        status, kept = _keep_in_sums(status, stage1, gemeinden)
        level = "Sozialraum"
        names.update({raum: raum for raum in counts.index})
        notes += extra
    else:
        gemeinden = pd.Series(counts.index, index=counts.index)
        level = "Gemeinde" if len(counts.index) and len(counts.index[0]) >= 8 else "Kreis"
        status, kept = _keep_in_gemeinden(status, stage1) if level == "Gemeinde" else (status, False)
    if kept:
        notes.append(STAGE1_KEPT)
    for group in counts.columns:
        if counts[group].isna().all() and not pd.isna(kreis.get(group)):
            missing.setdefault(group, f"„{group}“: nur eine Zahl für den ganzen Kreis ({fmt.number(kreis[group])}), "
                                      "keine je Gemeinde.")
    values, table, mask, disclosed = _disclose(counts, status, kreis, names.get(district, district), threshold)
    return Needs(district=district, level=level, counts=counts, values=values, table=table, status=mask,
                 kreis=kreis, gemeinden=gemeinden, names=names, weights=weights, missing=missing, notes=notes,
                 disclosed=disclosed, threshold=threshold,
                 languages=languages if languages is not None else Needs.__dataclass_fields__["languages"]
                 .default_factory())


def raum_key(raum: str) -> str:
    """The Raum part of a gap ID: a Sozialraum name in ASCII (ä→ae, ö→oe, ü→ue, ß→ss, every run of other
    characters → „_“), an AGS as it is: „Süd-Ost“ → „Sued_Ost“."""
    text = str(raum).strip()
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"),
                           ("ß", "ss")):
        text = text.replace(umlaut, ascii_)
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "_"


def _raw_counts(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every group's counts for every region and year of the folder (long), and per group without any
    the German reason (missing table, labels not found)."""
    parts, reasons = [], {}
    for group, term in COUNTS.items():
        indicator = Indicator(id=f"bedarf_{GROUP_CODES[group].lower()}", name=group, short=group,
                              definition=term.text, numerator=term.text, denominator="keiner (Anzahl)",
                              unit="Anzahl", factor=1, tables=term.tables, handlungsfeld="", intmk="",
                              levels=("Kreis", "Gemeinde"), caveats=(), numerator_spec=term)
        try:
            rows = compute(indicator, tables)
        except UserError as error:
            reasons[group] = f"„{group}“: keine Zahl – {error.message}"
            continue
        parts.append(rows[["region_code", "region_name", "year", "value", "status"]].assign(group=group))
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["region_code", "region_name", "year", "value", "status", "group"])
    return long, reasons


def _pick_year(long: pd.DataFrame, district: str, year: int | None, reasons: dict[str, str]):
    """Gemeinde × group counts and markers of the chosen year, the Kreis figures, the year per group and the
    groups without a figure (German reasons)."""
    foreign = long[(long["group"] == ALLE) & (long["region_code"] == district) & long["value"].notna()]
    known = sorted(foreign["year"].unique()) or sorted(long["year"].unique())
    wanted = year if year is not None else int(known[-1])
    counts, markers, kreis, years, missing = {}, {}, {}, {}, dict(reasons)
    for group in ZIELGRUPPEN:
        if group in missing:
            continue
        rows = long[(long["group"] == group) & (long["year"] <= wanted)]
        if rows.empty:
            missing[group] = (f"„{group}“: keine Zahlen für {district} bis {wanted}."
                              if (long["group"] == group).any() else f"„{group}“: keine Tabelle im Datenordner.")
            continue
        chosen = int(rows["year"].max())
        rows = rows[rows["year"] == chosen]
        years[group] = chosen
        own = rows[rows["region_code"] == district]
        kreis[group] = float(own["value"].iloc[0]) if len(own) else np.nan
        parts = rows[rows["region_code"].str.len() == 8].set_index("region_code")
        counts[group], markers[group] = parts["value"], parts["status"]
    frame = pd.DataFrame(counts, columns=list(ZIELGRUPPEN))
    status = pd.DataFrame(markers, columns=list(ZIELGRUPPEN)).reindex(frame.index).astype(object).fillna("")
    frame.index.name = status.index.name = None
    return frame.sort_index(), status.sort_index(), pd.Series(kreis, dtype=float), years, missing


def _mapping(sozialraeume: pd.DataFrame | None) -> pd.Series | None:
    """Gemeinde AGS → Sozialraum of the plan's sheet (None when it is empty)."""
    if sozialraeume is None or sozialraeume.empty:
        return None
    rows = sozialraeume.dropna(subset=["Gemeinde (AGS)", "Sozialraum"])
    rows = rows[rows["Sozialraum"].map(lambda v: str(v).strip() != "")]
    if rows.empty:
        return None
    codes = rows["Gemeinde (AGS)"].map(lambda v: pad_code(cell_text(v)))
    return pd.Series(rows["Sozialraum"].map(lambda v: str(v).strip()).to_numpy(), index=codes.to_numpy())


#: Where Gemeinden without a Sozialraum in the plan go.
NO_SOZIALRAUM = "ohne Sozialraum"


def _assign(codes: pd.Index, mapping: pd.Series, notes: list[str]) -> tuple[pd.Series, list[str]]:
    mapping = mapping[~mapping.index.duplicated()]
    gemeinden = pd.Series(mapping.reindex(codes).fillna(NO_SOZIALRAUM).to_numpy(), index=codes)
    extra = []
    lost = [c for c in codes if c not in mapping.index]
    if lost:
        extra.append(f"{len(lost)} Gemeinde(n) ohne Sozialraum im Blatt „Sozialräume“ ({', '.join(lost[:5])}"
                     f"{' …' if len(lost) > 5 else ''}): als „{NO_SOZIALRAUM}“ gezählt.")
    unknown = [c for c in mapping.index if c not in set(codes)]
    if unknown:
        extra.append(f"Im Blatt „Sozialräume“ stehen {len(unknown)} Gemeinde(n) ohne Zahlen in den Daten "
                     f"({', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}).")
    return gemeinden, extra


def _sum_by(counts: pd.DataFrame, status: pd.DataFrame, gemeinden: pd.Series):
    """Counts per Sozialraum; a part secret in the source (BA „*“: 1 or 2) leaves the sum unknown („.“)."""
    secret = status.isin(disclosure.SECRET) | status.isin(["."])
    sums = counts.groupby(gemeinden.to_numpy(), sort=True).sum(min_count=1)
    hidden = secret.groupby(gemeinden.to_numpy(), sort=True).any()
    markers = pd.DataFrame("", index=sums.index, columns=sums.columns).mask(hidden, ".")
    return sums.mask(hidden), markers


#: Columns whose Gemeinde counts stage 1 publishes (Ausländer*innen, under 18 and 65+ as shares, Arbeitslose).
STAGE1_COLUMNS = ((ALLE,), (U6, J617), (A65,), (ARBEITSLOSE,))
STAGE1_KEPT = ("Was die Datenanalyse (Modul 1) für Gemeinden geheim hält, bleibt auch hier geheim – auch in "
               "Summen für Sozialräume, aus denen es sich mit den Gemeindewerten errechnen ließe.")


def _stage1_hidden(counts: pd.DataFrame, status: pd.DataFrame, threshold: int) -> list[tuple[tuple, pd.Series]]:
    """Per column stage 1 publishes per Gemeinde (`STAGE1_COLUMNS`, age groups summed as stage 1 counts them):
    the Gemeinden its suppression hides — the same call as `datenanalyse.district._protect`, so the same cells.
    Publishing one of them here, or a sum that gives it away, would undo stage 1's protection."""
    out = []
    if counts.empty or len(counts.index[0]) < 8:
        return out
    for columns in STAGE1_COLUMNS:
        values = counts[list(columns)].sum(axis=1, min_count=len(columns))
        if values.isna().all():
            continue
        secret = status[list(columns)].isin(disclosure.SECRET).any(axis=1)
        markers = pd.Series(np.where(secret, ".", ""), index=counts.index)
        hidden = disclosure.suppress(values.rename("n"), threshold, status=markers.rename("n")).mask
        out.append((columns, hidden & ~secret))
    return out


def _keep_in_gemeinden(status: pd.DataFrame, stage1) -> tuple[pd.DataFrame, bool]:
    """Cells stage 1 hides count as secret here (they are hidden, and complements are found around them)."""
    status, kept = status.copy(), False
    for columns, hidden in stage1:
        for column in columns:
            status.loc[hidden[hidden].index, column] = "."
        kept |= bool(hidden.any())
    return status, kept


def _keep_in_sums(status: pd.DataFrame, stage1, gemeinden: pd.Series) -> tuple[pd.DataFrame, bool]:
    """A Sozialraum holding exactly one Gemeinde that stage 1 hides would give it away (its sum minus the
    published others): then every Sozialraum holding such a Gemeinde is secret — at least two, as stage 1 never
    hides a single Gemeinde of a Kreis; each of them holds one, so no sum of them gives a single Gemeinde away."""
    status, kept = status.copy(), False
    for columns, hidden in stage1:
        per_raum = hidden.groupby(gemeinden.reindex(hidden.index).to_numpy()).sum()
        if (per_raum == 1).any():
            secret = per_raum.index[per_raum > 0]
            for column in columns:
                status.loc[secret, column] = "."
            kept = True
    return status, kept


def _disclose(counts, status, kreis, kreis_name, threshold):
    """Suppression as the module docstring says; the Kreis row is the published total of every column."""
    total = f"{kreis_name} (Kreis)"
    full = pd.concat([counts, kreis.to_frame(total).T])
    marks = pd.concat([status, pd.DataFrame("", index=[total], columns=counts.columns)])
    values = pd.DataFrame(np.nan, index=full.index, columns=full.columns)
    table = pd.DataFrame("–", index=full.index, columns=full.columns)
    mask = pd.DataFrame(False, index=full.index, columns=full.columns)
    disclosed = []
    blocks = [[ALLE, *AGE_GROUPS], [FRAUEN], [ARBEITSLOSE], [ASYL]]
    for block in blocks:
        present = [g for g in block if full[g].notna().any()]
        if not present:
            continue
        rows = full.index[full[present].notna().any(axis=1) | marks[present].ne("").any(axis=1)]
        part = full.loc[rows, present]
        if len(rows) < 2:  # a Kreis figure alone is published anyway
            values.loc[rows, present], table.loc[rows, present] = part, part.map(fmt.number)
            continue
        done = disclosure.suppress(part, threshold, total_row=total if total in rows else None,
                                   total_column=ALLE if block[0] == ALLE and ALLE in present and len(present) > 1
                                   else None, status=marks.loc[rows, present])
        disclosed.append(done)
        values.loc[rows, present] = done.values
        table.loc[rows, present] = done.table
        mask.loc[rows, present] = done.mask
    return values.drop(index=total), table.drop(index=total), mask.drop(index=total), disclosed


def _languages(tables, district: str, year: int, top: int, min_share: float) -> tuple[pd.DataFrame, str]:
    """The district's largest nationalities (AZR) with their languages, and the German note about them."""
    columns = ["nationality", "value", "share", "codes"]
    if "12521-0041" not in tables:
        return pd.DataFrame(columns=columns), ("Ohne die Tabelle 12521-0041 (Ausländerzentralregister) sind die "
                                              "Sprachen der Zugewanderten unbekannt: die Sprache der Angebote wird "
                                              "nicht geprüft.")
    try:
        rows = nationalities(tables, district, year, top=top)
    except (UserError, IndexError, KeyError):
        rows = None
    if rows is None or rows.empty:
        return pd.DataFrame(columns=columns), (f"Die Tabelle 12521-0041 enthält keine Staatsangehörigkeiten für "
                                              f"{district} {year}: die Sprache der Angebote wird nicht geprüft.")
    rows = rows[(rows["nationality"] != REST) & (rows["share"] >= min_share)].head(top)
    rows = rows.assign(codes=[tuple(c for c in NATIONALITY_LANGUAGES.get(n, ("en",)) if c in LANGUAGES)
                              for n in rows["nationality"]])
    listing = ", ".join(f"{n} ({', '.join(LANGUAGES[c].name for c in codes)})"
                        for n, codes in zip(rows["nationality"], rows["codes"]))
    note = (f"Sprachen der größten Gruppen (Staatsangehörigkeiten mit mindestens {fmt.number(min_share)} % der "
            f"Ausländer*innen am 31.12.{year}): {listing or 'keine'}. {NO_GROUP_SPLIT}")
    return rows[columns].reset_index(drop=True), note


def _source_notes(years: dict[str, int], missing: dict[str, str], tables) -> list[str]:
    lines = [f"{group}: {COUNTS[group].text}, {year}" for group, year in years.items() if group != ASYL]
    out = ["Quellen der Bedarfe – " + "; ".join(lines) + "." if lines else "Keine Bedarfszahlen im Datenordner.",
           PROXY]
    if ASYL in years:
        out.append(KREIS_ONLY)
    out += [missing[g] for g in ZIELGRUPPEN if g in missing]
    return out
