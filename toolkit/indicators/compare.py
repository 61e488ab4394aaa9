"""Reading computed indicators: a region beside its Kreis, Land and Bund; change between years;
the nationality structure from the Ausländerzentralregister."""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import data
from toolkit.data.markers import MISSING
from toolkit.errors import UserError
from toolkit.indicators.compute import normalise, pick_status
from toolkit.indicators.model import group

AZR_TABLE = "12521-0041"
REST = "Übrige"


def compare(result: pd.DataFrame, region_code: str, year: int,
            comparison: tuple[str, ...] = ("16", "DG")) -> pd.DataFrame:
    """The region, its Kreis (for a Gemeinde), then `comparison` (Thüringen, Deutschland) in one
    year — the rows of `result` that exist, in that order."""
    codes = [region_code]
    if data.level(region_code) in ("Gemeinde", "Gemeindeverband"):
        codes.append(region_code[:5])
    codes = list(dict.fromkeys([*codes, *comparison]))
    rows = result[(result["year"] == year) & result["region_code"].isin(codes)]
    rows = rows.iloc[np.argsort(rows["region_code"].map(codes.index).to_numpy(), kind="stable")]
    rows = rows.reset_index(drop=True)
    rows.attrs = dict(result.attrs)
    return rows


def change(result: pd.DataFrame, from_year: int, to_year: int) -> pd.DataFrame:
    """Per region: value_from, value_to, change (points for %, else units) and status.

    A side without a number gives NaN change with its marker; a region missing in one of the
    years gives NaN with `x`. attrs["change_unit"]: "Prozentpunkte" for a percentage.
    """
    keys = ["indicator", "region_code", "region_name", "level"]
    sides = [result.loc[result["year"] == y, [*keys, "value", "status"]] for y in (from_year, to_year)]
    both = sides[0].merge(sides[1], on=["indicator", "region_code"], how="outer", suffixes=("_from", "_to"))
    for key in ("region_name", "level"):
        both[key] = both[f"{key}_to"].fillna(both[f"{key}_from"])
    absent = both["status_from"].isna() | both["status_to"].isna()
    status = pick_status(both["status_from"].fillna("x"), both["status_to"].fillna("x"))
    # a rate published as „-“ has no value: its change has none either, and keeps the marker
    unpublished = [both[f"value_{side}"].isna() & (both[f"status_{side}"] == "-") for side in ("from", "to")]
    status = np.where((unpublished[0] | unpublished[1]) & (status == ""), "-", status)
    out = both[keys].assign(value_from=both["value_from"], value_to=both["value_to"],
                            change=(both["value_to"] - both["value_from"]).where(~np.isin(status, list(MISSING))),
                            status=np.where(absent, "x", status))
    ind = result.attrs.get("indicator")
    out.attrs = {**result.attrs, "from_year": from_year, "to_year": to_year,
                 "change_unit": "Prozentpunkte" if ind is not None and ind.unit == "%" else
                 (ind.unit if ind is not None else "")}
    return out


def _dimension(table: pd.DataFrame, labels: set[str], name: str) -> str | None:
    """The dimension column called `name`, else the one holding any of these normalised labels
    (a GENESIS-Online CSV names its key columns only `category`, `category_2`)."""
    if name in table:
        return name
    return next((dim for dim in data.dimensions(table)
                 if set(table[dim].drop_duplicates().map(normalise)) & labels), None)


def nationalities(tables: dict[str, pd.DataFrame], region_code: str, year: int, top: int = 10) -> pd.DataFrame:
    """The `top` nationalities of a Kreis (AZR, 31.12.) plus `Übrige` = published total minus them.

    Columns: nationality, value, status, share (of the published total, %), eu (True/False,
    None for the rest). AZR cells are rounded to 5, so `Übrige` holds only approximately.
    """
    if AZR_TABLE not in tables:
        raise UserError(f"Für die Staatsangehörigkeiten fehlt die Tabelle {AZR_TABLE} "
                        "(Ausländerstatistik, GENESIS-Online).",
                        hint="Laden Sie 12521-0041 als Flatfile-CSV herunter und legen Sie sie in den Datenordner.")
    azr = tables[AZR_TABLE]
    rows = azr[(azr["region_code"] == region_code) & azr["time"].str.startswith(str(year))]
    sex = _dimension(azr, {"männlich", "weiblich"}, "sex")
    rows = rows[rows[sex].map(normalise) == ""] if sex else rows
    if rows.empty:
        raise UserError(f"Tabelle {AZR_TABLE} hat keine Werte für {region_code} im Jahr {year}.",
                        file=azr.attrs.get("file"), hint="Wählen Sie einen Kreis und ein Jahr der Tabelle.")
    nationality = _dimension(azr, {normalise(name) for name in group("eu_staaten")}, "staag6")
    if nationality is None:
        raise UserError(f"Tabelle {AZR_TABLE} nennt keine Staatsangehörigkeiten (Spalten: "
                        f"{', '.join(data.dimensions(azr))}).", file=azr.attrs.get("file"),
                        hint="Laden Sie die Tabelle mit allen Staatsangehörigkeiten herunter.")
    rows = rows.rename(columns={nationality: "staag6"})
    is_total = rows["staag6"].map(normalise) == ""
    total = float(rows.loc[is_total, "value"].iloc[0])
    ranked = rows[~is_total].dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable")
    shown = ranked.head(top)
    rest = pd.DataFrame({"nationality": [REST], "value": [total - shown["value"].sum()], "status": [""]})
    out = pd.concat([shown.rename(columns={"staag6": "nationality"})[["nationality", "value", "status"]], rest],
                    ignore_index=True)
    eu = set(group("eu_staaten"))
    out["share"] = out["value"] / total * 100
    out["eu"] = [None if name == REST else name in eu for name in out["nationality"]]
    out.attrs = {**azr.attrs, "total": total,
                 "note": f"{REST}: veröffentlichte Gesamtzahl minus die gezeigten Staatsangehörigkeiten; "
                         "die Zellen sind auf Vielfache von 5 gerundet, der Wert gilt nur ungefähr (≈)."}
    return out
