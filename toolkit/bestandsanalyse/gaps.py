"""The gap matrix: Handlungsfeld × Zielgruppe × Raum — which offers the people of a group can use where they
live, against how many they are.

    from toolkit.bestandsanalyse import gaps, needs
    found = needs.needs("datasets/musterland", "16099", plan=p)
    matrix = gaps.gap_matrix(p, found)              # gaps.Rules(...) changes the thresholds
    matrix.gaps                                     # ranked gaps: ID, kind, German reason
    gaps.accessible("nur mit Aufenthaltserlaubnis", "Duldung")   # → False
    gaps.offer_reach(p, found).reached_from(5)       # the Räume that reach the offer in Excel row 5

The rule, written down once (every number is a field of `Rules`):

1. **Reachable.** A Gemeinde reaches an offer when the offer is in the Gemeinde („Gemeinde (AGS)“), or is
   „aufsuchend/mobil“ = ja, or the Gemeinde's ÖPNV minutes to the Kreisstadt (sheet „Sozialräume“) plus the
   offer's „Erreichbarkeit (ÖPNV-Minuten)“ from the Kreisstadt are at most `Rules.minutes` (60). Only a number
   counts as minutes; free text („nach Absprache“) is unknown, and so is a Gemeinde without minutes. A
   Sozialraum reaches an offer when Gemeinden with at least `Rules.reach_share` (half) of its foreigners reach
   it (equal weights when it has none); without Gemeinden (Kreis figures only) every offer counts.
2. **Open to the group.** „Zugang nach Aufenthaltsstatus“ is judged by `accessible` for the residence status
   a group stands for (`Rules.group_status`): „Geflüchtete (AsylbLG)“ have a Gestattung or Duldung, every
   other group is taken as people with an Aufenthaltserlaubnis (`Rules.default_status`). An offer counts only
   when it is open to every status of the group; „eingeschränkt“ or an unknown entry is unclear and counted
   apart (`unclear`). An empty cell counts as „offen für alle“ (reported in `warnings`).
3. **For the group.** An offer serves the groups its „Zielgruppe(n)“ names; „alle Zugewanderten“ (or an
   empty cell, reported) serves every group. The column „alle Zugewanderten“ counts every offer of the field,
   whatever group it names: a gap there means no offer of the field at all.
4. **In a language of the group.** Each nationality with at least `Rules.language_share` (10 %) of the
   district's foreigners (`needs.languages`, AZR, Kreis) needs at least one counted offer in one of its
   languages (`languages.NATIONALITY_LANGUAGES`); German alone covers none of them — but only in a cell where
   it is a meaningful number of people: the group's published count in the Raum (a group known only for the
   Kreis: the Kreis count) times the nationality's share in the Kreis at least `Rules.language_min_people`
   (50). Fewer people of one nationality in a group and Raum hardly make an offer in their language of their
   own (a course starts with about 10 to 15, and only some need a field's offer at one time); without this
   bar, 20 older people of all nationalities in a Raum made a gap „kein Angebot auf Ukrainisch“, and the
   language rule made two thirds of the demo's gap list. A hidden count gives no estimate: no language gap.
   Without the AZR table the language is not judged.
5. **Against the need.** `need` is the group's published size in the Raum (`Needs.values`). A cell is a gap
   („kind“), checked in this order:
   - „kein Angebot“: no counted offer and people there (`Rules.min_need`; a hidden count is people there too;
     a group known only for the Kreis, like AsylbLG, is taken as present when the Kreis has any);
   - „keine passende Sprache“: offers, but a large nationality finds none in its languages;
   - „zu wenige Plätze“: every counted offer gives its „Kapazität (Plätze)“ and there are more than
     `Rules.people_per_place` people per place;
   - „zu wenige Angebote“: otherwise more than `Rules.people_per_offer` people per offer.
   Ratios are only formed with published counts (a hidden count never shows through a ratio).
6. **Rank.** Gaps by kind in the order above; then gaps of a Handlungsfeld × Zielgruppe that has counted
   offers in another Raum („elsewhere yes, here no“ — what the Bestandsaufnahme looks for) before those
   offered nowhere in the district (`offered_elsewhere`); then by the number of people (published counts;
   unknown last).

Gap IDs follow the shared convention `L-<Handlungsfeld-ID>-<Zielgruppe code>-<Raum>` (`needs.GROUP_CODES`,
`needs.raum_key`), e.g. `L-HF2-U6-Sued`. Vectorised: offers × Gemeinden as numpy arrays, one matrix product
for all counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit import fmt
from toolkit.bestandsanalyse.languages import LANGUAGES, offer_languages
from toolkit.bestandsanalyse.needs import ASYL, GROUP_CODES, PEOPLE, Needs, raum_key
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.plan.cells import cell_text
from toolkit.plan.schema import ZIELGRUPPEN, ZUGANG

OFFEN, NUR_AE, NICHT_GD, NUR_EU, NUR_UA, EINGESCHRAENKT = ZUGANG
#: The residence statuses `accessible` judges, in German.
STATUS = ("Niederlassungserlaubnis", "Aufenthaltserlaubnis", "Ukraine §24", "EU-Bürger*in", "Aufenthaltsgestattung",
          "Duldung", "ohne Aufenthaltstitel")
NE, AE, UA, EU, GESTATTUNG, DULDUNG, OHNE = STATUS
_STATUS_ALIASES = {"gestattung": GESTATTUNG, "eu": EU, "eu-bürger": EU, "eu-bürgerin": EU, "eu-bürger*innen": EU,
                   "§24": UA, "ukraine": UA, "ukraine § 24": UA, "aufenthaltstitel": AE, "ohne titel": OHNE,
                   "kein aufenthaltstitel": OHNE}
#: Who an entry of „Zugang nach Aufenthaltsstatus“ admits (None: unclear, see the offer's description).
ADMITS = {
    OFFEN: set(STATUS),
    NUR_AE: set(STATUS) - {GESTATTUNG, DULDUNG, OHNE},
    NICHT_GD: set(STATUS) - {GESTATTUNG, DULDUNG},
    NUR_EU: {EU},
    NUR_UA: {UA},
    EINGESCHRAENKT: None,
}
KINDS = ("kein Angebot", "keine passende Sprache", "zu wenige Plätze", "zu wenige Angebote")


@dataclass(frozen=True)
class Rules:
    """Every threshold of the gap matrix in one place (see the module docstring)."""
    minutes: float = 60
    reach_share: float = 0.5
    people_per_offer: float = 500
    people_per_place: float = 20
    min_need: float = 1
    group_status: dict = field(default_factory=lambda: {ASYL: (GESTATTUNG, DULDUNG)})
    default_status: tuple = (AE,)
    check_languages: bool = True
    language_share: float = 10.0
    language_min_people: float = 50


def status_name(status: str) -> str:
    """A residence status as `STATUS` names it („Gestattung“ → „Aufenthaltsgestattung“); UserError otherwise."""
    text = str(status or "").strip()
    found = next((s for s in STATUS if s.lower() == text.lower()), None) or _STATUS_ALIASES.get(text.lower())
    if found is None:
        raise UserError(f"Einen Aufenthaltsstatus „{text}“ kennt die Bestandsanalyse nicht.",
                        hint=f"Möglich sind: {', '.join(STATUS)}.")
    return found


def accessible(zugang, status: str) -> bool | None:
    """Is an offer with this „Zugang nach Aufenthaltsstatus“ open to a person with `status`?

    True or False; None when the entry leaves it open („eingeschränkt (siehe Beschreibung)“ or an entry not
    in the list) — then the description decides. An empty entry counts as „offen für alle“.
    „Is this offer open to a person with Duldung?“: `accessible("nur mit Aufenthaltserlaubnis", "Duldung")`
    → False."""
    person = status_name(status)
    text = _zugang(zugang)
    admitted = ADMITS.get(text)
    return None if admitted is None else person in admitted


def access_reason(zugang, status: str) -> str:
    """The answer of `accessible` as a German sentence, for exercises and the app."""
    person, text = status_name(status), _zugang(zugang)
    answer = accessible(text, person)
    if answer is None:
        return (f"Unklar: „{text}“ legt den Zugang für {person} nicht fest – die Beschreibung des Angebots oder "
                "der Träger muss es klären.")
    return (f"{'Ja' if answer else 'Nein'}: ein Angebot „{text}“ steht Menschen mit {person} "
            f"{'offen' if answer else 'nicht offen'}.")


def _zugang(zugang) -> str:
    text = fmt.text(zugang, empty="").strip()
    return text or OFFEN


@dataclass
class GapMatrix:
    """The result of `gap_matrix`. `cells`: one row per Handlungsfeld × Zielgruppe × Raum with `offers`
    (reachable, open, for the group), `unclear` (access unclear), `places`, `need` (published), `need_text`,
    `gap`, `kind`, `gap_id`, `reason`; `gaps`: the gap rows ranked (`rank`); `warnings`: German lines about
    offers the rules could not read fully; `notes`: the rules in German for the handout."""
    cells: pd.DataFrame
    gaps: pd.DataFrame
    rules: Rules
    needs: Needs
    handlungsfelder: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def pivot(self, value: str = "offers", *, raum: str | None = None, handlungsfeld: str | None = None,
              zielgruppe: str | None = None):
        """Handlungsfeld × Zielgruppe for one Raum, Raum × Zielgruppe for one Handlungsfeld (name or ID), or
        Raum × Handlungsfeld (IDs) for one Zielgruppe: exactly one of the three."""
        if sum(x is not None for x in (raum, handlungsfeld, zielgruppe)) != 1:
            raise UserError("Wählen Sie entweder einen Raum, ein Handlungsfeld oder eine Zielgruppe für die Übersicht.")
        columns, order = "zielgruppe", ZIELGRUPPEN
        if raum is not None:
            rows = self.cells[self.cells["raum"] == str(raum)]
            if rows.empty:
                raise UserError(f"Einen Raum „{raum}“ gibt es in der Lückenmatrix nicht.",
                                hint=f"Möglich sind: {', '.join(self.cells['raum'].unique()[:30])}.")
            index = "handlungsfeld"
        elif handlungsfeld is not None:
            rows = self.cells[(self.cells["handlungsfeld"] == handlungsfeld)
                              | (self.cells["handlungsfeld_id"] == handlungsfeld)]
            if rows.empty:
                raise UserError(f"Ein Handlungsfeld „{handlungsfeld}“ gibt es in der Lückenmatrix nicht.",
                                hint=f"Möglich sind: {', '.join(n for _, n in self.handlungsfelder)}.")
            index = "raum_name"
        else:
            rows = self.cells[self.cells["zielgruppe"] == zielgruppe]
            if rows.empty:
                raise UserError(f"Eine Zielgruppe „{zielgruppe}“ gibt es in der Lückenmatrix nicht.",
                                hint=f"Möglich sind: {', '.join(ZIELGRUPPEN)}.")
            index, columns, order = "raum_name", "handlungsfeld_id", [i for i, _ in self.handlungsfelder]
        table = rows.pivot(index=index, columns=columns, values=value)
        return table.reindex(index=list(dict.fromkeys(rows[index])), columns=[c for c in order if c in table.columns])

    def reasons(self) -> dict[str, str]:
        """Gap ID → its reason in one German sentence, for the goals that cite gaps (stage 3)."""
        return dict(zip(self.gaps["gap_id"], self.gaps["reason"], strict=True))

    def ranked(self, top: int | None = None) -> pd.DataFrame:
        """The ranked gaps with German headers, for tables in the handout and the app."""
        rows = self.gaps if top is None else self.gaps.head(top)
        return pd.DataFrame({"Rang": rows["rank"], "Lücke": rows["gap_id"], "Handlungsfeld": rows["handlungsfeld"],
                             "Zielgruppe": rows["zielgruppe"], "Raum": rows["raum_name"],
                             "Angebote": rows["offers"], "Personen": rows["need_text"], "Art": rows["kind"],
                             "Begründung": rows["reason"]}).reset_index(drop=True)


@dataclass
class _Offers:
    field: np.ndarray       # index into the Handlungsfelder, −1 unknown
    groups: np.ndarray      # O × Z bool
    open: np.ndarray        # O × Z bool: open to every status of the group
    unclear: np.ndarray     # O × Z bool
    languages: list[set[str]]
    gemeinde: np.ndarray    # AGS text ("" none)
    mobile: np.ndarray
    minutes: np.ndarray     # float, NaN unknown
    childcare: np.ndarray
    capacity: np.ndarray    # float, NaN unknown
    rows: np.ndarray        # Excel rows


def gap_matrix(plan, needs: Needs, rules: Rules | None = None, *, kinderbetreuung: bool = False) -> GapMatrix:
    """The gap matrix of the plan's offers (sheet „Angebote“) against `needs` (see the module docstring).
    `kinderbetreuung`: count only offers with „Kinderbetreuung“ = ja (the sentences say „mit Kinderbetreuung“)."""
    rules = rules or Rules()
    fields = _fields(plan.handlungsfelder)
    warnings: list[str] = []
    offers = _read_offers(plan.angebote, fields, rules, warnings)
    groups = list(ZIELGRUPPEN)
    raeume = list(needs.counts.index)
    cover = _coverage(offers, needs, plan.sozialraeume, raeume, rules, warnings)
    counted = offers.groups & offers.open
    if kinderbetreuung:
        counted = counted & offers.childcare[:, None]
    n_fields, n_groups = len(fields), len(groups)
    onehot = offers.field[:, None] == np.arange(n_fields)[None, :]
    base = (onehot[:, :, None] & counted[:, None, :]).reshape(len(offers.field), n_fields * n_groups)
    unclear = (onehot[:, :, None] & (offers.groups & offers.unclear)[:, None, :]).reshape(base.shape)
    has_capacity = ~np.isnan(offers.capacity)
    nations = needs.languages[needs.languages["share"].astype(float) >= rules.language_share] \
        if rules.check_languages else needs.languages.iloc[:0]
    spoken = [set(codes) for codes in nations["codes"]]
    speaks = np.array([[bool(langs & codes) for codes in spoken] for langs in offers.languages],
                      dtype=bool).reshape(len(offers.field), len(nations))
    # blocks: offers, unclear, offers giving places, places, then offers in each large nationality's languages
    stack = np.concatenate([base, unclear, base & has_capacity[:, None], base,
                            *(base & speaks[:, [n]] for n in range(len(nations)))], axis=1).astype(np.float32)
    width = base.shape[1]
    stack[:, 3 * width:4 * width] *= np.nan_to_num(offers.capacity).astype(np.float32)[:, None]
    sums = stack.T @ cover.astype(np.float32)          # (blocks · H·Z) × R
    part = [sums[k * width:(k + 1) * width].reshape(n_fields, n_groups, len(raeume)) for k in range(4 + len(nations))]
    cells = _cells(fields, groups, raeume, part, nations, needs, rules, kinderbetreuung)
    ranked = _rank(cells)
    notes = _notes(rules, needs, kinderbetreuung)
    return GapMatrix(cells=cells, gaps=ranked, rules=rules, needs=needs, handlungsfelder=fields, warnings=warnings,
                     notes=notes)


@dataclass
class OfferReach:
    """The result of `offer_reach`: per offer of the sheet „Angebote“ (`rows`: its Excel rows) what the rules read."""
    rows: pd.Index
    handlungsfeld: np.ndarray      # the ID of the plan's Handlungsfeld the offer counts in ("" none)
    groups: pd.DataFrame           # Zielgruppe (`plan.ZIELGRUPPEN`) → the offer serves it (rule 3), index `rows`
    languages: list[set[str]]      # language codes (`languages.offer_languages`)
    raeume: pd.DataFrame           # Raum key of the needs → the Raum reaches the offer (rule 1), index `rows`
    warnings: list[str] = field(default_factory=list)

    def reached_from(self, row) -> list[str]:
        """The keys of the Räume that reach the offer in Excel row `row`, in the needs' order."""
        return [raum for raum, yes in self.raeume.loc[row].items() if yes]


