"""A component put on a path takes the direct link's place when the request says so.

"The officer approves through the new service rather than directly on cold storage", "VPN
should terminate on a firewall, not the jump host directly", "put the gateway in the middle":
after the request's operations ran, a shape X that the request itself linked to both ends
of an existing direct link A -> B stands on that path. When the wording says the path no longer
goes direct (``BYPASS_CUES``), the direct link goes and X's two links read A -> X -> B (an
add's default link may have pointed the other way). Without such a cue nothing changes: "add
a cache linked to the api and the db" keeps the api's own link to the db. Pure edits on the
state, applied once per request by :mod:`update`.
"""

from __future__ import annotations

import re

from services.dsl.d2 import edits as E
from services.dsl.generation.edit_state import State
from services.dsl.generation.mentions import scan

#: wording that says a path stops going direct once a shape is put on it
BYPASS_CUES = re.compile(
    r"\b(?:instead(?:\s+of)?|rather\s+than|bypass\w*|in\s+the\s+middle|in\s+between|"
    r"not\s+(?:\w+\s+){0,4}?direct(?:ly)?|no\s+(?:more\s+|longer\s+)?direct(?:ly)?|"
    r"(?:never|not|stop|no\s+longer)\s+(?:\w+\s+){0,2}?(?:call|talk|go|hit|reach|open|"
    r"write|read|send)\w*\s+(?:\w+\s+){0,3}?(?:directly|straight))\b|"
    # "stop X going straight to H", "so X is not going to the db every time", "so that the
    # files are scanned first", "A and B both go through it"
    r"\b(?:straight|directly)\s+(?:to|into|at|on)\b|\bevery\s+(?:time|single\s+time|request)\b|"
    r"\b(?:first|beforehand|before\s+(?:it|they|that)\s+\w+)\s*[.!]?\s*$|"
    r"\b(?:go|goes|going|pass|passes|run|runs|flow|flows)\s+(?:\w+\s+)?(?:through|via)\b|"
    # "route them through it to B", "make him pass by it": the people sent the new way
    r"\b(?:route[sd]?|routing|pass|passes|passing)\s+(?:(?:it|them|him|her|all|those|these|"
    r"everything|traffic)\s+)?(?:through|via|thru|by\s+(?:it|them|that|this))\b",
    re.I,
)


#: "the kiosk can keep going straight to the API": a direct link said to stay
KEPT_DIRECT = re.compile(
    r"\b(?:keep|keeps|kept|still|continue|continues|can\s+stay|stays)\s+(?:on\s+)?(?:\w+ing\s+)?"
    r"(?:straight|directly|direct)\b",
    re.I,
)


def _label(st: State, src: str, dst: str) -> str | None:
    for c in st.diagram.connections:
        if (c.src, c.dst) == (src, dst):
            return c.label or None
    return None


def bypass_direct(st: State, before: set[tuple[str, str]], query: str) -> list[str]:
    """Remove each direct link A -> B (present before the request) that a shape the request
    linked to both A and B now stands in for, orienting A -> X -> B; returns summaries."""
    cue = BYPASS_CUES.search(query)
    if not cue or KEPT_DIRECT.search(query):
        return []
    pairs = {(c.src, c.dst) for c in st.diagram.connections}
    added = pairs - before
    if not added:
        return _named_detour(st, before, query, cue.start())
    done: list[str] = []
    for a, b in sorted(before & pairs):
        for x in sorted({s for p in added for s in p} - {a, b}):
            # both of X's links are the request's own: a shape already linked to A that
            # gains a link to B ("SSO reads the gradebook") is not put on A's path
            near_a = {(a, x), (x, a)} & added
            near_b = {(x, b), (b, x)} & added
            if near_a and not near_b and (x, b) in before & pairs:
                # "have A get P from X instead of reading B directly": A's new source X
                # already reaches B, so A's own link to B is the one the request retires
                st.d2 = E.disconnect(st.d2, a, b, diagram=st.diagram)
                names = {s.id: s.label for s in st.diagram.shapes}
                done.append(
                    f"routed {names.get(a, a)} to {names.get(b, b)} through "
                    f"{names.get(x, x)} instead of directly"
                )
                pairs = {(c.src, c.dst) for c in st.diagram.connections}
                break
            if (a, x) in added and not near_b and _boxed_end(added, x, a, b):
                # "a firewall between zone P and zone Q, the lookup must go through it": X
                # stands before B's box, so A's link into that box now runs A -> X -> B
                st.connect(x, b, None)
                near_b = {(x, b)}
            if not near_a or not near_b:
                continue
            for wrong, right in (((x, a), (a, x)), ((b, x), (x, b))):
                if wrong in pairs and right not in pairs and wrong in added:
                    label = _label(st, *wrong)
                    st.d2 = E.disconnect(st.d2, *wrong, diagram=st.diagram)
                    st.connect(*right, label)
            st.d2 = E.disconnect(st.d2, a, b, diagram=st.diagram)
            names = {s.id: s.label for s in st.diagram.shapes}
            done.append(
                f"routed {names.get(a, a)} to {names.get(b, b)} through {names.get(x, x)} "
                "instead of directly"
            )
            pairs = {(c.src, c.dst) for c in st.diagram.connections}
            break
    return done


