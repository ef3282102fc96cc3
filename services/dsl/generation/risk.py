"""Risk questions answered from the diagram's threat model ("is this secure?", "what could go
wrong with the database?", "what are the HIPAA risks?").

When the question is about risks and the session has a diagram, the built-in answer is the
threat model's (services/threats/answers.py: open threats worst first with the diagram's
evidence and the fix, citing every element by label and id) instead of the general guidance,
and the LLM's expert prompt carries the same findings and the model's counts to ground it.

Called by the dsl stage after the generator (`with_risks`) and by the LLM generator (the
prompt), never by the architect or the expert: the threats package reads the knowledge base
(services/dsl/generation/kb.py), so the generation package must not import this module while
it initialises.
"""

from __future__ import annotations

from services.dsl.d2 import D2Error
from services.dsl.generation.request import GenerationRequest
from services.threats import analyze_text
from services.threats.answers import RiskAnswer, answer, is_risk_question
from services.threats.model import ThreatModel, severity_rank
from services.threats.report import summary
from shared.contracts import GenerationKind, GenerationResult, Intent


def diagram_model(current_d2: str | None) -> ThreatModel | None:
    """The threat model of the session's diagram (None without one, or when it does not
    compile)."""
    if not current_d2:
        return None
    try:
        return analyze_text(current_d2)
    except D2Error:
        return None


def risk_answer(question: str, current_d2: str | None) -> RiskAnswer | None:
    """The threat model's answer to a risk question about the current diagram, or None when
    the question is not about risks or there is no diagram to analyse."""
    if not is_risk_question(question):
        return None
    model = diagram_model(current_d2)
    return answer(model, question) if model is not None else None


def prompt_context(question: str, current_d2: str | None) -> str:
    """The threat model's findings for an LLM prompt ("" when none apply)."""
    model = diagram_model(current_d2)
    if model is None:
        return ""
    found = answer(model, question) if is_risk_question(question) else None
    lines = [f"Threat model of this diagram (STRIDE and rules): {summary(model)}."]
    if found is not None:
        lines += ["Findings for this question (cite these elements by label and id):", found.text]
    else:
        worst = sorted(model.open_threats(), key=lambda t: -severity_rank(t.severity))[:5]
        lines += [f"- [{t.severity}] {t.title} on {t.target}: {t.evidence}" for t in worst]
    return "\n".join(lines)


def with_risks(request: GenerationRequest, result: GenerationResult) -> GenerationResult:
    """The built-in reply to an EXPERT_QA risk question about the current diagram, answered
    from its threat model; any other reply (and an LLM's answer) as it is."""
    if request.intent is not Intent.EXPERT_QA or result.generator == "llm":
        return result
    if result.kind is not GenerationKind.ANSWER:
        return result
    risks = risk_answer(request.query, request.session.current_d2)
    if risks is None:
        return result
    text = risks.text
    notes = ["threat model", *(f"cites: {e}" for e in risks.elements[:12])]
    if "llm_unavailable" in result.notes:  # the LLM failed: keep its note's first sentence
        text = f"{result.message.split('. ', 1)[0]}. {text}"
        notes.insert(0, "llm_unavailable")
    return result.model_copy(update={"message": text, "notes": notes})
