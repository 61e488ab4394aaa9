"""toolkit.data.read on the whole-Germany corpus in ../shared/realdata: published totals against raw rows.

Every figure below was read by hand from the raw text of the file named in the case (the line number
is the file's own line, 1-based, as `grep -n` shows it), not from our reader. Per file the test
asserts those figures and one published total against the sum of its parts, computed from the
reader's table: „DG“ = Deutschland equals the sum of the 16 Länder, „16“ = Thüringen equals the sum
of its 23 Kreise (Gebietsstand before 2021, Eisenach separate). For each case the column was chosen
where that sum holds in the raw file (checked by hand); where it does not, the case says why and
uses the other total.

Beyond these figures, every plain number in the data block of every corpus file (parsed here from the
raw text, independently of the reader) must arrive in the reader's table, exactly as often.
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from toolkit import data
from toolkit.errors import UserError

NOT_DIMENSIONS = ["region_code", "region_name", "value", "status"]
PARTS = {"DG": r"\d\d", "16": r"16\d{3}"}  # Länder of Deutschland; Kreise of Thüringen
PART_COUNT = {"DG": 16, "16": 23}


@dataclass(frozen=True)
class Case:
    file: str
    labels: tuple            # time (ISO) and header/key labels that together name one value column
    published: dict          # region_code -> value as printed in the raw file
    total: str | None = "DG"  # "DG", "16", or None (the file publishes no total for this column)
    tolerance: float = 0      # rounding allowed between the total and the sum of its parts


CASES = [
    # --- 12411 Bevölkerungsstand
    Case("12411-01-01-4_00.csv", ("2011-12-31", "Insgesamt"),
         {"DG": 80327900,    # line 9
          "16": 2181603,     # line 511
          "16053": 106428}),  # line 514, Jena
    Case("12411-01-01-4.csv", ("2015-12-31", "weiblich"),  # Windows-1252 original download
         {"DG": 41661561,    # line 9
          "16": 1095575,     # line 511
          "16056": 21607}),  # line 517, Eisenach
    Case("12411-03-02-4_00.csv", ("2010-12-31", "Insgesamt", "Ausländer(innen) | Insgesamt"),
         {"DG": 7198946,     # line 26 (age group Insgesamt)
          "16": 49143,       # line 9062
          "16051": 7062},    # line 9080, Erfurt
         total="16"),
    # --- 12111 Zensus 2011
    Case("12111-01-01-4_00.csv", ("2011-05-09", "Bevölkerung | Ausländer(innen) | Insgesamt"),
         {"DG": 6180013,     # line 11
          "16": 32736,       # line 513
          "16051": 5978}),   # line 514, Erfurt
    # --- 12612 Geburten, 12613 Sterbefälle
    Case("12612-01-01-4_00.csv", ("2015", "Insgesamt"),
         {"DG": 737575,      # line 7
          "16": 17934,       # line 509
          "16063": 1032}),   # line 518, Wartburgkreis
    Case("12613-01-01-4_00.csv", ("2015", "Geschlecht | weiblich"),
         {"DG": 475688,      # line 8
          "16": 14653,       # line 510
          "16055": 445},     # line 515, Weimar
         total="16"),
    # --- 12711 Wanderungen: Zuzüge DG differ from the Länder sum by 1–3 in the raw file; Land = Σ Kreise holds
    Case("12711-01-03-4_00.csv", ("2015", "Insgesamt", "Zuzüge über die Gemeindegrenzen | Geschlecht | Insgesamt"),
         {"DG": 6423315,     # line 17 (age group Insgesamt)
          "16": 158974,      # line 3531
          "16051": 13690},   # line 3538, Erfurt
         total="16"),
    # --- 13111 SV-Beschäftigte: DG exceeds the Länder sum in the raw file (by 416 here); Land = Σ Kreise holds
    Case("13111-01-03-4_00.csv", ("2015-06-30", "Nationalität | Ausländer(innen) | Geschlecht | Insgesamt"),
         {"DG": 2829470,     # line 11
          "16": 20529,       # line 513
          "16053": 2089},    # line 516, Jena
         total="16"),
    # Pendlersaldo is negative for most Thuringian Kreise; the Land rows hold „.“ there, so no total
    Case("13111-09-01-4_00.csv", ("2015-06-30", "Insgesamt", "Pendlersaldo (über die Kreisgrenze)"),
         {"16051": 26199,    # line 1516, Erfurt
          "16063": -12892},  # line 1540, Wartburgkreis
         total=None),
    Case("13111-09-01-4_00.csv", ("2015-06-30", "Insgesamt", "Sozialversicherungspfl. Beschäftigte (Arbeitsort)"),
         {"16": 786098,      # line 1513
          "16063": 40770},   # line 1540, Wartburgkreis
         total="16"),
    # --- 13211 Arbeitslose: annual averages, each region rounded on its own (DG 629356, Σ Länder 629355)
    Case("13211-01-03-4_00.csv", ("2016", "Arbeitslose | und zwar | Ausländer"),
         {"DG": 629356,      # line 7900
          "16": 5651,        # line 8402
          "16051": 1208},    # line 8403, Erfurt
         tolerance=16 * 0.5),
    # --- 14111 Bundestagswahl, 14211 Europawahl
    Case("14111-01-03-4.csv", ("2013-09-22", "Gültige Zweitstimmen | Parteien | DIE LINKE"),
         {"DG": 3755699,     # line 10
          "16": 288615,      # line 512
          "16068": 9425}),   # line 526, Sömmerda
    Case("14111-01-02-5_00.csv", ("2013-09-22", "Wahlberechtigte"),  # Gemeinden, 11-digit Gemeindeverband keys
         {"DG": 61946900,         # line 10
          "16": 1834259,          # line 13507
          "03151401002": 840,     # line 1160, Barwedel
          "16061001": 839}),       # line 13515, Arenshausen
    Case("14211-01-02-4_00.csv", ("2014-05-25", "Wahlberechtigte"),
         {"DG": 61998824,    # line 10
          "16": 1821933,     # line 512
          "16066": 107742},  # line 524, Schmalkalden-Meiningen
         total="16"),
    # --- 21121 Berufliche Schulen: Bremen (04) holds „.“, so DG = Σ Länder cannot be checked
    Case("21121-01-05-4_00.csv", ("2015", "Berufsschulen",
                                  "Schüler(innen) an beruflichen Schulen | Nationalität | Ausländer(innen)"),
         {"DG": 158633,      # line 11
          "16": 1299,        # line 5031
          "16051": 383},     # line 5041, Erfurt
         total="16"),
    Case("21121-02-02-4.csv", ("2015", "Absolventen/Abgänger (berufllich) | Geschlecht | Insgesamt"),
         {"DG": 261947,      # line 12
          "16": 3553,        # line 514
          "16053": 175},     # line 517, Jena
         total="16"),
    # --- 22311 Wohngeld, 22541 Kindertagesbetreuung
    Case("22311-01-02-4_00.csv", ("2015", "Haushalte insgesamt"),
         {"DG": 419115,      # line 10
          "16": 17196,       # line 512
          "16052": 874}),    # line 514, Gera
    Case("22541-01-01-4_00.csv", ("2002-12-31", "Verfügbare Plätze | Tageseinrichtungen für Kinder | Insgesamt"),
         {"DG": 3142497,     # line 10
          "16": 86192,       # line 512
          "16051": 6596}),   # line 513, Erfurt
    # --- 23111 Krankenhäuser: DG exceeds the Länder sum (1956 vs 1952); Land = Σ Kreise holds
    Case("23111-01-04-4.csv", ("2015-12-31", "Krankenhäuser"),
         {"DG": 1956,        # line 9
          "16": 44,          # line 511
          "16051": 2},       # line 512, Erfurt
         total="16"),
    # --- 31111 Baugenehmigungen: a published negative (correction) in Herne
    Case("31111-03-02-4_00.csv", ("2015", "Größe der Wohnung | 1 oder 2 Räume"),
         {"DG": 76711,       # line 9
          "16": 1604,        # line 511
          "05916": -4}),      # line 136, Herne
    # --- 31211 Gebäude und Wohnungen (GWZ 2011)
    Case("31211-04-01-4_00.csv", ("2011-05-09", "Gebäude mit Wohnraum | Art der Heizung | Insgesamt"),
         {"DG": 18922618,    # line 11
          "16": 536369,      # line 513
          "16054": 7228}),   # line 517, Suhl
    # --- 41120 Agrarstruktur, 41312 Rinderbestände
    #     (Kreis rows partly secret: Land = Σ Kreise only for Rinder insgesamt)
    Case("41120-01-02-4_00.csv", ("2007", "Kulturarten | Insgesamt | Landwirtschaftlich genutzte Fläche"),
         {"DG": 16954329,    # line 10
          "16": 793577,      # line 512
          "16067": 48115}),  # line 525, Gotha
    Case("41312-01-01-4.csv", ("2017-11-03", "Tiere | Tierarten | Rinder insgesamt"),
         {"DG": 12281195,    # line 9
          "16": 321996,      # line 511
          "16061": 20637},   # line 518, Eichsfeld
         total="16"),
    Case("41312-01-01-4_00.csv", ("2016-11-03", "Tiere | Tierarten | Rinder insgesamt"),  # „.g“ in line 742
         {"DG": 12466586,    # line 9
          "16": 329471,      # line 511
          "16061": 20994},   # line 518, Eichsfeld
         total="16"),
    # --- 45412 Tourismus: the raw DG row is 6,6 Mio. above the Länder sum; Land = Σ Kreise holds
    Case("45412-01-02-4_00.csv", ("2015", "Gästeübernachtungen"),
         {"DG": 436232801,   # line 8
          "16": 9264426,     # line 510
          "16069": 391434},  # line 525, Hildburghausen
         total="16"),
    # --- 46241 Straßenverkehrsunfälle
    Case("46241-01-03-4_00.csv", ("2015", "Verletzte Personen"),
         {"DG": 393432,      # line 7
          "16": 8977,        # line 509
          "16070": 436},     # line 525, Ilm-Kreis
         total="16"),
    # --- 52111 Unternehmensregister
    Case("52111-02-01-4_00.csv",
         ("2014", "Betriebe | WZ 2008 (URS - Abschnitte) | Insgesamt (WZ2008-Abschnitte B-N,P-S)"),
         {"DG": 3900536,     # line 10
          "16": 95843,       # line 512
          "16071": 3671}),   # line 529, Weimarer Land
    # --- 71517 Gemeindefinanzen: 7 Länder rows hold „.“; Land = Σ Kreise holds to the euro
    Case("71517-01-03-4_00.csv", ("2014", "Bruttoeinnahmen der Gemeinden | Bruttoeinnahmen d.Verwaltungshaushalts "
                                          "(Gemeinden) | Steuern und steuerähnliche Einnahmen"),
         {"DG": 79488557000,  # line 9
          "16": 1358678854,   # line 511
          "16056": 30986435},  # line 517, Eisenach
         total="16"),
    # --- 82111 VGR: DG published rounded to 10 Mio. EUR (2 915 650 000 Tsd. EUR, Σ Länder 2 915 650 003)
    Case("82111-01-05-4_00.csv", ("2014", "Bruttoinlandsprodukt"),
         {"DG": 2915650000,  # line 10
          "16": 54986453,    # line 512
          "16053": 3990284},  # line 515, Jena
         tolerance=5000),
]


def one_column(table: pd.DataFrame, labels: tuple) -> pd.Series:
    """Values by region_code of the one value column that `labels` name, whichever dimension holds each label."""
    dimensions = table.drop(columns=NOT_DIMENSIONS)
    mask = pd.Series(True, index=table.index)
    for label in labels:
        mask &= dimensions.eq(label).any(axis=1)
    chosen = table[mask]
    assert len(chosen), f"keine Zeile für {labels}"
    assert not chosen["region_code"].duplicated().any(), f"{labels} nennen mehr als eine Spalte"
    return chosen.set_index("region_code")["value"]


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.file}-{c.labels[-1][:30]}")
                                  for c in CASES])
def test_published_figures_and_totals(realdata, case):
    values = one_column(data.read(realdata / "corpus" / case.file), case.labels)
    assert {code: values[code] for code in case.published} == case.published
    if case.total is None:
        return
    parts = values[values.index.str.fullmatch(PARTS[case.total])]
    assert len(parts) == PART_COUNT[case.total]
    assert parts.notna().all()
    assert parts.sum() == pytest.approx(values[case.total], abs=case.tolerance)


def test_cases_cover_enough_files_and_statistics():
    files = {c.file for c in CASES}
    assert len(files) >= 20 and len({f[:5] for f in files}) >= 8


GERMAN = re.compile(r"\b(der|die|das|des|den|dem|ein|eine|einer|und|oder|nicht|ist|sind|wird|werden|mit|"
                    r"in|im|für|von|keine?|Zeile|Spalte|Datei|Wert|Werte)\b", re.I)
ENGLISH = re.compile(r"\b(the|is|are|not|and|of|with|value|values|column|row|file|invalid|expected|"
                     r"warning|error)\b", re.I)


#: First data row of a classic export: up to two filled key cells, a region key and a name
#: (header rows start with empty key cells).
DATA_ROW = re.compile(r"^(?:[^;\n]+;){0,2}(?:DG|\d{2,12});[^;\n]+;", re.M)
MARKERS = {"-", ".", "...", "/", "x", ".g"}  # the cells of this corpus that hold no number


def all_real_files(realdata):
    return sorted((realdata / "corpus").glob("*.csv")) + sorted(p for p in (realdata / "current").iterdir()
                                                                if p.is_file())


def published_numbers(path) -> np.ndarray:
    """Every plain number in the data block of a classic export, from the raw text (markers left out), sorted."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    start = DATA_ROW.search(text).start()
    headers = [line.split(";") for line in text[:start].splitlines() if line.startswith(";")]
    keys = min(next(i for i, c in enumerate(cells) if c.strip()) for cells in headers)
    block = re.split(r"\n_{5,}", text[start:])[0].replace(",", ".")  # decimal comma; names are dropped
    width = block.count(";", 0, block.index("\n")) + 1
    cells = pd.read_csv(io.StringIO(block), sep=";", header=None, usecols=range(keys, width),
                        na_values=list(MARKERS), keep_default_na=False)
    numbers = cells.apply(pd.to_numeric, errors="coerce").to_numpy(float).ravel()  # any other text: no number
    return np.sort(numbers[~np.isnan(numbers)].round(6))