def _boxed_end(added: set[tuple[str, str]], x: str, a: str, b: str) -> bool:
    """The request linked X to a box that holds B and not A (X stands before B's box)."""
    return any(
        src == x and b.startswith(box + ".") and not a.startswith(box + ".") for src, box in added
    )


def _named_detour(st: State, before: set[tuple[str, str]], query: str, at: int) -> list[str]:
    """ "have A get its data from X instead of reading B directly" when A and X are linked
    already: the request names A, X and, after the cue, B; X reaches B, so A's direct link
    to B is the one that goes."""
    tokens, mentions = scan(st.kb, st.diagram, st.d2, query)
    where: dict[str, int] = {}
    for m in mentions:
        if not m.pronoun and not m.ambiguous and m.shapes:
            where.setdefault(m.shapes[0].id, tokens[m.start].start())
    pairs = {(c.src, c.dst) for c in st.diagram.connections}
    names = {s.id: s.label for s in st.diagram.shapes}
    # the subject is named first, its new source next, the retired end after the cue
    for a, b in sorted(before & pairs, key=lambda p: where.get(p[0], len(query))):
        if where.get(a, at) >= at or where.get(b, -1) < at:
            continue
        for x in where:
            if where[a] < where[x] < at and {(a, x), (x, a)} & pairs and (x, b) in pairs:
                st.d2 = E.disconnect(st.d2, a, b, diagram=st.diagram)
                return [
                    f"routed {names.get(a, a)} to {names.get(b, b)} through "
                    f"{names.get(x, x)} instead of directly"
                ]
    return []


def on_paths(st: State, new: str, near: list[str], far: list[str]) -> None:
    """ "a queue between A and its consumers B and C": each direct link between A and one of
    them now runs through the new shape, oriented as the old link ran (A -> Q -> B)."""
    for a in near:
        for b in far:
            pairs = {(c.src, c.dst) for c in st.diagram.connections}
            for src, dst in ((a, b), (b, a)):
                if (src, dst) not in pairs:
                    continue
                label = _label(st, src, dst)  # what the path carried, kept on its first hop
                st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
                for wrong, right in (((new, src), (src, new)), ((dst, new), (new, dst))):
                    now = {(c.src, c.dst) for c in st.diagram.connections}
                    if wrong in now and right not in now:
                        st.d2 = E.disconnect(st.d2, *wrong, diagram=st.diagram)
                    if right not in {(c.src, c.dst) for c in st.diagram.connections}:
                        st.connect(*right, label if right[0] == src else None)


#: wording that makes a new part the only way to a shape ("a P that alone talks to B", "the
#: only one that may call B", "on its behalf")
_SOLE = re.compile(
    r"\b(?:alone|only|solely|exclusively|sole|on\s+(?:its|their|his|her)\s+behalf|"
    r"in\s+(?:its|their)\s+place|instead)\b",
    re.I,
)


def stand_in(
    st: State, before: set[tuple[str, str]], shapes_before: set[str], query: str
) -> list[str]:
    """ "A must not talk to B directly; add a P that alone talks to B": the request cut A -> B
    and linked a new shape P to B only, said to be the one way to B; A now reaches B through
    P (A -> P)."""
    if not _SOLE.search(query):
        return []
    pairs = {(c.src, c.dst) for c in st.diagram.connections}
    added = pairs - before
    done: list[str] = []
    names = {s.id: s.label for s in st.diagram.shapes}
    for a, b in sorted(before - pairs):
        if a not in names or b not in names:
            continue  # a shape removed, not a link cut
        for x in sorted({s for p in added for s in p} - shapes_before - {a, b}):
            if (x, b) not in added or {(a, x), (x, a)} & pairs:
                continue
            st.connect(a, x, None)
            done.append(f"connected {names[a]} to {names.get(x, x)}, its way to {names[b]}")
            break
    return done
