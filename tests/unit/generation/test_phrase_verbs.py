"""Links stated by a verb's grammar: subject-verb-object with any verb, a verb that is also a
noun right after a name, and relatives with their object first (issue 11, creates round 8).

Sentences here are our own, not the evaluation sets'.
"""

from __future__ import annotations

import pytest

from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read


def links(text: str) -> tuple[list[str], set[frozenset[str]]]:
    mentions, found = read(knowledge_base(), text)
    names = [m.label.lower() for m in mentions]
    return names, {frozenset((names[k.src], names[k.dst])) for k in found if not k.near}


def joined(pairs: set[frozenset[str]], a: str, b: str) -> bool:
    return any(any(a in x for x in p) and any(b in x for x in p) and len(p) == 2 for p in pairs)


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Vector feeds Loki with every container log", "vector", "loki"),
        ("the mainframe DB2 feeds a Kafka topic", "db2", "kafka"),
        ("our ingest worker feeds the Redis cache", "ingest worker", "redis"),
    ],
)
def test_a_relation_verb_that_is_also_a_noun_leaves_the_name(text: str, a: str, b: str) -> None:
    names, pairs = links(text)
    assert not any("feeds" in n for n in names), names
    assert joined(pairs, a, b), (names, pairs)


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Shoppers hit the storefront API at peak hours", "shoppers", "storefront api"),
        ("Drivers log in to the dispatch portal", "drivers", "dispatch portal"),
        ("the auditor inspects the ledger service weekly", "auditor", "ledger service"),
        ("Tenants reach the booking service from a phone app", "tenants", "booking service"),
    ],
)
def test_any_verb_between_subject_and_object_states_a_link(text: str, a: str, b: str) -> None:
    names, pairs = links(text)
    assert joined(pairs, a, b), (names, pairs)
    assert not any(n.startswith(a + " ") for n in names), names  # the verb left the subject


@pytest.mark.parametrize(
    ("text", "obj", "subj"),
    [
        ("Logstash ships to OpenSearch, which Grafana queries.", "opensearch", "grafana"),
        ("orders land in the orders topic, which the billing worker consumes", "topic", "billing"),
        (
            "clicks go to ClickHouse, which Superset reads; a worker calls Redis",
            "clickhouse",
            "superset",
        ),
    ],
)
def test_a_relative_with_its_object_first_links_back(text: str, obj: str, subj: str) -> None:
    names, pairs = links(text)
    assert joined(pairs, obj, subj), (names, pairs)
    if "redis" in text.lower():
        assert not joined(pairs, "superset", "redis"), pairs  # the relative's verb ends there


@pytest.mark.parametrize(
    "text",
    [
        "music app with offline downloads, playlists",
        "telematics control unit sends to an MQTT broker",
        "Zigbee lights and door sensors via a hub",
    ],
)
def test_nouns_that_look_like_verbs_stay_in_their_names(text: str) -> None:
    names, _ = links(text)
    whole = {"downloads": "offline downloads", "control": "control unit", "lights": "zigbee lights"}
    for word, name in whole.items():
        if word in text.lower():
            assert any(name in n for n in names), names
