"""Boundaries (GeoJSON or BKG shapefile) as a table, and joining them to a tidy table by region code.

    areas = read_boundaries("thueringen_kreise_ab_2021-07-01.geojson")
    joined = join_boundaries(areas, table[(table.time == "2023") & (table.variable == "…")])

Columns: region_code (text AGS), region_name, geometry (GeoJSON geometry dict, Polygon or
MultiPolygon coordinates in the file's own coordinate system); attrs["crs"] names that system
("EPSG:4326" for GeoJSON, "EPSG:31467" for the BKG VG5000 shapefile — coordinates are not
reprojected).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import shapefile

from toolkit.data.regions import levels
from toolkit.errors import UserError

CODE_PROPERTIES = ["ags", "AGS", "ARS", "ars"]
NAME_PROPERTIES = ["name", "GEN", "NAME", "gen"]
#: BKG "Geofaktor": 4 = land with structure, 9 = land (VG5000); 1/2 = water areas, left out.
LAND = {4, 9}
_SHOWN = 10


def read_boundaries(path: str | Path, code_property: str | None = None) -> pd.DataFrame:
    """Areas from a GeoJSON file or a shapefile (.shp with .dbf/.prj beside it)."""
    path = Path(path)
    if not path.is_file():
        raise UserError("Die Kartendatei gibt es nicht.", file=path, hint="Prüfen Sie Pfad und Dateinamen.")
    features, crs = _shapefile(path) if path.suffix.lower() == ".shp" else _geojson(path)
    features = [f for f in features if f[0].get("GF", 9) in LAND]
    if not features:
        raise UserError("Die Kartendatei enthält keine Flächen.", file=path,
                        hint="Verwenden Sie eine Datei mit Gemeinde- oder Kreisgrenzen.")
    key = code_property or next((p for p in CODE_PROPERTIES if p in features[0][0]), None)
    if key is None or key not in features[0][0]:
        raise UserError(f"Keine Eigenschaft mit dem Regionalschlüssel gefunden (gesucht: "
                        f"{', '.join([code_property] if code_property else CODE_PROPERTIES)}; vorhanden: "
                        f"{', '.join(features[0][0])}).", file=path,
                        hint="Geben Sie code_property an, z. B. read_boundaries(pfad, code_property=\"AGS\").")
    name = next((p for p in NAME_PROPERTIES if p in features[0][0]), None)
    table = pd.DataFrame({
        "region_code": [_ags(str(props[key])) for props, _ in features],
        "region_name": [str(props[name]) if name else "" for props, _ in features],
        "geometry": [_checked(geometry, path) for _, geometry in features]})
    table = _merge_parts(table)
    table.attrs.update(crs=crs, file=str(path))
    return table


def _geojson(path: Path) -> tuple[list, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = [(f.get("properties") or {}, f["geometry"]) for f in data["features"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError("Die Datei ist kein gültiges GeoJSON.", file=path,
                        hint="Erwartet wird eine FeatureCollection mit Flächen und Eigenschaften.") from None
    named = ((data.get("crs") or {}).get("properties") or {}).get("name", "")
    match = re.search(r"EPSG:+(\d+)", named)
    return features, f"EPSG:{match[1]}" if match else "EPSG:4326"


def _shapefile(path: Path) -> tuple[list, str]:
    try:
        with shapefile.Reader(str(path)) as reader:
            features = [(rec.record.as_dict(), rec.shape.__geo_interface__) for rec in reader.iterShapeRecords()]
    except (shapefile.ShapefileException, OSError, ValueError) as error:
        raise UserError(f"Die Shapefile-Daten lassen sich nicht lesen ({error}).", file=path,
                        hint="Zu einer .shp gehören .shx und .dbf im selben Ordner.") from None
    prj = path.with_suffix(".prj")
    wkt = prj.read_text(encoding="utf-8", errors="replace") if prj.is_file() else ""
    match = re.search(r'AUTHORITY\["EPSG",\s*"?(\d+)"?\]\]\s*$', wkt)
    return features, f"EPSG:{match[1]}" if match else (wkt or "unbekannt")


def _ags(code: str) -> str:
    """AGS from an AGS or a 12-digit ARS (Land, Regierungsbezirk, Kreis + Gemeinde number)."""
    return code[:5] + code[9:] if len(code) == 12 else code


def _checked(geometry: dict, path: Path) -> dict:
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if geometry else "keine"
        raise UserError(f"Erwartet werden Flächen (Polygon oder MultiPolygon), gefunden: {kind}.",
                        file=path, hint="Verwenden Sie eine Datei mit Verwaltungsgrenzen als Flächen.")
    return geometry


def _merge_parts(table: pd.DataFrame) -> pd.DataFrame:
    """Several features with one code (islands, exclaves) become one MultiPolygon."""
    if not table["region_code"].duplicated().any():
        return table
    rows = []
    for code, group in table.groupby("region_code", sort=False):
        parts = [p for g in group["geometry"] for p in
                 (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]])]
        rows.append((code, group["region_name"].iloc[0], {"type": "MultiPolygon", "coordinates": parts}))
    return pd.DataFrame(rows, columns=table.columns)


def join_boundaries(boundaries: pd.DataFrame, table_or_series) -> pd.DataFrame:
    """The boundaries with `value` and `status` from a tidy table (one row per region) or a Series
    indexed by region code.

    Table regions of the map's level and Länder that have no area in the map raise a UserError
    listing them (e.g. Eisenach 16056 against the map after 1 July 2021); other levels (Land,
    Bund) and other Länder are ignored. Map areas without a value get NaN and are listed in
    attrs["warnings"].
    """
    values = _values(table_or_series)
    codes = set(boundaries["region_code"])
    relevant = values[levels(values["region_code"]).isin(set(levels(boundaries["region_code"])))
                      & values["region_code"].str[:2].isin({c[:2] for c in codes})]
    unknown = relevant[~relevant["region_code"].isin(codes)]
    if len(unknown):
        regions = "eine Region" if len(unknown) == 1 else f"{len(unknown)} Regionen"
        raise UserError(f"Für {regions} der Tabelle gibt es keine Fläche in der Karte: {_listed(unknown)}.",
                        file=boundaries.attrs.get("file"),
                        hint="Verwenden Sie eine Karte mit dem Gebietsstand der Tabelle, oder bringen Sie "
                             "die Tabelle auf den Gebietsstand der Karte (z. B. merge_eisenach).")
    joined = boundaries.merge(values[["region_code", "value", "status"]], on="region_code", how="left")
    joined["status"] = joined["status"].fillna("")
    empty = joined[joined["value"].isna() & (joined["status"] == "")]
    joined.attrs = {**boundaries.attrs, **getattr(table_or_series, "attrs", {}), "crs": boundaries.attrs.get("crs"),
                    "warnings": [f"Ohne Wert in der Tabelle: {_listed(empty)}."] if len(empty) else []}
    return joined


def _values(table_or_series) -> pd.DataFrame:
    if isinstance(table_or_series, pd.Series):
        values = table_or_series.rename("value").rename_axis("region_code").reset_index()
        values["region_code"] = values["region_code"].astype(str)
        values["region_name"], values["status"] = "", ""
        return values
    table = table_or_series
    doubled = table[table["region_code"].duplicated(keep=False)]
    if len(doubled):
        varying = [c for c in table.columns if c not in ("region_code", "region_name", "value", "status")
                   and doubled[c].nunique() > 1]
        raise UserError(f"Für die Karte wird ein Wert je Region erwartet; Region {doubled['region_code'].iloc[0]} "
                        f"kommt {int((table['region_code'] == doubled['region_code'].iloc[0]).sum())}-mal vor.",
                        column=", ".join(varying) or None,
                        hint="Wählen Sie vorher genau eine Ausprägung von "
                             f"{', '.join(varying) or 'Zeit und Merkmal'} aus.")
    return table


def _listed(rows: pd.DataFrame) -> str:
    text = ", ".join(f"{r.region_code} {r.region_name}".strip() for r in rows.head(_SHOWN).itertuples())
    return text + (f" und {len(rows) - _SHOWN} weitere" if len(rows) > _SHOWN else "")
