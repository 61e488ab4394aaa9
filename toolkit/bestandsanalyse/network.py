"""The actor network of stage 2 (Prozessqualität): who sits in which Gremium, with whom, and what is missing.

    g = network.graph(plan)                   # actors × Gremien (networkx, bipartite)
    network.actors(plan)                      # per actor: Gremien, co-members, degree, betweenness
    network.isolated(plan)                    # actors in no Gremium
    network.fields_without_gremium(plan)      # Handlungsfelder no Gremium works on
    network.doppelstrukturen(plan, 0.75)      # pairs of Gremien with nearly the same members
    network.sector_mix(plan)                  # sectors per Gremium, all Gremien, all actors
    network.representation(plan)              # civil society, migrant organisations, Zugewanderte: one sentence each
    network.beteiligung(plan)                 # participation events per format
    network.findings(plan)                    # all of it in German sentences, for the concept's Prozessqualität

Read from the sheets „Akteure“, „Gremien“, „Mitgliedschaften“ and „Beteiligung“. A Gremium's „Leitung“ sits in
it (role Leitung) even when „Mitgliedschaften“ does not list it. Memberships naming an actor or a Gremium the
sheets do not have are left out of the network; `plan.check_plan` names them. An actor without ID stays in the
network, keyed „Zeile <n>“, as an actor in no Gremium. The co-membership network joins two actors that share at
least one Gremium (weight: how many); degree and betweenness are those of networkx on it (betweenness normalised,
unweighted: the share of shortest paths between other actors that run through an actor).

A Gremium's or actor's „Handlungsfelder“ cell names fields of the sheet „Handlungsfelder“ by ID or name,
separated by comma or semicolon; „alle“ means every field.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.plan import BETEILIGUNG_FORMATE, SEKTOREN, Plan, cell_text, is_number

ACTOR, GREMIUM = "Akteur", "Gremium"
#: Two Gremien whose members overlap at least this much (shared ÷ all members of both) are candidate Doppelstrukturen.
OVERLAP = 0.75
NO_SECTOR = "ohne Sektor"
NO_FORMAT = "ohne Format"
TOTAL = "Insgesamt"
ALL_GREMIEN, ALL_ACTORS = "alle Gremien zusammen", "alle Akteure"
MEMBERS = "Mitglieder"
#: Stronger roles win when an actor is listed in a Gremium more than once.
ROLES = ("Leitung", "Mitglied", "Gast")
CIVIL_SOCIETY = ("Wohlfahrtsverband", "Ehrenamt/Verein", "Kirche/Religion")
MIGRANT_ORGANISATIONS = ("Migrant*innenorganisation",)
NEWCOMERS = ("Zugewanderte",)
#: What a „Handlungsfelder“ cell may say for every field.
ALL_FIELDS = ("alle", "alle handlungsfelder")


# --- the graph ------------------------------------------------------------------------------------

def graph(plan: Plan) -> nx.Graph:
    """The bipartite actor × Gremium graph. Nodes are (ACTOR, id) and (GREMIUM, id) with `kind`, `id`, `name`,
    `row` (Excel row) and `sektor` (actors) or `typ` (Gremien); edges carry the actor's `rolle`."""
    g = nx.Graph()
    for row, actor in plan.akteure.iterrows():
        key = _key(actor["ID"], row)
        if (ACTOR, key) not in g:
            g.add_node((ACTOR, key), kind=ACTOR, id=key, name=cell_text(actor["Name"]) or key, row=row,
                       sektor=cell_text(actor["Sektor"]) or NO_SECTOR, bipartite=0)
    for row, gremium in plan.gremien.iterrows():
        key = _key(gremium["ID"], row)
        if (GREMIUM, key) not in g:
            g.add_node((GREMIUM, key), kind=GREMIUM, id=key, name=cell_text(gremium["Name"]) or key, row=row,
                       typ=cell_text(gremium["Typ"]), bipartite=1)
    links = [(m["Akteur-ID"], m["Gremium-ID"], cell_text(m["Rolle"]) or "Mitglied")
             for _, m in plan.mitgliedschaften.iterrows()]
    links += [(gremium["Leitung"], gremium["ID"], "Leitung") for _, gremium in plan.gremien.iterrows()]
    for actor_id, gremium_id, role in links:
        a, b = (ACTOR, cell_text(actor_id)), (GREMIUM, cell_text(gremium_id))
        if a not in g or b not in g:
            continue
        if g.has_edge(a, b):
            role = min(role, g.edges[a, b]["rolle"], key=_rank)
        g.add_edge(a, b, rolle=role)
    return g