def offer_reach(plan, needs: Needs, rules: Rules | None = None) -> OfferReach:
    """Which Räume of `needs` reach each offer of the plan (rule 1: in the Gemeinde, mobile, or within the ÖPNV
    minutes; a Sozialraum by the share of its foreigners), with the Handlungsfeld, target groups (rule 3: „alle
    Zugewanderten“ or an empty cell serve every group) and languages the gap matrix reads of it. The same reading
    as `gap_matrix`, for filters and forms that ask „which Räume reach this offer?“."""
    rules = rules or Rules()
    sheet = plan.angebote
    fields = _fields(plan.handlungsfelder)
    warnings: list[str] = []
    read = _read_offers(sheet, fields, rules, warnings)
    raeume = list(needs.counts.index)
    cover = _coverage(read, needs, plan.sozialraeume, raeume, rules, warnings)
    ids = np.array([i for i, _ in fields] + [""], dtype=object)
    served = _distinct(sheet["Zielgruppe(n)"], lambda cell: _groups(cell)[0])
    groups = np.zeros((len(sheet), len(ZIELGRUPPEN)), dtype=bool)
    for k, known in enumerate(served):
        groups[k, list(known)] = True
    return OfferReach(rows=sheet.index, handlungsfeld=ids[read.field],
                      groups=pd.DataFrame(groups, index=sheet.index, columns=list(ZIELGRUPPEN)),
                      languages=[set(c) for c in read.languages],
                      raeume=pd.DataFrame(cover.reshape(len(sheet), len(raeume)), index=sheet.index,
                                          columns=raeume), warnings=warnings)


