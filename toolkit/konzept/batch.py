"""`ikpe konzept --data DIR --kreis alle`: the 22 Thuringian Kreise and kreisfreie Städte from whole-Germany tables.

Every district's concept (its data part; the whole concept where the folder holds its plan as `<code>/planung.xlsx`
or `planung_<code>.xlsx`) in a process pool as wide as the machine has cores, with a progress bar; a district that
fails is named with its reason and the others finish (exit code 1 then). The folder is read and the indicators
computed once, in this process, before the pool starts: the workers are forked with the store's memory and find
its disk cache, so each only draws and writes. Beside the concepts the Thüringen-Vergleich (`compare`).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from tqdm import tqdm

from toolkit import store
from toolkit.data.regions import thuringia_kreise
from toolkit.errors import UserError
from toolkit.konzept.build import build
from toolkit.konzept.compare import write_comparison

logger = logging.getLogger(__name__)


def plan_for(folder: Path, code: str) -> Path | None:
    for candidate in (folder / code / "planung.xlsx", folder / f"planung_{code}.xlsx"):
        if candidate.is_file():
            return candidate
    return None


def _one(folder: str, code: str, out: str, formats: tuple[str, ...]) -> list[str]:
    plan = plan_for(Path(folder), code)
    return [str(p) for p in build(folder, code, out, plan=plan, formats=formats, find_plan=False)]


def build_all(data_dir: str | Path, out: str | Path, formats: tuple[str, ...], workers: int | None = None) -> int:
    """Write all 22 concepts and the Thüringen-Vergleich into `out`; 0 when all succeeded, else 1."""
    folder, out = Path(data_dir).resolve(), Path(out)
    if not folder.is_dir():
        raise UserError(f"Den Datenordner „{folder}“ gibt es nicht.")
    out.mkdir(parents=True, exist_ok=True)
    kreise = thuringia_kreise()
    store.computed(str(folder))                      # read once; the forked workers share it
    for path in write_comparison(folder, kreise, out):
        print(f"Geschrieben: {path}")
    failed: dict[str, str] = {}
    workers = workers or min(os.cpu_count() or 1, len(kreise))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = {pool.submit(_one, str(folder), code, str(out), formats): (code, name)
                for code, name in zip(kreise["ags"], kreise["name"])}
        with tqdm(total=len(jobs), desc="Konzepte", unit="Kreis") as progress:
            for job in as_completed(jobs):
                code, name = jobs[job]
                try:
                    job.result()
                except UserError as error:
                    failed[f"{name} ({code})"] = str(error)
                except Exception as error:       # one district's bug must not stop the others
                    logger.debug("Konzept %s", code, exc_info=error)
                    failed[f"{name} ({code})"] = f"unerwarteter Fehler: {type(error).__name__}: {error}"
                progress.update()
    done = len(jobs) - len(failed)
    print(f"{done} von {len(jobs)} Konzepten geschrieben in {out}.")
    for who, reason in failed.items():
        logger.error("Fehlgeschlagen – %s: %s", who, reason)
    return 1 if failed else 0
