"""Stage 5 „Monitoring und Fortschreibung“: the Sachstand of every measure, indicators against their targets, the
Ampel, the Umsetzungsbericht for the Kreistag and the Fortschreibung of the plan.

The Sachstand is a log in the planning workbook (sheet „Sachstand“, dated rows, never overwritten); those
responsible report in Excel (`ikpe monitoring abfrage`, `ikpe monitoring einlesen`). Modules are imported by
name, e.g. `from toolkit.monitoring import sachstand`.
"""