def co_membership(g: nx.Graph) -> nx.Graph:
    """The actors' network: two actors are joined when they share a Gremium (`weight`: how many they share);
    nodes are actor ids with the attributes of `graph`, every actor included (those in no Gremium alone)."""
    projected = nx.Graph()
    projected.add_nodes_from((n[1], d) for n, d in g.nodes(data=True) if d["kind"] == ACTOR)
    for node, kind in g.nodes(data="kind"):
        if kind == GREMIUM:
            for a, b in itertools.combinations(sorted(m[1] for m in g[node]), 2):
                weight = projected.edges[a, b]["weight"] + 1 if projected.has_edge(a, b) else 1
                projected.add_edge(a, b, weight=weight)
    return projected


def members(g: nx.Graph) -> dict[str, set[str]]:
    """Gremium id → the ids of its actors."""
    return {node[1]: {a[1] for a in g[node]} for node, kind in g.nodes(data="kind") if kind == GREMIUM}


def gremium_names(g: nx.Graph) -> dict[str, str]:
    """Gremium id → its name, made unique for tables: a second Gremium of the same name gets its ID („AK (G7)“)."""
    names, seen = {}, set()
    for _, data in g.nodes(data=True):
        if data["kind"] == GREMIUM:
            name = data["name"] if data["name"] not in seen else f"{data['name']} ({data['id']})"
            seen.add(name)
            names[data["id"]] = name
    return names


def _key(value, row: int) -> str:
    return cell_text(value) or f"Zeile {row}"


def _rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


def _name(g: nx.Graph, kind: str, key: str) -> str:
    return g.nodes[(kind, key)]["name"]


# --- actors ---------------------------------------------------------------------------------------

def actors(plan: Plan) -> pd.DataFrame:
    """One row per actor (index: its ID), in the sheet's order: Name, Sektor, its Gremien (names, „; “), their
    number, its co-members (names), Grad (number of co-members) and Betweenness (0–1) of the co-membership
    network."""
    g = graph(plan)
    people = co_membership(g)
    between = nx.betweenness_centrality(people, normalized=True)
    rows = []
    for node, data in g.nodes(data=True):
        if data["kind"] != ACTOR:
            continue
        gremien = sorted((g.nodes[b]["name"] for b in g[node]), key=str.casefold)
        others = sorted((people.nodes[o]["name"] for o in people[data["id"]]), key=str.casefold)
        rows.append({"ID": data["id"], "Name": data["name"], "Sektor": data["sektor"], "Gremien": "; ".join(gremien),
                     "Anzahl Gremien": len(gremien), "Mitakteure": "; ".join(others), "Grad": len(others),
                     "Betweenness": between[data["id"]]})
    columns = ["ID", "Name", "Sektor", "Gremien", "Anzahl Gremien", "Mitakteure", "Grad", "Betweenness"]
    return pd.DataFrame(rows, columns=columns).set_index("ID")


def isolated(plan: Plan) -> pd.DataFrame:
    """The actors in no Gremium: ID (index), Name, Sektor, Excel row of the sheet „Akteure“."""
    g = graph(plan)
    rows = [{"ID": d["id"], "Name": d["name"], "Sektor": d["sektor"], "Zeile": d["row"]}
            for n, d in g.nodes(data=True) if d["kind"] == ACTOR and not g.degree(n)]
    return pd.DataFrame(rows, columns=["ID", "Name", "Sektor", "Zeile"]).set_index("ID")


def central(plan: Plan, top: int = 3) -> pd.DataFrame:
    """The `top` actors with the highest betweenness above 0 (Knotenpunkte), highest first."""
    found = actors(plan)
    found = found[found["Betweenness"] > 0]
    return found.sort_values(["Betweenness", "Grad"], ascending=False, kind="stable").head(top)


# --- Handlungsfelder ------------------------------------------------------------------------------

