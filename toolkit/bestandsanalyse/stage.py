"""Stage 2 prepared for notebook and app: the plan (the learner's working copy under Voila), the needs per Raum
and the gap matrix; for the app the offers read once into filter columns and gap matrices per filter, kept.

    stage = bestandsanalyse.stage.prepare("datasets/musterland", "16099")
    stage.matrix.gaps                       # ranked gaps with IDs and reasons
    stage.offers_table(raum="Süd", sprache="ar")          # the offers a filter leaves, display columns
    stage.matrix_for(status="Duldung", sprache="ar")      # the gap matrix of the offers in Arabic, for Duldung

The stage-1 tables are read through `toolkit.store` (cached per data folder); the plan is read once. Filters
(Handlungsfeld, Zielgruppe, Raum, Sprache, Aufenthaltsstatus) work on columns computed here once, so a filter
change in the app is a few boolean masks; a gap matrix for another language or status is computed once and kept.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import fmt, plan, store, workspace
from toolkit.bestandsanalyse import gaps
from toolkit.bestandsanalyse.checks import problems as stage_checks
from toolkit.bestandsanalyse.gaps import GapMatrix, Rules, accessible, gap_matrix
from toolkit.bestandsanalyse.languages import LANGUAGES
from toolkit.bestandsanalyse.needs import Needs, needs
from toolkit.config import DEMO_DISTRICT, in_voila
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.plan.schema import ZIELGRUPPEN
from toolkit.zielfindung.checks import reference_date

#: „no filter“ in every filter of the app.
ALL = ""
#: The offers' columns the app and the handout list.
#: The stage-1 tables the needs read (their source and licence lines go into the handout's title block).
NEEDS_TABLES = ("12411-03-03-4", "12411-03-03-5", "13211-02-05-4", "22221-01-01-4", "12521-0041",
                "ba_arbeitsmarkt_staatsangehoerigkeit")
OFFER_COLUMNS = ["ID", "Titel", "Handlungsfeld", "Zielgruppe(n)", "Sprache(n)", "Gemeinde (AGS)",
                 "Zugang nach Aufenthaltsstatus"]


@dataclass
class Stage:
    workbook: workspace.Workbook
    plan: plan.Plan                 # the workbook's plan (under Voila: the working copy, as the page opened)
    needs: Needs
    matrix: GapMatrix               # every offer, the default rules
    year: int | None
    today: dt.date                  # „heute“ of the Stand check of offers
    rules: Rules = field(default_factory=Rules)
    data_dir: str = ""
    offers: pd.DataFrame = field(default_factory=pd.DataFrame)   # filter columns per offer (see `_offer_index`)
    _matrices: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # --- filters -----------------------------------------------------------------------------------

    @property
    def raeume(self) -> list[tuple[str, str]]:
        """(name, key) of the matrix's Räume, in its order."""
        return [(self.needs.names.get(r, r), r) for r in self.needs.counts.index]

    @property
    def languages(self) -> list[tuple[str, str]]:
        """(German name, code) of the languages the offers name, German first, then by name."""
        codes = set().union(*self.offers["languages"]) if len(self.offers) else set()
        return sorted(((LANGUAGES[c].name, c) for c in codes if c in LANGUAGES),
                      key=lambda item: (item[1] != "de", item[0]))

    def offer_mask(self, *, handlungsfeld: str = ALL, zielgruppe: str = ALL, raum: str = ALL, sprache: str = ALL,
                   status: str = ALL) -> np.ndarray:
        """Which offers a filter leaves: of the Handlungsfeld (ID), for the Zielgruppe (offers for „alle
        Zugewanderten“ serve every group), reachable from the Raum (the gap matrix's rule), in the language
        (code), open to the residence status (unclear access counts as open: the description decides)."""
        frame = self.offers
        mask = np.ones(len(frame), dtype=bool)
        if handlungsfeld:
            mask &= (frame["field"] == handlungsfeld).to_numpy()
        if zielgruppe:
            mask &= frame[f"group:{zielgruppe}"].to_numpy(dtype=bool)
        if raum:
            mask &= frame[f"raum:{raum}"].to_numpy(dtype=bool)
        if sprache:
            mask &= frame["languages"].map(lambda codes: sprache in codes).to_numpy(dtype=bool)
        if status:
            mask &= frame[f"status:{status}"].to_numpy(dtype=bool)
        return mask

    def offers_table(self, **filters) -> pd.DataFrame:
        """The offers a filter leaves (`offer_mask`), the columns of `OFFER_COLUMNS`, index the Excel row."""
        sheet = self.plan.angebote
        columns = [c for c in OFFER_COLUMNS if c in sheet.columns]
        table = sheet.loc[self.offer_mask(**filters), columns].copy()
        table.index.name = "Zeile"
        return table

    def matrix_for(self, *, status: str = ALL, sprache: str = ALL) -> GapMatrix:
        """The gap matrix for people of one residence status (every group taken as that status) and/or of the
        offers in one language; without either the stage's own. Computed once per choice and kept."""
        if not status and not sprache:
            return self.matrix
        key = (status, sprache)
        with self._lock:
            found = self._matrices.get(key)
        if found is not None:
            return found
        rules = self.rules if not status else Rules(**{**self.rules.__dict__, "group_status": {},
                                                      "default_status": (gaps.status_name(status),)})
        chosen = self.plan
        if sprache:
            chosen = copy.copy(self.plan)
            chosen.angebote = self.plan.angebote[self.offer_mask(sprache=sprache)]
        result = gap_matrix(chosen, self.needs, rules)
        with self._lock:
            self._matrices[key] = result
        return result

    def gaps_table(self, *, handlungsfeld: str = ALL, zielgruppe: str = ALL, raum: str = ALL, status: str = ALL,
                   sprache: str = ALL, top: int | None = None) -> pd.DataFrame:
        """The ranked gaps (`GapMatrix.ranked`) of `matrix_for(status, sprache)` in the Handlungsfeld (ID),
        Zielgruppe and Raum chosen; „Rang“ is the rank in the whole list."""
        matrix = self.matrix_for(status=status, sprache=sprache)
        rows = matrix.gaps
        keep = np.ones(len(rows), dtype=bool)
        if handlungsfeld:
            keep &= (rows["handlungsfeld_id"] == handlungsfeld).to_numpy()
        if zielgruppe:
            keep &= (rows["zielgruppe"] == zielgruppe).to_numpy()
        if raum:
            keep &= (rows["raum"] == raum).to_numpy()
        picked = copy.copy(matrix)
        picked.gaps = rows[keep]
        return picked.ranked(top)

    def refreshed(self, loaded: plan.Plan) -> Stage:
        """The stage for a plan saved meanwhile (the app after „Speichern“): same needs, offers read again."""
        fresh = copy.copy(self)
        fresh.plan, fresh._matrices, fresh._lock = loaded, {}, threading.Lock()
        fresh.matrix = gap_matrix(loaded, self.needs, self.rules)
        fresh.offers = _offer_index(loaded, self.needs, self.rules)
        return fresh

    def offer_columns(self, loaded: plan.Plan) -> pd.DataFrame:
        """The filter columns (see `offers`) of the offers of another plan, e.g. a form's candidate row, by this
        stage's needs and rules."""
        return _offer_index(loaded, self.needs, self.rules)

    def problems(self) -> list[plan.Problem]:
        """Stage 2's checks of the workbook (`bestandsanalyse.checks.problems`), Gemeinden of the district."""
        return stage_checks(self.plan, kreis=self.workbook.district_code, gemeinden=self.needs.gemeinden.index,
                            today=self.today)

    def sources(self) -> tuple[list[str], str]:
        """Title-block source lines (the workbook, the statistics of the needs) and licence."""
        tables = store.tables(str(Path(self.data_dir))) if self.data_dir else {}
        parts = dict.fromkeys(part.strip() for code in NEEDS_TABLES if code in tables
                              for part in tables[code].attrs.get("source", "").split(";"))
        licences = [part for part in parts if "lizenz" in part.lower()]
        return [self.workbook.source_line(), *(p for p in parts if p and p not in licences)], "; ".join(licences)


