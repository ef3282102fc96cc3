"""Threat modelling of a D2 diagram: the diagram as a data-flow model (external entities,
processes, data stores, trust boundaries, flows), STRIDE per element plus specific rules, each
threat mitigated or open with the diagram's evidence, and what reads the result — the Markdown
report, the OWASP Threat Dragon export, the diff of two models, answers to risk questions and
the React Flow ``threats`` view. A pure library: no I/O.
"""

from services.threats.analyze import analyze, analyze_text
from shared.threats.model import Element, Flow, Threat, ThreatModel

__all__ = ["Element", "Flow", "Threat", "ThreatModel", "analyze", "analyze_text"]