def fields_named(plan: Plan, cell) -> tuple[set[str], list[str]]:
    """The Handlungsfeld ids a „Handlungsfelder“ cell names (by ID or name, any case, separated by comma or semicolon;
    „alle“ for every field; a name that itself holds a comma counts too; „HF3 Spracherwerb“ by its leading ID; „HF3
    HF4“ both), and the parts that name no field."""
    text = cell_text(cell)
    sheet = _fields(plan)
    if text.casefold() in ALL_FIELDS:
        return {i for i, _ in sheet if i}, []
    found, unknown = set(), []
    for ident, name in sheet:
        if "," in name and name.casefold() in text.casefold():
            found.add(ident)
            text = re.sub(re.escape(name), "", text, flags=re.IGNORECASE)
    ids = {i.casefold(): i for i, _ in sheet if i}
    for part in (p.strip() for p in re.split(r"[,;\n]", text) if p.strip()):
        if all(token.casefold() in ids for token in part.split()):  # „HF3 HF4“
            found.update(ids[token.casefold()] for token in part.split())
            continue
        leading = re.match(r"([^\s:]+)[\s:]", part)
        hit = next((i for i, n in sheet if part.casefold() in (i.casefold(), n.casefold())
                    or (leading and leading[1].casefold() == i.casefold())), None)
        if hit is None:
            unknown.append(part)
        else:
            found.add(hit)
    return found, unknown


def fields_without_gremium(plan: Plan) -> list[tuple[str, str]]:
    """(ID, name) of the Handlungsfelder that no Gremium names in its „Handlungsfelder“, in the sheet's order."""
    covered = set().union(*(fields_named(plan, cell)[0] for cell in plan.gremien["Handlungsfelder"]))
    return [(i, n) for i, n in _fields(plan) if i not in covered]


def _fields(plan: Plan) -> list[tuple[str, str]]:
    sheet = plan.handlungsfelder
    return [(cell_text(i), cell_text(n)) for i, n in zip(sheet["ID"], sheet["Handlungsfeld"])]


# --- Doppelstrukturen -----------------------------------------------------------------------------

def doppelstrukturen(plan: Plan, threshold: float = OVERLAP) -> pd.DataFrame:
    """Pairs of Gremien whose members overlap at least `threshold` (Jaccard: shared members ÷ all members of both,
    0 < threshold ≤ 1, also German text „0,75“), largest overlap first: Gremium A, Gremium B, gemeinsame Mitglieder,
    Mitglieder zusammen, Überschneidung (0–1) and the Befund in German."""
    if isinstance(threshold, str):  # as typed in a form or on the command line: „0,75“
        threshold = fmt.parse_number(threshold) if fmt.parse_number(threshold) is not None else threshold
    if not is_number(threshold) or not 0 < float(threshold) <= 1:
        raise UserError(f"Die Schwelle für Doppelstrukturen „{threshold}“ ist keine Zahl über 0 bis 1.",
                        hint="Geben Sie den Anteil gemeinsamer Mitglieder an, z. B. 0,75 für drei Viertel.")
    g = graph(plan)
    sets = [(gid, people) for gid, people in members(g).items() if people]
    rows = []
    for i, (a, first) in enumerate(sets):
        for b, second in sets[i + 1:]:
            shared, union = len(first & second), len(first | second)
            if shared / union >= threshold:
                names = _name(g, GREMIUM, a), _name(g, GREMIUM, b)
                rows.append({"Gremium A": names[0], "Gremium B": names[1], "gemeinsame Mitglieder": shared,
                             "Mitglieder zusammen": union, "Überschneidung": shared / union,
                             "Befund": f"{names[0]} und {names[1]} teilen {fmt.number(shared)} von "
                                       f"{fmt.number(union)} Mitgliedern ({fmt.percent(100 * shared / union, 0)}) "
                                       f"– eine mögliche Doppelstruktur."})
    columns = ["Gremium A", "Gremium B", "gemeinsame Mitglieder", "Mitglieder zusammen", "Überschneidung", "Befund"]
    found = pd.DataFrame(rows, columns=columns)
    return found.sort_values("Überschneidung", ascending=False, kind="stable").reset_index(drop=True)


# --- sectors --------------------------------------------------------------------------------------

def sector_mix(plan: Plan) -> pd.DataFrame:
    """Actors per sector: one row per Gremium (its name), then all Gremien together (each actor once) and all actors
    of the sheet (also those in no Gremium); columns the sectors of `plan.SEKTOREN`, then sectors typed otherwise
    and „ohne Sektor“ where there are such, and „Mitglieder“ (the row's total)."""
    g = graph(plan)
    sector = {d["id"]: d["sektor"] for _, d in g.nodes(data=True) if d["kind"] == ACTOR}
    groups = {gremium_names(g)[gid]: people for gid, people in members(g).items()}
    groups[ALL_GREMIEN] = set().union(*members(g).values())
    groups[ALL_ACTORS] = set(sector)
    extra = sorted({s for s in sector.values() if s not in SEKTOREN and s != NO_SECTOR})
    columns = list(SEKTOREN) + extra + [NO_SECTOR] * (NO_SECTOR in sector.values())
    rows = [[sum(sector[p] == s for p in people) for s in columns] + [len(people)] for people in groups.values()]
    return pd.DataFrame(rows, index=pd.Index(list(groups), name=GREMIUM), columns=columns + [MEMBERS])


