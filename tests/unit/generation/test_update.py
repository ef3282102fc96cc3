"""The update grammar over the D2 core's edits, reference resolution, views and expert answers."""

from __future__ import annotations

import sys

import pytest

from services.dsl.d2 import D2Error, compile_d2, validate_d2
from services.dsl.generation import GenerationRequest, generate
from services.dsl.generation.edit_state import compile_shared
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.refs import resolve
from shared.contracts import GenerationKind, GenerationResult, Intent, SessionSnapshot, ViewSpec
from shared.stylepack import icon_url

SECURE = "create a secure web application with a database and authentication"


def ask(query: str, intent: Intent, base: str | None) -> GenerationResult:
    session = SessionSnapshot(session_id="t", current_d2=base)
    return generate(GenerationRequest(intent=intent, query=query, session=session))


@pytest.fixture(scope="module")
def base() -> str:
    return ask(SECURE, Intent.DSL_CREATE, None).d2 or ""


def edit(base: str, query: str) -> GenerationResult:
    return ask(query, Intent.DSL_UPDATE, base)


def edges(d2: str) -> set[tuple[str, str]]:
    return {(c.src, c.dst) for c in compile_d2(d2).connections}


def test_insert_between_keeps_the_path(base: str) -> None:
    r = edit(base, "put a redis cache between the api and the database")
    assert r.kind is GenerationKind.DIAGRAM and "Redis cache" in r.message
    e = edges(r.d2 or "")
    assert ("private.api", "data.redis") in e and ("data.redis", "data.database") in e
    assert ("private.api", "data.database") not in e
    validate_d2(r.d2 or "")


def test_swap_renames_relabels_and_keeps_connections(base: str) -> None:
    r = edit(base, "swap the database for postgres")
    d = compile_d2(r.d2 or "")
    pg = d.shape("data.postgres")
    assert pg is not None and pg.label == "PostgreSQL" and "database" in pg.classes
    assert d.shape("data.database") is None
    assert ("private.api", "data.postgres") in edges(r.d2 or "")


def test_remove_bridges_a_pass_through_component(base: str) -> None:
    before = edges(base)
    feeds = {a for a, b in before if b.endswith(".waf")}
    fed = {b for a, b in before if a.endswith(".waf")}
    assert feeds and fed  # the secure base puts a WAF on the request path
    r = edit(base, "remove the waf")
    e = edges(r.d2 or "")
    assert not any("waf" in a or "waf" in b for a, b in e)
    assert {(a, b) for a in feeds for b in fed} <= e


def test_add_monitoring_to_all_services(base: str) -> None:
    r = edit(base, "add monitoring to all services")
    e = edges(r.d2 or "")
    mon = [b for a, b in e if b.endswith("monitoring")]
    assert {a for a, b in e if b.endswith("monitoring")} >= {"private.api", "private.web_app"}
    assert mon
    validate_d2(r.d2 or "")  # the new `monitoring` class was declared


def test_move_group_rename_connect_disconnect(base: str) -> None:
    d2 = edit(base, "move the secrets manager into the data tier").d2 or ""
    assert compile_d2(d2).shape("data.secrets_manager") is not None
    d2 = edit(d2, "group the api and the web app into Backend").d2 or ""
    d = compile_d2(d2)
    assert d.shape("private.backend.api") is not None
    d2 = edit(d2, "rename the api to Orders API").d2 or ""
    assert compile_d2(d2).shape("private.backend.orders_api").label == "Orders API"  # type: ignore[union-attr]
    d2 = edit(d2, "connect the web app to the identity provider").d2 or ""
    assert ("private.backend.web_app", "private.identity_provider") in edges(d2)
    d2 = edit(d2, "disconnect the web app from the identity provider").d2 or ""
    assert ("private.backend.web_app", "private.identity_provider") not in edges(d2)
    validate_d2(d2)


def test_several_commands_in_one_request(base: str) -> None:
    r = edit(base, "add kafka connected to the api, then make the database red")
    d = compile_d2(r.d2 or "")
    assert ("private.api", "data.kafka") in edges(r.d2 or "")
    assert d.shape("data.database").style.get("fill")  # type: ignore[union-attr]


def test_it_refers_to_the_shape_just_added(base: str) -> None:
    r = edit(base, "add a search engine and connect it to the web app")
    e = edges(r.d2 or "")
    pairs = {(a.rsplit(".", 1)[-1], b.rsplit(".", 1)[-1]) for a, b in e}
    assert ("web_app", "search_engine") in pairs or ("search_engine", "web_app") in pairs