def quadrant(matrix: GapMatrix, zielgruppe: str = ZIELGRUPPEN[0], handlungsfeld: str | None = None) -> pd.DataFrame:
    """Per Raum: people of `zielgruppe` (published count) and the offers counted for them (all Handlungsfelder,
    or one by name or ID), the quadrant against the medians (at least the median: „viele Menschen“; at most: „wenige
    Angebote“): „viele Menschen, wenige Angebote“ … . Räume
    without a published count are left out (attrs["left_out"] names them)."""
    cells = matrix.cells[matrix.cells["zielgruppe"] == zielgruppe]
    if handlungsfeld is not None:
        cells = cells[(cells["handlungsfeld"] == handlungsfeld) | (cells["handlungsfeld_id"] == handlungsfeld)]
    if cells.empty:
        raise UserError(f"Für „{zielgruppe}“{' im Handlungsfeld ' + handlungsfeld if handlungsfeld else ''} gibt es "
                        "keine Zellen in der Lückenmatrix.", hint=f"Zielgruppen: {', '.join(ZIELGRUPPEN)}.")
    per = cells.groupby("raum", sort=False).agg(raum_name=("raum_name", "first"), need=("need", "first"),
                                               offers=("offers", "sum")).reset_index()
    left_out = per.loc[per["need"].isna(), "raum_name"].tolist()
    per = per[per["need"].notna()].reset_index(drop=True)
    need_split, offer_split = per["need"].median(), per["offers"].median()
    many, few = per["need"] >= need_split, per["offers"] <= offer_split
    per["people_per_offer"] = (per["need"] / per["offers"].where(per["offers"] > 0)).round(1)
    per["quadrant"] = np.select([many & few, many & ~few, ~many & few],
                                ["viele Menschen, wenige Angebote", "viele Menschen, viele Angebote",
                                 "wenige Menschen, wenige Angebote"], "wenige Menschen, viele Angebote")
    per.attrs = {"need_split": need_split, "offer_split": offer_split, "left_out": left_out,
                 "zielgruppe": zielgruppe, "handlungsfeld": handlungsfeld}
    return per


