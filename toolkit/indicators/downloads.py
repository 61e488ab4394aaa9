"""Where each table of the course comes from: the download recipes of `downloads.yaml`, the one
place that `ikpe daten prüfen`, notebook 01, the messages about missing tables and the README use."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from toolkit.errors import UserError

DOWNLOADS_FILE = Path(__file__).with_name("downloads.yaml")


@functools.cache
def downloads() -> dict:
    """The download recipes (`downloads.yaml`)."""
    return yaml.safe_load(DOWNLOADS_FILE.read_text(encoding="utf-8"))


def recipe(code: str, steps: bool = True) -> str:
    """How to download a table, in German: portal, table code, regions, years, format (and the
    portal's steps, unless `steps` is False because `portal_steps` prints them once)."""
    entry = next((t for t in downloads()["tables"] if t["code"] == code), None)
    if entry is None:
        raise UserError(f"Zur Tabelle {code} gibt es keine Download-Anleitung.",
                        hint=f"Bekannt sind: {', '.join(t['code'] for t in downloads()['tables'])}.")
    portal = downloads()["portals"][entry["portal"]]
    named = "" if code.startswith("ba_") else f"Tabelle {code} – "
    text = (f"{portal['name']} ({portal['address']}): {named}{entry['title'].rstrip('.')}. "
            f"Regionen: {entry['regions']}; Jahre: {entry['years']}; Format: {entry['format']}.")
    return f"{text} So geht's: {portal['steps']}" if steps else text


def portal_steps(codes) -> list[str]:
    """"Portal: steps" once for each portal these tables come from."""
    tables = {t["code"]: t for t in downloads()["tables"]}
    portals = dict.fromkeys(tables[c]["portal"] for c in codes if c in tables)
    return [f"{downloads()['portals'][p]['name']}: {downloads()['portals'][p]['steps']}" for p in portals]


def recipes_markdown() -> str:
    """Every table of the course as a German Markdown table (portal, code, title, regions, years,
    format), for the README and handouts; the steps per portal below it."""
    portals = downloads()["portals"]
    rows = ["| Tabelle | Inhalt | Portal | Regionen | Jahre | Format |", "|---|---|---|---|---|---|"]
    rows += [f"| {t['code']}{' (Pflicht)' if t.get('required') else ''} | {t['title']} | "
             f"{portals[t['portal']]['name']} | {t['regions']} | {t['years']} | {t['format']} |"
             for t in downloads()["tables"]]
    steps = [f"- **{portal['name']}** ({portal['address']}): {portal['steps']}" for portal in portals.values()]
    return "\n".join(rows + [""] + steps)


def recipe_codes() -> set[str]:
    """The table codes `recipe` knows."""
    return {t["code"] for t in downloads()["tables"]}


def map_recipe() -> str:
    """How to download boundaries for the maps (optional), in German."""
    entry = downloads()["maps"]
    portal = downloads()["portals"][entry["portal"]]
    return (f"{portal['name']} ({portal['address']}): {entry['title']}. Regionen: {entry['regions']}; "
            f"Gebietsstand: {entry['years']}; Format: {entry['format']}. So geht's: {portal['steps']}")
