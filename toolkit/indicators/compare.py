"""Reading computed indicators: a region beside its Kreis, Land and Bund; change between years;
the nationality structure from the Ausländerzentralregister."""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import data
from toolkit.data.markers import MISSING
from toolkit.errors import UserError
from toolkit.indicators.compute import labels_found, normalise, pick_status
from toolkit.indicators.downloads import recipe
from toolkit.indicators.model import group

AZR_TABLE = "12521-0041"
REST = "Übrige"
SEXES = frozenset({"männlich", "weiblich"})


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


def nationalities(tables: dict[str, pd.DataFrame], region_code: str, year: int, top: int = 10) -> pd.DataFrame:
    """The `top` nationalities of a Kreis (AZR, 31.12.) plus `Übrige` = published total minus them.

    Columns: nationality, value, status, share (of the published total, %), eu (True/False,
    None for the rest); a nationality without a number or with none there („-“) is no bar. AZR cells
    are rounded to 5, so `Übrige` holds only approximately. Nationality and sex are found by their
    labels (`_azr_dimensions`), in a flat file as in a GENESIS-Online CSV.
    """
    azr = _azr(tables)
    rows = _published(azr, region_code, year)
    total = float(rows.loc[rows["nationality"].map(normalise) == "", "value"].iloc[0])
    ranked = rows[(rows["nationality"].map(normalise) != "") & (rows["value"] > 0)]  # „-“ (0) is no bar
    shown = ranked.sort_values("value", ascending=False, kind="stable").head(top)
    rest = pd.DataFrame({"nationality": [REST], "value": [total - shown["value"].sum()], "status": [""]})
    out = pd.concat([shown[["nationality", "value", "status"]], rest], ignore_index=True)
    eu = set(group("eu_staaten"))
    out["share"] = out["value"] / total * 100
    out["eu"] = [None if name == REST else name in eu for name in out["nationality"]]
    out.attrs = {**azr.attrs, "total": total,
                 "note": f"{REST}: veröffentlichte Gesamtzahl minus die gezeigten Staatsangehörigkeiten; "
                         "die Zellen sind auf Vielfache von 5 gerundet, der Wert gilt nur ungefähr (≈)."}
    return out


def _azr_dimensions(azr: pd.DataFrame) -> tuple[str, str | None]:
    """The dimension columns of an AZR table that hold the nationality and the sex (None without a
    sex split), found by their labels, never by name: a flat file has `staag6` and `sex`, a
    GENESIS-Online CSV the key column `category` and Geschlecht in `variable` („Geschlecht | männlich“).
    A table without nationalities is a UserError naming the file, what was expected and the labels found."""
    dims = data.dimensions(azr)
    sex = next((dim for dim in dims if any(_names_sex(label) for label in azr[dim].unique())), None)
    eu = {normalise(name) for name in group("eu_staaten")}
    nationality = next((dim for dim in dims if dim != sex
                        and any(normalise(_last(label)) in eu for label in azr[dim].unique())), None)
    if nationality is None:
        raise UserError(f"Tabelle {AZR_TABLE} nennt keine Staatsangehörigkeiten: erwartet wird ein Merkmal mit "
                        f"Ländern wie „Polen“ oder „Rumänien“ und der Summe „Insgesamt“; vorhanden: "
                        f"{labels_found(azr)}.", file=azr.attrs.get("file"),
                        hint=f"Laden Sie die Tabelle mit allen Staatsangehörigkeiten herunter: {recipe(AZR_TABLE)}")
    return nationality, sex


def _azr(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    if AZR_TABLE not in tables:
        raise UserError(f"Für die Staatsangehörigkeiten fehlt die Tabelle {AZR_TABLE} "
                        "(Ausländerstatistik, GENESIS-Online).",
                        hint=f"So laden Sie sie herunter: {recipe(AZR_TABLE)} "
                             "Legen Sie die Datei unverändert in den Datenordner.")
    return tables[AZR_TABLE]


def _published(azr: pd.DataFrame, region_code: str, year: int) -> pd.DataFrame:
    """nationality (as published, the total „Insgesamt“ among them), value, status of the region in
    `year`, both sexes together: one row per nationality, else a UserError saying what is missing."""
    nationality, sex = _azr_dimensions(azr)
    rows = azr[(azr["region_code"] == region_code) & azr["time"].str.startswith(str(year))]
    if rows.empty:
        raise _azr_error(azr, f"hat keine Werte für {region_code} im Jahr {year}",
                         "Wählen Sie einen Kreis und ein Jahr der Tabelle.")
    if sex is not None:
        rows = rows[~rows[sex].map(_names_sex)]
    rows = rows.assign(nationality=rows[nationality].map(_last))[["nationality", "value", "status"]]
    where = f"für {region_code} im Jahr {year}"
    if rows.empty:
        raise _azr_error(azr, f"hat {where} nur Werte nach Geschlecht, kein Geschlecht „Insgesamt“",
                         "Laden Sie die Tabelle mit Geschlecht „Insgesamt“ herunter.")
    if (rows["nationality"].map(normalise) == "").sum() != 1 or rows["nationality"].duplicated().any():
        raise _azr_error(azr, f"hat {where} nicht genau eine Zahl je Staatsangehörigkeit und eine Summe "
                              "„Insgesamt“",
                         "Laden Sie die Tabelle mit allen Staatsangehörigkeiten und ihrer Summe herunter, "
                         "ohne weitere Merkmale.")
    return rows


def _azr_error(azr: pd.DataFrame, problem: str, hint: str) -> UserError:
    return UserError(f"Tabelle {AZR_TABLE} {problem} (erwartet für die Grafik der Staatsangehörigkeiten).",
                     file=azr.attrs.get("file"), hint=hint)


def _names_sex(label: str) -> bool:
    """True for a label that names a sex in one of its parts: „männlich“, „Geschlecht | weiblich“."""
    return bool(set(normalise(label).split(" | ")) & SEXES)


def _last(label: str) -> str:
    """The last part of a header path as published: „Staatsangehörigkeit | Polen“ → „Polen“."""
    return str(label).rsplit("|", 1)[-1].strip()
