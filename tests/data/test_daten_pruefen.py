"""`ikpe daten prüfen ORDNER --kreis CODE` on a district folder assembled from real whole-Germany
downloads (2015/16, as a user gets them): tables found and missing, Stand and years read from the
raw files, indicators with their reasons, download recipes, wrong and former Kreis codes."""
from __future__ import annotations

import contextlib
import io
import shutil

import pytest

from toolkit import cli
from toolkit.config import DEMO_DATA_DIR, PROJECT_ROOT
from toolkit.indicators import catalogue, check

#: The real 2015/16 downloads of the course's Kreis tables (../shared/realdata/regionalstatistik).
REAL_FILES = ["12411-03-03-4_00.csv", "12511-01-01-4.csv", "12711-05-02-4_00.csv", "13111-02-02-4_00.csv",
              "13211-02-05-4_00.csv", "21111-02-06-4.csv", "22221-01-01-4_00.csv"]


@pytest.fixture(scope="module")
def folder(realdata, tmp_path_factory):
    target = tmp_path_factory.mktemp("mein-kreis")
    for name in REAL_FILES:
        shutil.copy(realdata / "regionalstatistik" / name, target / name)
    return target


@pytest.fixture(scope="module")
def wartburgkreis(folder):
    """Output and exit code of the command for the Wartburgkreis."""
    return _run(["daten", "prüfen", str(folder), "--kreis", "16063"])


def _run(argv: list[str]) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of `ikpe …`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def _block(text: str, code: str) -> str:
    """The lines of one table in the report."""
    start = next(i for i, line in enumerate(text.splitlines()) if line.startswith("[") and f"] {code}:" in line)
    lines = text.splitlines()[start:]
    end = next((i for i, line in enumerate(lines[1:], 1) if not line.startswith("    ")), len(lines))
    return " ".join(line.strip() for line in lines[:end])


def test_real_folder_serves_the_course(wartburgkreis):
    code, out, err = wartburgkreis
    assert code == 0 and err == ""
    assert "Kreis: 16063 Wartburgkreis einschl. Eisenach (Gebietsstand 1.7.2021)" in out
    assert "Ergebnis: Der Ordner reicht für den Kurs." in out


def test_found_tables_with_file_stand_and_years_of_the_kreis(wartburgkreis):
    _, out, _ = wartburgkreis
    # Stand from each file's footer, years from its rows „2011;16063;…“ … „2016;16063;…“
    naturalisation = _block(out, "12511-01-01-4")
    assert naturalisation.startswith("[vorhanden] 12511-01-01-4")
    assert "Datei: 12511-01-01-4.csv" in naturalisation and "Stand 27.02.2018" in naturalisation
    assert "Jahre für 16063: 2011–2016 (6 Jahre)" in naturalisation
    assert "Einbürgerungsquote: wird berechnet" in naturalisation
    assert "Stand 24.02.2018" in _block(out, "21111-02-06-4")
    assert "ohne Hauptschulabschluss: wird berechnet" in _block(out, "21111-02-06-4")
    population = _block(out, "12411-03-03-4")
    assert "Stand 10.10.2017" in population and "Jahre für 16063: 2015" in population


def test_indicators_that_do_not_compute_say_why(wartburgkreis):
    _, out, _ = wartburgkreis
    employees = _block(out, "13111-02-02-4")
    assert "sozialversicherungspflichtig Beschäftigten: wird berechnet" in employees
    assert ("Beschäftigungsquote der Ausländer*innen: Zähler und Nenner haben kein gemeinsames Jahr: "
            "Tabelle 13111-02-02-4 passt zu 2012–2015") in employees
    assert "ELB-Quote der Deutschen (SGB II): fehlt, weil Tabelle ba_arbeitsmarkt_staatsangehoerigkeit fehlt" in out


