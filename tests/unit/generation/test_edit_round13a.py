"""Edits round 13a: requests a reader acts on are read, not answered with a question.

- a look after an arrow ("X -> hexagon", "X → red, dashed") restyles X, it adds nothing;
- a hyphenated name with a typo ("ward-gatway") still names its shape;
- a quoted name in a request that is not understood is quoted back as the user wrote it;
- "X: could you rename it to 'Y' and give it a Z next to it": both commands, on X;
- "give X a replica": a new part for X (a look given stays a restyle);
- a remark before the command ("the A/B split is silly. fold the two into one 'C'"):
  "the two" are the shapes the remark named;
- where a component runs ("I want X running in Y", "X should be hosted inside Y"): a move
  into that container, even when a person's name shares Y's word;
- slang removal verbs ("yeet", "nix"); a migration told as news with a bracketed remark
  ("we moved search off A to B (costs, long story)"), the new box named after B;
- a new part with its kind in brackets ("add auditor (person)") or its "own database" is a
  new part, not a question about the people or databases already drawn;
- "fan X out to a new Y as well, Z behind it": X feeds Y, Y calls Z;
- properties of a topic list ("A + B hold PHI: flag both as PHI and enable TDE"),
  retention of named data and replication across zones ("please indicate that ...").

Sentences and diagram of our own; each fails on main 04c3a60."""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram, Shape
from shared.contracts import GenerationKind
from tests.support.edits import applied, edit, linked

#: a hospital: a nurse, a ward box and a cloud box, stores, two client apps
CLINIC = """direction: right

nurse: Ward Nurse {shape: person}
ward: Ward Site {
  bedside: Bedside Tablet
  gateway: ward-gateway
}
cloud: Hospital Cloud {
  records: Records Service
  scheduler: Shift Scheduler
  intake: intake-service
  alerts_q: alert-bus {shape: queue}
}
patients_db: Patients DB {shape: cylinder}
labs_db: labs-db {shape: cylinder}
search_idx: Elasticsearch {shape: cylinder}
web: Web Portal
mobile: Mobile App

nurse -> ward.bedside
ward.bedside -> ward.gateway
ward.gateway -> cloud.records
cloud.records -> patients_db
cloud.intake -> labs_db
cloud.records -> search_idx
cloud.intake -> cloud.alerts_q
cloud.alerts_q -> web
web -> cloud.records
mobile -> cloud.records
"""


def _d(query: str) -> Diagram:
    return applied(query, CLINIC)


def _by_label(d: Diagram, word: str) -> list[Shape]:
    return [s for s in d.shapes if word in s.label.lower()]


def _one(d: Diagram, word: str) -> Shape:
    found = _by_label(d, word)
    assert len(found) == 1, [s.label for s in found]
    return found[0]


def test_a_shape_after_an_arrow_is_a_new_look() -> None:
    d = _d("bedside tablet -> hexagon")
    assert _one(d, "bedside").shape == "hexagon"
    assert len(d.shapes) == len(compile_d2(CLINIC).shapes)


def test_looks_after_an_arrow_with_please_restyle() -> None:
    d = _d("the shift scheduler → orange, dashed please")
    s = _one(d, "shift scheduler")
    assert s.style.get("fill") == "orange"
    assert s.style.get("stroke-dash")
    assert not _by_label(d, "orange")


def test_a_long_look_after_an_arrow_is_one_restyle() -> None:
    d = _d("web portal -> light blue with a dashed border")
    s = _one(d, "web portal")
    assert s.style.get("fill") == "lightblue"
    assert not _by_label(d, "border")


def test_a_misspelt_hyphenated_name_still_names_its_shape() -> None:
    d = _d("rename ward-gatway to Edge Router")
    assert _by_label(d, "edge router")
    assert not _by_label(d, "ward-gateway")


def test_a_quoted_name_is_quoted_back_when_not_understood() -> None:
    result = edit("the 'Night Shift' vibe is off somehow", CLINIC)
    assert result.kind == GenerationKind.ANSWER
    assert "Night Shift" in result.message
    assert "qt0" not in result.message


def test_topic_colon_question_with_two_commands() -> None:
    d = _d(
        "alert-bus: could you rename it to 'ward-alerts' and give it a dead-letter queue "
        "next to it?"
    )
    renamed = _one(d, "ward-alerts")
    dlq = _one(d, "dead")
    assert linked(d, renamed.id, dlq.id)


def test_give_a_shape_a_new_part() -> None:
    d = _d("give the patients db a read replica")
    replica = _one(d, "replica")
    assert linked(d, "patients_db", replica.id)
    # a look given is a restyle, no new part
    d = _d("give the labs-db a green border")
    assert _one(d, "labs-db").style.get("stroke") == "green"
    assert len(d.shapes) == len(compile_d2(CLINIC).shapes)


def test_the_two_after_a_remark_are_the_shapes_it_named() -> None:
    d = _d("the web/mobile split makes no sense anymore. fold the two into one 'Care App'")
    assert _by_label(d, "care app")
    assert not _by_label(d, "web portal") and not _by_label(d, "mobile app")


