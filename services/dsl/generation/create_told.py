"""Links a create request states in its clauses, read by the edit path's reader.

The create path's phrase reader (:mod:`phrases`) finds the components and the links written
next to them ("A -> B", "A talks to B"); a relation told in a clause of its own ("the portal
reads from the catalog", "the ledger is fed by the importer", "A, which pushes to B", "A and B
both write to C", "A reaches B through M") is the edit path's to read (:mod:`told_links`). Once
the design holds every named component, each clause of the request is read against it as an
edit clause is read against a diagram: its mentions of the design's shapes, then the links
its predicates state. A link between two shapes the design does not join yet is drawn (a
middleman stated with "through"/"via" comes as the two links through it). Links to
new phrases (components the design does not hold) are no part of a create: the planner has
placed every component already.
"""

from __future__ import annotations

import re

from services.dsl.d2.model import Connection, Diagram, Shape
from services.dsl.generation.clauses import clauses
from services.dsl.generation.create_actors import actor_links
from services.dsl.generation.create_arrows import arrow_links
from services.dsl.generation.create_tails import tail_links
from services.dsl.generation.design import Design
from services.dsl.generation.kb import KnowledgeBase
from services.dsl.generation.mentions import scan
from services.dsl.generation.ops import End, abstract
from services.dsl.generation.relation_words import verb_lemma
from services.dsl.generation.told_links import read

_WORD = re.compile(r"[a-z]{3,}")
_COLON = re.compile(r"(?<=\w):\s+")
#: links of one clause from many sources to many targets, more than this on one side, are a
#: misread list of parts ("Design X for Y: A, B and C arrive ..."), not a predicate
MAX_FAN = 3
#: the most shapes a collective end may stand for ("all the apps")
MAX_GROUP = 6


def stated(kb: KnowledgeBase, design: Design, query: str) -> list[tuple[str, str]]:
    """The (source, target) node ids of the links the request's clauses state."""
    diagram, key = _as_diagram(design)
    out: list[tuple[str, str]] = []
    # "Design a booking system for a clinic: patients book ...": the framing before a colon
    # is no subject of what follows
    parts = [c for p in _COLON.split(query) for c in clauses(p)]
    for clause in parts:
        if not _predicate(clause.text):
            continue  # no verb, no arrow: a list of parts, which the phrase reader has read
        tokens, mentions = scan(kb, diagram, key, clause.text, [], clause.quotes)
        if len(mentions) < 2:
            continue
        ab = abstract(clause.text, tokens, mentions, clause.quotes)
        ab.every = diagram.shapes
        links = [
            (src, dst)
            for a, b in read(ab).links
            for src in _nodes(design, a)
            for dst in _nodes(design, b)
            if src != dst
        ]
        for src, dst in links:
            fan_in = len({x for x, y in links if y == dst})
            fan_out = len({y for x, y in links if x == src})
            if min(fan_in, fan_out) > 1 and max(fan_in, fan_out) > MAX_FAN:
                continue  # a grid of many sources by many targets is a misread list
            if (src, dst) not in out:
                out.append((src, dst))
        # a pronoun handled in a tool, a list of sinks: told one by one, never a misread list
        out += [link for link in tail_links(ab, design) if link not in out]
        # "riders tap cards at validators": the person reaches the tool
        out += [link for link in actor_links(ab, design) if link not in out]
        # "A -> B (x), C (y)", "A and B into C": an arrow's list fans out or in
        out += [link for link in arrow_links(ab, design) if link not in out]
    return out


def _predicate(text: str) -> bool:
    """Whether a clause may state a link: an arrow, an "own", or a verb (:mod:`relation_words`);
    the reader finds none in any other, so the mention finder is not run on it."""
    if "->" in text or re.search(r"\b(?:its|their) own\b", text, re.I):
        return True  # "A -> B", "A with its own B"
    return any(verb_lemma(w) for w in _WORD.findall(text.lower()))


def _as_diagram(design: Design) -> tuple[Diagram, str]:
    """The design as the flat diagram the edit path's mention finder reads (one shape per
    node, no zones: a zone is never an end), and the key its name index is cached under.
    Built directly: printing and compiling D2 would cost ten times the rest of a create."""
    shapes = [
        Shape(n.id, n.id, n.label, n.shape or "rectangle", classes=[n.cls])
        for n in design.nodes.values()
    ]
    links = [
        Connection(f"({e.src} -> {e.dst})[0]", e.src, e.dst, label=e.label) for e in design.edges
    ]
    key = "create:" + "|".join(f"{n.id}={n.label}/{n.cls}" for n in design.nodes.values())
    return Diagram(shapes, links), key


def _nodes(design: Design, end: End) -> list[str]:
    """The nodes an end names: one shape, or every shape of a collective ("all the apps talk
    to the backend", "each sensor sends to the hub"); none for an ambiguous or new phrase."""
    if end.phrase or len(end.mentions) != 1:
        return []
    m = end.mentions[0]
    if m.pronoun or (m.ambiguous and not m.collective):
        return []
    if len(m.ids) > MAX_GROUP:
        return []  # "at each site" over every copy of a counted part: a place, no end
    return [i for i in m.ids if i in design.nodes]


def draw(kb: KnowledgeBase, design: Design, query: str) -> int:
    """Draw the stated links the design does not hold yet; returns how many it drew."""
    drawn = 0
    for src, dst in stated(kb, design, query):
        if any({e.src, e.dst} == {src, dst} for e in design.edges):
            continue
        design.connect(src, dst)
        drawn += 1
    return drawn