def test_missing_tables_come_with_the_download_recipe(wartburgkreis):
    _, out, _ = wartburgkreis
    azr = _block(out, "12521-0041")
    assert azr.startswith("[fehlt] 12521-0041")
    assert f"So laden Sie sie herunter: {check.recipe('12521-0041', steps=False)}" in azr
    assert "GENESIS-Online" in azr and "Flatfile-CSV" in azr
    assert out.count("Tabellencode ins Suchfeld eingeben") == 2  # each portal's steps once, at the end
    assert "Anteil der EU-Bürger*innen an den Ausländer*innen: fehlt, weil Tabelle 12521-0041 fehlt" in azr
    kita = _block(out, "22541-01-02-4")
    assert "Regionaldatenbank Deutschland (https://www.regionalstatistik.de): Tabelle 22541-01-02-4" in kita
    assert "Format: CSV" in kita


def test_maps_are_optional_and_come_with_a_recipe(wartburgkreis):
    _, out, _ = wartburgkreis
    assert "Karte (freiwillig): keine Kartendatei im Ordner." in out
    assert "Bundesamts für Kartographie und Geodäsie" in out
    _, demo_out, _ = _run(["daten", "prüfen", str(DEMO_DATA_DIR), "--kreis", "16099"])
    assert "Karte: musterland_gemeinden.geojson, musterland_kreis.geojson" in demo_out


def test_every_table_of_the_catalogue_has_one_recipe():
    codes = [entry["code"] for entry in check.downloads()["tables"]]
    assert len(codes) == len(set(codes))
    assert {c for ind in catalogue() for c in ind.tables} == set(codes)
    for code in codes:
        text = check.recipe(code)
        assert "Regionen:" in text and "Jahre:" in text and "Format:" in text


def test_alias_pruefen_and_demo_district():
    code, out, _ = _run(["daten", "pruefen", str(DEMO_DATA_DIR), "--kreis", "16099"])
    assert code == 0
    assert "[vorhanden] 12521-0041" in out and "[fehlt]" in out  # 12411-0015 is not in the demo


@pytest.mark.parametrize(("kreis", "expected"), [
    ("16056", "Den Kreisschlüssel 16056 gibt es nicht mehr: Eisenach gehört seit dem 1. Juli 2021 zum Wartburgkreis."
              "\nSo beheben Sie es: Verwenden Sie 16063"),
    ("Wartburgkreis", "Der Kreisschlüssel von Wartburgkreis ist 16063."),
    ("16078", "Einen Kreis mit dem Schlüssel 16078 gibt es in Thüringen nicht"),
])
def test_wrong_or_former_kreis_code_names_the_right_one(folder, kreis, expected):
    code, out, err = _run(["daten", "prüfen", str(folder), "--kreis", kreis])
    assert code == 2 and out == ""
    assert expected in err
    if kreis == "16078":
        assert "16063 Wartburgkreis" in err and "16051 Erfurt" in err


def test_folder_without_population_does_not_serve(realdata, tmp_path):
    shutil.copy(realdata / "regionalstatistik" / "12511-01-01-4.csv", tmp_path)
    (tmp_path / "kaputt.csv").write_text("Das ist keine Tabelle\n", encoding="utf-8")
    code, out, _ = _run(["daten", "prüfen", str(tmp_path), "--kreis", "16051"])
    assert code == 1
    assert "Ergebnis: Der Ordner reicht noch nicht für den Kurs – es fehlt: 12411-03-03-4." in out
    assert f"So laden Sie sie herunter: {check.recipe('12411-03-03-4', steps=False)}" in _block(out, "12411-03-03-4")
    assert "Nicht verwendete Dateien:" in out and "kaputt.csv:" in out
    assert "Einbürgerungsquote: fehlt, weil Tabelle 12411-03-03-4 fehlt" in _block(out, "12511-01-01-4")


def test_recipes_as_one_markdown_table_for_readme_and_handouts():
    text = check.recipes_markdown()
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Tabelle")]
    assert len(rows) == len(check.recipe_codes())
    assert rows[0].startswith("| 12411-03-03-4 (Pflicht) | Bevölkerung nach Geschlecht, Nationalität")
    assert "| 12521-0041 | " in text and "GENESIS-Online des Statistischen Bundesamts" in text
    assert "- **Regionaldatenbank Deutschland** (https://www.regionalstatistik.de): Tabellencode ins Suchfeld" in text


def test_the_readme_prints_the_download_recipes_of_the_package():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rezepte:start -->\n")[1].split("\n<!-- rezepte:end -->")[0]
    assert block == check.recipes_markdown()
