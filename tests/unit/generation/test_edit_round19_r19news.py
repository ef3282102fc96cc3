"""Edits round 19 (news): changes told as news replace (:mod:`succession`).

A drawn part said to have left ("we cancelled the X contract", "no more X", "X got killed",
"we're not on X anymore") and a newcomer with a name of its own said anywhere else in the
message, after whatever preposition the writer's verb wanted ("... through Adyen now",
"... from Mapbox these days", "... to a new vendor, Sinch", "Stripe handles charges"): the
newcomer takes the old part's place, parent and links. A part said to have left with no
newcomer is removed. A reason after a request ("..., as we no longer use X") stays a reason.

Sentences and diagram of our own (a bike-share); each test but the guards fails on main
1290d98. The guards hold look-alikes: a move, a remark, a plain removal, a request with its
own link, a rename with a reason, a plan for later."""

from __future__ import annotations

import pytest

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram
from shared.contracts import GenerationKind
from tests.support.edits import applied, edit

#: a bike-share: a rider, apps, a fleet box, a storage box and three outside vendors
BIKES = """direction: right

rider: Rider {shape: person}
apps: Apps {
  mobile: Rider App
  kiosk: Station Kiosk
}
fleet: Fleet {
  rides: Ride Service
  docks: Dock Controller
  billing: Billing Service
}
store: Storage {
  rides_db: Rides DB {shape: cylinder}
  geo_cache: Location Cache
  telemetry: Telemetry Stream {shape: queue}
}
maps: Map Tiles {shape: cloud}
payments: Card Processor {shape: cloud}
texts: Text Gateway {shape: cloud}

rider -> apps.mobile: unlock
apps.mobile -> fleet.rides: REST
apps.kiosk -> fleet.rides: REST
fleet.rides -> store.rides_db: SQL
fleet.rides -> store.geo_cache: positions
fleet.docks -> store.telemetry: dock events
store.telemetry -> fleet.billing: consume
fleet.billing -> payments: charge
fleet.rides -> texts: ride receipts
apps.mobile -> maps: tiles
"""


def _ids(d: Diagram) -> set[str]:
    return {s.id for s in d.shapes}


def _one(d: Diagram, word: str) -> str:
    found = [s.id for s in d.shapes if word.lower() in s.label.lower()]
    assert len(found) == 1, (word, found)
    return found[0]