def test_where_a_component_runs_is_the_container_it_goes_in() -> None:
    d = _d("we want the shift scheduler running on-site in the ward, not in the cloud")
    assert _one(d, "shift scheduler").parent == "ward"
    assert _one(d, "ward nurse").parent is None  # "ward" named the box, not the nurse


def test_hosted_inside_is_a_move_not_a_link() -> None:
    d = _d("the records service should be hosted inside the ward site")
    records = _one(d, "records service")
    assert records.parent == "ward"
    assert not linked(d, records.id, "ward")


def test_the_topic_then_i_want_it_running_there() -> None:
    d = _d("The intake-service, I want it to run in the ward site because of latency")
    assert _one(d, "intake-service").parent == "ward"


def test_slang_removal_verbs() -> None:
    assert not _by_label(_d("yeet the labs-db, nobody queries it"), "labs-db")
    assert not _by_label(_d("nix the mobile app pls"), "mobile app")


def test_toss_in_still_adds() -> None:
    d = _d("toss in a redis cache next to the records service")
    assert not _by_label(d, "toss")


def test_migration_told_as_news_with_a_bracketed_remark() -> None:
    d = _d("so we moved search off Elasticsearch to OpenSearch (costs, long story). update it")
    new = _one(d, "opensearch")
    assert new.label == "OpenSearch"
    assert new.name == "opensearch"
    assert not _by_label(d, "elastic")
    assert linked(d, "cloud.records", new.id)


def test_a_kind_in_brackets_makes_a_new_part_of_that_shape() -> None:
    d = _d("add auditor (person), reads the records service")
    auditor = _one(d, "auditor")
    assert auditor.shape == "person"
    assert linked(d, auditor.id, "cloud.records")
    assert _one(d, "ward nurse").shape == "person"
    # a product in brackets names the new part: no "called" rewrite
    d = _d("introduce a search engine (Solr) behind the records service")
    assert _by_label(d, "solr") or _by_label(d, "search engine")
    assert not _by_label(d, "called")


def test_own_database_without_its_is_a_new_one() -> None:
    d = _d("add a billing service. it keeps invoices in own database")
    billing = _one(d, "billing service")
    # its own database is named after it (round 19): "Billing DB"
    assert len([s for s in d.shapes if "billing db" in s.label.lower()]) == 1
    db = _one(d, "billing db")
    assert linked(d, billing.id, db.id)


def test_fan_out_to_a_new_part_with_a_product_behind_it() -> None:
    d = _d("fan alert-bus out to a text notifier as well, Twilio behind it")
    notifier = _one(d, "notifier")
    twilio = _one(d, "twilio")
    assert notifier.label.lower() == "text notifier"
    assert linked(d, "cloud.alerts_q", notifier.id)
    assert linked(d, notifier.id, twilio.id)


def test_properties_said_of_a_topic_list() -> None:
    d = _d("patients db + labs-db hold PHI: flag both as PHI and enable TDE")
    for name in ("patients_db", "labs_db"):
        note = d.shape(name).tooltip or ""  # type: ignore[union-attr]
        assert "PHI" in note and "TDE" in note


def test_retention_of_named_data_and_replication_across_zones() -> None:
    d = _d(
        "please indicate that the patients db retains raw vitals for 18 months and is "
        "replicated across two availability zones"
    )
    note = d.shape("patients_db").tooltip or ""  # type: ignore[union-attr]
    assert "18 months" in note
    assert "zones" in note


def test_ditched_for_a_named_product_is_a_swap() -> None:
    d = _d("heads up, we ditched Elasticsearch for Meilisearch (speed), fix the picture")
    new = _one(d, "meilisearch")
    assert not _by_label(d, "elastic")
    assert linked(d, "cloud.records", new.id)
    # "for" and no product: a plain removal
    assert not _by_label(_d("drop the mobile app for now"), "meilisearch")


def test_a_second_gerund_after_and_is_its_own_request() -> None:
    d = _d("would you mind painting the web portal green and moving it into the ward site?")
    portal = _one(d, "web portal")
    assert portal.style.get("fill") == "green"
    assert portal.parent == "ward"


def test_a_hyphen_typed_where_the_label_has_a_space() -> None:
    d = _d("rename the patiens-db to Patient Store")
    assert _by_label(d, "patient store")
    assert not _by_label(d, "patients db")


def test_the_container_as_subject_hosts_a_component() -> None:
    d = _d("the ward site should host the shift scheduler")
    assert _one(d, "shift scheduler").parent == "ward"
    assert not linked(d, "ward", "ward.scheduler")


def test_a_setting_switched_on_after_and_is_its_own_request() -> None:
    d = _d("flag the labs-db as PHI and enable nightly backups")
    note = d.shape("labs_db").tooltip or ""  # type: ignore[union-attr]
    assert "PHI" in note and "backups" in note
    assert "enable" not in note