def _fields(sheet: pd.DataFrame) -> list[tuple[str, str]]:
    """(ID, name) of the plan's Handlungsfelder; a field without an ID gets „HF<n>“ by its position."""
    out = []
    for number, (ident, name) in enumerate(zip(sheet["ID"], sheet["Handlungsfeld"]), start=1):
        name = fmt.text(name, empty="").strip()
        if name:
            out.append((fmt.text(ident, empty="").strip() or f"HF{number}", name))
    return out


def _split(cell) -> list[str]:
    return [p for chunk in re.split(r"[,;/\n]", fmt.text(cell, empty="")) if (p := chunk.strip())]


_DASHES = str.maketrans({"-": "–", "—": "–", "‑": "–"})


def _folded(text: str) -> str:
    """A target group's name as it is compared: case, spaces and the kind of dash do not matter."""
    return "".join(text.translate(_DASHES).casefold().split())


_GROUP_KEYS = {_folded(g): i for i, g in enumerate(ZIELGRUPPEN)}


def target_groups(cell) -> tuple[list[str], list[str]]:
    """The target groups an offer's „Zielgruppe(n)“ names (those of `plan.ZIELGRUPPEN`, in their spelling; separated
    by comma, semicolon, slash or line break) and the parts that are none of them. The one reading of the cell, for
    the gap matrix and the checks alike."""
    parts = _split(cell)
    found = [_GROUP_KEYS.get(_folded(p)) for p in parts]
    return [ZIELGRUPPEN[i] for i in found if i is not None], [p for p, i in zip(parts, found) if i is None]


