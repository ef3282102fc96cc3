"""Creates, round 10: counted cluster members drawn as copies, many things after a large
quantity kept, trailing adverbs cut from prose mentions, payloads before arrows,
features people use, "in front" with no object. Sentences are our own, not the evaluation sets'."""

from __future__ import annotations

from bench.generation.people_checks import connected, matches
from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read as read_phrases
from tests.unit.generation.test_create_phrases import diagram, labels


def _leaves(d: Diagram) -> list[Shape]:
    return [s for s in d.shapes if not s.children]


def test_counted_members_of_a_product_are_copies_not_people() -> None:
    d = diagram("Consul quorum of 5 zookeeper members behind our config api, with a Redis cache")
    assert sum(1 for s in _leaves(d) if matches(s, ["zookeeper"])) >= 3, labels(d)


def test_counted_members_of_a_club_stay_people() -> None:
    d = diagram("A photo album app for 5 family members, backed by Postgres")
    assert sum(1 for s in _leaves(d) if matches(s, ["family"])) <= 1, labels(d)


def test_many_devices_after_a_large_quantity_are_drawn_once() -> None:
    d = diagram("About 800 kiosks call our ordering api, which stores orders in MySQL")
    assert any(matches(s, ["kiosk"]) for s in _leaves(d)), labels(d)
    assert connected(d, ["kiosk"], ["ordering"]), labels(d)


def test_a_large_quantity_of_people_or_traffic_draws_nothing() -> None:
    d = diagram("10k users and 2m requests a day hit our quiz api on Postgres")
    assert not any(matches(s, ["request"]) for s in _leaves(d)), labels(d)


def test_a_trailing_adverb_of_direction_is_no_part_of_the_name() -> None:
    d = diagram("Chat app: messages kept in Postgres, voice notes straight to Azure Blob")
    assert not any("straight" in s.label.lower() for s in _leaves(d)), labels(d)


def test_a_sender_with_its_payload_before_an_arrow_is_linked_to_the_next_part() -> None:
    d = diagram("Each tractor sends telemetry -> AWS IoT Core -> Kinesis -> a Lambda")
    assert connected(d, ["tractor"], ["iot core"]), labels(d)


def test_persisted_in_and_placed_on_state_links() -> None:
    d = diagram(
        "Claims are checked by a triage service and then placed on a work queue for the "
        "adjuster service, whose verdicts are persisted in the claims register."
    )
    assert connected(d, ["triage"], ["queue"]), labels(d)
    assert connected(d, ["adjuster"], ["claims register"]), labels(d)


def test_what_a_part_owns_after_whose_is_no_part() -> None:
    d = diagram("A quiz scorer, whose scores are stored in Postgres, feeds the leaderboard api")
    assert not any("whose" in s.label.lower() for s in _leaves(d)), labels(d)
    assert connected(d, ["scorer"], ["postgres"]), labels(d)


def test_what_people_can_do_calls_for_the_part_that_lets_them() -> None:
    d = diagram(
        "A recipe site on Django and Postgres where home cooks can comment on recipes and "
        "members track their pantry"
    )
    assert any(matches(s, ["comment"]) for s in _leaves(d)), labels(d)
    assert any(matches(s, ["track"]) for s in _leaves(d)), labels(d)


def test_a_feature_verb_without_people_or_a_modal_adds_nothing() -> None:
    d = diagram("Rate limiting on the public api in front of a Go service and Redis")
    assert not any(matches(s, ["rating"]) for s in _leaves(d)), labels(d)


def test_a_named_feature_is_not_added_twice() -> None:
    d = diagram("Gym app: members book classes through the booking service, stored in MySQL")
    assert sum(1 for s in _leaves(d) if matches(s, ["booking"])) == 1, labels(d)


def test_the_word_components_names_no_part() -> None:
    d = diagram(
        "Timesheet app: a Flask api and MariaDB. All components must stay inside our own "
        "datacentre."
    )
    assert not any("component" in s.label.lower() for s in _leaves(d)), labels(d)


def test_in_front_without_an_object_fronts_the_first_part_of_the_sentence() -> None:
    mentions, links = read_phrases(
        knowledge_base(), "Galera cluster, 3 MariaDB nodes, ProxySQL in front, dumps to S3"
    )
    names = [m.label for m in mentions]
    proxy = next(i for i, m in enumerate(mentions) if "ProxySQL" in m.label)
    cluster = next(i for i, m in enumerate(mentions) if "Galera" in m.label)
    stated = [x for x in links if (x.src, x.dst) == (proxy, cluster) and not x.weak]
    assert stated, (names, links)


def test_in_front_of_an_object_is_left_to_the_relation_word() -> None:
    mentions, links = read_phrases(
        knowledge_base(), "Kafka cluster, with Envoy in front of the api"
    )
    envoy = next(i for i, m in enumerate(mentions) if "Envoy" in m.label)
    kafka = next(i for i, m in enumerate(mentions) if "Kafka" in m.label)
    assert not any((x.src, x.dst) == (envoy, kafka) and not x.weak for x in links), links
