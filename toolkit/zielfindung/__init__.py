"""Stage 3 "Zielfindung": baselines from the data analysis, the SMART check and pictures of the goals.

    series = zielfindung.district_series("datasets/musterland", "16099")   # indicator id -> values by year
    p = plan.load_plan("datasets/musterland/planung.xlsx")
    for line in zielfindung.fill_baselines(p, series, 2024): print(line)
    zielfindung.smart_table(p, series)                                       # ✓ / – / ! / ✗ per Handlungsziel
    zielfindung.tree_figure(p, "Spracherwerb und Bildung")

Goals live in the sheet „Ziele“ of the planning workbook (`toolkit.plan`): Leitziel → Mittlerziel →
Handlungsziel per Handlungsfeld, the parent's ID in „Übergeordnetes Ziel“.

The room: `baseline`, `criteria` and `checks` (the SMART check), `trees` and `target` (pictures), `stage` (prepared
for notebook and app), `views` (static output for notebook and handout) and `app` (the Voila form).
"""
from toolkit.zielfindung.baseline import ENTERED, PROPOSED, district_series, fill_baselines, unavailable
from toolkit.zielfindung.checks import current_date, problems, reference_date, smart, smart_table
from toolkit.zielfindung.criteria import CRITERIA, POSITION, SYMBOLS, Finding
from toolkit.zielfindung.stage import Stage, known_gaps, prepare, sources
from toolkit.zielfindung.target import target_figure
from toolkit.zielfindung.trees import NO_FIELD, tree, tree_fields, tree_figure

__all__ = [
    "ENTERED", "PROPOSED", "district_series", "fill_baselines", "unavailable", "CRITERIA", "POSITION", "SYMBOLS",
    "Finding", "current_date", "problems", "reference_date", "smart", "smart_table", "Stage", "known_gaps", "prepare",
    "sources",
    "target_figure", "NO_FIELD", "tree", "tree_fields", "tree_figure",
]
