"""Creates, round 9: relations told in clauses of their own (read by the edit path's reader),
slots that keep their role word, load balancers by their short names, realtime gateways that
use the stores named beside them. Sentences are our own, not the evaluation sets'."""

from __future__ import annotations

from bench.generation.people_checks import connected
from services.dsl.generation.create_told import stated
from services.dsl.generation.design import Design, Node
from services.dsl.generation.kb import knowledge_base
from tests.unit.generation.test_create_phrases import diagram, labels


def test_a_relative_clause_after_a_comma_states_the_forwarding_link() -> None:
    d = diagram(
        "Tide buoys at sea: each buoy sends a reading every ten minutes over LoRaWAN to a "
        "shore gateway, which forwards it to our ingest api and into TimescaleDB."
    )
    assert connected(d, ["shore gateway"], ["ingest"]), labels(d)


def test_a_verb_with_a_payload_and_a_protocol_links_the_sender_to_the_protocol() -> None:
    d = diagram(
        "Shuttle service: riders book in the rider app, the rider app talks to our dispatch "
        "api, the dispatch api pushes trips to driver tablets over MQTT."
    )
    assert connected(d, ["dispatch"], ["mqtt"]), labels(d)


def test_a_subject_named_with_a_place_talks_to_its_object() -> None:
    d = diagram(
        "Print shop: the web store sends jobs to a job queue; press controllers on the shop "
        "floor talk to our press manager, which writes to Postgres."
    )
    assert connected(d, ["press controller"], ["press manager"]), labels(d)


def test_send_with_a_radio_to_hubs_links_the_sensors_to_the_hubs() -> None:
    d = diagram(
        "Field sensors in the vineyard send with Zigbee to hubs, hubs forward to our cloud "
        "api, and the cloud api stores in InfluxDB."
    )
    assert connected(d, ["sensor"], ["hub"]), labels(d)


def test_the_reader_of_the_edit_path_names_shapes_of_the_built_design() -> None:
    kb = knowledge_base()
    design = Design()
    for nid, label, cat in (
        ("grading", "Grading service", "service"),
        ("scores", "Scores DB", "database"),
        ("mailer", "Mailer", "service"),
    ):
        kind = kb.generic(cat)
        design.nodes[nid] = Node(nid, label, kind.cls, kind.id, cat, kind.zone)
    links = stated(kb, design, "The grading service and the mailer both write to the scores DB.")
    assert ("grading", "scores") in links and ("mailer", "scores") in links, links


def test_framing_before_a_colon_is_no_subject_of_the_told_links() -> None:
    kb = knowledge_base()
    design = Design()
    for nid, label, cat in (
        ("harbour", "Harbour portal", "web"),
        ("berths", "Berth planner", "service"),
        ("tides", "Tide feed", "external"),
    ):
        kind = kb.generic(cat)
        design.nodes[nid] = Node(nid, label, kind.cls, kind.id, cat, kind.zone)
    query = "Design a harbour portal for pilots: the berth planner reads the tide feed."
    links = stated(kb, design, query)
    assert ("tides", "berths") in links, links  # "reads": the data flows from the feed
    assert not any(src == "harbour" for src, _ in links), links


def test_an_arrow_chain_keeps_a_slot_apart_from_a_later_api() -> None:
    d = diagram("booking widget -> api -> queue -> invoice lambda -> mail provider")
    assert any("booking widget" in x for x in labels(d)), labels(d)
    assert any(x == "api" or x.startswith("api ") for x in labels(d)), labels(d)
    assert connected(d, ["booking widget"], ["api"]), labels(d)


def test_an_nlb_is_a_load_balancer() -> None:
    d = diagram("a chat backend: socket servers behind an NLB, history in postgres")
    assert any("network load balancer" in x for x in labels(d)), labels(d)


def test_a_websocket_gateway_uses_the_stores_named_beside_it() -> None:
    d = diagram(
        "multiplayer lobby: websocket gateway pods behind a load balancer, sessions in Redis, "
        "scores persisted in DynamoDB"
    )
    assert connected(d, ["websocket"], ["redis"]), labels(d)
    assert connected(d, ["websocket"], ["dynamodb"]), labels(d)


def test_counted_vehicles_are_drawn_and_a_vehicle_still_holds_what_each_names() -> None:
    d = diagram("roadside rescue, 5 tow trucks with gps, one radio gateway and a dispatch desk")
    assert sum("tow truck" in x for x in labels(d)) == 5, labels(d)
    d = diagram("bus operator: 3 buses, each with a ticket machine, and a fares service")
    assert sum("ticket machine" in x for x in labels(d)) == 3, labels(d)


def test_a_request_naming_its_whole_backend_gets_no_default_users() -> None:
    d = diagram(
        "nightly settlement: an sftp drop, a parser job, a rules engine, a ledger service, "
        "postgres, a kafka topic, a reconciliation worker, an s3 archive and a grafana board"
    )
    assert not any(x == "users" for x in labels(d)), labels(d)
    d = diagram("a todo app with a postgres database")
    assert any(x == "users" for x in labels(d)), labels(d)


def test_all_the_apps_talk_to_one_server_links_every_app() -> None:
    d = diagram(
        "Allotment club: a members app, a plots kiosk and a treasurer app. All the apps talk "
        "to one club server, which keeps its records in MariaDB."
    )
    assert connected(d, ["members app"], ["club server"]), labels(d)
    assert connected(d, ["treasurer app"], ["club server"]), labels(d)


def test_counted_things_that_each_act_stay_components_and_get_one_each() -> None:
    d = diagram("Our brewery has 3 fermenters that each report to a local probe hub")
    assert sum("fermenter" in x for x in labels(d)) >= 3, labels(d)
    assert sum("probe hub" in x for x in labels(d)) == 3, labels(d)
