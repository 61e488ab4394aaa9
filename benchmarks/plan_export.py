"""`ikpe plan export --html` against `ikpe plan check` on the same generated plan of 10 000 measures.

Generates a planning workbook (Eisenach's nine Handlungsfelder, a Leitziel, two Mittlerziele and six
Handlungsziele per field, `--measures` measures spread over the fields with goals, periods, Meilensteine,
costs, funding and priorities as the course fills them) into a temporary directory, then runs in this
process, one run each, both through the CLI's entry point:

- `ikpe plan check <plan>` (reading, every cell, the stage-3 and stage-4 rules),
- `ikpe plan export <plan> --html <file>` (reading, overview, catalogue per field, Zeitplan, budget,
  every measure's Begründungskette).

Prints `RESULT check_seconds`, `RESULT export_seconds` and `RESULT export_10k_vs_check` (export ÷ check);
goal ≤ 2: exporting a plan costs about what checking it costs, whatever its size.

    python benchmarks/plan_export.py [--measures 10000]
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from toolkit import massnahmenplanung, plan, zielfindung  # noqa: F401 - imported here, so neither run pays for it
from toolkit.cli import main as ikpe

FINANZIERUNG, PRIORITAET, STATUS = plan.FINANZIERUNG, plan.PRIORITAET, plan.STATUS


def generated_plan(path: Path, measures: int, seed: int = 11) -> Path:
    """A plan of `measures` measures as the course fills one in (see the module's docstring)."""
    rng = random.Random(seed)
    p = plan.load_plan(plan.new_plan(path, "eisenach"))
    fields = [plan.cell_text(f) for f in p.handlungsfelder["Handlungsfeld"]]
    goals, targets = [], {}
    for number, field in enumerate(fields, 1):
        goals.append({"ID": f"LZ{number}", "Ebene": "Leitziel", "Handlungsfeld": field,
                      "Zieltext": f"Leitziel im Handlungsfeld {field}."})
        for middle in (1, 2):
            goals.append({"ID": f"MZ{number}.{middle}", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": f"LZ{number}",
                          "Handlungsfeld": field, "Zieltext": f"Mittlerziel {middle} in {field}."})
            for aim in (1, 2, 3):
                ident = f"HZ{number}.{middle}.{aim}"
                goals.append({"ID": ident, "Ebene": "Handlungsziel", "Übergeordnetes Ziel": f"MZ{number}.{middle}",
                              "Handlungsfeld": field, "Zieltext": f"Handlungsziel {ident} wird bis 2029 erreicht.",
                              "Bedarf/Begründung": "Befund aus der Datenanalyse."})
                targets.setdefault(field, []).append(ident)
    rows = []
    for i in range(measures):
        number = i % len(fields) + 1
        field = fields[number - 1]
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365))
        end = start + dt.timedelta(days=rng.randrange(30, 3 * 365))
        rows.append({"ID": f"HF{number}-M{i // len(fields) + 1}", "Handlungsfeld": field,
                     "Ziel-ID(s)": rng.choice(targets[field]), "Titel": f"Maßnahme {i + 1}",
                     "Beschreibung": "Was geschieht, mit wem, wie oft. " * rng.randrange(1, 4),
                     "Zielgruppe(n)": "Zugewanderte", "Federführung": "Integrationsmanagement",
                     "Kooperationspartner": "VHS, Jobcenter", "Beginn": start, "Ende": end,
                     "Meilensteine": f"{start:%m/%Y} Auftakt; {end:%m/%Y} Abschluss",
                     "Personal (VZÄ)": rng.choice([0.25, 0.5, 1]), "Sachkosten (€)": rng.randrange(500, 50_000, 100),
                     "Finanzierung": rng.choice(FINANZIERUNG), "Priorität": rng.choice(PRIORITAET),
                     "Wirkungsebene": rng.randrange(1, 8), "Status": rng.choice(STATUS),
                     "Begründung": "Der Bedarf ist belegt."})
    p.ziele = plan.save._frame([[g.get(c) for c in p.ziele.columns] for g in goals], list(p.ziele.columns))
    p.massnahmen = plan.save._frame([[r.get(c) for c in p.massnahmen.columns] for r in rows],
                                    list(p.massnahmen.columns))
    plan.save_plan(p, path)
    return path


def _timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = ikpe(arguments)
    seconds = time.perf_counter() - start
    if code not in (0, 2):                                  # 2: the plan has findings, which is fine here
        sys.exit(f"ikpe {' '.join(arguments)} endete mit {code}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10_000, help="Maßnahmen im Plan (Vorgabe: 10000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ikpe-bench-plan-") as work:
        path = generated_plan(Path(work) / "planung.xlsx", args.measures)
        print(f"Plan mit {args.measures} Maßnahmen erzeugt.", flush=True)
        check = _timed(["plan", "check", str(path)])
        print(f"plan check: {check:.2f} s", flush=True)
        export = _timed(["plan", "export", str(path), "--html", str(Path(work) / "katalog.html")])
        print(f"plan export --html: {export:.2f} s", flush=True)
    print(f"RESULT check_seconds {check:.2f}")
    print(f"RESULT export_seconds {export:.2f}")
    print(f"RESULT export_10k_vs_check {export / check:.2f}")


if __name__ == "__main__":
    main()
