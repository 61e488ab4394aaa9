"""Writer of GENESIS-Online's table CSV (layout of 2025/26, UTF-8 with BOM), the format
`toolkit.data.classic` reads beside the Regionalstatistik CSV: the AZR table 12521-0041 of the demo.
"""
from __future__ import annotations

from pathlib import Path

from toolkit.demo.azr import (
    AZR_CONTENT,
    AZR_DEPTH,
    AZR_NATIONALITIES,
    AZR_PERIOD,
    FOREIGNERS_TABLE,
    SEXES,
    azr_table,
    azr_value,
    genesis_label,
)
from toolkit.demo.classic import dec31
from toolkit.demo.figures import YEARS
from toolkit.demo.files import COPYRIGHT, DEMO_NOTE, STAND, Written, quoted
from toolkit.demo.model import Model


def _with_flags(cells: list[str], flags: list[str]) -> str:
    """Cells each followed by its quality-flag column, as GENESIS-Online writes them (`84281;e`)."""
    return ";".join(f"{cell};{flag}" for cell, flag in zip(cells, flags, strict=True))


def foreigners_genesis_online(model: Model, out: Path) -> Written:
    """12521-0041 as GENESIS-Online's table CSV of 2025/26 (UTF-8 with BOM): Kreis and nationality as
    key columns, Stichtag and Geschlecht in the header, every value followed by its quality flag."""
    table = azr_table(model)
    columns = [(i, s) for i in range(len(YEARS)) for s in range(len(SEXES))]
    blank = [""] * len(columns)
    head = [["Stichtag", *blank[1:]], [dec31(YEARS[i]) if s == 0 else "" for i, s in columns],
            ["Geschlecht", *blank[1:]], [SEXES[s][1] for _, s in columns]]
    text = [f"\ufeffTabelle: {FOREIGNERS_TABLE}"]
    text += [title + ";" * (2 + 2 * len(columns)) for title in (
        "Ausländer: Kreise, Stichtag, Geschlecht, Staatsangehörigkeit", "Ausländerstatistik", "Ausländer (Anzahl)")]
    text += [";;;" + _with_flags(row, blank) for row in head]
    for code in dict.fromkeys(code for _, code in table):
        name = genesis_label(code, model.names[code])
        for n, (_, nationality) in enumerate(AZR_NATIONALITIES):
            values = [azr_value(table[i, code], s, n) for i, s in columns]
            flags = ["" if v == "-" else "e" for v in values]
            text.append(f"{code};{name};{nationality};" + _with_flags(values, flags))
    text += ["__________", quoted(DEMO_NOTE + "\nJede Zelle ist auf ein Vielfaches von 5 gerundet."),
             quoted(COPYRIGHT), STAND]
    path = out / f"{FOREIGNERS_TABLE}_de.csv"
    path.write_bytes(("\n".join(text) + "\n").encode("utf-8"))
    return Written(path, FOREIGNERS_TABLE, AZR_CONTENT, "GENESIS-Online-CSV, Aufbau 2025/26 (UTF-8 mit BOM, "
                   "nach jeder Wertespalte eine Spalte mit dem Qualitätskennzeichen)", AZR_DEPTH, AZR_PERIOD,
                   "Ausländer (Anzahl): Geschlecht | Insgesamt, männlich, weiblich; Staatsangehörigkeit Insgesamt "
                   "oder Land in der dritten Spalte")