def prepare(data_dir, district_code: str, plan_file="", year: int | None = None, heute="",
            rules: Rules | None = None) -> Stage:
    """The district's plan (see `workspace.prepare`: under Voila the learner's working copy), its needs per Raum
    (`needs.needs`, stage 1's tables cached by `toolkit.store`, disclosure-checked) and the gap matrix; `year` the
    Stichtag year of the needs (None: the latest), `heute` the day the Stand of offers is judged against
    (TT.MM.JJJJ; "" = today, for the demo district its plan's Stand)."""
    if in_voila():   # a preheated kernel reads the tables and counts now, before it waits for its page
        with contextlib.suppress(UserError):
            needs(data_dir, pad_code(district_code))
    workbook = workspace.prepare(data_dir, district_code, plan_file)
    today = reference_date(heute, demo=workbook.district_code == DEMO_DISTRICT)
    rules = rules or Rules()
    found = needs(data_dir, workbook.district_code, plan=workbook.plan, year=year)
    matrix = gap_matrix(workbook.plan, found, rules)
    return Stage(workbook, workbook.plan, found, matrix, year, today, rules, str(data_dir),
                 _offer_index(workbook.plan, found, rules))


def _offer_index(loaded: plan.Plan, found: Needs, rules: Rules) -> pd.DataFrame:
    """Per offer (index: Excel row) the columns the filters read: `field` (Handlungsfeld ID, "" unknown),
    `languages` (codes), `group:<Zielgruppe>`, `raum:<Raum>` (reaches it: `gaps.offer_reach`, the gap matrix's
    rule 1) and `status:<status>` (open or unclear for it)."""
    sheet = loaded.angebote
    read = gaps.offer_reach(loaded, found, rules)
    columns = {"field": read.handlungsfeld, "languages": read.languages}
    columns |= {f"group:{group}": read.groups[group].to_numpy(dtype=bool) for group in ZIELGRUPPEN}
    columns |= {f"raum:{raum}": read.raeume[raum].to_numpy(dtype=bool) for raum in read.raeume.columns}
    zugang = sheet["Zugang nach Aufenthaltsstatus"].map(lambda v: fmt.text(v, empty="").strip())
    for status in gaps.STATUS:
        columns[f"status:{status}"] = zugang.map(lambda z, s=status: accessible(z, s) is not False).to_numpy(
            dtype=bool)
    frame = pd.DataFrame(columns, index=sheet.index)
    frame["languages"] = read.languages
    return frame


__all__ = ["ALL", "OFFER_COLUMNS", "Stage", "prepare"]
