"""Values that may be shown: disclosed rows, the German text of a value or its marker, the year of an indicator."""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import disclosure, fmt
from toolkit.datenanalyse.district import District

# --- values that may be shown -------------------------------------------------------------------

def shown(district: District, indicator_id: str) -> pd.DataFrame:
    """The indicator's rows with `shown` (NaN where nothing may be published) and `marker`."""
    return district.protected[indicator_id]


def value_text(value: float, unit: str, marker: str = "") -> str:
    """German display of an indicator value: `6,2 %`, `4,1 je 1.000`, `12.345`; hidden: its marker;
    a rate published as „-“ (none published, e.g. before 2009): „–“, no value."""
    if value is None or np.isnan(value):
        return "–" if marker == "-" else marker or disclosure.MARKER
    return fmt.value(value, unit, with_unit=False)


def _value(district: District, indicator_id: str, code: str, year: int) -> tuple[float, str]:
    rows = shown(district, indicator_id)
    row = rows[(rows["region_code"] == code) & (rows["year"] == year)]
    return (float(row["shown"].iloc[0]), str(row["marker"].iloc[0])) if len(row) else (np.nan, "")


def indicator_year(district: District, indicator_id: str) -> int | None:
    """The report year, or the latest year before it with a value for the district; an indicator
    whose tables start later (naturalisations 2016 beside population 2015) shows its first year."""
    rows = district.results[indicator_id]
    years = rows.loc[rows["region_code"] == district.code, "year"]
    before = years[years <= district.year]
    return int(before.max()) if len(before) else int(years.min()) if len(years) else None