@dataclass(frozen=True)
class Finding:
    """Whether a group is represented in the network, and the sentence that says how."""
    topic: str
    represented: bool
    sentence: str


def representation(plan: Plan) -> list[Finding]:
    """Are civil society, migrant organisations and Zugewanderte themselves represented? One German sentence each:
    in how many Gremien, which lack them, who of them sits in none; Zugewanderte also by the participation events
    with „Zugewanderte beteiligt“ = ja."""
    g = graph(plan)
    sector = {d["id"]: d["sektor"] for _, d in g.nodes(data=True) if d["kind"] == ACTOR}
    gremien = {gremium_names(g)[gid]: people for gid, people in members(g).items()}
    found = []
    for topic, sectors, label in (
            ("Zivilgesellschaft", CIVIL_SOCIETY, "Zivilgesellschaft (" + ", ".join(CIVIL_SOCIETY) + ")"),
            ("Migrant*innenorganisationen", MIGRANT_ORGANISATIONS, "Migrant*innenorganisationen"),
            ("Zugewanderte", NEWCOMERS, "Zugewanderte selbst (Sektor „Zugewanderte“)")):
        with_them = [name for name, people in gremien.items() if any(sector[p] in sectors for p in people)]
        own = [p for p, s in sector.items() if s in sectors]
        outside = [g.nodes[(ACTOR, p)]["name"] for p in own if not g.degree((ACTOR, p))]
        sentence = f"{label}: {_presence(with_them, list(gremien))}"
        if not own:
            sentence += "; im Blatt „Akteure“ ist kein solcher Akteur eingetragen"
        elif outside:
            sentence += (f"; {_count_of(len(outside), len(own))} eingetragenen Akteuren {_sit(len(outside))} in "
                         f"keinem Gremium: {_listing(outside)}")
        represented = bool(with_them)
        if topic == "Zugewanderte":
            events, involved = _events_with_newcomers(plan)
            represented = represented or involved > 0
            sentence += (f"; an {_count_of(involved, events)} Beteiligungen waren Zugewanderte beteiligt" if events
                         else "; Beteiligungen sind nicht eingetragen")
        found.append(Finding(topic, represented, sentence + "."))
    return found


def _presence(with_them: list[str], gremien: list[str]) -> str:
    if not gremien:
        return "in keinem Gremium vertreten – im Blatt „Gremien“ ist keines eingetragen"
    if len(gremien) == 1:
        return f"im einzigen Gremium ({gremien[0]}) {'' if with_them else 'nicht '}vertreten"
    if len(with_them) == len(gremien):
        return f"in allen {fmt.number(len(gremien))} Gremien vertreten"
    if not with_them:
        return f"in keinem der {fmt.number(len(gremien))} Gremien vertreten"
    missing = [name for name in gremien if name not in with_them]
    return f"in {_count_of(len(with_them), len(gremien))} Gremien vertreten, nicht in: {_listing(missing)}"


def _count_of(part: int, whole: int) -> str:
    return f"{fmt.number(part)} von {fmt.number(whole)}"


def _sit(count: int) -> str:
    return "sitzt" if count == 1 else "sitzen"


def _listing(names: list[str], most: int = 6) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" und {fmt.number(len(names) - most)} weitere" if len(names) > most else "")


def _events_with_newcomers(plan: Plan) -> tuple[int, int]:
    events = plan.beteiligung
    return len(events), sum(cell_text(v).casefold() == "ja" for v in events["Zugewanderte beteiligt"])


# --- Beteiligung ----------------------------------------------------------------------------------

