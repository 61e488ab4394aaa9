"""Goals (module 3): baselines from the demo district, SMART check with exact German feedback, tree, figures."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit import DEMO_DATA_DIR, data, goals, plan
from toolkit.errors import UserError

DISTRICT = "16099"


def make_plan(tmp_path, rows: list[dict], own_indicators: list[dict] = ()) -> plan.Plan:
    """A plan on the Eisenach template with these goals (Ziele headers → values), saved and read back
    so the cells are what Excel gives."""
    path = plan.new_plan(tmp_path / "plan.xlsx", "eisenach")
    p = plan.load_plan(path)
    p.ziele = _rows(rows, "ziele")
    p.indikatoren = pd.concat([p.indikatoren, _rows(own_indicators, "indikatoren")]) if own_indicators \
        else p.indikatoren
    p.indikatoren.index = range(2, len(p.indikatoren) + 2)
    plan.save_plan(p, path)
    return plan.load_plan(path)


def _rows(rows, key: str) -> pd.DataFrame:
    headers = plan.SHEETS[key].headers
    return pd.DataFrame([[r.get(h) for h in headers] for r in rows], columns=headers,
                        index=range(2, len(rows) + 2), dtype=object)


@pytest.fixture(scope="module")
def series():
    return goals.district_series(DEMO_DATA_DIR, DISTRICT)


def goal(**values) -> dict:
    return {"ID": "HZ1.1.1", "Ebene": "Handlungsziel", "Handlungsfeld": "Aufgaben der Kommune", **values}


# --- district_series, fill_baselines -------------------------------------------------------------

def test_district_series_holds_the_districts_own_values_by_year(series):
    share = series["auslaenderanteil"]
    assert share.index.dtype == "int64" and share.dtype == "float64"
    assert list(share.index) == list(range(2014, 2025))
    assert share.attrs["unit"] == "%" and share.attrs["name"] == "Ausländeranteil"
    assert series["auslaender_anzahl"][2024] == 5977
    assert len(series) == 21


def test_district_series_for_an_unknown_district_is_a_user_error():
    with pytest.raises(UserError, match="Für den Kreis 16999 enthält der Datenordner keine Indikatorwerte"):
        goals.district_series(DEMO_DATA_DIR, "16999")


def test_fill_baselines_takes_the_value_of_the_demo_district(tmp_path, series):
    raw = data.read(DEMO_DATA_DIR / "12411-03-03-4.csv")
    rows = raw[(raw["region_code"] == DISTRICT) & (raw["time"] == "2024-12-31") & (raw["age_group"] == "Insgesamt")]
    by_variable = rows.set_index("variable")["value"]
    expected = round(by_variable["Ausländer(innen) | Insgesamt"] / by_variable["Insgesamt | Insgesamt"] * 100, 1)
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil"), goal(ID="HZ1.1.2", Indikator="auslaender_anzahl")])
    lines = goals.fill_baselines(p, series, 2024)
    assert expected == 6.2
    assert p.ziele.loc[2, "Basisjahr"] == 2024 and p.ziele.loc[2, "Basiswert"] == expected
    assert p.ziele.loc[3, "Basiswert"] == 5977
    assert lines == ["Zeile 2 (HZ1.1.1): Basiswert 6,2\u00a0% (2024) aus „Ausländeranteil“ eingetragen.",
                     "Zeile 3 (HZ1.1.2): Basiswert 5.977 (2024) aus „Ausländer*innen (Anzahl)“ eingetragen."]


def test_fill_baselines_keeps_entered_values_and_uses_an_entered_basisjahr(tmp_path, series):
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil", Basisjahr=2024, Basiswert=7),
                             goal(ID="HZ1.1.2", Indikator="auslaenderanteil", Basisjahr=2020),
                             goal(ID="HZ1.1.3")])
    lines = goals.fill_baselines(p, series, 2024)
    assert p.ziele.loc[2, "Basiswert"] == 7
    assert p.ziele.loc[3, "Basisjahr"] == 2020 and p.ziele.loc[3, "Basiswert"] == 4.0
    assert lines == ["Zeile 3 (HZ1.1.2): Basiswert 4,0\u00a0% (2020) aus „Ausländeranteil“ eingetragen."]


def test_fill_baselines_falls_back_to_the_last_year_with_a_number(tmp_path, series):
    secret = series["auslaenderanteil"].copy()
    secret[2024] = float("nan")
    secret.attrs = {**series["auslaenderanteil"].attrs, "status": {2024: "."}}
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil")])
    lines = goals.fill_baselines(p, {"auslaenderanteil": secret}, 2024)
    assert p.ziele.loc[2, "Basisjahr"] == 2023 and p.ziele.loc[2, "Basiswert"] == 5.9
    assert lines == ["Zeile 2 (HZ1.1.1): Basiswert 5,9\u00a0% (2023) aus „Ausländeranteil“ eingetragen. "
                     "Für 2024 gibt es keine Zahl (2024: „.“ – Zahlenwert unbekannt oder geheimzuhalten); "
                     "genommen ist 2023."]


def test_fill_baselines_says_what_could_not_be_filled(tmp_path, series):
    secret = pd.Series([float("nan")], index=[2024], name="auslaenderanteil")
    secret.attrs = {"name": "Ausländeranteil", "unit": "%", "status": {2024: "."}}
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil"), goal(ID="HZ1.1.2", Indikator="sprachkurse"),
                             goal(ID="HZ1.1.3", Indikator="gibtsnicht")],
                  own_indicators=[{"ID": "sprachkurse", "Bezeichnung": "Abschlüsse Integrationskurs",
                                   "Einheit": "Anzahl"}])
    lines = goals.fill_baselines(p, {"auslaenderanteil": secret}, 2024)
    assert plan._is_empty(p.ziele.loc[2, "Basiswert"]) and plan._is_empty(p.ziele.loc[3, "Basiswert"])
    assert lines == [
        "Zeile 2 (HZ1.1.1): Für „Ausländeranteil“ gibt es bis 2024 keine Zahl (2024: „.“ – Zahlenwert unbekannt "
        "oder geheimzuhalten). Tragen Sie einen Basiswert aus einer anderen Quelle ein oder wählen Sie ein "
        "späteres Basisjahr.",
        "Zeile 3 (HZ1.1.2): Der Indikator „sprachkurse“ lässt sich aus dem Datenordner nicht berechnen (eigener "
        "Indikator oder Tabelle fehlt); tragen Sie Basisjahr und Basiswert selbst ein.",
        "Zeile 4 (HZ1.1.3): Den Indikator „gibtsnicht“ gibt es weder im Katalog noch im Blatt „Indikatoren“; "
        "wählen Sie eine Kennung aus der Liste oder legen Sie ihn im Blatt „Indikatoren“ an."]
