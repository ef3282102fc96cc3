"""The built-in architect's create path: what it builds for a request."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.dsl.d2 import compile_d2, validate_d2
from services.dsl.generation import GenerationRequest, generate
from services.dsl.generation.kb import knowledge_base
from shared.contracts import GenerationKind, GenerationResult, Intent, SessionSnapshot
from shared.stylepack import ID_MAX_LEN, LABEL_MAX_LEN


def ask(
    query: str, intent: Intent = Intent.DSL_CREATE, base: str | None = None
) -> GenerationResult:
    session = SessionSnapshot(session_id="t", current_d2=base)
    return generate(GenerationRequest(intent=intent, query=query, session=session))


def d2_of(r: GenerationResult) -> str:
    """The diagram text of a reply that must be a diagram (an empty or missing one fails)."""
    assert r.kind is GenerationKind.DIAGRAM, r
    assert r.d2, r
    return r.d2


def leaves(d2: str) -> list:
    return [s for s in compile_d2(d2).shapes if not s.children]


def labels(d2: str) -> set[str]:
    return {s.label for s in leaves(d2)}


def test_named_technologies_win() -> None:
    r = ask("a web app with postgres, kafka and keycloak login")
    assert r.kind is GenerationKind.DIAGRAM
    got = labels(d2_of(r))
    assert {"PostgreSQL", "Kafka", "Keycloak"} <= got
    assert "Database" not in got  # the named database took the slot


def test_simple_blog_stays_small() -> None:
    r = ask("a simple blog")
    assert len(leaves(d2_of(r))) <= 4
    assert "zone" not in (d2_of(r)).split("classes:")[1].split("\n}\n")[0]


def test_secure_public_app_gets_edge_identity_and_secrets_in_zones() -> None:
    r = ask("create a secure web application with a database and authentication")
    d = compile_d2(d2_of(r))
    classes = {c for s in d.shapes for c in s.classes}
    assert {"security", "zone"} <= classes
    names = {s.name for s in d.shapes}
    assert {"waf", "identity_provider", "secrets_manager", "internet", "dmz", "data"} <= names
    waf = next(s for s in d.shapes if s.name == "waf")
    assert waf.parent == "dmz"
    # the request path enters through the WAF
    assert any(c.src == "internet.users" and c.dst == "dmz.waf" for c in d.connections)
    assert "WAF" in r.message and "zones" in r.message


def test_every_shape_is_connected() -> None:
    for query in (
        "a RAG chatbot with qdrant",
        "an iot platform",
        "a data pipeline into bigquery",
        "microservices with an event bus and monitoring",
    ):
        d = compile_d2(d2_of(ask(query)))
        touched = {c.src for c in d.connections} | {c.dst for c in d.connections}
        lonely = [s.id for s in d.shapes if not s.children and s.id not in touched]
        assert lonely == [], query


def test_microservices_use_the_named_services() -> None:
    d = compile_d2(d2_of(ask("microservices with billing, shipping and inventory services")))
    names = {s.name for s in d.shapes}
    assert {"billing_service", "shipping_service", "inventory_service"} <= names
    assert {"billing_db", "shipping_db", "inventory_db"} <= names


def test_direction_as_asked() -> None:
    assert (d2_of(ask("a simple blog, top down"))).startswith("direction: down\n")
    # not asked for: no direction written, so layout may choose it by the diagram's shape
    assert not (d2_of(ask("a simple blog"))).startswith("direction")
    assert (d2_of(ask("a simple blog, left to right"))).startswith("direction: right\n")


def test_monitoring_when_asked_connects_services() -> None:
    d = compile_d2(d2_of(ask("a web app with prometheus monitoring")))
    mon = next(s for s in d.shapes if s.label == "Prometheus")
    sources = {c.src for c in d.connections if c.dst == mon.id}
    assert len(sources) >= 2


def test_update_without_a_diagram_creates_one() -> None:
    r = ask("add a redis cache", Intent.DSL_UPDATE, None)
    assert r.kind is GenerationKind.DIAGRAM
    assert "no diagram yet" in r.message
    assert "Redis cache" in labels(d2_of(r))


_WORDS = sorted({s for k in knowledge_base().kinds.values() for s in k.synonyms})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6),
    st.sampled_from(["", "secure ", "simple ", "scalable ", "hipaa compliant "]),
    st.sampled_from(["", ", top down", " with login and monitoring"]),
)
def test_any_request_gives_style_pack_d2(words: list[str], concern: str, tail: str) -> None:
    query = f"a {concern}system with " + ", ".join(words) + tail
    r = ask(query)
    d2 = d2_of(r)
    assert re.match(r"(direction: down\n\n)?classes: \{", d2)
    assert d2.startswith("direction: down") == tail.startswith(", top down")
    validate_d2(d2)  # compiles and passes the style pack, or raises
    for s in leaves(d2):
        assert s.classes and s.label
        assert len(s.name) <= ID_MAX_LEN and len(s.label) <= LABEL_MAX_LEN
    assert r.message.startswith("Built ")


@pytest.mark.parametrize("query", ["", "   ", "?!", "x" * 3000])
def test_odd_requests_still_give_a_diagram(query: str) -> None:
    r = ask(query)
    result = validate_d2(d2_of(r))
    assert result.graph.nodes, r.d2  # a diagram with shapes, not an empty text that validates


@pytest.mark.parametrize(
    ("query", "store", "term"),
    [
        ("create a web app with mongodb", "MongoDB", "queries"),
        ("build an api with dynamodb and elasticsearch", "DynamoDB", "read/write items"),
        ("design a microservices shop with kafka and cassandra", "Cassandra", "CQL"),
        ("create a web app with postgres", "PostgreSQL", "SQL"),
    ],
)
def test_links_into_a_store_use_its_own_term(query: str, store: str, term: str) -> None:
    diagram = compile_d2(d2_of(ask(query)))
    stores = {s.id for s in diagram.shapes if store in s.label}
    into = [c.label for c in diagram.connections if c.dst in stores]
    assert into and set(into) == {term}, into


def test_a_retyped_slot_keeps_the_id_that_names_it() -> None:
    diagram = compile_d2(d2_of(ask("design a microservices shop with kafka and cassandra")))
    ids = {s.id for s in diagram.shapes}
    assert {"data.user_db", "data.order_db", "data.payment_db"} <= ids, ids
    assert not [i for i in ids if re.search(r"_\d+$", i)]
