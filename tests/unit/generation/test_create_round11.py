"""Creates, round 11: the words a request frames itself with draw no box (the verb of "we
want to open ...", "Please build ...", "a reference architecture", "make it look tidy",
"a clinic in Peru"), and a multi-region request draws each regional part once per region.
Sentences are our own, not the evaluation sets'."""

from __future__ import annotations

import pytest

from bench.generation.people_checks import connected, matches
from services.dsl.d2.model import Diagram, Shape
from tests.unit.generation.test_create_phrases import diagram, labels


def _leaves(d: Diagram) -> list[Shape]:
    return [s for s in d.shapes if not s.children]


def _has(d: Diagram, word: str) -> bool:
    return any(matches(s, [word]) for s in _leaves(d))


# ---------------------------------------------------------------- the request's own asking


@pytest.mark.parametrize(
    ("query", "verb"),
    [
        ("We want to open a pottery webshop next spring, with Stripe and a Postgres DB", "open"),
        (
            "Every depot runs a scanner app that needs to push parcels to our TMS. We want to "
            "launch it in May.",
            "launch",
        ),
        ("Our agency plans to relaunch the booking site on Cloud Run with Firestore", "relaunch"),
        ("We are hoping to revamp ticket sales with a Svelte site, Stripe and Postgres", "hoping"),
        ("We need to modernize invoicing: a Go API, Kafka and a ClickHouse store", "modernize"),
    ],
)
def test_the_verb_after_a_want_to_is_no_part(query: str, verb: str) -> None:
    d = diagram(query)
    assert not _has(d, verb), labels(d)


@pytest.mark.parametrize(
    ("query", "verb"),
    [
        ("Please prepare a layout of a parcel locker network with MQTT and TimescaleDB", "layout"),
        ("Provide a skeleton for kiosk ordering with a Flask API and Redis", "skeleton"),
        ("Compose a layout for kiosk ordering: a Flask API and Redis", "layout"),
        ("Please, drawing for our bakery: a till app, a Django API and SQLite", "drawing"),
    ],
)
def test_an_imperative_of_asking_and_its_picture_are_no_part(query: str, verb: str) -> None:
    d = diagram(query)
    assert not _has(d, verb), labels(d)


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("A reference architecture for parcels: scanners post to a Go API, Postgres", "reference"),
        ("A field crew architecture: tablets sync to a Go API backed by Postgres", "field crew"),
        ("A sample blueprint for loyalty points with a Node API, Redis and DynamoDB", "sample"),
    ],
)  # fmt: skip
def test_words_that_qualify_the_picture_are_no_part(query: str, word: str) -> None:
    d = diagram(query)
    assert not _has(d, word), labels(d)
    assert _has(d, "postgres") or _has(d, "redis"), labels(d)  # the named parts stay


# ---------------------------------------------------------------- what the design is like


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Shopify, Klaviyo, a Postgres DB. Make it look tidy and modern", ["tidy", "modern"]),
        ("A blog on Ghost with a MySQL DB and Cloudflare, nothing elaborate", ["elaborate"]),
        ("Quiz api with Redis and Postgres; please make it cheap and robust", ["cheap", "robust"]),
    ],
)  # fmt: skip
def test_adjectives_that_describe_the_design_are_no_parts(query: str, words: list[str]) -> None:
    d = diagram(query)
    for word in words:
        assert not _has(d, word), labels(d)


def test_social_context_and_dates_are_no_parts() -> None:
    d = diagram(
        "My cofounder and I need a booking tool by Q2 for the investors: a Vue app, a FastAPI "
        "backend and Postgres, to show the board tomorrow"
    )
    for word in ("cofounder", "q2", "investor", "tomorrow"):
        assert not _has(d, word), (word, labels(d))
    assert _has(d, "fastapi"), labels(d)


# ---------------------------------------------------------------- where the system is


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("We are a clinic in Peru; the lab system sends results to a FHIR API on Postgres", "peru"),
        ("Our 4 cafes in Portugal each have a till that syncs to a central Django API", "portugal"),
        (
            "A courier startup in Nigeria: riders use an app that calls a Go API with Redis",
            "nigeria",
        ),
    ],
)
def test_a_country_the_system_is_in_is_no_part(query: str, place: str) -> None:
    d = diagram(query)
    assert not _has(d, place), labels(d)


# ---------------------------------------------------------------- regions


