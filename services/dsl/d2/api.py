"""Public operations of the D2 core: compile, graph, validate (policy + style), format.

``validate_d2`` is the gate every diagram passes before layout and storage: size, hidden
characters (``invisible.py``), imports and URLs (``validate.py``) before the text is compiled,
then limits, the style pack and edges to declared shapes on the compiled model.
"""

from __future__ import annotations

from typing import Literal, cast

from services.dsl.d2 import ast as A
from services.dsl.d2.core import compile_ast, compile_text, parse_text
from services.dsl.d2.errors import D2Error, D2Issue, only_d2_errors
from services.dsl.d2.formatter import format_ast
from services.dsl.d2.invisible import escape_issues, text_issues
from services.dsl.d2.model import Connection, Diagram, Shape
from services.dsl.d2.validate import find_imports, limit_issues, style_issues, url_issues
from shared.contracts import DiagramGraph, GraphEdge, GraphNode, ValidationResult
from shared.settings import D2Settings, d2_settings

Direction = Literal["right", "down", "left", "up"]


def compile_d2(text: str) -> Diagram:
    """Compile D2 text into the model; raises D2Error (never anything else)."""
    return compile_text(text)


@only_d2_errors
def format_d2(text: str) -> str:
    """Canonical text of `text`; raises D2Error when it does not parse."""
    return format_ast(parse_text(text))


def to_graph(diagram: Diagram) -> DiagramGraph:
    """The compiled model reduced to what layout and rendering need."""
    nodes = [
        GraphNode(
            id=s.id,
            label=s.label,
            shape=s.shape,
            parent=s.parent,
            classes=list(s.classes),
            icon=s.icon,
            tooltip=s.tooltip,
            link=s.link,
            style=dict(s.style),
            is_container=bool(s.children),
            name=s.name,
            seq_role=s.seq_role,
        )
        for s in diagram.shapes
    ]
    edges = [
        GraphEdge(
            id=c.id,
            src=c.src,
            dst=c.dst,
            src_arrow=c.src_arrow,
            dst_arrow=c.dst_arrow,
            label=c.label,
            classes=list(c.classes),
            style=dict(c.style),
        )
        for c in diagram.connections
    ]
    direction = (
        diagram.direction if diagram.direction in ("right", "down", "left", "up") else "right"
    )
    return DiagramGraph(
        direction=cast(Direction, direction),
        direction_given=diagram.direction in ("right", "down", "left", "up"),
        nodes=nodes,
        edges=edges,
    )


@only_d2_errors
def validate_d2(text: str, settings: D2Settings | None = None) -> ValidationResult:
    """Compile + safety policy + style pack. Returns canonical text and graph; raises D2Error
    carrying every issue found."""
    settings = settings or d2_settings()
    if not isinstance(text, str):
        raise D2Error([D2Issue(1, 1, "input must be text", "D2_SYNTAX")])
    size = len(text.encode("utf-8", errors="replace"))
    if size > settings.max_input_bytes:
        raise D2Error(
            [
                D2Issue(
                    1,
                    1,
                    f"input is {size} bytes (limit {settings.max_input_bytes})",
                    "D2_TOO_LARGE",
                )
            ]
        )
    hidden = text_issues(text)
    if hidden:  # refused before anything reads the text
        raise D2Error(hidden)
    tree = parse_text(text)
    src = A.Source(text)
    issues = escape_issues(tree, text) + find_imports(tree, src) + url_issues(tree, src, settings)
    if issues:
        raise D2Error(issues)
    diagram = compile_ast(text, tree)
    issues = limit_issues(text, diagram, settings) + style_issues(diagram, settings)
    issues += _edge_issues(diagram)
    if issues:
        raise D2Error(issues)
    warnings = [f"{b}: board kept as written" for b in diagram.boards]
    return ValidationResult(d2=format_ast(tree), graph=to_graph(diagram), warnings=warnings)


def _edge_issues(diagram: Diagram) -> list[D2Issue]:
    """Style pack: connections join shapes that are declared, not ones an edge made up."""
    by_id = {s.id: s for s in diagram.shapes}
    out: list[D2Issue] = []
    for c in diagram.connections:
        for end in (c.src, c.dst):
            s = by_id.get(end)
            if s is not None and not s.declared:
                out.append(
                    D2Issue(
                        c.line or 1,
                        c.column or 1,
                        f"connection {c.src} -> {c.dst} refers to '{end}', which is not "
                        "declared as a shape",
                        "STYLE_EDGE",
                    )
                )
    return out


def from_graph(graph: DiagramGraph) -> Diagram:
    """The root board of a compiled diagram back from its graph (the inverse of `to_graph`
    for what the graph keeps; the threat analysis reads it without compiling again)."""
    shapes = [
        Shape(
            id=n.id,
            name=n.name or n.id.rsplit(".", 1)[-1],
            label=n.label,
            shape=n.shape,
            parent=n.parent,
            classes=list(n.classes),
            icon=n.icon,
            tooltip=n.tooltip,
            link=n.link,
            style=dict(n.style),
            seq_role=n.seq_role,
        )
        for n in graph.nodes
    ]
    connections = [
        Connection(
            id=e.id,
            src=e.src,
            dst=e.dst,
            src_arrow=e.src_arrow,
            dst_arrow=e.dst_arrow,
            label=e.label,
            classes=list(e.classes),
            style=dict(e.style),
        )
        for e in graph.edges
    ]
    return Diagram(shapes=shapes, connections=connections, direction=graph.direction)
