"""Stage 1 "Datenanalyse": the report chapter of a district from its data folder.

    district = datenanalyse.prepare("datasets/musterland", "16099", 2024)
    datenanalyse.key_facts(district)                        # German Markdown
    datenanalyse.time_series_figure(district, "auslaenderanteil")
    html, checked = datenanalyse.gemeinde_table(district)   # disclosed, with the Disclosed parts

Everything adapts to what the folder holds: indicators without tables are left out, a missing
Gemeinde level or map gives a German sentence instead of a chart. Every number shown passes
`toolkit.disclosure` with the district's threshold. Tables and indicators come from
`toolkit.store`, so a second run skips reading and the training app only redraws.

The room: `district` (prepare), `values` (what may be shown), `notes` (sources, caveats), `text`,
`figures`, `tables` (the chapter's parts), `views` (static output for notebook and handout) and
`app` (the Voila training app).
"""
from toolkit.datenanalyse.district import (
    CAUTION,
    KREIS_POPULATION,
    NOTABLE,
    OVERVIEW_LEGEND,
    POPULATION,
    REGION_NAMES,
    District,
    prepare,
)
from toolkit.datenanalyse.figures import age_pyramid_figure, map_figure, nationality_figure, time_series_figure
from toolkit.datenanalyse.notes import merged_notes, source_line, sources, sources_text
from toolkit.datenanalyse.tables import comparison_table, gemeinde_table, overview_table
from toolkit.datenanalyse.text import handlungsfelder_text, key_facts, missing_text
from toolkit.datenanalyse.values import indicator_year, shown, value_text

__all__ = [
    "CAUTION", "KREIS_POPULATION", "NOTABLE", "OVERVIEW_LEGEND", "POPULATION", "REGION_NAMES", "District",
    "prepare", "age_pyramid_figure", "map_figure", "nationality_figure", "time_series_figure", "merged_notes",
    "source_line", "sources", "sources_text", "comparison_table", "gemeinde_table", "overview_table",
    "handlungsfelder_text", "key_facts", "missing_text", "indicator_year", "shown", "value_text",
]
