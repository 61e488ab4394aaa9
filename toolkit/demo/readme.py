"""Writer of the demo folder's README.md: what is invented and what published, one row per file,
what to mind when evaluating, the section on stage 2's sheets and their deliberate findings
(`toolkit.demo.bestand`) and, last, the section on the example plan (`toolkit.demo.plan`).
"""
from __future__ import annotations

from pathlib import Path

from toolkit.demo import bestand, plan
from toolkit.demo.files import SOURCE_LINE, Written

README_INTRO = """# Demo-Daten: Landkreis Musterland

**Der Landkreis Musterland (Kreisschlüssel 16099) ist erfunden.** Er hat 25 Gemeinden (16099001 bis
16099025), rund 100 000 Einwohner*innen und die Kreisstadt Musterstadt (16099015). Seine Gemeinden,
Grenzen und alle Zahlen über ihn sind Demo-Werte. An ihm üben Sie jeden Kursschritt, bevor Sie ihn mit
den Dateien Ihres eigenen Landkreises wiederholen.

Die Dateien haben genau das Format, das Sie beim eigenen Download bekommen: Regionalstatistik-CSV
(Windows-1252, Titelzeilen, mehrzeilige Kopfzeilen, Fußnoten nach `__________`), die „CSV“ von
GENESIS-Online (UTF-8, nach jedem Wert sein Qualitätskennzeichen) und eine Excel-Datei im Stil der
Bundesagentur für Arbeit.

**Aufbau 2025/26 und 2017/18.** Die Regionalstatistik-Dateien haben den Aufbau aktueller Downloads
(2025/26): In der ersten Zeile steht `Tabelle: <Code>`, „regionale Tiefe:“ und die Tiefe stehen je in
einer eigenen Titelzeile, und die Spalten heißen „ausländisch“. Eine Datei hat absichtlich den älteren
Aufbau von 2017/18, wie ihn viele Kursteilnehmende noch auf der Festplatte haben:
`12411-03-03-5.csv` (Gemeinden) mit `GENESIS-Tabelle: <Code>`, der Tiefe in derselben Zeile
(„regionale Tiefe: Gemeinden“) und den Spalten „Ausländer(innen)“. Der Werkzeugkasten liest beide,
auch gemischt in einem Ordner; welche Datei welchen Aufbau hat, steht in der Spalte „Format“.

## Veröffentlichte und erfundene Werte

Zum Vergleichen enthalten die Kreistabellen auch Deutschland (`DG`), Thüringen (`16`) und die
Thüringer Kreise. Veröffentlichte Zahlen sind übernommen, wo es sie gibt:

- Bevölkerung am 31.12.2023 (Insgesamt) für Thüringen und seine 22 Kreise (`12411-03-03-4.csv`);
- Ausländer laut Ausländerzentralregister am 31.12.2023 und 31.12.2024, soweit für einen Kreis
  veröffentlicht (`12521-0041_de.csv`, Zeile Insgesamt/Insgesamt); die übrigen Kreiswerte sind so
  erfunden, dass alle 22 zusammen ungefähr die veröffentlichten Thüringer Summen ergeben (180 850 bzw. 187 765);
- die Thüringer Summen für Ukraine, Syrien und Polen 2023/2024 (die Aufteilung auf die Kreise ist erfunden).

Quelle dieser Werte: {source}.

**Alles andere ist erfunden** (Demo-Werte), auch alle Werte für Deutschland, alle Jahre außer den
genannten Stichtagen und die Aufteilung des Wartburgkreises in Eisenach und den übrigen Kreis vor 2021.
Musterland ist in den Werten für Thüringen und Deutschland nicht enthalten. Die Fußnote jeder Datei sagt
dasselbe.

## Dateien

| Datei | Tabelle | Inhalt | Format | Regionale Tiefe | Zeitraum | Hauptwerte (Kopfzeilen-Pfad) |
|---|---|---|---|---|---|---|
"""
README_NOTES = """
## Was beim Auswerten zu beachten ist

- **Zeichen statt Zahlen:** `-` nichts vorhanden (genau null; bei Eisenach ab 2021: Gebiet besteht
  nicht mehr), `.` geheim gehalten, `x` Tabellenfach gesperrt, `*` (BA) anonymisiert, weil der Wert 1
  oder 2 ist oder sich daraus errechnen ließe. Kleine Gemeinden liefern kleine Zellen – vor jeder
  Veröffentlichung läuft die Geheimhaltungsprüfung.
- **Eisenach (16056)** gehört seit dem 01.07.2021 zum Wartburgkreis (16063). Zeitreihen über 2021
  hinweg: Anzahlen von Eisenach und Wartburgkreis addieren, Quoten nie mitteln.
- **Ausländerzentralregister und Bevölkerungsfortschreibung** zählen verschieden; jede Zelle der
  AZR-Datei ist einzeln auf ein Vielfaches von 5 gerundet, Summen stimmen daher nur ungefähr.
  Ausländeranteile mit der Fortschreibung (`12411-03-03-4`) berechnen.
- **Kita-Zahlen** zählen am Ort der Einrichtung, Beschäftigte am Wohnort, Arbeitslose und
  Leistungsberechtigte im Jahresdurchschnitt.
- `12411-03-03-5` (Gemeinden) und `22541-01-02-4` sind im Aufbau der Regionaldatenbank nachgebildet;
  prüfen Sie beim eigenen Download den dort angegebenen Tabellencode.
- **`12521-0041` (AZR)** liegt so bei, wie die meisten sie herunterladen: als „CSV“ aus GENESIS-Online
  (`Tabelle: 12521-0041`, UTF-8, nach jeder Wertespalte ein Qualitätskennzeichen wie `e`). GENESIS-Online
  bietet dieselbe Tabelle auch als „Flatfile-CSV“ (ZIP) an; der Werkzeugkasten liest beide, Indikatoren
  und Grafik der Staatsangehörigkeiten sind aus beiden gleich.

Die Dateien erzeugt `python -m toolkit.demo` (fester Startwert, jedes Mal byteweise gleich).
"""


def write_readme(out: Path, written: list[Written]) -> Path:
    """Write README.md into `out`, with a row for each of the `written` files."""
    rows = [f"| `{w.path.name}` | {w.code} | {w.content} | {w.format} | {w.depth} | {w.period} | "
            f"{w.main.replace('|', chr(92) + '|')} |"
            for w in written]
    text = (README_INTRO.format(source=SOURCE_LINE) + "\n".join(rows) + "\n" + README_NOTES + "\n"
            + bestand.readme_section() + plan.readme_section())
    path = out / "README.md"
    path.write_text(text, encoding="utf-8")
    return path
