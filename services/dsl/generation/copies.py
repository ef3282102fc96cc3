"""A new component added as a copy of one already drawn: "add a second unit, 'South RTU',
connected to SCADA in the same manner", "a second poller like the existing one".

The request says the new one is made like a sibling: it takes the sibling's container and
its links (direction and labels kept). The sibling is the drawn shape whose label explains
most of the new label (``rapidfuzz`` token-set ratio: "South Reservoir RTU" is like "North
Reservoir RTU"), else the shape the previous clause touched last. Pure functions over the
compiled diagram, and one edit function over the text.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation.edit_state import State, new_spec

#: what says the new one is made like one already drawn
COPY_WORDS = re.compile(
    r"\b(?:(?:in\s+)?the\s+same\s+(?:manner|way|fashion)|same\s+as\s+the\s+(?:existing|other|"
    r"current|first)\b|like\s+the\s+(?:existing|other|current|first)\b|just\s+like|"
    r"(?:mirror|mirroring|cloned?\s+from)\s+the\b)",
    re.I,
)
#: the least token-set ratio for a label to name the sibling by likeness
LIKE = 70.0


#: the places that set a new component beside one already drawn
BESIDE = ("next to", "alongside", "beside", "parallel to")
#: words that make a new one beside another its alternative ("a second X", "as the backup
#: path"): it does the same job, so it takes the same links
_ALTERNATIVE = re.compile(
    r"\b(?:second|another|one\s+more|backup|standby|stand-by|failover|fail-over|secondary|"
    r"primary|alternate|alternative|redundant|parallel|spare|extra|twin|also)\b|"
    r"\b(?:path|route|link|leg|circuit|uplink|instance|replica)\b",
    re.I,
)


def beside_copy(st: State, phrase: str, rest: str, anchor: Shape) -> bool:
    """A new component set beside `anchor` is a copy of it (its links, its container) when
    the words make it an alternative ("a second X", "as the primary path") or it is of the
    same kind as `anchor` (a Postmark beside Mailgun); otherwise "next to" only places it."""
    if anchor.children:
        return False  # beside a container: placed near it, no box's links to take
    if _ALTERNATIVE.search(f"{phrase} {rest}"):
        return True
    kind, anchor_kind = new_spec(st.kb, phrase)[2], new_spec(st.kb, anchor.label)[2]
    if kind is None or anchor_kind is None:
        return False
    return kind.category == anchor_kind.category and kind.category not in ("service", "process")


def says_copy(text: str) -> bool:
    return bool(COPY_WORDS.search(text))


def sibling(st: State, new: Shape, context: list[Shape]) -> Shape | None:
    """The drawn shape the new one copies."""
    drawn = [s for s in st.diagram.shapes if s.id != new.id and not s.children]
    scored = [(fuzz.token_set_ratio(new.label.lower(), s.label.lower()), s) for s in drawn]
    scored = [(r, s) for r, s in scored if r >= LIKE]
    if scored:
        best = max(r for r, _ in scored)
        top = [s for r, s in scored if r == best]
        if len(top) == 1:
            return top[0]
    near = [s for s in context if s.id != new.id and not s.children]
    return near[-1] if near else None


def copy_of(st: State, new: Shape, like: Shape) -> tuple[Shape, list[str]]:
    """`new` moved into `like`'s container and given its links; the new shape (its id may
    have changed) and the links made, as "A -> B"."""
    if new.parent != like.parent:
        st.d2 = E.move_shape(st.d2, new.id, like.parent, diagram=st.diagram)
        moved = st.diagram.shape(f"{like.parent}.{new.name}" if like.parent else new.name)
        new = moved if moved is not None else new
    drawn = {frozenset((c.src, c.dst)): c for c in st.diagram.connections}
    linked = set(drawn)
    made = []
    for c in list(st.diagram.connections):
        if like.id not in (c.src, c.dst) or c.src == c.dst:
            continue
        src = new.id if c.src == like.id else c.src
        dst = new.id if c.dst == like.id else c.dst
        bare = drawn.get(frozenset((src, dst)))
        if bare is not None and not bare.label and c.label:
            # the link the request drew bare ("connected to X in the same manner") takes the
            # sibling's direction and label
            st.d2 = E.disconnect(st.d2, bare.src, bare.dst, diagram=st.diagram)
            linked.discard(frozenset((src, dst)))
        if frozenset((src, dst)) in linked:
            continue
        st.connect(src, dst, c.label or None)
        linked.add(frozenset((src, dst)))
        made.append(f"{src} -> {dst}")
    return new, made
