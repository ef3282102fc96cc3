"""The analysis: a compiled D2 diagram (or its text, or the graph validate made of it) -> its
threat model.

In the pipeline the diagram comes as the graph the validate stage compiled
(``ValidationResult.graph``: the shapes and connections with everything the classification
reads), so the threats stage never compiles the D2 again (:func:`analyze_graph`).
"""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.api import from_graph
from services.dsl.d2.model import Diagram
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


def analyze_graph(graph: DiagramGraph) -> ThreatModel:
    """The threat model of the graph validate made (no compile)."""
    return analyze(from_graph(graph))