def test_every_real_file_reads_with_every_number_and_german_warnings(realdata):
    """All of corpus/ and current/; for the classic corpus files every plain number of the raw data block
    is a value of the table exactly as often (markers are no number; „-“ is kept as 0 with its status)."""
    rejected, english, numbers = [], [], []
    for path in all_real_files(realdata):
        if path.name == "base.csv":
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                table = data.read(path)
            except UserError as error:
                rejected.append(f"{path.parent.name}/{path.name}: {error}")
                continue
        said = [str(w.message) for w in caught] + list(table.attrs.get("warnings", []))
        english += [f"{path.name}: {s}" for s in said if not GERMAN.search(s) or ENGLISH.search(s)]
        if path.parent.name == "corpus":
            ours = table["value"][table["value"].notna() & (table["status"] != "-")].to_numpy(float)
            if not np.array_equal(np.sort(ours.round(6)), published_numbers(path)):
                numbers.append(path.name)
    assert not rejected, "\n".join(rejected)
    assert not english, "\n".join(english)
    assert not numbers, f"Zahlen weichen von den Rohzeilen ab: {numbers}"


def test_region_list_is_no_statistics_table(realdata):
    with pytest.raises(UserError, match="keine bekannte Statistiktabelle"):
        data.read(realdata / "corpus" / "base.csv")
