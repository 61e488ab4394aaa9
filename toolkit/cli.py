"""`ikpe …`: the command line of the toolkit.

Every handler imports its module lazily so `ikpe --help` stays fast. Errors a user can cause
are `UserError`s: printed in German, exit code 2, no traceback. What a command finds (tables, problems, files
written) is printed; progress and errors go through the `toolkit` logger, which the CLI shows on the console
as plain German lines (toolkit.log).
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from pathlib import Path

from toolkit import fmt, log
from toolkit.config import DEMO_DISTRICT, DEMO_STAND
from toolkit.errors import UserError, user_error

logger = logging.getLogger("toolkit.cli")  # also when run as __main__ (python -m toolkit.cli)


def _cmd_demo(args) -> int:
    from toolkit import course, massnahmenplanung, reports
    from toolkit.config import DEMO_DATA_DIR, demo_build_dir
    out = Path(args.out) if args.out else demo_build_dir()
    failures = course.run_notebooks(course.course_notebooks(), data_dirs=[DEMO_DATA_DIR], out=out)
    handouts = reports.render_handouts(out, pdf=args.pdf)
    catalogue = out / "handouts" / "massnahmenkatalog_musterland"
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    handouts += massnahmenplanung.export(DEMO_DATA_DIR / "planung.xlsx", {"word": catalogue.with_suffix(".docx"),
                                                                 "html": catalogue.with_suffix(".html")})
    from toolkit import konzept
    from toolkit.bestandsanalyse import wegweiser
    handouts += wegweiser.write_wegweiser(DEMO_DATA_DIR / "planung.xlsx", out / "handouts", data_dir=DEMO_DATA_DIR,
                                          kreis=DEMO_DISTRICT, formats=konzept.formats())
    handouts += konzept.build(DEMO_DATA_DIR, DEMO_DISTRICT, out, plan=DEMO_DATA_DIR / "planung.xlsx",
                              formats=konzept.formats())
    handouts += _demo_monitoring(out / "handouts", konzept.formats())
    logger.info("Kurs für Landkreis Musterland gerechnet: %s", out)
    for path in handouts:
        logger.info("  Handout: %s", path)
    return 1 if failures else 0


def _demo_monitoring(out: Path, formats: tuple[str, ...]) -> list[Path]:
    """Stage 5's handouts of the demo: the Umsetzungsbericht at its Stichtag from the newer data vintage, and the
    Änderungsprotokoll of its Fortschreibung (the vintage's planung.xlsx, Fassung 2) against the plan."""
    from toolkit import plan
    from toolkit.config import DEMO_DATA_DIR, DEMO_UPDATE_DIR
    from toolkit.monitoring import bericht, fortschreibung
    current = DEMO_DATA_DIR / "planung.xlsx"
    written = bericht.write_report(current, DEMO_UPDATE_DIR, DEMO_DISTRICT, DEMO_STAND, out, formats=formats)
    changes = fortschreibung.compare(plan.load_plan(current), plan.load_plan(DEMO_UPDATE_DIR / "planung.xlsx"))
    return written + fortschreibung.write_protocol(changes, out, "Änderungsprotokoll der Fortschreibung",
                                                   stem="aenderungsprotokoll_musterland", stand=DEMO_STAND)


def _cmd_konzept(args) -> int:
    from toolkit import konzept
    return konzept.run(args.data, args.kreis, args.out, plan=args.plan)


def _cmd_run(args) -> int:
    from toolkit import course
    notebooks = [Path(n) for n in args.notebooks] or course.course_notebooks()
    params = course.parse_parameters(args.parameter)
    failures = course.run_notebooks(notebooks, data_dirs=[Path(d) for d in args.data],
                                    out=Path(args.out), parameters=params)
    if not failures:
        return 0
    return 2 if all(failure.user_error for failure in failures) else 1   # a notebook ended on a data problem: 2


def _cmd_handouts(args) -> int:
    from toolkit import course, reports
    build_dir = Path(args.build_dir)
    if build_dir.is_dir():  # before the first handout: every notebook readable, the handouts folder writable
        handouts = build_dir / "handouts"
        for notebook in sorted(build_dir.rglob("*.ipynb")):   # the notebooks render_handouts reads
            if handouts not in notebook.parents and ".ipynb_checkpoints" not in notebook.parts:
                course.read_notebook(notebook, hint="Das Notebook neu rechnen (ikpe run … --out "
                                                    f"{build_dir}) oder aus dem Ordner entfernen.")
        course.writable_folder(handouts, what="die Handouts")
    for path in reports.render_handouts(build_dir, pdf=args.pdf):
        print(path)
    return 0


def _cmd_apps(args) -> int:
    from toolkit import apps
    return apps.serve(port=args.port, data_dir=args.data, district_code=args.district,
                      solutions=args.loesungen, max_apps=args.max_apps)


def _cmd_wegweiser(args) -> int:
    from toolkit.bestandsanalyse import wegweiser
    return wegweiser.run(args.plan, args.out, args.sprachen, args.data, args.kreis, args.stand)


def _cmd_bestand(args) -> int:
    from toolkit import bestandsanalyse, plan
    if args.action == "integreat":
        from toolkit.bestandsanalyse import integreat
        return integreat.run(args.file, args.json)
    workbook = plan.load_plan(args.file)
    if args.action == "netzwerk":
        for line in bestandsanalyse.findings(workbook, args.schwelle):
            print(f"- {line}")
        return 0
    needs = bestandsanalyse.district_needs(args.data, args.kreis, plan=workbook, year=args.jahr)
    matrix = bestandsanalyse.gap_matrix(workbook, needs, kinderbetreuung=args.kinderbetreuung)
    print(bestandsanalyse.text_report(matrix, args.top))
    return 0


def _cmd_monitoring(args) -> int:
    from toolkit.monitoring import abfrage, bericht, einlesen
    return {"abfrage": abfrage.command, "einlesen": einlesen.command, "bericht": bericht.command}[args.action](args)


def _cmd_read(args) -> int:
    from toolkit import data
    table = data.read(args.file, mapping=args.mapping)
    if args.to == "csv":
        data.write_csv(table, sys.stdout)
    else:
        print(data.summary(table))
    return 0


def _cmd_daten(args) -> int:
    from toolkit.indicators import check
    report = check.check_folder(args.folder, args.kreis)
    print(report.text())
    return 0 if report.serves else 1


def _cmd_exercises(args) -> int:
    from toolkit import exercises
    stages = [Path(s) for s in args.stages] or exercises.stage_dirs()
    if not stages:
        print("Keine Übungsordner mit loesung.ipynb gefunden.")
    for stage in stages:
        changed = exercises.write_learner_notebook(stage)
        print(f"{'Erzeugt' if changed else 'Unverändert'}: {stage / exercises.LEARNER_NOTEBOOK}")
    return 0


def _cmd_plan(args) -> int:
    from toolkit import plan
    if args.action in ("fortschreiben", "vergleichen"):
        from toolkit.monitoring import fortschreibung
        return fortschreibung.command(args)
    if args.action == "new":
        print(f"Planungsmappe angelegt: {plan.new_plan(args.file, args.handlungsfelder)}")
        return 0
    if args.action == "export":
        from toolkit import massnahmenplanung
        for path in massnahmenplanung.export(args.file, {"word": args.word, "html": args.html, "excel": args.excel}):
            print(f"Geschrieben: {path}")
        return 0
    from toolkit import bestandsanalyse, massnahmenplanung, zielfindung
    from toolkit.config import is_demo_plan
    workbook = plan.load_plan(args.file)
    series = zielfindung.district_series(args.data, args.district) if args.data else None
    gaps = zielfindung.known_gaps(args.data, args.district, workbook) if args.data else None
    demo = is_demo_plan(args.file) or bool(args.data) and args.district == DEMO_DISTRICT
    today = zielfindung.reference_date(args.heute, demo)
    problems = plan.ordered(plan.check_plan(workbook) + massnahmenplanung.problems(workbook)
                            + zielfindung.problems(workbook, series, today, gaps)
                            + bestandsanalyse.stage_problems(workbook, kreis=args.district if args.data else None,
                                                             data_dir=args.data, today=today))
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    notes = len(problems) - errors
    print(f"{errors} Fehler, {notes} Hinweis{'' if notes == 1 else 'e'}." if problems else "Keine Probleme gefunden.")
    return 2 if errors else 0


#: argparse's own texts (usage, headings, errors) in German; what is missing here stays English.
ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "Diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "Unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r gibt es nicht (möglich: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "Hier fehlt der Wert.",
    "expected at most one argument": "Hier ist höchstens ein Wert möglich.",
    "expected at least one argument": "Hier fehlt mindestens ein Wert.",
    "expected %s argument": "Hier wird %s Wert erwartet.",
    "expected %s arguments": "Hier werden %s Werte erwartet.",
    "invalid %(type)s value: %(value)r": "%(value)r ist kein gültiger Wert (%(type)s).",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s ist mehrdeutig: %(matches)s",
    "ignored explicit argument %r": "%r wird hier nicht erwartet.",
    "not allowed with argument %s": "nicht zusammen mit %s möglich",
    "one of the arguments %s is required": "Eine dieser Angaben ist nötig: %s",
}


@contextlib.contextmanager
def german_argparse():
    """argparse in German while the CLI builds its parser and reads the command line (argparse looks up its
    texts through its module's `_` and `ngettext` each time; they are put back afterwards)."""
    saved = argparse._, argparse.ngettext
    argparse._ = lambda text: ARGPARSE_GERMAN.get(text, text)
    argparse.ngettext = lambda one, many, n: argparse._(one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = None
    if port is None or not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Portnummer; erwartet wird eine ganze Zahl von 1 bis "
                                         "65535 wie 8866.")
    return port


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Anzahl; erwartet wird eine ganze Zahl ab 1 wie 15.")
    return number


def _district(text: str) -> str:
    """A Kreisschlüssel as text with the leading zero a spreadsheet may have dropped (1001 → 01001)."""
    from toolkit.data.regions import pad_code
    return pad_code(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ikpe",
                                     description="Werkzeugkasten für das kommunale Integrationsmanagement (IKPE).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")

    p = sub.add_parser("demo", help="ganzen Kurs für den Demo-Landkreis Musterland rechnen und Handouts erzeugen")
    p.add_argument("--out", help="Zielordner (Vorgabe: build/musterland)")
    p.add_argument("--pdf", action="store_true", help="Handouts zusätzlich als PDF (braucht Chromium)")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("run", help="Notebooks mit papermill für einen oder mehrere Datenordner ausführen",
                       description="Exit-Code 0: alle Notebooks gerechnet; 2: eine Angabe oder die Daten müssen "
                                   "korrigiert werden (die Meldung sagt, was zu tun ist); 1: ein anderer Fehler.")
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="Vorgabe: alle Notebooks in notebooks/")
    p.add_argument("--data", action="append", required=True, metavar="ORDNER", help="Datenordner (mehrfach möglich)")
    p.add_argument("--out", required=True, metavar="ORDNER", help="Zielordner")
    p.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=WERT",
                   help="Parameter setzen, z. B. -p district_code=16063 (Typ wie in der Parameterzelle; "
                        "jedes Notebook bekommt nur seine eigenen)")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("handouts", help="gerechnete Notebooks als HTML-Handouts (und PDF) ausgeben")
    p.add_argument("build_dir", metavar="BUILD_ORDNER")
    p.add_argument("--pdf", action="store_true", help="zusätzlich PDF über Chromium")
    p.set_defaults(func=_cmd_handouts)

    p = sub.add_parser("apps", help="Notebooks als Voila-Trainings-Apps auf http://127.0.0.1:8866/ starten")
    p.add_argument("--port", type=_port, default=8866, help="Port des Servers (Vorgabe: 8866)")
    p.add_argument("--data", metavar="ORDNER", help="Datenordner des eigenen Kreises (Vorgabe: Demo-Kreis Musterland)")
    p.add_argument("--district", type=_district, metavar="KREISSCHLÜSSEL",
                   help="Kreisschlüssel zum Datenordner, z. B. 16063")
    p.add_argument("--loesungen", action="store_true",
                   help="auch die Musterlösungen der Übungen (exercises/*/loesung.ipynb) als Apps zeigen – nur "
                        "wenn die Teilnehmenden sie sehen dürfen; sonst nur die Kursnotebooks und Arbeitsblätter")
    p.add_argument("--max-apps", type=_count, metavar="ANZAHL",
                   help="höchstens so viele Apps gleichzeitig (jede braucht etwa 300 MB Arbeitsspeicher); darüber "
                        "bittet eine Seite, kurz zu warten (Vorgabe: nach freiem Arbeitsspeicher)")
    p.set_defaults(func=_cmd_apps)

    p = sub.add_parser("exercises",
                       help="Aufgaben-Notebooks (aufgaben.ipynb) aus den Lösungen (loesung.ipynb) erzeugen")
    p.add_argument("stages", nargs="*", metavar="UEBUNGSORDNER", help="Vorgabe: alle Ordner in exercises/")
    p.set_defaults(func=_cmd_exercises)

    p = sub.add_parser("plan", help="Planungsmappe (Ziele, Maßnahmen) anlegen oder prüfen")
    plan_sub = p.add_subparsers(dest="action", required=True, metavar="AKTION")
    q = plan_sub.add_parser("new", help="neue Planungsmappe (.xlsx) anlegen")
    q.add_argument("file", metavar="DATEI")
    q.add_argument("--handlungsfelder", required=True, metavar="VORLAGE|DATEI",
                   help="eisenach, schmalkalden-meiningen oder eigene Liste (.txt/.csv/.xlsx, eines je Zeile)")
    q = plan_sub.add_parser("check", help="Planungsmappe prüfen (Blätter, Maßnahmen, SMART); Exit-Code 2 bei Fehlern")
    q.add_argument("file", metavar="DATEI")
    q.add_argument("--data", metavar="ORDNER", help="Datenordner des Kreises: prüft auch, ob Zielwerte erreichbar sind")
    q.add_argument("--district", type=_district, default=DEMO_DISTRICT, metavar="KREISSCHLÜSSEL",
                   help=f"Vorgabe: {DEMO_DISTRICT} (Musterland)")
    q.add_argument("--heute", default="", metavar="JJJJ-MM-TT",
                   help="Stichtag, vor dem kein Zieldatum liegen darf (auch TT.MM.JJJJ; Vorgabe: das heutige Datum, "
                        f"für den Beispielplan von Musterland der Stand des Plans, {fmt.date(DEMO_STAND)})")
    q = plan_sub.add_parser("export", help="Maßnahmenkatalog als Word, HTML und/oder Excel ausgeben "
                                           "(ohne Angabe alle drei neben der Planungsmappe)")
    q.add_argument("file", metavar="DATEI")
    q.add_argument("--word", metavar="DATEI.docx", help="Word-Dokument (A4 quer, eine Tabelle je Handlungsfeld)")
    q.add_argument("--html", metavar="DATEI.html", help="HTML-Handout (eine Datei, offline lesbar, druckbar)")
    q.add_argument("--excel", metavar="DATEI.xlsx", help="Excel-Arbeitsmappe des Maßnahmenkatalogs")
    q = plan_sub.add_parser("fortschreiben", help="neue Fassung der Planungsmappe beginnen (Fortschreibung); die "
                                                  "alte bleibt schreibgeschützt daneben")
    q.add_argument("file", metavar="DATEI")
    q.add_argument("--bis", type=int, required=True, metavar="JAHR",
                   help="Ende des Geltungszeitraums der neuen Fassung")
    q.add_argument("--out", metavar="DATEI", help="die neue Fassung in eine andere Datei (Vorgabe: die Planungsmappe "
                                                   "selbst; die bisherige liegt als <Name>_Fassung-<n>_<Jahre>.xlsx "
                                                   "schreibgeschützt daneben)")
    q = plan_sub.add_parser("vergleichen", help="Änderungsprotokoll zweier Fassungen: Ziele und Maßnahmen neu, "
                                                "entfallen, geändert (Feld für Feld)")
    q.add_argument("old", metavar="ALT")
    q.add_argument("new", metavar="NEU")
    q.add_argument("--out", metavar="ORDNER", help="Änderungsprotokoll als HTML und Word hierhin (Vorgabe: nur "
                                                   "Ausgabe im Terminal)")
    p.set_defaults(func=_cmd_plan)

    p = sub.add_parser("monitoring", help="Monitoring (Stufe 5): Sachstandsabfrage versenden und einlesen, "
                                          "Umsetzungsbericht schreiben")
    monitoring_sub = p.add_subparsers(dest="action", required=True, metavar="AKTION")
    q = monitoring_sub.add_parser("abfrage", help="je Federführung eine Excel-Mappe mit ihren Maßnahmen und dem "
                                                  "letzten Sachstand zum Ausfüllen")
    q.add_argument("file", metavar="PLANUNGSMAPPE")
    q.add_argument("--stichtag", required=True, metavar="TT.MM.JJJJ", help="Stichtag der Abfrage")
    q.add_argument("--out", metavar="ORDNER", help="Vorgabe: Ordner „sachstandsabfrage_<Stichtag>“ neben der Mappe")
    q = monitoring_sub.add_parser("einlesen", help="ausgefüllte Abfragen ins Blatt „Sachstand“ übernehmen (nur neue "
                                                   "Zeilen; nichts Vorhandenes ändert sich)")
    q.add_argument("file", metavar="PLANUNGSMAPPE")
    q.add_argument("files", nargs="+", metavar="DATEI")
    q = monitoring_sub.add_parser("bericht", help="Umsetzungsbericht für den Kreistag als HTML, PDF und Word")
    q.add_argument("file", metavar="PLANUNGSMAPPE")
    q.add_argument("--data", required=True, metavar="ORDNER", help="Datenordner des Kreises (Istwerte der Indikatoren)")
    q.add_argument("--kreis", type=_district, required=True, metavar="KREISSCHLÜSSEL", help="z. B. 16099")
    q.add_argument("--stichtag", required=True, metavar="TT.MM.JJJJ", help="Stichtag des Berichts")
    q.add_argument("--vorher", metavar="TT.MM.JJJJ", help="Stichtag des vorigen Berichts (was sich seitdem änderte)")
    q.add_argument("--regeln", metavar="DATEI", help="eigene Regeln für Ampel und Kurs (YAML; Vorlage mit allen "
                                                     "Regeln: toolkit/monitoring/regeln.yaml)")
    q.add_argument("--out", default=".", metavar="ORDNER", help="Vorgabe: der aktuelle Ordner")
    p.set_defaults(func=_cmd_monitoring)

    p = sub.add_parser("bestand", help="Bestands- und Bedarfsanalyse (Stufe 2): Lücken, Netzwerk, Integreat-Import")
    bestand_sub = p.add_subparsers(dest="action", required=True, metavar="AKTION")
    q = bestand_sub.add_parser("luecken", help="Lückenmatrix: fehlende Angebote je Handlungsfeld, Zielgruppe und "
                                               "Raum, nach Wichtigkeit, mit IDs und Begründung")
    q.add_argument("file", metavar="PLANUNGSMAPPE")
    q.add_argument("--data", required=True, metavar="ORDNER", help="Datenordner des Kreises (Bedarfe)")
    q.add_argument("--kreis", type=_district, required=True, metavar="KREISSCHLÜSSEL", help="z. B. 16099")
    q.add_argument("--jahr", type=int, metavar="JAHR", help="Jahr der Bedarfe (Vorgabe: das neueste)")
    q.add_argument("--kinderbetreuung", action="store_true", help="nur Angebote mit Kinderbetreuung zählen")
    q.add_argument("--top", type=_count, default=20, metavar="ANZAHL", help="so viele Lücken zeigen (Vorgabe: 20)")
    q = bestand_sub.add_parser("netzwerk", help="Akteure und Gremien: Knotenpunkte, Doppelstrukturen, wer fehlt")
    q.add_argument("file", metavar="PLANUNGSMAPPE")
    q.add_argument("--schwelle", default=0.75, metavar="ANTEIL",
                   help="gemeinsame Mitglieder, ab denen zwei Gremien als mögliche Doppelstruktur gelten "
                        "(Vorgabe: 0,75)")
    q = bestand_sub.add_parser("integreat", help="Angebote aus den Orten einer Integreat-Region (JSON) ins Blatt "
                                                 "„Angebote“ übernehmen; vorhandene bleiben unverändert")
    q.add_argument("file", metavar="PLANUNGSMAPPE")
    q.add_argument("--json", required=True, metavar="DATEI", help="locations-JSON der Integreat-API (v3)")
    p.set_defaults(func=_cmd_bestand)

    p = sub.add_parser("wegweiser", help="Integrationswegweiser der veröffentlichten Angebote als HTML, PDF und Word")
    p.add_argument("--plan", required=True, metavar="DATEI", help="Planungsmappe mit dem Blatt „Angebote“")
    p.add_argument("--out", required=True, metavar="ORDNER", help="Zielordner")
    p.add_argument("--sprachen", metavar="CODES",
                   help="ein oder zwei Sprachen neben Deutsch, z. B. uk,ar (Vorgabe: nach den größten "
                        "Staatsangehörigkeiten, mit --data und --kreis)")
    p.add_argument("--data", metavar="ORDNER", help="Datenordner des Kreises (für die Vorgabe der Sprachen)")
    p.add_argument("--kreis", type=_district, metavar="KREISSCHLÜSSEL", help="z. B. 16099")
    p.add_argument("--stand", metavar="TT.MM.JJJJ", help="Stand auf jeder Seite (Vorgabe: der neueste Stand der "
                                                        "Einträge)")
    p.set_defaults(func=_cmd_wegweiser)

    p = sub.add_parser("read", help="amtliche Statistikdatei lesen und zusammenfassen")
    p.add_argument("file", metavar="DATEI")
    p.add_argument("--to", choices=["csv"], help="aufbereitete Tabelle als CSV auf die Standardausgabe")
    p.add_argument("--mapping", metavar="YAML", help="Spaltenzuordnung für eigene Tabellen")
    p.set_defaults(func=_cmd_read)

    p = sub.add_parser("daten", help="Datenordner prüfen: welche Tabellen da sind, was fehlt, wo es sie gibt")
    daten_sub = p.add_subparsers(dest="action", required=True, metavar="AKTION")
    q = daten_sub.add_parser("prüfen", aliases=["pruefen"], help="Tabellen, Jahre und Indikatoren für einen "
                             "Kreis prüfen; Exit-Code 0, wenn der Ordner für den Kurs reicht, sonst 1")
    q.add_argument("folder", metavar="ORDNER")
    q.add_argument("--kreis", required=True, metavar="KREISSCHLÜSSEL",
                   help="z. B. 16063 für den Wartburgkreis")
    p.set_defaults(func=_cmd_daten)

    p = sub.add_parser("konzept", help="Integrationskonzept eines Kreises als Word, PDF und HTML schreiben")
    p.add_argument("--data", required=True, metavar="ORDNER", help="Datenordner mit den Tabellen des Kreises")
    p.add_argument("--kreis", required=True, metavar="KREISSCHLÜSSEL",
                   help="z. B. 16063 für den Wartburgkreis; „alle“: alle 22 Thüringer Kreise und kreisfreien Städte "
                        "aus bundesweiten Tabellen, dazu der Thüringen-Vergleich")
    p.add_argument("--plan", metavar="DATEI", help="Planungsmappe (Vorgabe: planung.xlsx im Datenordner, falls da; "
                                                  "bei „alle“: <Kreisschlüssel>/planung.xlsx)")
    p.add_argument("--out", required=True, metavar="ORDNER", help="Zielordner")
    p.set_defaults(func=_cmd_konzept)
    return parser


def _reader_gone() -> int:
    """The program reading our output has stopped (`ikpe read … --to csv | head -1`): end quietly. Python's recipe:
    stdout now points at devnull, so flushing it at exit cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 1


def main(argv: list[str] | None = None) -> int:
    with german_argparse():
        args = build_parser().parse_args(argv)
    with log.to_console():   # German lines, no tracebacks (IKPE_LOG=debug shows them)
        try:
            code = args.func(args)
            sys.stdout.flush()   # a closed pipe shows here, not at exit
            return code
        except BrokenPipeError:
            return _reader_gone()
        except (UserError, OSError) as error:
            translated = user_error(error)
            if translated is None:
                raise
            if isinstance(error, OSError):
                try:
                    sys.stdout.flush()
                except OSError:   # stdout itself failed (`> datei` on a full disk): nothing more goes there
                    _reader_gone()
            logger.error("Fehler: %s", translated, exc_info=True)
            return 2
        except KeyboardInterrupt:
            logger.error("Abgebrochen.", exc_info=True)
            return 130


if __name__ == "__main__":
    sys.exit(main())
