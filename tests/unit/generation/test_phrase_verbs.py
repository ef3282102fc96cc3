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


@pytest.mark.parametrize(
    ("text", "thing", "subject", "target"),
    [
        ("The billing service totals the invoices. It publishes to kafka.", "invoices",
         "billing service", "kafka"),
        ("The ranking service scores the listings. It writes to redis.", "listings",
         "ranking service", "redis"),
        ("the grading worker marks the essays. it reads from postgres", "essays",
         "grading worker", "postgres"),
    ],
)  # fmt: skip
def test_the_object_of_a_plain_verb_is_no_component_by_position(
    text: str, thing: str, subject: str, target: str
) -> None:
    """A relation word states a part after it; any other verb only may name one, so "it" in
    the next sentence is still the subject."""
    names, pairs = links(text)
    assert not any(thing in n for n in names), names
    assert joined(pairs, subject, target), (names, pairs)


@pytest.mark.parametrize(
    ("text", "app"),
    [
        ("Tenants pay the rent in the tenant app", "tenant app"),
        ("Guests pay their entry fee in the festival app", "festival app"),
        ("Drivers request a payout in the fleet app", "fleet app"),
    ],
)
def test_a_capability_belongs_to_the_app_not_to_the_people_using_it(text: str, app: str) -> None:
    from services.dsl.generation.capabilities import capability_links, capability_mentions

    mentions, _ = read(knowledge_base(), text)
    found = capability_mentions(knowledge_base(), text, mentions)
    every = mentions + found
    pairs = {
        (every[x.src].label.lower(), every[x.dst].category)
        for x in capability_links(text, mentions, found)
    }
    assert (app, "payment") in pairs, pairs


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the school wants a parents board, a lunch menu and a map", ["parents", "board"]),
        ("we want a players chart, a score table", ["players", "chart"]),
        ("they asked for an artists showcase, a gallery and a shop", ["artists", "showcase"]),
    ],
)
def test_a_plural_after_a_singular_article_names_a_kind_and_has_no_verb(
    text: str, name: list[str]
) -> None:
    from services.dsl.generation.phrase_pieces import pieces
    from services.dsl.generation.phrase_vocab import vocabulary

    words = [p.words for clause in pieces(text, vocabulary(knowledge_base())) for p in clause]
    assert name in words, words


@pytest.mark.parametrize(
    "text",
    [
        "the doctor admits them and they talk by video",
        "the coach welcomes them and they train over video",
        "the host admits guests and they meet by video",
    ],
)
def test_only_the_verbs_own_object_is_held_to_naming_a_component(text: str) -> None:
    """Words between the verb and a later phrase make that phrase no object of the verb: it
    keeps the reading the verb gave the clause."""
    names, _ = links(text)
    assert "video" in names, names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the driver alerts API for the dispatch app", "driver alerts api"),
        ("a user reviews service behind the gateway", "user reviews service"),
        ("the device commands service talks to MQTT", "device commands service"),
    ],
)
def test_a_plural_noun_before_a_head_noun_is_part_of_its_name(text: str, name: str) -> None:
    names, _ = links(text)
    assert name in names, names
