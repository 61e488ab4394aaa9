"""Checks of course stage 4 "Maßnahmenplanung" on the demo plan of Landkreis Musterland.

`daten` is what the notebook passed to `lade`: the planning workbook as loaded (`toolkit.plan.Plan`), before the
learner changes anything. Every expected answer is computed from it.
"""
from toolkit import massnahmenplanung
from toolkit.exercises import Aufgabe
from toolkit.plan import FINANZIERUNG, Plan, check_plan, goal_ids

YEAR = "2027"
LAND = "Land/ThILIK"


def _unknown_goal_measure(daten: Plan):
    """The measure naming a goal the sheet „Ziele“ does not have."""
    known = set(daten.ziele["ID"])
    return next(m for _, m in daten.massnahmen.iterrows() if set(goal_ids(m["Ziel-ID(s)"])) - known)


def _goal_and_indicator(daten: Plan) -> tuple[str, str]:
    """The Handlungsziel without a measure in the Handlungsfeld of that measure, with its indicator."""
    field = _unknown_goal_measure(daten)["Handlungsfeld"]
    unserved = {p.row for p in check_plan(daten) if p.message.startswith(massnahmenplanung.UNSERVED)}
    goal = next(g for row, g in daten.ziele.loc[sorted(unserved)].iterrows() if g["Handlungsfeld"] == field)
    return goal["ID"], goal["Indikator"]


def _year(daten: Plan):
    return massnahmenplanung.budget(daten)[YEAR].drop([massnahmenplanung.COSTS_TOTAL, massnahmenplanung.STAFF])


AUFGABEN = [
    Aufgabe("04-1", "Handlungsziel und Indikator der Maßnahme mit dem Tippfehler in „Ziel-ID(s)“",
            expected=_goal_and_indicator,
            hint="Gesucht ist das Handlungsziel desselben Handlungsfelds, dem noch keine Maßnahme dient (die Prüfung "
                 "meldet es im Blatt „Ziele“). Sein Indikator steht in der Spalte „Indikator“ seiner Zeile. "
                 "Geben Sie beides als Paar an: (ziel_id, indikator).",
            solution='ziel_id = "HZ8.1.2"; indikator = ziele_hf8.loc[ziel_id, "Indikator"]'),
    Aufgabe("04-2", "Plan ohne Fehler (Liste der verbliebenen Fehler)",
            expected=lambda daten: [],
            hint="Jede Meldung nennt Zeile und Spalte. Ändern Sie genau diese Zellen in p.massnahmen, z. B. "
                 'p.massnahmen.loc[zeile["HF6-M3"], "Sachkosten (€)"] = 5000 (eine Zahl, ohne Anführungszeichen), '
                 "und führen Sie danach die Zelle zum Speichern und Prüfen erneut aus.",
            solution='p.massnahmen.loc[zeile["HF8-M2"], ["Ziel-ID(s)", "Indikator"]] = [ziel_id, indikator]; '
                     'p.massnahmen.loc[zeile["HF5-M3"], "Ende"] = dt.date(2027, 6, 30); '
                     'p.massnahmen.loc[zeile["HF6-M3"], "Sachkosten (€)"] = 5000'),
    Aufgabe("04-3", f"Sachkosten der Finanzierung {LAND} im Jahr {YEAR} in Euro",
            expected=lambda daten: _year(daten)[LAND],
            hint=f'Zeile "{LAND}", Spalte "{YEAR}" (die Jahre sind Text): budget.loc["{LAND}", "{YEAR}"].',
            solution=f'land_2027 = budget.loc["{LAND}", "{YEAR}"]',
            tolerance=1),
    Aufgabe("04-4", f"Finanzierungsquelle mit den meisten Sachkosten im Jahr {YEAR}",
            expected=lambda daten: _year(daten).idxmax(),
            hint=f'Nehmen Sie die Spalte budget["{YEAR}"], lassen Sie die Summen-Zeile und die Personal-Zeile weg '
                 "und suchen Sie mit .idxmax() die Zeile mit dem größten Betrag.",
            solution=f'groesste_quelle = budget["{YEAR}"].drop([massnahmenplanung.COSTS_TOTAL, '
            'massnahmenplanung.STAFF]).idxmax()',
            choices=FINANZIERUNG),
]
