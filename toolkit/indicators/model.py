"""The indicator catalogue: definitions read from `catalogue.yaml` into frozen dataclasses."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from toolkit.errors import UserError

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")
#: Unit → factor the ratio is multiplied by.
FACTORS = {"%": 100, "je 1.000 Einwohner": 1000, "Anzahl": 1}
LEVELS = ("Kreis", "Gemeinde")
DIRECTIONS = ("higher", "lower", "none")

Selection = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Term:
    """Where a count comes from: the first of `tables` that holds a region, the rows chosen by
    `select` (dimension → labels, several labels are summed) minus those chosen by `minus`,
    taken `shift` years off (−1: the value of the previous year)."""
    text: str
    tables: tuple[str, ...]
    select: Selection
    minus: Selection = ()
    shift: int = 0

    def __deepcopy__(self, memo) -> Term:
        return self  # immutable; pandas deep-copies attrs on every operation


@dataclass(frozen=True)
class Indicator:
    """One indicator: German texts for people, `numerator_spec`/`denominator_spec` for the
    computation (`denominator_spec` None: a count, or a rate taken from `published_spec`)."""
    id: str
    name: str
    short: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    factor: int
    tables: tuple[str, ...]
    handlungsfeld: str
    intmk: str
    levels: tuple[str, ...]
    caveats: tuple[str, ...]
    numerator_spec: Term
    denominator_spec: Term | None = None
    published_spec: Term | None = None
    direction: str = "none"     # what progress is (stage 5): higher, lower, none (descriptive)

    def __deepcopy__(self, memo) -> Indicator:
        return self  # immutable; pandas deep-copies a result's attrs on every operation

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for t in (self.numerator_spec, self.denominator_spec, self.published_spec) if t)


def catalogue() -> list[Indicator]:
    """All indicators of the catalogue, in its order."""
    return list(_load())


def get(indicator_id: str) -> Indicator:
    """The indicator with this id; a UserError lists the valid ids."""
    found = {ind.id: ind for ind in _load()}
    if indicator_id not in found:
        raise UserError(f"Einen Indikator „{indicator_id}“ gibt es nicht.",
                        hint=f"Gültige Kennungen: {', '.join(found)}.")
    return found[indicator_id]


def handlungsfelder() -> list[str]:
    """The nine Handlungsfelder (Eisenach) the catalogue assigns indicators to."""
    return list(_raw()["handlungsfelder"])


def group(name: str) -> tuple[str, ...]:
    """A named label list of the catalogue, e.g. "eu_staaten" (the 26 other EU states)."""
    return tuple(_raw()["groups"][name])


@functools.cache
def vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    """How labels of other vintages are read (catalogue section `labels`): synonyms (spelling →
    the catalogue's spelling) and headings (parts that name a dimension, never a column)."""
    labels = _raw()["labels"]
    return dict(labels["synonyms"]), frozenset(labels["headings"])


@functools.cache
def _raw() -> dict:
    return yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))


@functools.cache
def _load() -> tuple[Indicator, ...]:
    raw = _raw()
    return tuple(_indicator(entry, raw) for entry in raw["indicators"])


def _indicator(entry: dict, raw: dict) -> Indicator:
    numerator = _term(entry["numerator"], raw["groups"])
    denominator = _term(entry["denominator"], raw["groups"])
    published = _term(entry.get("published"), raw["groups"])
    tables = tuple(dict.fromkeys(c for t in (numerator, denominator, published) if t for c in t.tables))
    indicator = Indicator(
        id=entry["id"], name=entry["name"], short=entry["short"], definition=entry["definition"],
        numerator=entry["numerator"]["text"], denominator=entry["denominator"]["text"],
        unit=entry["unit"], factor=FACTORS[entry["unit"]], tables=tables,
        handlungsfeld=entry["handlungsfeld"], intmk=entry["intmk"], levels=tuple(entry["levels"]),
        caveats=tuple(raw["caveats"].get(c, c) for c in entry["caveats"]),
        numerator_spec=numerator, denominator_spec=denominator, published_spec=published,
        direction=entry.get("direction", "none"))
    _validate(indicator, raw)
    return indicator


def _term(entry: dict | None, groups: dict) -> Term | None:
    if not entry or "tables" not in entry:
        return None
    return Term(text=entry["text"], tables=tuple(entry["tables"]), select=_selection(entry["select"], groups),
                minus=_selection(entry.get("minus", {}), groups), shift=int(entry.get("shift", 0)))


def _selection(mapping: dict, groups: dict) -> Selection:
    def labels(value) -> tuple[str, ...]:
        if isinstance(value, str) and value.startswith("@"):
            return tuple(groups[value[1:]])
        return (value,) if isinstance(value, str) else tuple(value)
    return tuple((dim, labels(value)) for dim, value in mapping.items())


def _validate(ind: Indicator, raw: dict) -> None:
    """The catalogue is ours: a malformed entry is a programming error, not a user error."""
    problems = [
        not re.fullmatch(r"[a-z][a-z0-9_]*", ind.id) and "id is not ascii snake_case",
        ind.handlungsfeld not in raw["handlungsfelder"] and f"unknown Handlungsfeld {ind.handlungsfeld!r}",
        not set(ind.levels) <= set(LEVELS) and f"levels must be among {LEVELS}",
        ind.direction not in DIRECTIONS and f"direction must be one of {DIRECTIONS}",
        bool(ind.published_spec) == bool(ind.denominator_spec) and ind.factor != 1
        and "a rate needs either a denominator or a published value",
        any(c not in ind.numerator + ind.denominator + (ind.published_spec.text if ind.published_spec else "")
            for c in ind.tables) and "every table code must be named in the numerator/denominator text",
    ]
    problems = [p for p in problems if p]
    if problems:
        raise ValueError(f"catalogue.yaml, indicator {ind.id!r}: {'; '.join(problems)}")
