"""The contents of the classic tables on work, benefits and education: employees, unemployed,
AsylbLG recipients, children in day care and school leavers. `toolkit.demo.classic` writes them.
"""
from __future__ import annotations

import numpy as np

from toolkit.demo.classic import (
    KREIS_DEPTH,
    SECRET_NOTE,
    Classic,
    Table,
    calendar_year,
    dec31,
    headers,
    identity,
    kreis_lines,
    row_groups,
)
from toolkit.demo.figures import WORKING_AGE
from toolkit.demo.labour import F
from toolkit.demo.model import Model, seeded, tilts

SVB_FOREIGN_RATE = (0.30, 0.27, 0.24, 0.28, 0.33, 0.37, 0.38, 0.41, 0.36, 0.40, 0.44)


def employees(model: Model) -> Classic:
    """13111-02-02-4: employees subject to social insurance at their place of residence, 30.06."""
    table = Table("13111-02-02-4", ("Sozialversicherungspflichtig Beschäftigte am Wohnort nach",
                                    "Geschlecht und Nationalität - Stichtag 30.06. -", KREIS_DEPTH,
                                    "Beschäftigungsstatistik der Bundesagentur für Arbeit"),
                  headers("Sozialversicherungspflichtig Beschäftigte am Wohnort",
                           ("Insgesamt", "männlich", "weiblich", "Deutsche", "Ausländer")),
                  lambda year: f"30.06.{year}",
                  "Sozialversicherungspflichtig Beschäftigte am Wohnort nach Geschlecht und Nationalität",
                  "Sozialversicherungspflichtig Beschäftigte am Wohnort | Insgesamt bzw. | Ausländer")
    rng, tilt = seeded(12), tilts(model, 12, 0.05)

    def counts(code: str, i: int) -> np.ndarray:
        working = model.pop[code][i, :, :, WORKING_AGE].sum(axis=(1, 2))
        german = rng.binomial(working[0], min(0.95, (0.60 + 0.006 * i) * tilt[code]))
        foreign = rng.binomial(working[1], min(0.95, SVB_FOREIGN_RATE[i] * tilt[code]))
        men = rng.binomial(german, 0.515) + rng.binomial(foreign, 0.64)
        return np.array([german + foreign, men, german + foreign - men, german, foreign])

    return table, kreis_lines(model, table, counts, identity)



def _unemployment_finish(code: str, c: np.ndarray) -> list:
    alo, ep = int(c[F["alo_d"]] + c[F["alo_a"]]), int(c[F["ep_d"]] + c[F["ep_a"]])
    men, ep_m = int(c[F["alo_m"]]), int(c[F["ep_m"]])

    def rate(part: int, base: int) -> float:
        return round(100 * part / base, 1)

    counts = [alo, *(int(c[F[k]]) for k in ("alo_a", "sb", "a1520", "a1525", "a5565", "lz"))]
    return counts + [rate(alo, int(c[F["ep_abh"]])), rate(alo, ep), rate(men, ep_m), rate(alo - men, ep - ep_m),
                     rate(int(c[F["alo_a"]]), int(c[F["ep_a"]])), rate(int(c[F["a1525"]]), int(c[F["ep_1525"]]))]


def unemployment(model: Model, labour: dict[str, np.ndarray]) -> Classic:
    """13211-02-05-4: unemployed by group and unemployment rates from `labour.labour_market`."""
    share = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."
    table = Table("13211-02-05-4", ("Arbeitslose nach ausgewählten Personengruppen sowie",
                                    "Arbeitslosenquoten - Jahresdurchschnitt -", KREIS_DEPTH,
                                    "Arbeitsmarktstatistik der Bundesagentur für Arbeit"),
                  (("Arbeitslose",) * 7 + ("Arbeitslosenquote bez. abh. zivile Erwerbspers.",) + (share,) * 5,
                   ("", "Ausländer", "schwerbehindert", "15 bis unter 20 Jahre", "15 bis unter 25 Jahre",
                    "55 bis unter 65 Jahre", "langzeitarbeitslos", "", "", "Männer", "Frauen", "Ausländer",
                    "15 bis unter 25 Jahre"),
                   ("Anzahl",) * 7 + ("Prozent",) * 6), calendar_year,
                  "Arbeitslose nach Personengruppen (u. a. Ausländer) und Arbeitslosenquoten, Jahresdurchschnitt",
                  "Arbeitslose | Ausländer, Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer",
                  notes=("Musterland: Summe der Gemeindewerte der BA-Datei "
                         "ba_arbeitsmarkt_staatsangehoerigkeit.xlsx.",))
    lines = kreis_lines(model, table, lambda code, i: labour[code][i], _unemployment_finish)
    return table, lines


ASYLUM_SHARE = (0.09, 0.30, 0.15, 0.10, 0.08, 0.07, 0.065, 0.06, 0.055, 0.06, 0.05)
BASIC_BENEFIT_SHARE = (0.90, 0.95, 0.80, 0.60, 0.55, 0.50, 0.50, 0.50, 0.60, 0.60, 0.55)
ASYLUM_AGES = ("unter 7 Jahre", "7 bis unter 18 Jahre", "18 bis unter 25 Jahre", "25 bis unter 50 Jahre",
               "50 bis unter 65 Jahre", "65 Jahre und mehr")


