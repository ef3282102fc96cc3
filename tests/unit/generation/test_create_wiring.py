"""Creates: counts given over places, the reference skeleton stepping aside, narrated flows
(issue 11, create half). Sentences are our own, not the evaluation sets'."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from services.dsl.generation.design import Design, Edge, Node
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read
from services.dsl.generation.prune import prune_unnamed
from tests.unit.generation.test_create_phrases import diagram, labels


def count(d: Diagram, word: str) -> int:
    return sum(1 for label in labels(d) if word in label)


def test_a_count_over_places_copies_what_each_place_holds() -> None:
    d = diagram("We run 5 bakeries, each with a label printer, and a central order system.")
    assert count(d, "label printer") == 5, labels(d)
    assert any("bakery 3" in x for x in labels(d)), labels(d)


def test_each_in_a_later_sentence_refers_back_to_the_counted_places() -> None:
    d = diagram(
        "There are four quarries. Each quarry has a weighbridge terminal sending to our ERP."
    )
    assert count(d, "weighbridge") == 4, labels(d)


def test_each_after_the_component_counts_it() -> None:
    d = diagram("two depots with own small nas each one, and a head office on Proxmox")
    assert count(d, "nas") == 2, labels(d)


def test_each_of_n_in_a_note_counts_the_component_before_it() -> None:
    d = diagram("scanners -> dock gateway (each of 3 warehouses) -> wms -> netsuite")
    assert count(d, "dock gateway") == 3, labels(d)


def test_a_number_before_a_generic_component_copies_it_despite_other_services() -> None:
    d = diagram("badge readers to 4 access controllers, audit trail service, visitor portal")
    assert count(d, "access controller") == 4, labels(d)


def test_counted_places_are_no_components() -> None:
    mentions, _ = read(knowledge_base(), "6 kiln sites, each with a pyrometer hub")
    assert [m.count for m in mentions if "pyrometer" in m.label.lower()] == [6]
    assert all(m.category == "region" for m in mentions if "site" in m.label.lower())


def _node(nid: str, category: str, cls: str = "process", explicit: bool = True) -> Node:
    return Node(nid, nid.replace("_", " ").capitalize(), cls, category, category, "app",
                explicit=explicit)  # fmt: skip


def test_unnamed_skeleton_parts_step_aside_and_their_neighbours_join() -> None:
    d = Design()
    for n in (
        _node("users", "client", explicit=False),
        _node("edge_box", "service"),
        _node("sorter", "service"),
        _node("stream_processor", "stream_processing", explicit=False),
        _node("tsdb", "timeseries"),
        _node("grafana_board", "monitoring"),
    ):
        d.nodes[n.id] = n
    d.edges = [Edge("edge_box", "stream_processor"), Edge("stream_processor", "tsdb"),
               Edge("users", "edge_box"), Edge("sorter", "tsdb")]  # fmt: skip
    dropped = prune_unnamed(d, "edge box and sorter write to the tsdb, grafana board on top")
    assert dropped == ["Stream processor"]
    assert any((e.src, e.dst) == ("edge_box", "tsdb") for e in d.edges)
    assert "users" in d.nodes  # the way in stays


def test_skeleton_parts_the_request_speaks_of_stay() -> None:
    d = Design()
    for n in (
        _node("a", "service"), _node("b", "service"), _node("c", "service"),
        _node("d", "service"), _node("ingestion_pipeline", "ingestion", explicit=False),
    ):  # fmt: skip
        d.nodes[n.id] = n
    assert prune_unnamed(d, "we ingest from a, b, c and d") == []


def test_an_application_between_a_gateway_and_its_store_stays() -> None:
    # dropping it would leave the gateway speaking SQL to the database
    d = Design()
    for n in (
        _node("gateway", "api_gateway", cls="network"), _node("bus", "queue"),
        _node("pg", "database"), _node("shop", "service"), _node("extra", "service"),
        _node("orders_service", "service", explicit=False),
        _node("orders_db", "database", explicit=False),
    ):  # fmt: skip
        d.nodes[n.id] = n
    d.edges = [Edge("gateway", "orders_service"), Edge("orders_service", "orders_db")]
    dropped = prune_unnamed(d, "a shop with a gateway, a bus, pg and an extra")
    assert "orders_service" in d.nodes and "Orders service" not in dropped
    assert not any((e.src, e.dst) == ("gateway", "orders_db") for e in d.edges)


def test_relation_verbs_are_read_in_any_inflection() -> None:
    _, links = read(knowledge_base(), "the kiosk app sending to the booking api")
    assert links and not links[0].weak


def test_a_short_request_keeps_its_skeleton() -> None:
    d = diagram("a recipe sharing site")
    assert len(labels(d)) >= 3