@pytest.mark.parametrize(
    "query", ["remove the thing", "connect the api to the moon", "do something clever"]
)
def test_unknown_references_ask_instead_of_guessing(base: str, query: str) -> None:
    r = edit(base, query)
    assert r.kind is GenerationKind.ANSWER and r.d2 is None
    assert "?" in r.message or "didn't understand" in r.message


def test_ambiguous_reference_asks_which_one() -> None:
    micro = ask("microservices for user, order and payment", Intent.DSL_CREATE, None).d2
    r = edit(micro or "", "remove the service")
    assert r.kind is GenerationKind.ANSWER
    assert "User service" in r.message and "Order service" in r.message


def test_references_by_id_label_kind_and_synonym(base: str) -> None:
    d = compile_d2(base)
    kb = knowledge_base()
    assert resolve(kb, d, "the db").shape.id == "data.database"
    scaled = compile_d2(ask(SECURE + ", highly available", Intent.DSL_CREATE, None).d2 or "")
    assert resolve(kb, scaled, "the lb").shape.id == "dmz.load_balancer"
    assert resolve(kb, d, "the lb").shapes == []  # no load balancer unless scale is asked for
    assert resolve(kb, d, "Identity provider").shape.id == "private.identity_provider"
    assert resolve(kb, d, "secrets_manager").shape.id == "private.secrets_manager"
    assert resolve(kb, d, "the auth").shape.id == "private.identity_provider"
    assert resolve(kb, d, "the kafka cluster").shapes == []


def test_views(base: str) -> None:
    r = ask("show only the security components", Intent.VIEW_TOGGLE, base)
    assert r.kind is GenerationKind.VIEW and r.d2 is None
    assert r.view == ViewSpec(only_kinds=["security"], name="only security components")
    assert "WAF" in r.message
    r = ask("top down, and hide labels", Intent.VIEW_TOGGLE, base)
    assert r.view is not None and r.view.direction == "down" and r.view.hide_labels
    assert ask("data-flow view", Intent.VIEW_TOGGLE, base).view.dataflow  # type: ignore[union-attr]
    assert ask("only the queues", Intent.VIEW_TOGGLE, base).kind is GenerationKind.ANSWER
    assert ask("top down", Intent.VIEW_TOGGLE, None).kind is GenerationKind.ANSWER


def test_expert_answer_is_grounded_in_the_diagram(base: str) -> None:
    r = ask("which components store personal data?", Intent.EXPERT_QA, base)
    assert r.kind is GenerationKind.ANSWER
    assert "Database (data.database)" in r.message
    assert "Identity provider" in r.message
    assert "Load balancer" not in r.message


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("how should we store API keys and database passwords?", "secrets"),
        ("what are the STRIDE threats on the login flow?", "stride"),
        ("how do I stop prompt injection in my RAG app?", "rag_security"),
        ("how do we isolate tenants' data?", "multi_tenancy"),
        ("should traffic between services be encrypted?", "encryption"),
        ("how do I protect the login endpoint from brute force?", "rate_limiting"),
    ],
)
def test_expert_retrieval_finds_the_topic(question: str, topic: str) -> None:
    r = ask(question, Intent.EXPERT_QA, None)
    assert r.notes == [f"topic: {topic}"]


def test_clarify_and_out_of_scope_suggest_what_to_ask(base: str) -> None:
    assert "create" in ask("hmm", Intent.CLARIFY, None).message
    assert "change it" in ask("hmm", Intent.CLARIFY, base).message
    oos = ask("what's the weather?", Intent.OUT_OF_SCOPE, None)
    assert oos.kind is GenerationKind.ANSWER and "architecture" in oos.message


@pytest.mark.parametrize(
    "query",
    [
        "put a redis cache between the api and the database",
        "add a message queue behind the api",
        "add monitoring to all services",
        "add a cdn in front of the waf",
        "add an audit log inside the data tier",
    ],
)
def test_shapes_added_by_an_edit_carry_their_class_icon(base: str, query: str) -> None:
    r = edit(base, query)
    assert r.kind is GenerationKind.DIAGRAM, r.message
    before = {s.id for s in compile_d2(base).shapes}
    added = [s for s in compile_d2(r.d2 or "").shapes if s.id not in before]
    assert added, r.message
    for shape in added:
        expected = icon_url(shape.classes[0]) if shape.classes else None
        assert shape.icon == expected, (shape.id, shape.classes, shape.icon)
    validate_d2(r.d2 or "")