def _distinct(column: pd.Series, read) -> list:
    """`read(cell)` for every cell of a column, computed once per distinct cell."""
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=False)
    found = [read(None if _missing(v) else v) for v in uniques]
    return [found[c] for c in codes]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _groups(cell) -> tuple[tuple[int, ...], list[str]]:
    """The target-group positions an offer's cell names („alle Zugewanderten“ or empty: all) and unknown names."""
    named, unknown = target_groups(cell)
    known = [ZIELGRUPPEN.index(name) for name in named]
    every = not (named or unknown) or 0 in known
    return (tuple(range(len(ZIELGRUPPEN))) if every else tuple(known)), unknown


def _read_offers(sheet: pd.DataFrame, fields: list[tuple[str, str]], rules: Rules, warnings: list[str]) -> _Offers:
    """The columns the rules read, as arrays (each distinct cell read once); problems (unknown field, group,
    access, minutes) in `warnings` with the Excel row. Nothing is changed in the sheet."""
    n = len(sheet)
    by_name = {name: i for i, (_, name) in enumerate(fields)} | {ident: i for i, (ident, _) in enumerate(fields)}
    rows = sheet.index.to_numpy()
    texts = _distinct(sheet["Handlungsfeld"], cell_text)
    field_index = np.array([by_name.get(t, -1) for t in texts], dtype=int).reshape(n)
    for k in np.flatnonzero(field_index < 0):
        warnings.append(f"Blatt „Angebote“, Zeile {rows[k]}: Handlungsfeld „{texts[k]}“ steht nicht im Blatt "
                        "„Handlungsfelder“ – das Angebot zählt in keinem Handlungsfeld." if texts[k] else
                        f"Blatt „Angebote“, Zeile {rows[k]}: ohne Handlungsfeld – das Angebot zählt in keinem.")
    named = _distinct(sheet["Zielgruppe(n)"], _groups)
    groups = np.zeros((n, len(ZIELGRUPPEN)), dtype=bool)
    for k, (known, unknown) in enumerate(named):
        groups[k, list(known)] = True
        warnings += [f"Blatt „Angebote“, Zeile {rows[k]}: Zielgruppe „{part}“ zählt in der Bestandsanalyse nicht "
                     f"(gezählt werden: {', '.join(ZIELGRUPPEN)})." for part in unknown]
    groups[:, 0] = True  # „alle Zugewanderten“: every offer of the field
    for k in np.flatnonzero(sheet["Zielgruppe(n)"].map(lambda v: not _split(v)).to_numpy(dtype=bool)):
        warnings.append(f"Blatt „Angebote“, Zeile {rows[k]}: ohne Zielgruppe – als „{ZIELGRUPPEN[0]}“ gezählt.")
    open_, unclear = _access(sheet["Zugang nach Aufenthaltsstatus"], rows, rules, warnings)
    typed = _distinct(sheet["Erreichbarkeit (ÖPNV-Minuten)"], cell_text)
    minutes = np.array(_distinct(sheet["Erreichbarkeit (ÖPNV-Minuten)"], _minutes), dtype=float).reshape(n)
    for k in np.flatnonzero(np.isnan(minutes)):
        if typed[k]:
            warnings.append(f"Blatt „Angebote“, Zeile {rows[k]}: „Erreichbarkeit (ÖPNV-Minuten)“ ist keine Minutenzahl "
                            f"(„{typed[k]}“) – die Fahrzeit gilt als unbekannt.")
    capacity = np.array(_distinct(sheet["Kapazität (Plätze)"], lambda v: float(v) if fmt.is_number(v) else np.nan),
                        dtype=float).reshape(n)
    yes = [np.array(_distinct(sheet[c], lambda v: cell_text(v).lower() == "ja"), dtype=bool).reshape(n)
           for c in ("aufsuchend/mobil", "Kinderbetreuung")]
    gemeinde = np.array(_distinct(sheet["Gemeinde (AGS)"], lambda v: pad_code(cell_text(v))), dtype=object).reshape(n)
    return _Offers(field=field_index, groups=groups, open=open_, unclear=unclear,
                   languages=_distinct(sheet["Sprache(n)"], offer_languages), gemeinde=gemeinde,
                   mobile=yes[0], minutes=minutes, childcare=yes[1], capacity=capacity, rows=rows)


def _minutes(cell) -> float:
    """A number of minutes (≥ 0) in a cell; anything else (free text, a negative number) is unknown (NaN)."""
    number = cell if fmt.is_number(cell) else fmt.parse_number(cell_text(cell))
    return float(number) if number is not None and number >= 0 else np.nan


