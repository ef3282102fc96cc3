"""The LLM generator over the real SDKs against the local provider stand-in: fenced D2,
invalid D2 then a fix (errors with positions sent back), never-valid D2 and a provider down
(both fall back to the built-in architect with a note)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.dsl.generation import GenerationRequest
from services.dsl.generation.llm_generator import llm_answer
from shared.contracts import GenerationKind, Intent, SessionSnapshot
from shared.llm import build_gateway
from shared.settings import clear_caches
from tests.unit.llm.conftest import make_settings
from tests.unit.llm.standin import (
    ANTHROPIC,
    OPENAI,
    Reply,
    StandIn,
    closed_port_url,
    start_standin,
)


@pytest.fixture
def standin() -> Iterator[StandIn]:
    stand = start_standin()
    yield stand
    stand.server.shutdown()
    stand.server.server_close()


GOOD = """direction: right
classes: {
  client: {shape: rectangle}
  process: {shape: rectangle}
}
users: {label: "Users"; class: client}
api: {label: "API"; class: process}
users -> api: "HTTPS"
"""
BAD = 'direction: right\nusers: {label: "Users"; class: nonsense}\nUsers Service -> \n'


def req(query: str = "a small api", intent: Intent = Intent.DSL_CREATE) -> GenerationRequest:
    return GenerationRequest(intent=intent, query=query, session=SessionSnapshot(session_id="t"))


def test_fenced_d2_is_accepted_with_usage(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(text=f"Sure!\n```d2\n{GOOD}```\n"), Reply(text="An API."))
    gw = build_gateway(make_settings(standin.url, None))
    r = llm_answer(req(), gw)
    assert r.kind is GenerationKind.DIAGRAM and r.generator == "llm"
    assert r.d2 == GOOD
    assert r.message == "An API."
    assert [u.purpose for u in r.usage] == ["create", "explain"]
    assert "STYLE PACK" in standin.calls(ANTHROPIC)[0]["system"]


def test_invalid_d2_is_repaired_with_positions(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(text=BAD), Reply(text=GOOD), Reply(text="Fixed."))
    gw = build_gateway(make_settings(standin.url, None))
    r = llm_answer(req(), gw)
    assert r.generator == "llm" and r.d2 == GOOD and r.notes == ["repairs: 1"]
    repair = standin.calls(ANTHROPIC)[1]["messages"][-1]["content"]
    assert "line 3:" in repair or "line 2:" in repair  # line:column of each problem


def test_never_valid_d2_falls_back_to_the_architect(standin: StandIn) -> None:
    clear_caches()
    standin.script(ANTHROPIC, *[Reply(text=BAD) for _ in range(5)])
    gw = build_gateway(make_settings(standin.url, None))
    r = llm_answer(req("a web app with postgres"), gw)
    assert r.generator == "architect" and r.kind is GenerationKind.DIAGRAM
    assert r.message.startswith("The language model could not produce a valid diagram")
    assert "PostgreSQL" in (r.d2 or "")
    assert len(standin.calls(ANTHROPIC)) == 1 + 2  # first try + LLM_MAX_REPAIRS (default 2)


def test_update_sends_the_current_d2(standin: StandIn) -> None:
    standin.script(OPENAI, Reply(text=GOOD), Reply(text="Changed."))
    gw = build_gateway(make_settings(None, standin.url))
    request = GenerationRequest(
        intent=Intent.DSL_UPDATE,
        query="add an api",
        session=SessionSnapshot(session_id="t", current_d2='users: {label: "Users"}\n'),
    )
    r = llm_answer(request, gw)
    assert r.generator == "llm" and r.usage[0].purpose == "update"
    assert "CURRENT DIAGRAM" in standin.calls(OPENAI)[0]["messages"][0]["content"]


def test_provider_down_falls_back_with_a_note() -> None:
    gw = build_gateway(make_settings(closed_port_url(), None, LLM_MAX_RETRIES=0))
    r = llm_answer(req("a simple blog"), gw)
    assert r.generator == "architect" and r.kind is GenerationKind.DIAGRAM
    assert r.message.startswith("The language model is unavailable")
    assert "llm_unavailable" in r.notes


def test_expert_answer_uses_guidance(standin: StandIn) -> None:
    standin.script(ANTHROPIC, Reply(text="Use a secrets manager."))
    gw = build_gateway(make_settings(standin.url, None))
    r = llm_answer(req("where do I keep api keys?", Intent.EXPERT_QA), gw)
    assert r.generator == "llm" and r.message == "Use a secrets manager."
    assert "RELEVANT GUIDANCE" in standin.calls(ANTHROPIC)[0]["system"]


def test_generate_picks_the_llm_when_a_key_is_configured(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.dsl.generation import generate
    from shared.llm import reset_gateway

    standin.script(ANTHROPIC, Reply(text=GOOD), Reply(text="Done."))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", standin.url)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    clear_caches()
    reset_gateway()
    try:
        assert generate(req()).generator == "llm"
        monkeypatch.delenv("ANTHROPIC_API_KEY")
        clear_caches()
        reset_gateway()
        assert generate(req()).generator == "architect"
    finally:
        clear_caches()
        reset_gateway()
