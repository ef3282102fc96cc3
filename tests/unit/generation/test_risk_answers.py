"""Risk questions ("is this secure?", "what could go wrong with the database?", "what are the
HIPAA risks?") answered from the current diagram's threat model, citing its elements: by the
dsl stage without an LLM, and with one (the real SDK against the local provider stand-in) the
model's findings go into the prompt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.dsl.generation import GenerationRequest
from services.dsl.generation.llm_generator import llm_answer
from services.dsl.generation.risk import prompt_context, with_risks
from services.dsl.stage import generate
from services.threats import analyze_text
from shared.contracts import (
    GenerationKind,
    GenerationResult,
    Intent,
    IntentResult,
    IntentSource,
    JobContext,
    SessionSnapshot,
)
from shared.llm import build_gateway
from tests.unit.llm.conftest import make_settings
from tests.unit.llm.standin import ANTHROPIC, Reply, StandIn, start_standin

CLINIC = """
patients: Patients {shape: person}
admins: Administrators {shape: person}
app: {web: Web portal; api: API; admin: Admin console}
data: {records: Patient records {shape: cylinder}}
patients -> app.web: HTTPS
admins -> app.admin
app.web -> app.api
app.admin -> app.api
app.api -> data.records: SQL
"""


def ctx(question: str, d2: str | None = CLINIC) -> JobContext:
    return JobContext(
        job_id="j" * 32,
        user_id=1,
        project_id=1,
        project_code="ABCDEFG",
        query=question,
        session=SessionSnapshot(session_id="s", current_d2=d2),
        intent=IntentResult(intent=Intent.EXPERT_QA, confidence=0.9, source=IntentSource.PATTERN),
    )


def test_is_this_secure_is_answered_from_the_diagram_without_an_llm() -> None:
    out = generate(ctx("is this secure?")).generation
    assert out is not None and out.kind is GenerationKind.ANSWER and out.generator == "architect"
    model = analyze_text(CLINIC)
    serious = [t for t in model.open_threats() if t.severity in ("high", "critical")]
    assert out.message.startswith(f"Not yet: {len(serious)} high or critical threat(s) are open")
    worst = max(
        model.open_threats(), key=lambda t: ("low", "medium", "high", "critical").index(t.severity)
    )
    assert worst.title in out.message
    for cited in ("`app.web`", "`data.records`"):
        assert cited in out.message
    assert "threat model" in out.notes


def test_what_could_go_wrong_with_the_database_names_the_store() -> None:
    out = generate(ctx("what could go wrong with the database?")).generation
    assert out is not None
    assert "Patient records (`data.records`)" in out.message.splitlines()[0]
    threats_on_db = [t for t in analyze_text(CLINIC).open_threats() if "data.records" in t.target]
    assert threats_on_db and all(t.title in out.message for t in threats_on_db[:3])


def test_hipaa_risks_name_the_health_data() -> None:
    out = generate(ctx("what are the HIPAA risks?")).generation
    assert out is not None
    assert "health data (PHI) (held or carried by Patient records (`data.records`)" in out.message


def test_a_risk_question_without_a_diagram_keeps_the_guidance() -> None:
    out = generate(ctx("is this secure?", d2=None)).generation
    assert out is not None and "threat model" not in out.notes
    assert "`" not in out.message.splitlines()[0]


def test_a_question_that_is_not_about_risks_keeps_the_guidance() -> None:
    out = generate(ctx("how should I version my REST API?")).generation
    assert out is not None and "threat model" not in out.notes


def test_an_llm_answer_is_left_as_it_is() -> None:
    request = GenerationRequest(
        intent=Intent.EXPERT_QA,
        query="is this secure?",
        session=SessionSnapshot(session_id="s", current_d2=CLINIC),
    )
    llm = GenerationResult(kind=GenerationKind.ANSWER, message="From the LLM.", generator="llm")
    assert with_risks(request, llm) == llm


@pytest.fixture
def standin() -> Iterator[StandIn]:
    stand = start_standin()
    yield stand
    stand.server.shutdown()
    stand.server.server_close()


def test_with_an_llm_the_prompt_carries_the_threat_model(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(text="The admin console is exposed."))
    gw = build_gateway(make_settings(standin.url, None))
    request = GenerationRequest(
        intent=Intent.EXPERT_QA,
        query="what are the security risks of this design?",
        session=SessionSnapshot(session_id="s", current_d2=CLINIC),
    )
    r = llm_answer(request, gw)
    assert r.generator == "llm" and r.message == "The admin console is exposed."
    system = standin.calls(ANTHROPIC)[0]["system"]
    if isinstance(system, list):  # the SDK may send the system prompt as blocks
        system = "".join(b.get("text", "") for b in system)
    assert "THE DIAGRAM'S THREAT MODEL" in system
    assert prompt_context(request.query, CLINIC) in system
    model = analyze_text(CLINIC)
    assert f"open threats: {model.counts()['critical']} critical" in system
    assert "Admin console (`app.admin`)" in system


def test_prompt_context_lists_the_worst_threats_for_other_questions() -> None:
    text = prompt_context("how do I scale this?", CLINIC)
    assert text.startswith("Threat model of this diagram")
    assert "[critical]" in text or "[high]" in text
    assert prompt_context("is this secure?", None) == ""