def _access(column: pd.Series, rows, rules: Rules, warnings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """O × Z: open to every status of the group; unclear for at least one (and not closed to one)."""
    statuses = [tuple(status_name(s) for s in rules.group_status.get(g, rules.default_status)) for g in ZIELGRUPPEN]
    texts = _distinct(column, cell_text)
    verdicts = {}
    for text in dict.fromkeys(texts):
        per_group = [[accessible(text, s) for s in group] for group in statuses]
        verdicts[text] = ([all(a is True for a in g) for g in per_group],
                          [any(a is None for a in g) and not any(a is False for a in g) for g in per_group])
    for k, text in enumerate(texts):
        if not text:
            warnings.append(f"Blatt „Angebote“, Zeile {rows[k]}: „Zugang nach Aufenthaltsstatus“ leer – als "
                            f"„{OFFEN}“ gezählt.")
        elif text not in ADMITS:
            warnings.append(f"Blatt „Angebote“, Zeile {rows[k]}: Zugang „{text}“ steht nicht in der Liste – "
                            "als unklar gezählt.")
        elif text == EINGESCHRAENKT:
            warnings.append(f"Blatt „Angebote“, Zeile {rows[k]}: Zugang „{text}“ – ob es Geflüchteten oder anderen "
                            "offensteht, klärt die Beschreibung; als unklar gezählt.")
    open_ = np.array([verdicts[t][0] for t in texts], dtype=bool).reshape(len(texts), len(ZIELGRUPPEN))
    unclear = np.array([verdicts[t][1] for t in texts], dtype=bool).reshape(len(texts), len(ZIELGRUPPEN))
    return open_, unclear


def _coverage(offers: _Offers, needs: Needs, sozialraeume: pd.DataFrame, raeume: list[str], rules: Rules,
              warnings: list[str]) -> np.ndarray:
    """O × R bool: the Raum reaches the offer (rule 1)."""
    n = len(offers.field)
    if needs.level == "Kreis" or needs.gemeinden.empty:
        return np.ones((n, len(raeume)), dtype=bool)
    codes = needs.gemeinden.index.to_numpy(dtype=object)
    minutes = _gemeinde_minutes(sozialraeume).reindex(codes).to_numpy(dtype=float)
    local = offers.gemeinde[:, None] == codes[None, :]
    with np.errstate(invalid="ignore"):
        timed = (offers.minutes[:, None] + minutes[None, :]) <= rules.minutes
    reach = local | timed | offers.mobile[:, None]
    nowhere = ~reach.any(axis=1) & (offers.field >= 0)
    for k in np.flatnonzero(nowhere)[:20]:
        warnings.append(f"Blatt „Angebote“, Zeile {offers.rows[k]}: von keiner Gemeinde des Kreises erreichbar – "
                        "Gemeinde (AGS), ÖPNV-Minuten oder „aufsuchend/mobil“ prüfen.")
    if needs.level != "Sozialraum":
        order = pd.Index(codes).get_indexer(raeume)
        return reach[:, order]
    membership = needs.gemeinden.to_numpy(dtype=object)[:, None] == np.array(raeume, dtype=object)[None, :]
    weights = needs.weights.reindex(codes).fillna(0.0).to_numpy(dtype=float)
    total = weights @ membership
    weights = np.where(total[np.argmax(membership, axis=1)] > 0, weights, 1.0)
    share = (reach * weights[None, :]) @ membership / np.maximum(weights @ membership, 1e-12)[None, :]
    return share >= rules.reach_share - 1e-9


def _gemeinde_minutes(sozialraeume: pd.DataFrame) -> pd.Series:
    if sozialraeume is None or sozialraeume.empty:
        return pd.Series(dtype=float)
    codes = sozialraeume["Gemeinde (AGS)"].map(lambda v: pad_code(cell_text(v)))
    minutes = sozialraeume["ÖPNV-Minuten zur Kreisstadt"].map(_minutes)
    out = pd.Series(minutes.to_numpy(dtype=float), index=codes.to_numpy())
    return out[~out.index.duplicated()]


def _cells(fields, groups, raeume, part, nations, needs: Needs, rules: Rules, childcare: bool) -> pd.DataFrame:
    """One row per Handlungsfeld × Zielgruppe × Raum with counts, need, gap kind, ID and reason."""
    n_f, n_g, n_r = len(fields), len(groups), len(raeume)
    offers, unclear, with_capacity, places = (p.astype(np.int64) if k < 3 else p.astype(float)
                                              for k, p in enumerate(part[:4]))
    speaks = np.stack(part[4:], axis=-1) if len(part) > 4 else np.zeros((n_f, n_g, n_r, 0))
    need = needs.values.reindex(index=raeume, columns=groups).to_numpy(dtype=float).T          # Z × R
    raw = needs.counts.reindex(index=raeume, columns=groups).to_numpy(dtype=float).T
    hidden = needs.status.reindex(index=raeume, columns=groups).fillna(False).to_numpy(dtype=bool).T
    kreis = needs.kreis.reindex(groups).to_numpy(dtype=float)
    kreis_only = np.isnan(raw).all(axis=1) & (kreis > 0)                                    # Z
    present = (raw >= rules.min_need) | hidden | kreis_only[:, None]
    present = np.broadcast_to(present[None], (n_f, n_g, n_r))
    need3 = np.broadcast_to(need[None], (n_f, n_g, n_r))
    people = np.where(np.isnan(need) & kreis_only[:, None], kreis[:, None], need)            # Z × R
    share = nations["share"].astype(float).to_numpy() / 100 if len(nations) else np.zeros(0)
    with np.errstate(invalid="ignore"):
        many = people[:, :, None] * share[None, None, :] >= rules.language_min_people        # Z × R × N
    lacking = (speaks == 0) & (offers[..., None] > 0) & many[None]                          # F × Z × R × N
    with np.errstate(divide="ignore", invalid="ignore"):
        per_offer = need3 / np.where(offers > 0, offers, np.nan)
        per_place = need3 / np.where((with_capacity == offers) & (offers > 0) & (places > 0), places, np.nan)
    kind = np.full((n_f, n_g, n_r), -1)
    kind = np.where((per_offer > rules.people_per_offer) & present, 3, kind)
    kind = np.where((per_place > rules.people_per_place) & present, 2, kind)
    kind = np.where(lacking.any(axis=-1) & present, 1, kind)
    kind = np.where((offers == 0) & present, 0, kind)
    f_idx, g_idx, r_idx = (a.ravel() for a in np.meshgrid(np.arange(n_f), np.arange(n_g), np.arange(n_r),
                                                           indexing="ij"))
    ids, names = np.array([f[0] for f in fields], dtype=object), np.array([f[1] for f in fields], dtype=object)
    raum_arr = np.array(raeume, dtype=object)
    raum_names = np.array([needs.names.get(r, r) for r in raeume], dtype=object)
    group_arr = np.array(groups, dtype=object)
    keys = np.array([raum_key(r) for r in raeume], dtype=object)
    texts = needs.table.reindex(index=raeume, columns=groups).fillna("–").to_numpy(dtype=object).T   # Z × R
    cells = pd.DataFrame({
        "handlungsfeld_id": ids[f_idx], "handlungsfeld": names[f_idx], "zielgruppe": group_arr[g_idx],
        "raum": raum_arr[r_idx], "raum_name": raum_names[r_idx], "offers": offers.ravel(),
        "unclear": unclear.ravel(), "places": np.where(with_capacity.ravel() > 0, places.ravel(), np.nan),
        "need": need3.ravel(), "need_text": texts[g_idx, r_idx],
        "people_per_offer": np.round(per_offer.ravel(), 1), "kind_code": kind.ravel(),
        "offered_elsewhere": np.broadcast_to((offers > 0).any(axis=2)[..., None], offers.shape).ravel()})
    cells["gap"] = cells["kind_code"] >= 0
    cells["kind"] = np.array(("", *KINDS), dtype=object)[cells["kind_code"].to_numpy() + 1]
    prefix = np.array([[f"L-{f}-{GROUP_CODES[g]}-" for g in groups] for f in ids], dtype=object).reshape(n_f, n_g)
    cells["gap_id"] = prefix[f_idx, g_idx] + keys[r_idx]
    gap = cells["gap"].to_numpy()
    reasons = np.full(len(cells), "", dtype=object)
    reasons[gap] = _reasons(f_idx[gap], g_idx[gap], r_idx[gap], cells["kind_code"].to_numpy()[gap],
                            offers.ravel()[gap], per_offer.ravel()[gap], per_place.ravel()[gap],
                            lacking.reshape(n_f * n_g * n_r, lacking.shape[-1])[gap], names, raum_names, texts,
                            nations, needs, kreis_only, childcare)
    cells["reason"] = reasons
    return cells


def _where(raum_name: str, level: str) -> str:
    if level == "Sozialraum":
        return f"Im Sozialraum {raum_name}"
    if level == "Kreis":
        return "Im Kreis"
    return f"In {raum_name}"


def _reasons(f_idx, g_idx, r_idx, kind, offers, per_offer, per_place, lacking, field_names, raum_names, texts,
             nations: pd.DataFrame, needs: Needs, kreis_only: np.ndarray, childcare: bool) -> np.ndarray:
    """One German sentence per gap (where, what is missing, how many people), put together from small lookup
    tables per Raum, per Handlungsfeld × Zielgruppe and per Zielgruppe × Raum: no loop over the gaps."""
    extra = " mit Kinderbetreuung" if childcare else ""
    where = np.array([_where(name, needs.level) for name in raum_names], dtype=object)
    what = np.array([[f"im Handlungsfeld „{f}“{extra} für „{g}“" for g in ZIELGRUPPEN] for f in field_names],
                    dtype=object).reshape(len(field_names), len(ZIELGRUPPEN))
    people = np.array([[_people(g, texts[z, r], needs, bool(kreis_only[z])) for r in range(texts.shape[1])]
                       for z, g in enumerate(ZIELGRUPPEN)], dtype=object).reshape(texts.shape)
    head, what, tail = where[r_idx], what[f_idx, g_idx], "; " + people[g_idx, r_idx] + "."
    counted = _lookup(offers, _offers)
    out = np.empty(len(kind), dtype=object)
    none = kind == 0
    out[none] = head[none] + " kein Angebot " + what[none] + " erreichbar" + tail[none]
    language = kind == 1
    if language.any():
        bits = lacking[language].astype(np.int64) @ (1 << np.arange(lacking.shape[1], dtype=np.int64))
        names = [" oder ".join(LANGUAGES[c].name for c in codes) + f" ({nation})"
                 for nation, codes in zip(nations["nationality"], nations["codes"])]
        missing = _lookup(bits, lambda b: ", ".join(t for k, t in enumerate(names) if b >> k & 1))
        out[language] = (head[language] + " " + counted[language] + " " + what[language] + " erreichbar, keins auf "
                         + missing + tail[language])
    places = kind == 2
    out[places] = (head[places] + " " + _lookup(per_place[places], fmt.number) + " Personen je Platz in "
                   + counted[places] + " " + what[places] + tail[places])
    few = kind == 3
    out[few] = (head[few] + " " + _lookup(per_offer[few], fmt.number) + " Personen je Angebot (" + counted[few] + " "
                + what[few] + ")" + tail[few])
    return out


def _lookup(values: np.ndarray, text) -> np.ndarray:
    """`text(v)` for every value, computed once per distinct value (rounded to whole numbers for ratios)."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = np.round(values)
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([text(v.item()) for v in distinct] or [""], dtype=object)[inverse.reshape(-1)] \
        if len(values) else np.array([], dtype=object)


def _offers(count: int) -> str:
    return "1 Angebot" if count == 1 else f"{fmt.number(count)} Angebote"


def _people(group: str, text: str, needs: Needs, kreis_only: bool) -> str:
    if kreis_only:
        return f"im Kreis {fmt.number(needs.kreis[group])} {PEOPLE[group]}, je Raum ohne Zahl"
    if text in (".", "–", ""):
        return f"{PEOPLE[group]}: Zahl {'geheim gehalten' if text == '.' else 'unbekannt'}"
    return f"{text} {PEOPLE[group]}"


def _rank(cells: pd.DataFrame) -> pd.DataFrame:
    gaps = cells[cells["gap"]]
    order = np.lexsort((np.arange(len(gaps)), -gaps["need"].fillna(-1).to_numpy(),
                        ~gaps["offered_elsewhere"].to_numpy(), gaps["kind_code"].to_numpy()))
    ranked = gaps.iloc[order].reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked


def _notes(rules: Rules, needs: Needs, childcare: bool) -> list[str]:
    statuses = ", ".join(f"„{g}“: {' oder '.join(s)}" for g, s in rules.group_status.items())
    notes = [
        f"Erreichbar: in der Gemeinde, aufsuchend/mobil, oder Fahrzeit der Gemeinde zur Kreisstadt plus Fahrzeit "
        f"des Angebots von der Kreisstadt höchstens {fmt.number(rules.minutes)} Minuten (ÖPNV)."
        + (f" Ein Sozialraum erreicht ein Angebot, wenn Gemeinden mit mindestens {fmt.number(rules.reach_share * 100)}"
           " % seiner Ausländer*innen es erreichen." if needs.level == "Sozialraum" else ""),
        f"Zugang: gezählt werden Angebote, die dem Aufenthaltsstatus der Gruppe offenstehen ({statuses}; alle "
        f"anderen Gruppen: {' oder '.join(rules.default_status)}); „eingeschränkt“ zählt als unklar.",
        f"Lücke: kein Angebot; kein Angebot in einer Sprache der Staatsangehörigkeiten mit "
        f"mindestens {fmt.number(rules.language_share)} % der Ausländer*innen, wo nach diesem Anteil mindestens "
        f"{fmt.number(rules.language_min_people)} Menschen der Gruppe im Raum diese Staatsangehörigkeit haben; "
        "mehr als "
        f"{fmt.number(rules.people_per_place)} Personen je Platz (wenn alle Angebote Plätze angeben); sonst mehr "
        f"als {fmt.number(rules.people_per_offer)} Personen je Angebot.",
    ]
    if childcare:
        notes.append("Gezählt sind nur Angebote mit Kinderbetreuung.")
    if not rules.check_languages or not (needs.languages["share"].astype(float) >= rules.language_share).any():
        notes.append("Die Sprache der Angebote ist nicht geprüft.")
    return notes


def text_report(matrix: GapMatrix, top: int = 20) -> str:
    """The ranked gaps as German plain text (for `ikpe` and logs): counts per kind, the first `top` gaps with
    their IDs and reasons, then the notes on the rules, the needs and the offers."""
    counts = matrix.gaps["kind"].value_counts()
    lines = [f"Lückenmatrix: {len(matrix.cells)} Zellen (Handlungsfeld × Zielgruppe × Raum), {len(matrix.gaps)} "
             "Lücken – " + ", ".join(f"{kind}: {int(counts.get(kind, 0))}" for kind in KINDS) + "."]
    lines += [f"{rank:>4}. {gap_id}: {reason}" for rank, gap_id, reason in
              matrix.gaps[["rank", "gap_id", "reason"]].head(top).itertuples(index=False, name=None)]
    if len(matrix.gaps) > top:
        lines.append(f"      … und {len(matrix.gaps) - top} weitere.")
    lines += ["", "Regeln:", *(f"- {note}" for note in matrix.notes), "Bedarfe:",
              *(f"- {note}" for note in matrix.needs.notes)]
    if matrix.warnings:
        lines += ["Hinweise zu den Angeboten:", *(f"- {w}" for w in matrix.warnings[:top])]
        if len(matrix.warnings) > top:
            lines.append(f"- … und {len(matrix.warnings) - top} weitere Hinweise.")
    return "\n".join(lines)
