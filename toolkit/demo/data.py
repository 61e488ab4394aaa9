"""The data files of the demo district Musterland (datasets/musterland), written by one call.

`generate(out_dir)` builds the model once and writes every file through its format's writer: nine classic
Regionalstatistik CSV, the AZR table as GENESIS-Online CSV, the BA workbook, the boundaries and the README.
Everything is deterministic (one seed, fixed Stand, zip and xlsx timestamps, fixed row order): the
committed files are byte for byte the generator's output (tests/demo/test_data.py).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from toolkit.demo import population, social
from toolkit.demo.boundaries import boundaries
from toolkit.demo.classic import Vintage, write_classic
from toolkit.demo.excel import ba_workbook
from toolkit.demo.genesis_online import foreigners_genesis_online
from toolkit.demo.labour import labour_market
from toolkit.demo.model import build_model
from toolkit.demo.readme import write_readme


def generate(out_dir: str | Path, vintage: Vintage | None = None) -> list[Path]:
    """Write all demo files into `out_dir` and return their paths (README last).

    `vintage` writes every classic table in that download layout instead of its own: with `OLD`, the
    demo as it was before the 2025/26 layouts (same numbers; tests compare what the course computes).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = build_model()
    labour = labour_market(model)
    classic = [population.population_kreise(model), population.population_gemeinden(model),
               population.naturalisations(model), population.moves(model), social.employees(model),
               social.unemployment(model, labour), social.school_leavers(model), social.asylum_seekers(model),
               social.day_care(model)]
    written = [write_classic(out, replace(table, vintage=vintage or table.vintage), lines) for table, lines in classic]
    written += [foreigners_genesis_online(model, out), ba_workbook(model, labour, out), *boundaries(out)]
    return [w.path for w in written] + [write_readme(out, written)]
