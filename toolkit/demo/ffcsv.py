"""Writer of a GENESIS flat file (ffcsv, the long layout since November 2024, zipped), the format
`toolkit.data.ffcsv` reads. The demo ships the AZR table as GENESIS-Online CSV; the flat file of the
same numbers is not shipped, the tests compare what the course computes from both.
"""
from __future__ import annotations

from pathlib import Path

from toolkit.demo.azr import (
    AZR_CONTENT,
    AZR_DEPTH,
    AZR_NATIONALITIES,
    AZR_PERIOD,
    FOREIGNERS_TABLE,
    SEXES,
    azr_table,
    azr_value,
    genesis_label,
)
from toolkit.demo.figures import YEARS
from toolkit.demo.files import Written, pack_zip
from toolkit.demo.model import Model

FFCSV_COLUMNS = ("statistics_code", "statistics_label", "time_code", "time_label", "time",
                 "1_variable_code", "1_variable_label", "1_variable_attribute_code", "1_variable_attribute_label",
                 "2_variable_code", "2_variable_label", "2_variable_attribute_code", "2_variable_attribute_label",
                 "3_variable_code", "3_variable_label", "3_variable_attribute_code", "3_variable_attribute_label",
                 "value", "value_unit", "value_variable_code", "value_variable_label", "value_q")
MAIN = "Ausländer; Geschlecht Insgesamt/männlich/weiblich; Staatsangehörigkeit Insgesamt oder Land"


def foreigners_ffcsv(model: Model, out: Path) -> Written:
    """12521-0041 as a GENESIS flat file (new long layout, zipped): the other download format of the
    shipped GENESIS-Online CSV, same numbers (not part of the demo folder; the tests compare both)."""
    lines = [";".join(FFCSV_COLUMNS)]
    for (i, code), cells in azr_table(model).items():
        region = f"KREISE;Kreise und kreisfreie Städte;{code};{genesis_label(code, model.names[code])}"
        for s, (sex_code, sex_label) in enumerate(SEXES):
            for n, (nat_code, nat_label) in enumerate(AZR_NATIONALITIES):
                value = azr_value(cells, s, n)
                lines.append(f"12521;Ausländerstatistik;STAG;Stichtag;{YEARS[i]}-12-31;{region};GES;Geschlecht;"
                             f"{sex_code};{sex_label};STAAG6;Staatsangehörigkeit;{nat_code};{nat_label};"
                             f"{value};Anzahl;BEV027;Ausländer;{'' if value == '-' else 'e'}")
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    path = pack_zip(out / f"{FOREIGNERS_TABLE}_de_flat.zip", [(f"{FOREIGNERS_TABLE}_de_flat.csv", data)])
    return Written(path, FOREIGNERS_TABLE, AZR_CONTENT, "GENESIS-Flatfile-CSV, neues Format (ZIP, UTF-8 mit BOM)",
                   AZR_DEPTH, AZR_PERIOD, MAIN)
