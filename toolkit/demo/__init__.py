"""Generator of the demo district "Landkreis Musterland" (16099): official-looking files in real formats.

Musterland is fictional. Its 25 Gemeinden, their boundaries and every number about them are invented;
Thuringia's Kreise, the Land and Germany appear as reference rows, with published figures where they
exist and invented values everywhere else. The files copy the real download formats so that learners
practise on exactly what their own downloads will look like.

`python -m toolkit.demo [OUT_DIR]` writes the data files and the example plan (default: datasets/musterland).
The runtime package never imports this one (tests/demo/test_package.py); it is a tool for the project.

    figures           published and invented figures the district is built from
    model             population and AZR foreigners per area and year (`build_model`)
    labour            unemployed, labour force and SGB II beneficiaries (one model for two files)
    population        contents of the classic population, naturalisation and migration tables
    social            contents of the classic tables on work, benefits, day care and school
    azr               the AZR table 12521-0041, rounded to multiples of 5
    classic           writer: Regionalstatistik CSV (Windows-1252) in the layouts of 2025/26 and 2017/18
    genesis_online    writer: GENESIS-Online table CSV (the AZR table)
    ffcsv             writer: GENESIS flat file (the AZR table, for the tests only)
    excel             writer: BA-style Excel workbook
    boundaries        writer: GeoJSON boundaries of the Gemeinden and the Kreis
    readme            writer: the data folder's README.md
    markers, files    what several writers share: secrecy markers; Stand, notes, zip packing
    data              `generate`: every data file in one call
    plan, plan.yaml   the example planning workbook planung.xlsx
    bestand, bestand.yaml   stage 2's sheets of the example plan (offers, actors, Gremien, participation, Sozialräume)
    monitoring, monitoring.yaml   stage 5: the example plan's Sachstand rounds and Fassung, the newer data vintage
                      datasets/musterland_2026 and the plan's Fortschreibung in it
"""
