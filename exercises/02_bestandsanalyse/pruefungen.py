"""Checks of course stage 2 "Bestands- und Bedarfsanalyse" on the demo plan and demo data of Landkreis Musterland.

`daten` is what the notebook passed to `lade`: {"plan": the planning workbook (`toolkit.plan.Plan`), "bedarf": the
target groups per Raum (`bestandsanalyse.needs`), "heute": the date the checks of a Wegweiser entry use}. Every
expected answer is computed from it.
"""
from itertools import combinations

from toolkit.bestandsanalyse import accessible, gap_matrix
from toolkit.bestandsanalyse.network import graph, members
from toolkit.exercises import Aufgabe

#: 02-1: the Handlungsfeld and Zielgruppe whose largest gap is asked for (offers with Kinderbetreuung only).
GAP_FIELD, GAP_GROUP = "HF3", "Frauen"
#: 02-2: the offer a person with Duldung asks about, and her status.
OFFER, STATUS = "ANG12", "Duldung"


def _largest_gap(daten) -> str:
    """The gap ID of the Raum where the most people of the group reach no counted offer at all."""
    cells = gap_matrix(daten["plan"], daten["bedarf"], kinderbetreuung=True).cells
    without = cells[(cells["handlungsfeld_id"] == GAP_FIELD) & (cells["zielgruppe"] == GAP_GROUP)
                    & (cells["offers"] == 0)]
    if without["need"].notna().sum() == 0:
        return "keine"
    return without.loc[without["need"].idxmax(), "gap_id"]


#: The answers of 02-2 for what `accessible` says: open, not open, or left open by the entry.
ANSWERS = {True: "ja", False: "nein", None: "unklar"}


def _open_for_duldung(daten) -> str:
    offers = daten["plan"].angebote
    return ANSWERS[accessible(offers.loc[offers["ID"] == OFFER, "Zugang nach Aufenthaltsstatus"].iloc[0], STATUS)]


def _overlaps(daten) -> dict[tuple[str, str], float]:
    """Shared members ÷ members of both, for every pair of Gremien with members."""
    people = members(graph(daten["plan"]))
    return {(a, b): len(people[a] & people[b]) / len(people[a] | people[b])
            for a, b in combinations(sorted(people), 2) if people[a] | people[b]}


def _doppelstruktur(daten) -> set:
    overlaps = _overlaps(daten)
    return set(max(overlaps, key=overlaps.get))


def _overlap_percent(daten) -> float:
    return 100 * max(_overlaps(daten).values())


AUFGABEN = [
    Aufgabe("02-1", f"Lücken-ID des Sozialraums, in dem die meisten „{GAP_GROUP}“ kein Sprach- oder Bildungsangebot "
                    "mit Kinderbetreuung erreichen",
            expected=_largest_gap,
            hint='Erst die Zeilen ohne Angebot: zellen[zellen["offers"] == 0]. Dann die Zeile mit den meisten '
                 'Menschen: ohne["need"].idxmax() gibt ihren Index, ohne.loc[…, "gap_id"] ihre Lücken-ID.',
            solution='ohne = zellen[zellen["offers"] == 0]; groesste = ohne.loc[ohne["need"].idxmax(), "gap_id"]'),
    Aufgabe("02-2", f"Kann eine Person mit {STATUS} am Angebot {OFFER} teilnehmen? („ja“, „nein“ oder „unklar“)",
            expected=_open_for_duldung,
            hint='bestandsanalyse.accessible(angebot["Zugang nach Aufenthaltsstatus"], "Duldung") gibt True (ja), '
                 "False (nein) oder None (unklar: der Eintrag lässt den Zugang offen); antworten[…] macht "
                 "daraus das Wort. access_reason(…) mit denselben Angaben sagt es in einem Satz.",
            solution='kann_teilnehmen = antworten[bestandsanalyse.accessible(angebot["Zugang nach '
                     'Aufenthaltsstatus"], "Duldung")]',
            choices=tuple(ANSWERS.values())),
    Aufgabe("02-3", "IDs der beiden Gremien mit der größten Überschneidung ihrer Mitglieder (Menge)",
            expected=_doppelstruktur,
            hint="Für jedes Paar (a, b) aus combinations(sorted(mitglieder), 2): gemeinsame Mitglieder "
                 "len(mitglieder[a] & mitglieder[b]) geteilt durch alle Mitglieder beider, "
                 "len(mitglieder[a] | mitglieder[b]). max(anteil, key=anteil.get) gibt das Paar mit dem größten "
                 "Anteil; set(…) macht eine Menge daraus.",
            solution="anteil = {(a, b): len(mitglieder[a] & mitglieder[b]) / len(mitglieder[a] | mitglieder[b]) "
                     "for a, b in combinations(sorted(mitglieder), 2)}; doppel = set(max(anteil, key=anteil.get))"),
    Aufgabe("02-4", "Überschneidung dieser beiden Gremien in Prozent (gemeinsame Mitglieder ÷ Mitglieder zusammen)",
            expected=_overlap_percent,
            hint="Der größte Wert in anteil ist ein Anteil zwischen 0 und 1: max(anteil.values()); mal 100 ergibt "
                 "Prozent.",
            solution="ueberschneidung = round(100 * max(anteil.values()), 1)",
            tolerance=0.5),
    Aufgabe("02-5", "Befunde der Prüfungen zu Ihrem neuen Eintrag für den Integrationswegweiser",
            expected=lambda daten: [],
            hint="Lesen Sie jeden Befund: „veröffentlichen“ muss „ja“ sein; der Kontakt nennt eine Organisation, keine "
                 "Person; „Stand“ ist ein Datum wie \"01.06.2026\"; das Wegweiser-Kapitel stammt aus der Liste "
                 "(z. B. \"Sprache\"); „Zielgruppe(n)“ nennt Zielgruppen der Bedarfsanalyse, getrennt durch Komma.",
            solution='eintrag.update({"Zielgruppe(n)": "Frauen, Kinder unter 6", "Wegweiser-Kapitel": "Sprache", '
                     '"Kontakt": "Volkshochschule Musterland, Außenstelle Musterfeld", "Stand": "01.06.2026", '
                     '"veröffentlichen": "ja"})'),
]
