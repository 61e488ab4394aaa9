"""Stage 1's static views for notebook and handout: PNG images, HTML and Markdown only (no widget JavaScript).

    from toolkit.datenanalyse import views
    views.show_figure(datenanalyse.age_pyramid_figure(district), "Kein Altersaufbau vorhanden.")
"""
from __future__ import annotations

from IPython.display import HTML, Markdown, display

from toolkit import show
from toolkit.datenanalyse.district import District
from toolkit.datenanalyse.figures import map_figure, time_series_figure
from toolkit.datenanalyse.tables import comparison_table
from toolkit.datenanalyse.values import indicator_year

NO_MAP = "Für diese Auswahl gibt es keine Karte: Der Indikator liegt nur für den Kreis vor oder die Kartendatei fehlt."


def show_table(built: tuple[str, list] | None, absent: str) -> None:
    """A table built by `toolkit.datenanalyse` (HTML first), or the German sentence `absent`."""
    display(HTML(built[0]) if built is not None else Markdown(f"*{absent}*"))


def show_indicator(district: District, indicator_id: str) -> None:
    """The static views of `indicator_id`: time series with comparison, comparison table and map."""
    year = indicator_year(district, indicator_id)
    show.figure(time_series_figure(district, indicator_id), "Für diesen Indikator gibt es keine Zeitreihe.")
    display(HTML(comparison_table(district, indicator_id, None, year)))
    show.figure(map_figure(district, indicator_id, year), district.notes[-1] if district.map_level is None
                and district.notes else NO_MAP)
