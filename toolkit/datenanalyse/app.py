"""Stage 1's training app under Voila; elsewhere (papermill, handouts) the static views of `views`.

    from toolkit.datenanalyse import app
    app.explore(district)          # Voila: controls + chart, map, table; else the same views, static

In the app every control change redraws only what depends
on it; charts, maps (PNG bytes) and tables (HTML) are kept, and a background thread renders
ahead what the next click may ask for — the chart and table of every Gemeinde for the current
indicator, then the other indicators for the current Gebiet — so most changes are cache hits.
"""
from __future__ import annotations

import logging

from IPython.display import display

from toolkit import charts, indicators
from toolkit import datenanalyse as da
from toolkit.apps import in_voila, show_failure
from toolkit.apps.ahead import Pictures
from toolkit.datenanalyse import views

logger = logging.getLogger(__name__)

FAILED = "Diese Auswahl lässt sich nicht darstellen. Bitte wählen Sie einen anderen Indikator oder ein anderes Jahr."
#: Rendered charts, maps and tables kept per app (at most about 60 kB each).
CACHE_SIZE = 600


def explore(district: da.District, indicator_id: str = da.POPULATION):
    """Under Voila the training app (returned, for tests), otherwise the static views of
    `indicator_id`: time series with comparison, comparison table and map."""
    if in_voila():
        app = App(district, indicator_id)
        display(app.widget)
        return app
    views.show_indicator(district, indicator_id)
    return None


