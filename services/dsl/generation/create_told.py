"""Links a create request states in its clauses, read by the edit path's reader.

The create path's phrase reader (:mod:`phrases`) finds the components and the links written
next to them ("A -> B", "A talks to B"); a relation told in a clause of its own ("the portal
reads from the catalog", "the ledger is fed by the importer", "A, which pushes to B", "A and B
both write to C", "A reaches B through M") is the edit path's to read (:mod:`told_links`). Once
the design holds every named component, each clause of the request is read against it as an
edit clause is read against a diagram: its mentions of the design's shapes, then the links
its predicates state. A link between two shapes the design does not join yet is drawn; a
middleman stated with "through"/"via" replaces the direct edge between the ends. Links to
new phrases (components the design does not hold) are no part of a create: the planner has
placed every component already.
"""

from __future__ import annotations

from services.dsl.d2 import D2Error, compile_d2
from services.dsl.generation.clauses import clauses
from services.dsl.generation.design import Design, to_d2
from services.dsl.generation.kb import KnowledgeBase
from services.dsl.generation.mentions import scan
from services.dsl.generation.ops import End, abstract
from services.dsl.generation.told_links import read

#: the categories a stated link never starts from or ends at (the trust zones' frames)
_ZONES = frozenset({"internet", "dmz", "private", "data"})
#: a clause with more shapes than this is a list of parts, not a predicate between a few
MAX_ENDS = 4


def stated(kb: KnowledgeBase, design: Design, query: str) -> list[tuple[str, str]]:
    """The (source, target) node ids of the links the request's clauses state."""
    try:
        diagram = compile_d2(to_d2(design))
    except D2Error:
        return []
    text = to_d2(design)
    out: list[tuple[str, str]] = []
    for clause in clauses(query):
        tokens, mentions = scan(kb, diagram, text, clause.text, [], clause.quotes)
        if len(mentions) < 2:
            continue
        ab = abstract(clause.text, tokens, mentions, clause.quotes)
        ab.every = diagram.shapes
        for a, b in read(ab).links:
            src, dst = _node(design, a), _node(design, b)
            if src and dst and src != dst and (src, dst) not in out:
                out.append((src, dst))
    return out


def _node(design: Design, end: End) -> str | None:
    """The one node an end names, if it names exactly one."""
    if end.phrase or len(end.mentions) != 1:
        return None
    m = end.mentions[0]
    if m.pronoun or m.ambiguous or len(m.ids) != 1:
        return None
    nid = m.ids[0].split(".")[-1]
    return nid if nid in design.nodes and nid not in _ZONES else None


def draw(kb: KnowledgeBase, design: Design, query: str) -> int:
    """Draw the stated links the design does not hold yet; returns how many it drew."""
    drawn = 0
    for src, dst in stated(kb, design, query):
        if any({e.src, e.dst} == {src, dst} for e in design.edges):
            continue
        design.connect(src, dst)
        drawn += 1
    return drawn
