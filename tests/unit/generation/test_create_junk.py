"""Creates, round 7 of issue 11: no boxes from prose that names no part, one box for one thing
said twice, and a counted list that is its members."""

from __future__ import annotations

from services.dsl.generation.create import build
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read


def _names(text: str) -> list[str]:
    return [m.label.lower() for m in read(knowledge_base(), text)[0]]


def _boxes(text: str) -> list[str]:
    return [n.label.lower() for n in build(knowledge_base(), text).design.nodes.values()]


# 1. prose that names no component ------------------------------------------------------------
def test_an_interjection_opening_a_sentence_is_no_box() -> None:
    names = _names("a flask api with mongodb. Oh, and a nightly export job to gcs")
    assert "oh" not in names
    assert any("export" in n for n in names)


def test_an_adverb_opening_a_sentence_is_no_box() -> None:
    names = _names("Clients upload photos to minio. Afterwards, a resize worker shrinks them")
    assert not any(n.startswith("afterwards") for n in names)


def test_a_pronoun_contraction_is_no_proper_name() -> None:
    names = _names(
        "our reports live in shared folders 😅 I'd love one search box over them, on opensearch"
    )
    assert not any("i'd" in n for n in names)


def test_an_abstract_head_is_no_component() -> None:
    names = _names("Sketch the checkout flow: web shop -> order service -> adyen")
    assert not any(n.endswith("flow") for n in names)


def test_a_trailing_adverb_leaves_the_name() -> None:
    names = _names("Citizens file a complaint online, then a case service stores it in oracle")
    assert not any(n.endswith("online") for n in names)


# 2. one thing said twice -----------------------------------------------------------------------
def test_two_products_written_as_one_name_are_one_box() -> None:
    boxes = _boxes("a laravel app storing invoices in an Aurora PostgreSQL cluster")
    stores = [b for b in boxes if "aurora" in b or "postgres" in b]
    assert len(stores) == 1, boxes


def test_application_and_app_are_one_word() -> None:
    boxes = _boxes(
        "banking: the mobile application and the web portal call one api layer backed by postgres"
    )
    assert sum("mobile" in b for b in boxes) == 1, boxes


# 4. counted lists --------------------------------------------------------------------------------
def test_a_counted_group_before_a_colon_is_its_members() -> None:
    boxes = _boxes(
        "We run Kafka for 3 services: billing, shipping and returns. Billing uses Postgres."
    )
    for member in ("billing", "shipping", "returns"):
        assert any(member in b for b in boxes), boxes
    assert not any(b.startswith("services") for b in boxes), boxes


def test_new_microservices_in_parentheses_name_their_services() -> None:
    boxes = _boxes("strangle the monolith: 2 new microservices (quotes, policies) on ECS")
    assert any("quote" in b for b in boxes) and any("polic" in b for b in boxes), boxes
    assert not any(b.startswith("new") for b in boxes), boxes
