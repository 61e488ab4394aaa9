"""Writer of the demo's boundaries as GeoJSON (WGS84), the format `toolkit.data.boundaries` reads.

Musterland is a jittered 5 × 5 grid of about 10 km cells, one per Gemeinde with the Kreisstadt in the
middle; neighbours share their wiggled edges exactly, and the Kreis is the outline of the Gemeinden.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from toolkit.demo.figures import GEMEINDEN, KREISSTADT, MUSTERLAND
from toolkit.demo.files import Written
from toolkit.demo.model import seeded

GRID = 5  # 5 × 5 cells of about 10 km: one per Gemeinde, Musterstadt in the middle
ORIGIN, CELL = (10.78, 50.50), (0.1419, 0.0899)  # south-west corner (lon, lat), cell size in degrees


def _grid_vertices(rng) -> np.ndarray:
    """(GRID+1)² corner points, jittered so the tessellation does not look like a chessboard."""
    index = np.stack(np.meshgrid(np.arange(GRID + 1), np.arange(GRID + 1), indexing="ij"), axis=-1)
    jitter = rng.uniform(-0.25, 0.25, size=index.shape)
    return (index[..., ::-1] + jitter) * CELL + ORIGIN  # [row, col] -> (lon, lat)


def _edges(rng, vertices: np.ndarray) -> dict[tuple, list]:
    """Every cell edge once, with three wiggled intermediate points, so neighbours share it exactly."""
    edges = {}
    for (r, c) in np.ndindex(GRID + 1, GRID + 1):
        for dr, dc in ((0, 1), (1, 0)):
            if r + dr > GRID or c + dc > GRID:
                continue
            start, end = vertices[r, c], vertices[r + dr, c + dc]
            normal = np.array([-(end - start)[1], (end - start)[0]])
            middle = [start + t * (end - start) + rng.uniform(-0.12, 0.12) * normal for t in (0.25, 0.5, 0.75)]
            edges[(r, c), (r + dr, c + dc)] = [start, *middle, end]
    return edges


def _path(edges: dict, corners: list[tuple[int, int]]) -> list[list[float]]:
    """Closed ring through the given grid corners, following the shared edges."""
    ring = []
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        points = edges[a, b] if (a, b) in edges else edges[b, a][::-1]
        ring += points[:-1]
    ring.append(ring[0])
    return [[round(float(x), 5), round(float(y), 5)] for x, y in ring]


def _cell_corners(r: int, c: int) -> list[tuple[int, int]]:
    return [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)]  # counter-clockwise


def _outline_corners() -> list[tuple[int, int]]:
    south = [(0, c) for c in range(GRID)]
    east = [(r, GRID) for r in range(GRID)]
    north = [(GRID, c) for c in range(GRID, 0, -1)]
    west = [(r, 0) for r in range(GRID, 0, -1)]
    return south + east + north + west


def _feature(properties: dict, ring: list) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _write_json(path: Path, name: str, features: list[dict]) -> Path:
    collection = {"type": "FeatureCollection", "name": name, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def boundaries(out: Path) -> list[Written]:
    """Write `musterland_gemeinden.geojson` (25 Gemeinden) and `musterland_kreis.geojson` into `out`."""
    rng = seeded(30)
    edges = _edges(rng, _grid_vertices(rng))
    cells = [cell for cell in np.ndindex(GRID, GRID) if cell != (GRID // 2, GRID // 2)]
    order = rng.permutation(len(cells))
    places = {KREISSTADT: (GRID // 2, GRID // 2)}
    others = [g for g in GEMEINDEN if MUSTERLAND[0] + g[0] != KREISSTADT]
    places |= {MUSTERLAND[0] + g[0]: cells[k] for g, k in zip(others, order, strict=True)}
    features = []
    for g in GEMEINDEN:
        ags = MUSTERLAND[0] + g[0]
        properties = {"ars": f"{MUSTERLAND[0]}0{g[0]}{g[0]}", "ags": ags, "name": g[1].removesuffix(", Stadt"),
                      "bez": g[2]}
        features.append(_feature(properties, _path(edges, _cell_corners(*places[ags]))))
    kreis = _feature({"ags": MUSTERLAND[0], "name": "Musterland", "bez": "Landkreis"},
                     _path(edges, _outline_corners()))
    geo = "GeoJSON (WGS84), Eigenschaften ags, name, bez (Gemeinden auch ars)"
    return [Written(_write_json(out / "musterland_gemeinden.geojson", "Musterland Gemeinden (fiktiv), Demo-Daten",
                                features), "–", "Erfundene Gemeindegrenzen", geo, "25 Gemeinden", "–"),
            Written(_write_json(out / "musterland_kreis.geojson", "Landkreis Musterland (fiktiv), Demo-Daten",
                                [kreis]), "–", "Erfundene Kreisgrenze (Umriss der Gemeinden)", geo, "Kreis", "–")]
