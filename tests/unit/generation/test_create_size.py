"""A first diagram holds what was named plus only the defaults it needs (issue 11, size).

Sentences here are our own, not the evaluation sets'.
"""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram
from services.dsl.generation import architect
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read
from services.dsl.generation.request import GenerationRequest
from services.dsl.generation.subject import drop_subject
from shared.contracts import GenerationKind, Intent, SessionSnapshot


def diagram(query: str) -> Diagram:
    session = SessionSnapshot(session_id="t", current_d2=None)
    r = architect.answer(GenerationRequest(intent=Intent.DSL_CREATE, query=query, session=session))
    assert r.kind is GenerationKind.DIAGRAM
    return compile_d2(r.d2 or "")


def labels(d: Diagram) -> list[str]:
    return [s.label.lower() for s in d.shapes if not s.children]


def linked(d: Diagram, a: str, b: str) -> bool:
    ids = {s.id: s.label.lower() for s in d.shapes}
    return any(
        (a in ids[c.src] and b in ids[c.dst]) or (b in ids[c.src] and a in ids[c.dst])
        for c in d.connections
    )


def test_a_plain_website_gets_no_load_balancer_until_scale_is_asked() -> None:
    plain = labels(diagram("a recipe sharing website with a django backend and postgres"))
    assert not any("load balancer" in x for x in plain), plain
    busy = labels(diagram("a highly available recipe website with a django backend and postgres"))
    assert any("load balancer" in x for x in busy), busy


def test_a_domain_word_alone_does_not_add_the_security_trio() -> None:
    got = labels(diagram("a medical records viewer: react frontend, go api and postgres"))
    assert not any("secrets" in x for x in got), got


def test_an_arrow_chain_is_drawn_without_skeleton_parts() -> None:
    d = diagram("rabbitmq -> celery workers -> elasticsearch")
    got = labels(d)
    assert len(got) <= 4, got
    assert not any(x in ("database", "web app", "api") for x in got), got
    assert linked(d, "rabbitmq", "celery")
    assert linked(d, "celery", "elasticsearch")


def test_the_system_asked_for_and_its_asker_are_not_boxes() -> None:
    d = diagram(
        "we run a bicycle rental company and need a booking platform: a vue frontend, "
        "a fastapi backend, postgres and stripe"
    )
    got = " | ".join(labels(d))
    for name in ("vue", "fastapi", "postgres", "stripe"):
        assert name in got, got
    assert "company" not in got and "platform" not in got, got


def test_a_system_that_acts_in_the_request_stays_a_box() -> None:
    kb = knowledge_base()
    query = "design a grading platform that pulls submissions from github and stores marks in mysql"
    mentions, _ = drop_subject(query, *read(kb, query))
    assert any("grading platform" in m.label.lower() for m in mentions)
