"""Stage 2 "Bestands- und Bedarfsanalyse": offers and needs, the actor network, the Integrationswegweiser.

Offers, actors, Gremien, memberships, participation and Sozialräume live in the planning workbook
(`toolkit.plan`, sheets „Angebote“, „Akteure“, „Gremien“, „Mitgliedschaften“, „Beteiligung“, „Sozialräume“).

The room: `languages` (offer languages, nationalities' languages, the Wegweiser's languages).
"""
