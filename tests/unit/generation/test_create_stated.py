"""Creates: stated relations wired as written, named components kept under the user's words
(issue 11, create half, round 6). Sentences are our own, not the evaluation sets'."""

from __future__ import annotations

from bench.generation.people_checks import connected
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read
from tests.unit.generation.test_create_phrases import diagram, labels, linked


def test_talking_with_b_through_c_puts_c_between_them() -> None:
    d = diagram("The kiosk app is talking with the ticketing service through an API gateway.")
    assert connected(d, ["kiosk"], ["gateway"]), labels(d)
    assert connected(d, ["gateway"], ["ticketing"]), labels(d)
    assert not linked(d, "kiosk", "ticketing"), labels(d)


def test_what_a_verb_sends_is_no_component_and_the_sender_reaches_each_target() -> None:
    d = diagram(
        "Our booking service writes every guest record into MongoDB "
        "and publishes booking updates to RabbitMQ."
    )
    assert linked(d, "booking service", "mongodb"), labels(d)
    assert linked(d, "booking service", "rabbitmq"), labels(d)
    assert not any("record" in x or "updates" in x for x in labels(d)), labels(d)


def test_an_object_naming_a_product_or_a_service_stays_a_component() -> None:
    mentions, _ = read(knowledge_base(), "the api sends the invoice service to redis")
    assert any("invoice service" in m.label.lower() for m in mentions)
    mentions, _ = read(knowledge_base(), "the worker pushes kafka records to snowflake")
    assert any(m.kind is not None and m.kind.id == "kafka" for m in mentions)


def test_a_generic_word_of_the_trade_keeps_the_users_word() -> None:
    d = diagram("a kiosk talks to our backend, which keeps its data in MariaDB")
    assert any("backend" in x for x in labels(d)), labels(d)


def test_legacy_cores_are_components() -> None:
    d = diagram("the payments api keeps balances in Db2 and also old core banking on a mainframe")
    assert any("mainframe" in x for x in labels(d)), labels(d)
    assert any("core banking" in x for x in labels(d)), labels(d)


def test_registry_abbreviations_are_labelled_by_their_product_name() -> None:
    d = diagram("gitlab ci -> gcr -> gke")
    assert any("google container registry" in x for x in labels(d)), labels(d)


def test_a_counted_unknown_noun_is_drawn_that_many_times() -> None:
    d = diagram("3 RTUs in the substation -> SCADA master -> historian")
    assert sum("rtu" in x for x in labels(d)) == 3, labels(d)


def test_nodes_counted_after_with_are_copies_of_the_host() -> None:
    d = diagram("our indexers use a ZooKeeper ensemble with 3 nodes")
    assert sum("zookeeper" in x for x in labels(d)) == 3, labels(d)
    assert not any(x.startswith("nodes") for x in labels(d)), labels(d)
