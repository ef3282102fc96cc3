"""Creates: the size of a first diagram (issue 11, create half, round 7). A request that names
its own architecture gets no concern or default edge boxes beside it; a store the request
names of any sort stands in for the topology's unnamed database; people and organisations are
counted without copies; a capitalised product name is one component, as written. Sentences
are our own."""

from __future__ import annotations

import pytest

from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read
from tests.unit.generation.test_create_phrases import diagram, labels


def _counts(text: str) -> dict[str, int]:
    mentions, _ = read(knowledge_base(), text)
    return {m.label.lower(): m.count for m in mentions}


@pytest.mark.parametrize(
    "text",
    [
        "A secure payroll system: the React portal calls a Spring Boot api behind Kong, which "
        "reads Oracle, pushes payslips to SendGrid and stores PDFs in MinIO.",
        "We need a hardened clinic booking setup: Angular front end, Django backend, Celery "
        "workers with RabbitMQ, MySQL for records and Twilio for reminders.",
        "zero trust for our lab: laptops reach Pomerium, Pomerium checks Keycloak, then "
        "forwards to Gitea, Jenkins and a Nexus registry",
    ],
)
def test_a_request_naming_its_own_architecture_gets_no_concern_boxes(text: str) -> None:
    got = labels(diagram(text))
    assert not any("waf" in x or "secrets manager" in x for x in got), got


def test_a_short_secure_request_still_gets_what_security_calls_for() -> None:
    got = labels(diagram("a secure web app with a database"))
    assert any("waf" in x for x in got) and any("secrets" in x for x in got), got


@pytest.mark.parametrize(
    "text",
    [
        "Remote staff reach the intranet wiki through Cloudflare Access, Okta signs them in, "
        "and the wiki keeps attachments in an S3 bucket",
        "Our video site: uploads go to a GCS bucket, a transcoder worker makes HLS renditions, "
        "Cloud CDN serves them to the Next.js player",
        "Ward monitors push vitals to an MQTT broker, a Go ingester writes them to "
        "TimescaleDB and the nurses' Grafana board reads from there",
    ],
)
def test_a_named_store_of_any_sort_stands_in_for_the_default_database(text: str) -> None:
    got = labels(diagram(text))
    assert "database" not in got, got


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("a quiz room where up to 6 ppl answer together over websockets", "ppl"),
        ("we merged with two companies and both keep their own okta", "compan"),
        ("three nurses use one tablet app that talks to the ward api", "nurse"),
    ],
)
def test_counted_people_are_drawn_once(text: str, word: str) -> None:
    counts = _counts(text)
    assert all(n == 1 for label, n in counts.items() if word in label), counts


def test_a_counted_part_named_after_people_is_still_copied() -> None:
    counts = _counts("2 courier apps talk to the dispatch api")
    assert counts.get("courier apps") == 2, counts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("events from Azure Event Hubs land in Spark Structured Streaming jobs",
         "spark structured streaming"),
        ("container logs are shipped by Fluent Bit to an OpenSearch cluster", "fluent bit"),
        ("Kafka Connect sends the orders table into Google Cloud Storage", "kafka connect"),
    ],
)  # fmt: skip
def test_a_capitalised_product_name_is_one_component(text: str, name: str) -> None:
    counts = _counts(text)
    assert any(label.startswith(name) for label in counts), counts


def test_a_proper_name_keeps_its_capitals() -> None:
    mentions, _ = read(knowledge_base(), "the agents run on Spark Structured Streaming")
    assert "Spark Structured Streaming" in [m.label for m in mentions]