def _linked(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


# (message, the old part's id, the newcomer's word, the links the newcomer takes over)
REPLACED = [
    (
        "we dropped the map tiles contract, the rider app uses HERE Maps now",
        "maps",
        "here maps",
        [("apps.mobile", None)],
    ),
    (
        "we ended the contract with the text gateway; receipts are sent with Twilio now",
        "texts",
        "twilio",
        [("fleet.rides", None)],
    ),
    (
        "no more map tiles from the old vendor, the app pulls tiles from Mapbox these days",
        "maps",
        "mapbox",
        [("apps.mobile", None)],
    ),
    (
        "The telemetry stream has been decommissioned. Dock events now go to Kinesis.",
        "store.telemetry",
        "kinesis",
        [("fleet.docks", None), (None, "fleet.billing")],
    ),
    (
        "we're not on the location cache anymore, positions are kept in Redis now",
        "store.geo_cache",
        "redis",
        [("fleet.rides", None)],
    ),
    (
        "Text Gateway got killed off, we went with MessageBird",
        "texts",
        "messagebird",
        [("fleet.rides", None)],
    ),
    (
        "so we stopped paying for the card processor and moved billing over to Stripe",
        "payments",
        "stripe",
        [("fleet.billing", None)],
    ),
    (
        "The Map Tiles is not used anymore, we take the tiles from OpenStreetMap now.",
        "maps",
        "openstreetmap",
        [("apps.mobile", None)],
    ),
    ("location cache gone, Valkey now", "store.geo_cache", "valkey", [("fleet.rides", None)]),
    (
        "we've binned the text gateway, receipts are pushed to Plivo now",
        "texts",
        "plivo",
        [("fleet.rides", None)],
    ),
    (
        "Please note that the Card Processor has been discontinued; payments are now processed "
        "by Adyen.",
        "payments",
        "adyen",
        [("fleet.billing", None)],
    ),
    (
        "we sunset the telemetry queue; dock events land on a Kafka topic now",
        "store.telemetry",
        "kafka",
        [("fleet.docks", None), (None, "fleet.billing")],
    ),
    (
        "we moved off the text gateway to a new vendor, Sinch, since June",
        "texts",
        "sinch",
        [("fleet.rides", None)],
    ),
    (
        "the card processor contract got cancelled. billing charges cards through Braintree "
        "now, can you update the diagram?",
        "payments",
        "braintree",
        [("fleet.billing", None)],
    ),
    (
        "we're not using the card processor anymore, Stripe handles charges",
        "payments",
        "stripe",
        [("fleet.billing", None)],
    ),
    (
        "we don't use the text gateway anymore - Plivo sends the receipts now",
        "texts",
        "plivo",
        [("fleet.rides", None)],
    ),
]


@pytest.mark.parametrize(("query", "old", "new", "links"), REPLACED)
def test_news_of_a_part_that_left_and_a_named_newcomer_replaces_it(
    query: str, old: str, new: str, links: list[tuple[str | None, str | None]]
) -> None:
    d = applied(query, BIKES)
    assert old not in _ids(d)
    made = _one(d, new)
    # same place: the newcomer lives where the old part lived
    assert made.rsplit(".", 1)[0] == old.rsplit(".", 1)[0] or "." not in old
    for src, dst in links:
        assert _linked(d, src or made, dst or made), (src or made, dst or made)


def test_a_proper_name_beside_a_common_noun_is_the_name() -> None:
    d = applied("heads up, our card processor was replaced by a new partner, PayLane", BIKES)
    assert "payments" not in _ids(d)
    made = _one(d, "paylane")
    assert _linked(d, "fleet.billing", made)
    assert not any("partner" in s.label.lower() for s in d.shapes)


# (message, the old part's id, the newcomer's words): no proper name, but said to be new
NEW_THINGS = [
    (
        "we retired the kiosk, riders unlock through the new station panel now",
        "apps.kiosk",
        "panel",
    ),
    ("the map tiles are history - the app uses our new tile server", "maps", "tile server"),
    (
        "We are not needing anymore the Text Gateway, now we have Vonage for this.",
        "texts",
        "vonage",
    ),
    (
        "we shut down the location cache, and positions go in a brand-new geo store",
        "store.geo_cache",
        "geo store",
    ),
]


@pytest.mark.parametrize(("query", "old", "new"), NEW_THINGS)
def test_a_newcomer_said_to_be_new_replaces_the_part_that_left(
    query: str, old: str, new: str
) -> None:
    d = applied(query, BIKES)
    assert old not in _ids(d)
    made = _one(d, new)
    assert any(made in (c.src, c.dst) for c in d.connections)


# (message, the part that left)
REMOVED = [
    ("we no longer need the location cache", "store.geo_cache"),
    ("the location cache is gone", "store.geo_cache"),
    ("we cancelled the text gateway contract", "texts"),
    ("the text gateway is no more", "texts"),
    ("We have terminated the Card Processor.", "payments"),
    ("we quit using the location cache", "store.geo_cache"),
    ("we stopped using the telemetry stream", "store.telemetry"),
    ("we discontinued the map tiles", "maps"),
    ("so the kiosk step is gone", "apps.kiosk"),
    ("heads up, we cancelled our subscription with the map tiles", "maps"),
    ("fyi the card processor got terminated last week", "payments"),
    ("the station kiosk got discontinued", "apps.kiosk"),
]


@pytest.mark.parametrize(("query", "old"), REMOVED)
def test_news_of_a_part_that_left_with_no_newcomer_removes_it(query: str, old: str) -> None:
    d = applied(query, BIKES)
    assert old not in _ids(d)
    assert len(d.shapes) == 14  # nothing new drawn


def test_a_reason_after_a_rename_does_not_undo_it() -> None:
    d = applied(
        "rename the card processor to Adyen Payments as we no longer use the old one", BIKES
    )
    assert any(s.label == "Adyen Payments" for s in d.shapes)
    assert _linked(d, "fleet.billing", _one(d, "adyen"))


# --- look-alikes: no replacement ----------------------------------------------------------


def test_a_move_told_as_news_stays_a_move() -> None:
    d = applied("we moved the location cache to the fleet box", BIKES)
    assert "fleet.geo_cache" in _ids(d)


def test_a_remark_about_a_product_edits_nothing() -> None:
    assert edit("Kafka is down today", BIKES).kind != GenerationKind.DIAGRAM


def test_a_plain_removal_adds_nothing() -> None:
    d = applied("ditch the location cache", BIKES)
    assert "store.geo_cache" not in _ids(d)
    assert len(d.shapes) == 14


def test_a_plan_for_later_is_no_replacement() -> None:
    result = edit("the card processor is slow today, we might switch to Adyen next year", BIKES)
    if result.kind == GenerationKind.DIAGRAM:
        assert "payments" in _ids(compile_d2(result.d2 or ""))


def test_a_removal_with_its_own_request_is_no_replacement() -> None:
    result = edit("remove the card processor and connect billing to Stripe", BIKES)
    assert "payments" not in _ids(compile_d2(result.d2 or ""))
    assert "replaced" not in result.message.lower()


def test_a_rename_with_a_reason_stays_a_rename() -> None:
    d = applied("Please rename the map tiles to Mapbox, as we no longer use OpenStreetMap.", BIKES)
    assert _linked(d, "apps.mobile", _one(d, "mapbox"))
    assert not any(s.label == "Map Tiles" for s in d.shapes)


def test_a_plain_replace_and_a_history_remark_keep_their_reading() -> None:
    d = applied("we replaced the text gateway with Twilio", BIKES)
    assert _linked(d, "fleet.rides", _one(d, "twilio"))
    assert edit("the rides db was added in March", BIKES).kind != GenerationKind.DIAGRAM


def test_a_drop_on_a_weekday_is_a_removal_not_a_newcomer() -> None:
    d = applied("we dropped the location cache on Monday", BIKES)
    assert "store.geo_cache" not in _ids(d)
    assert not any("monday" in s.label.lower() for s in d.shapes)


def test_a_part_dropped_for_one_duty_stays() -> None:
    result = edit(
        "we no longer use the card processor for refunds, refunds go through the billing service",
        BIKES,
    )
    if result.kind == GenerationKind.DIAGRAM:
        assert "payments" in _ids(compile_d2(result.d2 or ""))


def test_an_outage_with_a_fallback_is_no_replacement() -> None:
    result = edit("the text gateway was down all weekend, we used Twilio as a fallback", BIKES)
    if result.kind == GenerationKind.DIAGRAM:
        assert "texts" in _ids(compile_d2(result.d2 or ""))


def test_a_link_told_as_gone_is_no_removal_of_a_part() -> None:
    result = edit("we no longer need the kiosk to ride service link", BIKES)
    if result.kind == GenerationKind.DIAGRAM:
        assert {"apps.kiosk", "fleet.rides"} <= _ids(compile_d2(result.d2 or ""))


# (message, the old part's id, the newcomer's word): the newcomer told before the leaving
TOLD_FIRST = [
    ("Plivo delivers the ride receipts now. The text gateway is gone.", "texts", "plivo"),
    ("Adyen took over charging last month; the card processor is history.", "payments", "adyen"),
    ("receipts go out via Sinch these days, we cancelled the text gateway", "texts", "sinch"),
    ("Mapbox serves the tiles now. No more map tiles.", "maps", "mapbox"),
]


@pytest.mark.parametrize(("query", "old", "new"), TOLD_FIRST)
def test_the_newcomer_may_be_told_before_the_part_that_left(query: str, old: str, new: str) -> None:
    d = applied(query, BIKES)
    assert old not in _ids(d)
    made = _one(d, new)
    assert any(made in (c.src, c.dst) for c in d.connections)


def test_a_date_before_a_capitalised_word_is_no_newcomer() -> None:
    d = applied(
        "FYI the old card processor was sunset in May. Charges now go to Adyen, please swap it in.",
        BIKES,
    )
    assert not any(s.label.lower() in ("charges", "may") for s in d.shapes)
    assert _linked(d, "fleet.billing", _one(d, "adyen"))
