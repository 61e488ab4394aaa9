"""The store of a data folder: its tables read once, the indicators computed once, for every stage.

    tables = store.tables("datasets/musterland")          # all tables on today's Gebietsstand
    results = store.computed("datasets/musterland")       # indicator id → tidy rows
    store.cached(folder, "name", build)                   # any other value derived from the folder

Values are kept per folder in memory and on disk (`config.cache_dir()`), valid while the folder's
table files (names, sizes, modification times) and the toolkit's code are unchanged, so a second
run skips reading and the training apps only redraw. Deleting the cache folder is always safe.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

import pandas as pd

from toolkit import config, data, indicators

#: Files kept there (three per data folder); older ones are removed.
CACHE_FILES = 30


def tables(folder: str) -> dict[str, pd.DataFrame]:
    """All tables of a folder on today's Gebietsstand (cached per folder)."""
    return cached(folder, "tables", lambda: indicators.load(folder))


def computed(folder: str) -> dict[str, pd.DataFrame]:
    """Every catalogue indicator the folder's tables allow, by id (cached per folder)."""
    return analysis(folder)[0]


def analysis(folder: str) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """`indicators.compute_all` of the folder: results and, for the others, the German reason."""
    return cached(folder, "indicators", lambda: indicators.compute_all(tables(folder)))


def unavailable(folder: str, code: str) -> dict[str, str]:
    """Why each catalogue indicator without a value for the district has none (table, label,
    years), in German, by indicator id; `folder` as `computed` takes it."""
    results, reasons = analysis(folder)
    absent = {i: f"Die Tabellen enthalten keine Werte für {code}." for i, r in results.items()
              if not (r["region_code"] == code).any()}
    return {ind.id: reasons.get(ind.id) or absent[ind.id] for ind in indicators.catalogue()
            if ind.id in reasons or ind.id in absent}


#: (folder, what) → (fingerprint, value) of this process.
_MEMORY: dict[tuple[str, str], tuple] = {}


def cached(folder: str, what: str, build):
    """`build()` for a data folder, from memory or `config.cache_dir()` while the fingerprint holds."""
    fingerprint = _fingerprint(folder)
    kept = _MEMORY.get((folder, what))
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    path = config.cache_dir() / "store" / f"{hashlib.sha256(folder.encode()).hexdigest()[:16]}-{what}.pickle"
    value = _read_cache(path, fingerprint)
    if value is None:
        value = build()
        _write_cache(path, fingerprint, value)
    _MEMORY[(folder, what)] = fingerprint, value
    return value


def _fingerprint(folder: str) -> tuple:
    """Name, size and modification time of every table file of the folder and its mapping (those `data.read_dir`
    reads: not the planning workbooks, their exports, locks or temporary files), and the same of the toolkit's code:
    a change to either makes the cache stale."""
    folder_path = Path(folder)
    files = [file for pair in data.table_files(folder_path) for file in pair if file is not None] \
        if folder_path.is_dir() else []
    return folder, tuple((file.name, *_stat(file)) for file in files), _code_fingerprint()


def _stat(file: Path) -> tuple[int, int]:
    stat = file.stat()
    return stat.st_size, stat.st_mtime_ns


@functools.cache
def _code_fingerprint() -> tuple:
    code = Path(__file__).parent
    return sys.version, pd.__version__, tuple(sorted(
        (str(p.relative_to(code)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in code.rglob("*") if p.suffix in (".py", ".yaml")))


def _read_cache(path: Path, fingerprint: tuple):
    try:
        with path.open("rb") as stored:
            return pickle.load(stored) if pickle.load(stored) == fingerprint else None
    except Exception:  # noqa: BLE001 - absent, half-written or from another version: computed again
        return None


def _write_cache(path: Path, fingerprint: tuple, value) -> None:
    """Written beside and then renamed, so a kernel running at the same time never reads half a file."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(fingerprint, out, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only loses the speed-up
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
