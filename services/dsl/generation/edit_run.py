"""The state of one edit request while its operations are applied, and how the mentions
of an operation resolve to the diagram's shapes (one, each of a collective, the ones a link
joins, the child of a container that is linked to the other end).

Part of the update path (:mod:`edit_ops` applies the operations); pure functions over the
:class:`Run`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.dsl.d2.model import Shape
from services.dsl.generation.edit_state import Clarify, State
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import Op
from services.dsl.generation.refs import describe


@dataclass
class Run:
    st: State
    context: list[Shape] = field(default_factory=list)
    touched: list[Shape] = field(default_factory=list)
    follow: str = ""  # the tail of an "add" clause, read next with the new shape as "it"
    auto: list[tuple[str, str]] = field(default_factory=list)  # links an add made by default
    cut: set[frozenset[str]] = field(default_factory=set)  # links this request removed
    edge: tuple[Shape, Shape] | None = None  # the link this clause named or made
    named: tuple[Shape, Shape] | None = None  # the link the previous clause named ("label it")
    bypassed: tuple[Shape, Shape] | None = None  # the direct link a new middle shape bypasses
    last_cut: tuple[Shape, Shape] | None = None  # the link this request cut last (src, dst)
    made: dict[str, str] = field(default_factory=dict)  # a stated new component -> its id
    said: list[Op] = field(default_factory=list)  # the properties the last property clause set
    # shapes the whole request names by their full label or id, with the words it used:
    # a shorter mention elsewhere that could mean several ("permit") means the one spelt out
    exact: list[tuple[str, frozenset[str]]] = field(default_factory=list)


class Args:
    """The named groups the grammar's command functions read, given as plain strings."""

    def __init__(self, **groups: str | None) -> None:
        self.groups = groups

    def group(self, name: str) -> str | None:
        return self.groups.get(name)


def narrowed(m: Mention, keep: list[Shape]) -> Mention:
    """`m` with only the candidates `keep` (unchanged when that leaves none)."""
    ids = {s.id for s in keep}
    shapes = [s for s in m.shapes if s.id in ids]
    if not shapes or len(shapes) == len(m.shapes):
        return m
    return Mention(m.start, m.end, m.text, shapes, m.collective, m.count, m.pronoun, m.tier)


def by_links(run: Run, a: list[Mention], b: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """An edge's two ends: an ambiguous end narrowed to the candidates linked to the other
    (the developer's push to "github": the GitHub shape the developer is linked to)."""
    pairs = {frozenset((c.src, c.dst)) for c in run.st.diagram.connections}

    def narrow(ms: list[Mention], others: list[Mention]) -> list[Mention]:
        ends = {s.id for o in others if not o.ambiguous for s in o.shapes}
        if not ends:
            return ms
        return [
            narrowed(m, [s for s in m.shapes if any(frozenset((s.id, e)) in pairs for e in ends)])
            if m.ambiguous
            else m
            for m in ms
        ]

    return narrow(a, b), narrow(b, a)


def shapes_of(run: Run, mentions: list[Mention], *, containers: bool = False) -> list[Shape]:
    out: list[Shape] = []
    homes = {s.parent for m in mentions if not m.ambiguous and not m.pronoun for s in m.shapes}
    for m in mentions:
        if m.ambiguous and homes:
            # "the core api, billing and the jobs": the billing next to the others
            m = narrowed(m, [s for s in m.shapes if s.parent in homes])
        cands = m.shapes
        if not containers and len(cands) > 1:
            leaves = [s for s in cands if not s.children]
            cands = leaves or cands
        if len(cands) > 1 and not m.collective:
            cands = spelt_out(run, m, cands)
        if len(cands) > 1 and not m.collective:
            raise Clarify(f"“{m.text}” could mean {describe(cands)}. Which one?")
        if not containers and m.collective and not m.pronoun:
            # "the application services": what the container of that name holds
            cands = [leaf for s in cands for leaf in ([s] if not s.children else leaves_of(run, s))]
        for s in cands:
            live = run.st.diagram.shape(s.id)
            if live is not None and live.id not in {o.id for o in out}:
                out.append(live)
    return out


def spelt_out(run: Run, m: Mention, cands: list[Shape]) -> list[Shape]:
    """The one candidate of an ambiguous mention that the request names in full elsewhere
    with the mention's words inside ("when a permit is approved ... the permit service must
    call it": the Permit Service, not the Permits DB)."""
    words = frozenset(m.text.lower().split())
    ids = {c.id for c in cands}
    named = {i for i, said in run.exact if i in ids and words <= said}
    if len(named) != 1:
        return cands
    return [c for c in cands if c.id in named]


def leaves_of(run: Run, c: Shape) -> list[Shape]:
    return [s for s in run.st.diagram.shapes if s.id.startswith(c.id + ".") and not s.children]


def one(run: Run, mentions: list[Mention], *, containers: bool = True) -> Shape:
    found = shapes_of(run, mentions[:1], containers=containers)
    if not found:
        raise Clarify("Which component do you mean?")
    return found[0]


def fitting(
    run: Run, said: list[Mention], shapes: list[Shape], idle: Callable[[Shape], bool]
) -> list[Shape]:
    """What a lone "it" means by the role it plays: when the operation would leave the shape
    "it" was resolved to as it is (already linked to the other end, already in the box),
    the latest shape of the previous clause it would change is meant ("X needs payments,
    hook it up to billing" links X, not the payments billing already calls)."""
    if len(said) != 1 or not said[0].pronoun or said[0].text not in ("it", "its"):
        return shapes  # "they" after a link is read by its own rule
    if len(shapes) != 1 or not idle(shapes[0]):
        return shapes
    other = [s for s in run.context if s.id != shapes[0].id and not idle(s)]
    return other[-1:] or shapes


def drawn_pairs(run: Run) -> set[tuple[str, str]]:
    return {(c.src, c.dst) for c in run.st.diagram.connections}


def edge_between(run: Run, a: Shape, b: Shape) -> tuple[str, str, str] | None:
    for c in run.st.diagram.connections:
        if (c.src, c.dst) in ((a.id, b.id), (b.id, a.id)):
            return c.src, c.dst, c.label
    return None


def into_child(run: Run, c: Shape, other: Shape) -> Shape:
    """A link's end named by its container ("the link to kafka"): the one shape inside it
    that is linked to the other end, when the container itself is not."""
    if not c.children or edge_between(run, c, other) is not None:
        return c
    inner = [
        s
        for s in run.st.diagram.shapes
        if s.id.startswith(c.id + ".") and edge_between(run, s, other) is not None
    ]
    return inner[0] if len(inner) == 1 else c


def kwargs(**groups: Any) -> Args:
    return Args(**groups)