class App:
    """Controls Gebiet, Indikator, Jahr, Vergleich; outputs chart, table, map and a message line."""

    def __init__(self, district: da.District, indicator_id: str = da.POPULATION):
        import ipywidgets as widgets  # only the app needs it; papermill runs skip the import
        self.district = district
        self.pictures = Pictures(self._render, self._ahead_keys, CACHE_SIZE)
        self._updating = False
        ids = district.indicator_ids()
        layout = widgets.Layout(width="32em")
        style = {"description_width": "6em"}
        self.region = widgets.Dropdown(description="Gebiet", layout=layout, style=style, options=[
            (district.name, district.code), *zip(district.gemeinden["region_name"], district.gemeinden["region_code"])])
        self.indicator = widgets.Dropdown(description="Indikator", layout=layout, style=style,
                                          options=[(indicators.get(i).name, i) for i in ids],
                                          value=indicator_id if indicator_id in ids else ids[0])
        self.year = widgets.Dropdown(description="Jahr", style=style, layout=widgets.Layout(width="14em"))
        self.comparison = widgets.Dropdown(description="Vergleich", style=style, layout=layout,
                                           options=self._comparisons())
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.table = widgets.HTML()
        self.map = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.message = widgets.HTML()
        self._years()
        self.indicator.observe(self._guarded(self._on_indicator), names="value")
        self.region.observe(self._guarded(self._on_region), names="value")
        self.year.observe(self._guarded(self._on_year), names="value")
        self.comparison.observe(self._guarded(self._on_comparison), names="value")
        self.widget = widgets.VBox([
            widgets.HBox([widgets.VBox([self.indicator, self.region]), widgets.VBox([self.year, self.comparison])]),
            self.message, self.chart, self.table, self.map])
        self._draw_chart(), self._draw_table(), self._draw_map()
        charts.hold_lock_at_exit()
        self.pictures.start()

    # --- callbacks -----------------------------------------------------------------------------

    def _guarded(self, handler):
        """Run a callback; a problem shows as a German sentence, never as a traceback."""
        def run(change):
            if self._updating:
                return
            self.pictures.stop_ahead()  # the thread rendering ahead stops before its next picture
            self.message.value = ""
            try:
                handler()
            except Exception as error:  # noqa: BLE001 - a learner sees a sentence, the trainer the traceback in the log
                show_failure(error, self.message, logger, "der Datenanalyse-App", FAILED,
                             f"Indikator {self.indicator.value}, Gebiet {self.region.value}, Jahr {self.year.value}, "
                             f"Vergleich {self.comparison.value}")
            self.pictures.plan_ahead()   # what the next click may ask for (see the module docstring)
        return run

    def _on_indicator(self):
        self._years()
        self._draw_chart(), self._draw_table(), self._draw_map()

    def _on_region(self):
        self._draw_chart(), self._draw_table()

    def _on_year(self):
        self._draw_table(), self._draw_map()

    def _on_comparison(self):
        self._draw_chart(), self._draw_table()

    # --- drawing -------------------------------------------------------------------------------

    def _draw_chart(self):
        self.chart.value = self.pictures.get(self._chart_key())

    def _draw_table(self):
        self.table.value = self.pictures.get(self._table_key())

    def _draw_map(self):
        picture = self.pictures.get(self._map_key())
        self.map.layout.display = None if picture else "none"
        if picture:
            self.map.value = picture
        else:
            self.message.value = f"<p class='ikpe-hinweis'>{views.NO_MAP}</p>"

    def _chart_key(self, indicator_id: str | None = None, region: str | None = None) -> tuple:
        return "chart", indicator_id or self.indicator.value, region or self.region.value, self.comparison.value

    def _map_key(self, indicator_id: str | None = None) -> tuple:
        indicator_id = indicator_id or self.indicator.value
        return "map", indicator_id, self._year_of(indicator_id)

    def _table_key(self, indicator_id: str | None = None, region: str | None = None) -> tuple:
        indicator_id = indicator_id or self.indicator.value
        return ("table", indicator_id, region or self.region.value, self._year_of(indicator_id),
                self.comparison.value)

    def _render(self, key: tuple) -> bytes | str:
        """PNG of a chart or map key (b"" for no map) or HTML of a table key."""
        kind, indicator_id, *rest = key
        if kind == "chart":
            region, comparison = rest
            return charts.png(da.time_series_figure(self.district, indicator_id, region, comparison))
        if kind == "table":
            region, year, comparison = rest
            return da.comparison_table(self.district, indicator_id, region, year, comparison)
        fig = da.map_figure(self.district, indicator_id, rest[0]) if rest[0] else None
        return charts.png(fig) if fig is not None else b""

    def _years(self):
        """Year choices of the indicator for the chosen area; keep the year if it exists."""
        keep = self._year_of(self.indicator.value)
        self._updating = True
        try:
            self.year.options = self._years_of(self.indicator.value)
            self.year.value = keep
        finally:
            self._updating = False

    def _years_of(self, indicator_id: str) -> list[int]:
        rows = self.district.results[indicator_id]
        return sorted(rows.loc[rows["region_code"] == self.district.code, "year"].unique().tolist(), reverse=True)

    def _year_of(self, indicator_id: str) -> int | None:
        """The year shown for the indicator: the chosen one if it has it, else its report year."""
        years = self._years_of(indicator_id)
        keep = self.year.value if self.year.value in years else da.indicator_year(self.district, indicator_id)
        return keep if keep in years else years[0]

    def _comparisons(self) -> list[tuple[str, tuple[str, ...]]]:
        names = self.district.region_name
        chosen = self.district.comparison
        options = [(" und ".join(names(c) for c in chosen), chosen), *((names(c), (c,)) for c in chosen),
                   ("ohne Vergleich", ())]
        labels: dict = {}
        for label, value in options:
            labels.setdefault(value, label)
        return [(label, value) for value, label in labels.items()]

    # --- rendering ahead ------------------------------------------------------------------------

    def _ahead_keys(self) -> list[tuple]:
        """What the next click may ask for: every Gemeinde's chart and table for the current indicator, then the
        other indicators for the current Gebiet."""
        regions = [code for _, code in self.region.options]
        keys = [key for region in regions for key in (self._chart_key(region=region), self._table_key(region=region))]
        return keys + [key for _, i in self.indicator.options
                       for key in (self._chart_key(i), self._map_key(i), self._table_key(i))]