def test_a_replaced_component_shows_its_new_kind_icon(base: str) -> None:
    r = edit(base, "replace the database with a redis cache")
    assert r.kind is GenerationKind.DIAGRAM, r.message
    (cache,) = [s for s in compile_d2(r.d2 or "").shapes if s.label == "Redis cache"]
    assert cache.classes and cache.icon == icon_url(cache.classes[0])
    assert cache.icon != icon_url("database")
    validate_d2(r.d2 or "")


def _labels_into(d2: str, shape_id: str) -> dict[str, str]:
    return {c.src: c.label for c in compile_d2(d2).connections if c.dst == shape_id}


def test_a_replaced_store_gets_its_own_wiring_label(base: str) -> None:
    r = edit(base, "replace the database with a redis cache")
    assert _labels_into(r.d2 or "", "data.redis") == {"private.api": "cache"}
    assert all(c.label != "SQL" for c in compile_d2(r.d2 or "").connections)


def test_labels_of_another_role_are_dropped_not_carried_over(base: str) -> None:
    r = edit(base, "swap the identity provider for a redis cache")
    assert r.kind is GenerationKind.DIAGRAM, r.message
    labels = _labels_into(r.d2 or "", "private.redis")
    assert set(labels) == {"internet.users", "private.api"}  # the links stay
    assert set(labels.values()) == {""}  # "login (OIDC)" and "validate tokens" do not


def test_a_label_someone_wrote_survives_a_replace(base: str) -> None:
    custom = base.replace(
        'private.api -> data.database: "SQL"', 'private.api -> data.database: "reads orders"'
    )
    assert custom != base
    r = edit(custom, "replace the database with a redis cache")
    assert _labels_into(r.d2 or "", "data.redis") == {"private.api": "reads orders"}


def test_replacing_within_a_category_uses_the_new_kinds_term(base: str) -> None:
    r = edit(base, "replace the database with mongodb")
    assert _labels_into(r.d2 or "", "data.mongodb") == {"private.api": "queries"}
    back = edit(r.d2 or "", "replace mongodb with postgres")
    assert _labels_into(back.d2 or "", "data.postgres") == {"private.api": "SQL"}


def test_a_new_component_goes_into_its_kinds_zone(base: str) -> None:
    shapes = {
        s.id
        for s in compile_d2(edit(base, "add a kafka queue connected to the api").d2 or "").shapes
    }
    assert "data.kafka" in shapes
    # a component of no known kind is a service: the private network
    r = edit(base, "add a thing called frobnicator connected to the api")
    assert "private.frobnicator" in {s.id for s in compile_d2(r.d2 or "").shapes}


TWO_ZONES = """classes: {
  client: {shape: rectangle}
  process: {shape: rectangle}
  zone: {shape: rectangle}
}
internet: {
  label: "Internet"
  class: zone
  users: {label: "Users"; class: client}
}
private: {
  label: "Private network"
  class: zone
  api: {label: "API"; class: process}
}
internet.users -> private.api: "HTTPS"
"""


def test_a_missing_zone_is_added_rather_than_leaving_the_component_outside() -> None:
    assert "data" not in {s.id for s in compile_d2(TWO_ZONES).shapes}
    r = edit(TWO_ZONES, "add a redis cache connected to the api")
    assert r.kind is GenerationKind.DIAGRAM, r.message
    after = {s.id: s for s in compile_d2(r.d2 or "").shapes}
    assert "data.redis" in after and "zone" in after["data"].classes
    assert after["data"].label == "Data tier"
    assert all(s.parent is not None for s in after.values() if not s.children)
    validate_d2(r.d2 or "")


def test_a_text_too_deep_for_the_stack_is_a_d2_error_from_the_core() -> None:
    # the core's entry points wrap it (errors.only_d2_errors); the architect adds no wrapper
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    try:
        with pytest.raises(D2Error) as caught:
            compile_shared("deep_probe: {" * 40 + "}" * 40)
    finally:
        sys.setrecursionlimit(limit)
    assert [i.code for i in caught.value.issues] == ["D2_TOO_DEEP"]