@pytest.mark.parametrize(
    "query",
    [
        "Two GCP regions, each with a Cloud Run api and a Memorystore cache, Spanner global",
        "active-active across 2 regions: in each region an api and a redis cache",
        "three regoins active/active, each running an api with postgres",
    ],
)
def test_a_part_counted_per_region_is_drawn_once_in_each_region(query: str) -> None:
    d = diagram(query)
    regions = [s for s in d.shapes if s.children and "region" in s.label.lower()]
    assert len(regions) >= 2, labels(d)
    apis = [s for s in _leaves(d) if matches(s, ["api", "cloud run"])]
    assert len(apis) == len(regions), labels(d)


# ---------------------------------------------------------------- people who act


@pytest.mark.parametrize(
    ("query", "role", "part"),
    [
        (
            "Site inspectors enter defects in a tablet app that syncs to a Go API on Postgres",
            "inspector",
            "tablet app",
        ),
        (
            "Grant platform. Applicants apply through a React site backed by a Go API and "
            "MySQL; reviewers score them in an internal scoring tool",
            "reviewer",
            "scoring tool",
        ),
        (
            "Museum ticketing: a kiosk app, a Node API on Postgres and a CRM for the curators",
            "curator",
            "crm",
        ),
        (
            "Loan desk: underwriters check each file in the decision engine, which reads "
            "Snowflake; brokers send files over SFTP",
            "underwriter",
            "decision engine",
        ),
    ],
)
def test_a_role_the_request_names_is_drawn_and_joined(query: str, role: str, part: str) -> None:
    d = diagram(query)
    assert _has(d, role), labels(d)
    assert connected(d, [role], [part]), labels(d)


def test_the_requester_introducing_themselves_is_no_part() -> None:
    d = diagram("I am a pharmacist and need a refill tracker: a React site, a Node API, MongoDB")
    assert not _has(d, "pharmacist"), labels(d)


def test_a_named_cache_holds_the_data_of_a_drawn_architecture() -> None:
    d = diagram(
        "Drivers connect over websockets to a dispatch server, a pairing service matches "
        "them, and we keep driver sessions in Redis"
    )
    assert _has(d, "redis"), labels(d)
    assert not any(s.label == "Database" for s in _leaves(d)), labels(d)


# ---------------------------------------------------------------- payloads sent to places


@pytest.mark.parametrize(
    ("query", "sender", "targets"),
    [
        (
            "Beats shippers on the hosts, logs to Logstash, metrics to Graphite",
            "shipper",
            ["logstash", "graphite"],
        ),
        (
            "Our billing job in the cron box: invoices to Xero, receipts to S3",
            "billing",
            ["xero", "s3"],
        ),
        (
            "Our audit exporter in the cluster: events to Kafka, snapshots to S3, reports to "
            "an SFTP drop",
            "exporter",
            ["kafka", "s3", "sftp"],
        ),
    ],
)
def test_payloads_listed_after_a_sender_go_from_the_sender(
    query: str, sender: str, targets: list[str]
) -> None:
    d = diagram(query)
    for target in targets:
        assert connected(d, [sender], [target]), (target, labels(d))


# ---------------------------------------------------------------- what each place holds


@pytest.mark.parametrize(
    ("query", "central"),
    [
        (
            "We run 3 bakeries, each with a till PC and a label printer, all bakeries report "
            "to a central ERP in the head office",
            "erp",
        ),
        (
            "4 regional warehouses each keeping a local Postgres, a shared catalog service via "
            "GraphQL and an Airflow scheduler on top",
            "catalog",
        ),
    ],
)
def test_a_central_part_named_after_each_is_drawn_once(query: str, central: str) -> None:
    d = diagram(query)
    assert sum(1 for s in _leaves(d) if matches(s, [central])) == 1, labels(d)


# ---------------------------------------------------------------- a list as a passive subject


@pytest.mark.parametrize(
    ("query", "sources", "doer"),
    [
        (
            "Firewalls, VPN concentrators and core switches are monitored by a Zabbix server, "
            "which alerts Slack",
            ["firewall", "vpn", "switch"],
            "zabbix",
        ),
        (
            "Orders, refunds and chargebacks are reconciled by a ledger job nightly and stored "
            "in BigQuery",
            ["order", "refund", "chargeback"],
            "ledger",
        ),
    ],
)
def test_every_item_of_a_plural_passive_subject_is_joined_to_the_doer(
    query: str, sources: list[str], doer: str
) -> None:
    d = diagram(query)
    for source in sources:
        assert connected(d, [source], [doer]), (source, labels(d))
