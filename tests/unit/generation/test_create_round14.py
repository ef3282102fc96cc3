"""Creates, round 14: counts written as multipliers ("2x Logstash"), a counted group of
microservices drawn once per service, two parts of one kind told apart by their qualifiers
("ingress gateway", "egress gateway"), a bracketed list whose items carry qualifiers ("vendors
(A for chips, B for cables)"), and no database for a static site. Sentences are our own, not
the evaluation sets'."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.unit.generation.test_create_phrases import diagram, labels, linked


def _count(d: Diagram, word: str) -> int:
    return sum(word in label for label in labels(d))


# ---------------------------------------------------------------- multipliers


def test_a_multiplier_before_a_name_counts_it_and_keeps_it_in_the_flow() -> None:
    d = diagram("Metrics path: Telegraf agents -> 3x VictoriaMetrics -> Grafana dashboards.")
    assert _count(d, "victoriametrics") == 3, labels(d)
    assert linked(d, "telegraf", "victoriametrics"), labels(d)
    assert linked(d, "victoriametrics", "grafana"), labels(d)


def test_a_multiplier_before_a_known_kind_in_lower_case_counts_it() -> None:
    d = diagram("image api -> 2x redis -> postgres")
    assert _count(d, "redis") == 2, labels(d)


def test_a_multiplier_of_speed_is_no_count_of_parts() -> None:
    d = diagram("we need a 4x speedup of the checkout API, so put Redis in front of Postgres")
    assert not any("speedup" in label for label in labels(d)), labels(d)


# ---------------------------------------------------------------- counted microservices


def test_a_counted_group_of_microservices_is_drawn_once_per_service() -> None:
    d = diagram("Linkerd mesh, 4 microservices, Prometheus for metrics, an ingress gateway")
    services = [x for x in labels(d) if x.endswith("service") or x.split()[-1].isdigit()]
    assert len(services) == 4, labels(d)


def test_named_microservices_are_still_drawn_by_their_names() -> None:
    d = diagram("Consul mesh with billing, search and profile microservices behind Traefik")
    for name in ("billing", "search", "profile"):
        assert any(name in x for x in labels(d)), labels(d)


# ---------------------------------------------------------------- one kind, two qualifiers


def test_ingress_and_egress_gateways_are_two_parts() -> None:
    d = diagram(
        "Linkerd mesh, 3 microservices, an ingress gateway in front and an egress gateway "
        "towards the bank API, Grafana for dashboards."
    )
    assert any("ingress" in x for x in labels(d)), labels(d)
    assert any("egress" in x and "ingress" not in x for x in labels(d)), labels(d)


def test_the_gateway_spoken_of_twice_is_one_gateway() -> None:
    d = diagram(
        "Mobile app calls an API gateway, the gateway checks tokens with Auth0 and forwards "
        "to the orders service backed by Postgres."
    )
    assert _count(d, "gateway") == 1, labels(d)


# ---------------------------------------------------------------- bracketed lists


def test_a_bracketed_list_with_qualified_items_names_each_item() -> None:
    d = diagram(
        "Our print shop orders paper from wholesalers (Antalis for paper, Igepa for card) "
        "through a purchasing service that keeps orders in MySQL."
    )
    got = labels(d)
    assert any(x.startswith("antalis") for x in got), got
    assert any(x.startswith("igepa") for x in got), got
    assert not any("(antalis)" in x for x in got), got


def test_a_single_bracketed_note_still_names_its_host() -> None:
    d = diagram(
        "Bakery site: customers order cakes on the shop, payments through a provider "
        "(Mollie), orders go to a Postgres database."
    )
    assert any("mollie" in x for x in labels(d)), labels(d)


# ---------------------------------------------------------------- static sites


def test_a_static_site_gets_no_default_database() -> None:
    d = diagram("static website on Azure Blob Storage behind Azure Front Door")
    assert not any(x == "database" for x in labels(d)), labels(d)
    assert 2 <= len(labels(d)) <= 4, labels(d)


def test_a_static_site_keeps_the_database_it_names() -> None:
    d = diagram("static website for a bakery, its contact form saves messages to Postgres")
    assert any("postgres" in x for x in labels(d)), labels(d)


def test_a_site_with_some_static_pages_keeps_its_default_database() -> None:
    d = diagram("a website with static pages and a blog where readers sign up")
    assert any("database" in x or "db" in x.split() for x in labels(d)), labels(d)


# ---------------------------------------------------------------- parts and their places


def test_a_list_item_followed_by_its_place_is_kept() -> None:
    d = diagram(
        "Parking guidance system. Parts: occupancy sensors in each bay, a gateway per floor, "
        "signboards at the entrances, and a mobile app for drivers."
    )
    assert any("signboard" in x for x in labels(d)), labels(d)


def test_a_subject_at_a_place_keeps_its_stated_link() -> None:
    d = diagram(
        "Please describe a flood warning network. River gauges at remote weirs report to the "
        "telemetry server over LoRaWAN; forecasters review alerts in a web console."
    )
    assert any("gauge" in x for x in labels(d)), labels(d)
    assert linked(d, "gauge", "telemetry"), labels(d)


def test_a_place_after_a_named_part_changes_nothing() -> None:
    d = diagram("Kafka on three brokers, Flink jobs reading from it, results in ClickHouse")
    assert "kafka" in labels(d), labels(d)
    assert len(labels(d)) <= 4, labels(d)


def test_a_verb_before_a_place_is_no_part() -> None:
    d = diagram(
        "Audiobook club: members pay monthly, listen on their phones or speakers, and "
        "narrators upload new chapters every week."
    )
    assert not any(x.startswith("listen") for x in labels(d)), labels(d)
