"""The analysis: a compiled D2 diagram (or its text, or the graph validate made of it) -> its
threat model.

In the pipeline the diagram comes as the graph the validate stage compiled
(``ValidationResult.graph``: the shapes and connections with everything the classification
reads), so the threats stage never compiles the D2 again (:func:`analyze_graph`).
"""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Connection, Diagram, Shape
from services.threats import rules, stride
from services.threats.classify import elements_of, flows_of
from services.threats.facts import Facts
from shared.contracts import DiagramGraph
from shared.threats.model import ThreatModel, severity_rank


def analyze(diagram: Diagram) -> ThreatModel:
    """The threat model of a compiled diagram (its root board)."""
    elements = elements_of(diagram)
    flows = flows_of(diagram, elements)
    facts = Facts(elements, flows)
    threats = []
    for e in elements:
        if e.kind == "external_entity":
            threats += stride.external_entity(facts, e)
        elif e.kind == "process":
            threats += stride.process(facts, e)
        elif e.kind == "data_store":
            threats += stride.data_store(facts, e)
    seen: dict[str, int] = {}
    for f in flows:
        nth = seen.get(f.key, 0)
        seen[f.key] = nth + 1
        if f.crosses_boundary:
            threats += stride.crossing_flow(facts, f, nth)
    for rule in rules.RULES:
        threats += rule(facts)
    threats.sort(key=lambda t: (t.status != "open", -severity_rank(t.severity), t.id))
    return ThreatModel(elements=elements, flows=flows, threats=threats)


def analyze_text(text: str) -> ThreatModel:
    """Compile D2 text and analyse it; raises D2Error when it does not compile."""
    return analyze(compile_d2(text))


def diagram_of(graph: DiagramGraph) -> Diagram:
    """The root board of a compiled diagram back from its graph (``to_graph``): what the
    classification reads of each shape and connection."""
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


def analyze_graph(graph: DiagramGraph) -> ThreatModel:
    """The threat model of the graph validate made (no compile)."""
    return analyze(diagram_of(graph))
