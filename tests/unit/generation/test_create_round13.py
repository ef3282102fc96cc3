"""Creates, round 13: size (no defaults beside a request's own architecture, one shape per
named thing), connections (people acting through a tool, data kept in a store), counts
(replicas in brackets, numbers after a dropped verb). Sentences are our own, not the
evaluation sets'."""

from __future__ import annotations

from bench.generation.people_checks import connected
from tests.unit.generation.test_create_phrases import diagram, labels

# ---------------------------------------------------------------- size


def test_a_request_naming_eight_parts_gets_no_default_database() -> None:
    d = diagram(
        "Call centre: callers ring the Twilio number, Twilio Studio routes them to agents in "
        "Zendesk, Zendesk syncs tickets to HubSpot, Segment collects events for Amplitude, "
        "Okta signs agents in, and PagerDuty pages supervisors."
    )
    assert not any(label == "database" for label in labels(d)), labels(d)


def test_a_headline_naming_the_whole_app_is_no_box() -> None:
    d = diagram(
        "Ferry ticketing app for our island route: passenger app, gate scanner app for the "
        "crew, Stripe for fares, a timetable service and Twilio for delay texts."
    )
    assert not any("ferry" in label for label in labels(d)), labels(d)


def test_a_web_application_firewall_is_the_design_s_one_waf() -> None:
    d = diagram(
        "Design a secure grants portal. Applicants sign in with the national eID service, "
        "upload forms to a public web portal protected by a web application firewall, and "
        "an assessment engine stores decisions in the grants database."
    )
    firewalls = [x for x in labels(d) if "waf" in x or "firewall" in x]
    assert len(firewalls) == 1, labels(d)


def test_a_time_of_day_is_no_component() -> None:
    d = diagram(
        "Bingo night app: players tap numbers on their phones, that calls a Rust API, and we "
        "push draws via Ably to everyone playing. The rush is on a Friday evening."
    )
    assert not any("evening" in label or "friday" in label for label in labels(d)), labels(d)


def test_a_possessive_before_a_feature_verb_adds_no_feature() -> None:
    d = diagram(
        "A hostel site on Webflow, Stripe checkout, and an email to shoppers when their "
        "booking is confirmed, through Postmark."
    )
    assert not any("booking service" in label for label in labels(d)), labels(d)


# ---------------------------------------------------------------- connections


def test_people_acting_at_a_place_reach_it() -> None:
    d = diagram(
        "Please model a metro fare system in which travellers tap their cards at turnstiles "
        "on the platforms, the turnstiles forward taps to a fare engine, and travellers may "
        "check their balance in a mobile application."
    )
    assert connected(d, ["traveller"], ["turnstile"]), labels(d)


def test_people_whose_verb_is_also_a_noun_book_on_a_site_or_via_a_portal() -> None:
    d = diagram(
        "Campsite booking stack: visitors book on our website or via Pitchup, an allocation "
        "engine syncs pitches with the site ledger, and payments run through Mollie."
    )
    assert connected(d, ["visitor"], ["website"]), labels(d)
    assert connected(d, ["visitor"], ["pitchup"]), labels(d)
    assert not any("book" in label.split() for label in labels(d)), labels(d)


def test_data_kept_in_a_store_is_the_store_of_the_step_before() -> None:
    d = diagram(
        "Scoring: ingest svc -> Kafka -> scorer svc -> rules engine; scores in Redis, "
        "partners call the scorer through an API gateway."
    )
    assert connected(d, ["scorer"], ["redis"]), labels(d)
    assert "scores" not in labels(d), labels(d)


# ---------------------------------------------------------------- counts


def test_replicas_in_brackets_are_copies_of_the_part_before() -> None:
    d = diagram(
        "Edge caching: CloudFront -> Varnish cache tier (3 replicas) -> Drupal app -> MariaDB"
    )
    assert sum("varnish" in label for label in labels(d)) == 3, labels(d)
    assert not any("replica" in label for label in labels(d)), labels(d)


def test_a_part_on_two_servers_is_drawn_twice() -> None:
    d = diagram("Wiki for the team: Wiki.js on two servers, a load balancer, Postgres for pages")
    assert sum("wiki.js" in label for label in labels(d)) == 2, labels(d)


def test_a_number_after_comprising_counts_the_part() -> None:
    d = diagram(
        "A transcoding service is required, comprising three encoder workers, a job "
        "coordinator and an output bucket."
    )
    assert sum("encoder" in label for label in labels(d)) == 3, labels(d)


def test_an_arrow_into_a_bracketed_list_fans_out_to_every_item() -> None:
    d = diagram(
        "Telemetry: Vector agents as sidecars -> ClickHouse (events), Prometheus (metrics), "
        "Elasticsearch (audit); Grafana reads all three."
    )
    for sink in ("clickhouse", "prometheus", "elasticsearch"):
        assert connected(d, ["vector"], [sink]), (sink, labels(d))


def test_two_sources_added_into_one_sink_both_reach_it() -> None:
    d = diagram(
        "SOC: Zeek logs + CloudTrail into Splunk, Splunk playbooks quarantine hosts via the "
        "CrowdStrike API and page on-call through Opsgenie."
    )
    assert connected(d, ["zeek"], ["splunk"]), labels(d)
    assert connected(d, ["cloudtrail"], ["splunk"]), labels(d)


def test_a_role_noun_of_the_lexicon_is_a_person_who_reaches_the_tool() -> None:
    d = diagram(
        "Design a grants platform. Applicants apply through a public portal backed by a "
        "Postgres database, and reviewers score bids in an internal console; contractors submit "
        "invoices via a secure file transfer gateway."
    )
    assert any("contractor" in label for label in labels(d)), labels(d)
    assert connected(d, ["contractor"], ["file transfer"]), labels(d)
