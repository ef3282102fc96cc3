"""Resolve what a user calls a shape ("the db", "the lb", "redis", "Orders API") to shape ids.

A reference matches by id, by label, by the kind its words name (via the knowledge base's
synonyms, so "the database" finds a shape labelled "PostgreSQL"), or by class. Several equally
good matches make the reference ambiguous: the caller asks which one instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.kb import Kind, KnowledgeBase

_ARTICLES = re.compile(r"^(?:the|a|an|our|my|this|that|existing|current|new)\s+")


def clean_ref(ref: str) -> str:
    ref = ref.strip().strip(".,!?'\"`").lower()
    prev = None
    while prev != ref:
        prev, ref = ref, _ARTICLES.sub("", ref)
    return re.sub(r"\s+(?:shape|node|box|component|container|one)$", "", ref).strip()


def shape_kind(kb: KnowledgeBase, shape: Shape) -> Kind | None:
    """The kind a shape is, read from its label then its id."""
    for text in (shape.label, shape.name.replace("_", " ")):
        found = kb.find(text)
        if found:
            return max(found, key=lambda m: (not m.kind.generic, len(m.phrase))).kind
    return None


@dataclass
class Resolution:
    shapes: list[Shape]

    @property
    def ok(self) -> bool:
        return len(self.shapes) == 1

    @property
    def shape(self) -> Shape:
        return self.shapes[0]


def resolve(
    kb: KnowledgeBase, diagram: Diagram, ref: str, *, containers: bool = False
) -> Resolution:
    """Shapes `ref` may mean, best tier only (empty: none; several: ambiguous)."""
    r = clean_ref(ref)
    if not r:
        return Resolution([])
    shapes = [s for s in diagram.shapes if containers or not _is_zone(s)]
    if containers:
        shapes = diagram.shapes
    tiers = [
        [s for s in shapes if s.id.lower() == r or s.name.lower() == r],
        [s for s in shapes if s.label.lower() == r],
        [s for s in shapes if s.name.lower() == r.replace(" ", "_")],
    ]
    for tier in tiers:
        if tier:
            return Resolution(_unique(tier))
    kind = kb.kind_for(r)
    if kind is not None:
        same_kind = [s for s in shapes if (k := shape_kind(kb, s)) is not None and k.id == kind.id]
        if same_kind:
            return Resolution(_unique(same_kind))
        same_cat = [
            s
            for s in shapes
            if (k := shape_kind(kb, s)) is not None and k.category == kind.category
        ]
        if same_cat:
            return Resolution(_unique(same_cat))
        if kind.generic:
            same_cls = [s for s in shapes if kind.cls in s.classes and kind.cls != "process"]
            if same_cls:
                return Resolution(_unique(same_cls))
    words = [w for w in re.split(r"\W+", r) if len(w) > 2]
    if words:
        partial = [
            s for s in shapes if all(w in s.label.lower() or w in s.id.lower() for w in words)
        ]
        if partial:
            return Resolution(_unique(partial))
    return Resolution([])


def _is_zone(s: Shape) -> bool:
    return "zone" in s.classes or bool(s.children)


def _unique(shapes: list[Shape]) -> list[Shape]:
    return list({s.id: s for s in shapes}.values())


def describe(shapes: list[Shape]) -> str:
    names = [f"{s.label} ({s.id})" for s in shapes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]