def beteiligung(plan: Plan) -> pd.DataFrame:
    """Participation events per format (the list's order, formats typed otherwise after it, then „ohne Format“) and
    „Insgesamt“: Veranstaltungen, Teilnehmende (sum of the numbers given), ohne Teilnehmendenzahl (events whose
    number is missing or no whole number: not summed, named in `attrs["warnings"]`), mit Zugewanderten (events with
    „Zugewanderte beteiligt“ = ja) and Anteil mit Zugewanderten (percent of the events)."""
    events = plan.beteiligung
    warnings, rows = [], {}
    for row, event in events.iterrows():
        kind = cell_text(event["Format"]) or NO_FORMAT
        count = event["Teilnehmende (Zahl)"]
        known = is_number(count) and float(count) >= 0
        if not known and cell_text(count):
            warnings.append(f"Blatt „Beteiligung“, Zeile {row}: „{cell_text(count)}“ ist keine Teilnehmendenzahl; "
                            "die Veranstaltung zählt, ihre Teilnehmenden nicht.")
        entry = rows.setdefault(kind, [0, 0, 0, 0])
        entry[0] += 1
        entry[1] += float(count) if known else 0
        entry[2] += not known
        entry[3] += cell_text(event["Zugewanderte beteiligt"]).casefold() == "ja"
    odd = sorted(k for k in rows if k not in BETEILIGUNG_FORMATE and k != NO_FORMAT)
    order = [f for f in BETEILIGUNG_FORMATE if f in rows] + odd + [NO_FORMAT] * (NO_FORMAT in rows)
    table = [rows[k] for k in order]
    if table:
        order.append(TOTAL)
        table.append([sum(column) for column in zip(*table)])
    frame = pd.DataFrame([[n, round(p), u, z, 100 * z / n] for n, p, u, z in table],
                         index=pd.Index(order, name="Format"),
                         columns=["Veranstaltungen", "Teilnehmende", "ohne Teilnehmendenzahl", "mit Zugewanderten",
                                  "Anteil mit Zugewanderten (%)"])
    frame.attrs["warnings"] = warnings
    return frame


def beteiligung_sentence(plan: Plan) -> str:
    """The participation in one German sentence."""
    table = beteiligung(plan)
    if table.empty:
        return "Im Blatt „Beteiligung“ sind keine Beteiligungsformate eingetragen."
    total = table.loc[TOTAL]
    kinds = [f"{fmt.number(n)} × {k}" for k, n in table["Veranstaltungen"].drop(TOTAL).items()]
    people = (f"mit zusammen {fmt.number(total['Teilnehmende'])} Teilnehmenden"
              + (f" (bei {fmt.number(total['ohne Teilnehmendenzahl'])} ohne Zahl)"
                 if total["ohne Teilnehmendenzahl"] else ""))
    return (f"{fmt.number(total['Veranstaltungen'])} Beteiligungen ({', '.join(kinds)}) {people}; an "
            f"{_count_of(total['mit Zugewanderten'], total['Veranstaltungen'])} "
            f"({fmt.percent(total['Anteil mit Zugewanderten (%)'], 0)}) waren Zugewanderte beteiligt.")


# --- all findings ---------------------------------------------------------------------------------

def findings(plan: Plan, threshold: float = OVERLAP) -> list[str]:
    """The network's findings for the Prozessqualität, one German sentence each: size, Knotenpunkte, actors in no
    Gremium, Handlungsfelder without a Gremium, candidate Doppelstrukturen, representation, participation."""
    g = graph(plan)
    people = [d for _, d in g.nodes(data=True) if d["kind"] == ACTOR]
    gremien = [d for _, d in g.nodes(data=True) if d["kind"] == GREMIUM]
    out = [f"Eingetragen sind {fmt.number(len(people))} Akteure und {fmt.number(len(gremien))} Gremien mit "
           f"{fmt.number(g.number_of_edges())} Mitgliedschaften."]
    hubs = central(plan)
    if not hubs.empty:
        out.append("Knotenpunkte des Netzwerks (die meisten kürzesten Wege zwischen anderen Akteuren laufen über "
                   "sie): " + ", ".join(f"{n} ({fmt.number(b, 2)})" for n, b in zip(hubs["Name"], hubs["Betweenness"]))
                   + ".")
    alone = isolated(plan)
    if not alone.empty:
        out.append(f"{_count_of(len(alone), len(people))} Akteuren {_sit(len(alone))} in keinem Gremium: "
                   f"{_listing(list(alone['Name']), 10)}.")
    elif people:
        out.append("Jeder eingetragene Akteur sitzt in mindestens einem Gremium.")
    missing = fields_without_gremium(plan)
    if missing:
        out.append(f"Kein Gremium arbeitet an {'dem Handlungsfeld' if len(missing) == 1 else 'den Handlungsfeldern'} "
                   + _listing([f"{i} {n}".strip() for i, n in missing], 10) + ".")
    out += list(doppelstrukturen(plan, threshold)["Befund"])
    out += [f.sentence for f in representation(plan)]
    out.append(beteiligung_sentence(plan))
    return out