def asylum_seekers(model: Model) -> Classic:
    """22221-01-01-4: recipients of AsylbLG standard benefits, 31.12., small counts secret."""
    table = Table("22221-01-01-4", ("Empfänger von Asylbewerberregelleistungen,",
                                    "Geschlecht, Art der Leistung, Altersgruppen",
                                    "- Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte",
                                    "Empfänger von Asylbewerberregelleistungen"),
                  headers("Regelleistungsempfänger", ("", "weiblich", "Grundleistungen",
                                                       "laufende Hilfe zum Lebensunterhalt", *ASYLUM_AGES)), dec31,
                  "Empfänger von Regelleistungen nach dem Asylbewerberleistungsgesetz nach Geschlecht, "
                  "Art der Leistung und Alter", "Regelleistungsempfänger",
                  notes=(SECRET_NOTE,))
    rng, tilt = seeded(15), tilts(model, 15, 0.3)

    def counts(code: str, i: int) -> np.ndarray:
        n = rng.binomial(int(model.pop[code][i, 1].sum()), min(0.9, ASYLUM_SHARE[i] * tilt[code]))
        basic = rng.binomial(n, BASIC_BENEFIT_SHARE[i])
        ages = rng.multinomial(n, [0.13, 0.16, 0.18, 0.44, 0.07, 0.02])
        return np.array([n, rng.binomial(n, 0.35), basic, n - basic, *ages])

    groups = row_groups((0, 2, 3), (0, *range(4, 10)))
    return table, kreis_lines(model, table, counts, identity, groups)


def day_care(model: Model) -> Classic:
    """22541-01-02-4: children in day care by age, foreign origin and family language, 01.03."""
    table = Table("22541-01-02-4", ("Kinder in Tageseinrichtungen nach Altersgruppen und Herkunft",
                                    "- Stichtag 01.03. -", KREIS_DEPTH,
                                    "Statistik der Kinder und tätigen Personen in Tageseinrichtungen"),
                  headers("Kinder in Tageseinrichtungen",
                           ("Insgesamt", "unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 14 Jahre",
                            "Herkunft mind. 1 Elternteil ausländisch",
                            "vorrangig in der Familie gesprochene Sprache nicht deutsch")),
                  lambda year: f"01.03.{year}",
                  "Kinder in Kindertageseinrichtungen nach Alter, ausländischer Herkunft mindestens eines "
                  "Elternteils und Familiensprache",
                  "Kinder in Tageseinrichtungen | Herkunft mind. 1 Elternteil ausländisch",
                  notes=("Gezählt am Ort der Einrichtung, nicht am Wohnort des Kindes: Quoten mit der "
                         "Bevölkerung des Kreises als Nenner können verzerrt sein.",
                         "Tabellencode nach dem Muster der Regionaldatenbank gebildet.",))
    rng, tilt = seeded(16), tilts(model, 16, 0.08)

    def counts(code: str, i: int) -> np.ndarray:
        children = model.pop[code][max(i - 1, 0)][:, :, :3].sum(axis=1)  # 31.12. of the year before
        under3 = rng.binomial(children[:, 0], [min(0.95, 0.55 * tilt[code]), 0.38])
        three_six = rng.binomial(children[:, 1], [0.95, 0.82])
        school = rng.binomial(children[:, 2].sum(), 0.04)
        origin = under3[1] + three_six[1] + rng.binomial(under3[0] + three_six[0], 0.035)
        total = under3.sum() + three_six.sum() + school
        return np.array([total, under3.sum(), three_six.sum(), school, origin, rng.binomial(origin, 0.68)])

    return table, kreis_lines(model, table, counts, identity)


LEAVER_COLUMNS = ("Insgesamt", "ohne Hauptschulabschluss", "mit Hauptschulabschluss", "mit mittlerem Abschluss",
                  "mit Fachhochschulreife", "mit allgemeiner Hochschulreife")


def school_leavers(model: Model) -> Classic:
    """21111-02-06-4: school leavers by qualification, one column locked (`x`) for practice."""
    table = Table("21111-02-06-4", ("Absolventen und Abgänger allgemeinbildender Schulen",
                                    "nach Abschlussarten - Jahr -", KREIS_DEPTH,
                                    "Statistik der allgemeinbildenden Schulen"),
                  headers("Absolventen und Abgänger", LEAVER_COLUMNS), calendar_year,
                  "Absolventen und Abgänger allgemeinbildender Schulen nach Abschlussart "
                  "(u. a. ohne Hauptschulabschluss); ohne Aufgliederung nach Nationalität",
                  "Absolventen und Abgänger | ohne Hauptschulabschluss",
                  notes=('zu Spalte "mit Fachhochschulreife": für die Thüringer Regionen in dieser '
                         "Demo-Tabelle gesperrt (x), damit das Zeichen geübt werden kann.",))
    rng, tilt = seeded(17), tilts(model, 17, 0.15)

    def counts(code: str, i: int) -> np.ndarray:
        cohort = model.pop[code][i][:, :, 4].sum(axis=1)  # 15 to under 18
        leavers = rng.binomial(cohort, [1 / 3, 0.3])
        without = rng.binomial(leavers, [min(0.5, 0.07 * tilt[code]), min(0.8, 0.24 * tilt[code])]).sum()
        rest = leavers.sum() - without
        lower = rng.binomial(rest, 0.17)
        middle = rng.binomial(rest - lower, 0.52)
        technical = rng.binomial(rest - lower - middle, 0.03) if code == "DG" else 0
        return np.array([leavers.sum(), without, lower, middle, technical, rest - lower - middle - technical])

    def finish(code: str, c: np.ndarray) -> list:
        cells = identity(code, c)
        return cells if code == "DG" else cells[:4] + ["x"] + cells[5:]

    return table, kreis_lines(model, table, counts, finish)
