"""Edits round 13b: requests that were applied with the wrong outcome, now applied as meant.

- a migration told as news: "we scrapped X for Y", "we got off X, all our charges go via Y",
  a replacement said to run inside a box goes into it, a purpose after its name is no part
  of it;
- a link named by what it carries ("X fires a webhook back to Y": X -> Y labelled webhook);
- a new part added for a role ("add X as the mail provider the Y uses": Y -> X); a peer
  system after "integrates with"; "one more worker" joins its kin's box; a standby for two
  stores is one each;
- a middleman for a forbidden link ("... add a P that alone calls B", "put a P between
  them"), "no direct access to B, go through G", "no more direct calls from A to B", a chain
  of new parts ("A writes to a new Q, a W consumes it and calls B");
- new boxes: members in parentheses, "together with" a drawn or a new part;
- a rename and a label on the link into it; two gerund requests; qualities after "have a"
  and "subject to a"; failures that "end up in" a new dead-letter queue.

Sentences and diagram of our own; each fails on main 04c3a60."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.support.edits import applied, linked

#: a vet clinic: people, a backend box with a workers box, a data box, outside providers
CLINIC = """direction: right

owner: Pet Owner {shape: person}
vet: Veterinarian {shape: person}
portal: Owner Portal

backend: Clinic Backend {
  booking: Booking API
  billing: Billing Service
  records: Medical Records Service
  workers: Workers {
    reminder_sender: Reminder Sender
    report_worker: Report Worker
  }
}

data: Data {
  appts_db: Appointments DB {shape: cylinder}
  pets_db: Pets DB {shape: cylinder}
  visits: visit-events {shape: queue}
}

braintree: Braintree {shape: cloud}
sms: Twilio SMS {shape: cloud}
gcal: Google Calendar {shape: cloud}

owner -> portal
vet -> backend.records: charts
portal -> backend.booking: REST
backend.booking -> data.appts_db: SQL
backend.booking -> data.visits: visit.booked
data.visits -> backend.workers.reminder_sender
data.visits -> backend.workers.report_worker
backend.workers.reminder_sender -> sms: text
backend.billing -> braintree: charge
backend.records -> data.pets_db
backend.booking -> gcal: sync
"""


def _d(query: str) -> Diagram:
    return applied(query, CLINIC)


def _ids(d: Diagram, word: str) -> list[str]:
    return [s.id for s in d.shapes if word in s.label.lower() or word in s.id.lower()]


def _one(d: Diagram, word: str) -> str:
    found = _ids(d, word)
    assert len(found) == 1, (word, found)
    return found[0]


def _arrow(d: Diagram, src: str, dst: str) -> bool:
    return any(c.src == src and c.dst == dst for c in d.connections)


# ---------------------------------------------------------------- migrations told as news


def test_dropped_for_a_named_product_is_a_replacement() -> None:
    d = _d("we scrapped Braintree for Mollie a few weeks ago, fix the drawing please")
    assert not _ids(d, "braintree")
    assert _arrow(d, "backend.billing", _one(d, "mollie"))
    # dropped "for good" says how long, not what replaces it
    d = _d("we dropped the Google Calendar for good")
    assert not _ids(d, "calendar") and not _ids(d, "good")


def test_everything_now_runs_through_the_new_one() -> None:
    d = _d("we got off Braintree, all our charges go via Adyen these days")
    assert not _ids(d, "braintree")
    assert _arrow(d, "backend.billing", _one(d, "adyen"))


def test_a_replacement_hosted_inside_a_box_goes_there() -> None:
    d = _d(
        "we switched from Twilio SMS to a self-run SMS gateway, hosted inside the clinic backend"
    )
    new = _one(d, "sms gateway")
    assert new.startswith("backend.") and "clinic" not in new
    assert _arrow(d, "backend.workers.reminder_sender", new)


def test_replace_with_a_place_keeps_the_place_out_of_the_name() -> None:
    d = _d("replace Google Calendar with Nextcloud Calendar in the clinic backend")
    new = _one(d, "nextcloud")
    assert new.startswith("backend.") and "backend" not in new.split(".")[-1]
    assert linked(d, "backend.booking", new)


# ---------------------------------------------------------------- links named by what they carry


def test_a_webhook_back_is_a_second_arrow_from_the_sender() -> None:
    d = _d("Braintree also fires a webhook back to the billing service")
    assert _arrow(d, "backend.billing", "braintree")
    back = [c for c in d.connections if (c.src, c.dst) == ("braintree", "backend.billing")]
    assert back and "webhook" in back[0].label.lower()
    assert not _ids(d, "webhook")


def test_callbacks_received_from_a_provider_point_at_the_receiver() -> None:
    d = _d("the booking api gets callbacks from Google Calendar")
    back = [c for c in d.connections if (c.src, c.dst) == ("gcal", "backend.booking")]
    assert back and "callback" in back[0].label.lower()


def test_a_purpose_and_a_time_after_the_new_name_are_not_part_of_it() -> None:
    d = _d("we swapped from Twilio SMS to MessageBird for reminders last week")
    new = _one(d, "messagebird")
    s = d.shape(new)
    assert s is not None and s.label.lower() == "messagebird"


# ---------------------------------------------------------------- a new part's role, then its user


def test_a_provider_added_for_a_role_is_called_by_its_user() -> None:
    d = _d("please add Postmark as the mail provider the reminder sender uses for reminder mails")
    new = _one(d, "postmark")
    assert _arrow(d, "backend.workers.reminder_sender", new)
    assert not _arrow(d, new, "backend.workers.reminder_sender")


def test_a_role_then_a_sending_verb_points_at_the_new_part() -> None:
    d = _d("add Sentry as the error tracker the booking api sends crashes to")
    assert _arrow(d, "backend.booking", _one(d, "sentry"))


def test_a_role_then_a_reading_verb_points_at_the_reader() -> None:
    d = _d("add Vault as the secret store the billing service reads keys from")
    assert _arrow(d, _one(d, "vault"), "backend.billing")


def test_a_peer_system_named_after_syncs_with_is_added_and_linked() -> None:
    d = _d("add a Lab Gateway; it integrates with Idexx and writes to the pets db")
    gw, lab = _one(d, "lab gateway"), _one(d, "idexx")
    assert linked(d, gw, lab) and _arrow(d, gw, "data.pets_db")


def test_an_acronym_after_with_stays_a_link_property() -> None:
    d = _d(
        "the records service should integrate with Vetspire, and connect the booking api to the "
        "billing service with TLS"
    )
    assert linked(d, "backend.records", _one(d, "vetspire"))
    assert not _ids(d, "tls")


# ---------------------------------------------------------------- where a new part goes, how many


def test_one_more_of_a_kind_joins_the_box_its_kin_are_in() -> None:
    d = _d("add one more worker, 'Vaccine Nudger'")
    assert _one(d, "vaccine nudger") == "backend.workers.vaccine_nudger"


def test_a_third_of_a_kind_joins_the_box_too() -> None:
    d = _d("please add a third worker, 'Lab Poller'")
    assert _one(d, "lab poller").startswith("backend.workers.")


def test_a_standby_for_two_stores_is_one_standby_each() -> None:
    d = _d("we need a hot standby for both the Appointments DB and the Pets DB")
    standbys = _ids(d, "standby")
    assert len(standbys) == 2
    assert any(linked(d, "data.appts_db", s) for s in standbys)
    assert any(linked(d, "data.pets_db", s) for s in standbys)
    assert not any(linked(d, "data.appts_db", s) and linked(d, "data.pets_db", s) for s in standbys)


# ---------------------------------------------------------------- a middleman for a forbidden link


def test_a_new_part_that_alone_reaches_the_target_is_the_way_there() -> None:
    d = _d(
        "the booking api must not talk to Google Calendar directly anymore. "
        "Add a Calendar Bridge that alone calls Google Calendar."
    )
    bridge = _one(d, "calendar bridge")
    assert not linked(d, "backend.booking", "gcal")
    assert _arrow(d, "backend.booking", bridge) and _arrow(d, bridge, "gcal")


def test_a_middleman_between_them_runs_the_way_the_cut_link_ran() -> None:
    d = _d("the billing service may not call Braintree directly. Put a Payment Proxy between them.")
    proxy = _one(d, "payment proxy")
    assert not linked(d, "backend.billing", "braintree")
    assert _arrow(d, "backend.billing", proxy) and _arrow(d, proxy, "braintree")


def test_no_direct_access_said_as_a_noun_goes_through_the_named_shape() -> None:
    d = _d("owner portal: no direct access to the booking api, go through the billing service")
    assert not linked(d, "portal", "backend.booking")
    assert _arrow(d, "portal", "backend.billing") and _arrow(
        d, "backend.billing", "backend.booking"
    )


def test_decoupling_through_a_new_queue_and_a_new_consumer() -> None:
    d = _d(
        "decouple the calendar sync: the booking api writes to a calendar-jobs queue, a calendar "
        "pusher consumes it and calls Google Calendar. no more direct calls from the booking "
        "api to google calendar"
    )
    queue, worker = _one(d, "calendar-jobs"), _one(d, "calendar pusher")
    assert _arrow(d, "backend.booking", queue)
    assert _arrow(d, queue, worker) and _arrow(d, worker, "gcal")
    assert not linked(d, "backend.booking", "gcal")
    assert not linked(d, "backend.booking", worker)


def test_no_direct_arrow_path_is_a_cut() -> None:
    d = _d("no direct billing -> braintree path, please")
    assert not linked(d, "backend.billing", "braintree")


# ---------------------------------------------------------------- new boxes, old and new members


def test_the_list_in_parentheses_says_which_go_into_the_box() -> None:
    d = _d(
        "put the three outside services (Braintree, Twilio SMS and the Google Calendar) in one "
        "box called 'Vendors'"
    )
    for sid in ("braintree", "sms", "gcal"):
        assert f"vendors.{sid}" in {s.id for s in d.shapes}, sid


def test_together_with_a_drawn_one_joins_the_new_box() -> None:
    d = _d("move the billing service into a new container 'Money', together with Braintree")
    ids = {s.id for s in d.shapes}
    assert "money.billing" in ids and "money.braintree" in ids


def test_together_with_a_new_one_adds_it_inside_the_new_box() -> None:
    d = _d(
        "put the Owner Portal, together with a new Kiosk App, in a container named 'Front Desk'. "
        "The kiosk app should call the booking api."
    )
    kiosk = _one(d, "kiosk")
    assert kiosk.startswith("front_desk.") and "front_desk.portal" in {s.id for s in d.shapes}
    assert _arrow(d, kiosk, "backend.booking")


# ---------------------------------------------------------------- a rename and a label in one go


def test_a_rename_then_a_label_on_the_link_into_it() -> None:
    d = _d(
        "rename the booking api to Appointments API, and the owner portal -> it link should read "
        "'book visit'"
    )
    api = _one(d, "appointments api")
    back = [c for c in d.connections if (c.src, c.dst) == ("portal", api)]
    assert back and back[0].label == "book visit"
    s = d.shape("portal")
    assert s is not None and s.label == "Owner Portal"


# ---------------------------------------------------------------- two requests said as gerunds


def test_two_gerund_requests_are_both_done() -> None:
    d = _d("would you mind drawing the pets db as a hexagon and giving it an orange border?")
    s = d.shape("data.pets_db")
    assert s is not None and s.shape == "hexagon"
    assert "orange" in str(s.style.get("stroke", "")).lower()


# ---------------------------------------------------------------- qualities said with an article


def test_a_quality_after_have_a_is_the_shapes_own() -> None:
    d = _d("the pets db must be encrypted at rest and have a 90-day retention period")
    s = d.shape("data.pets_db")
    assert s is not None and "90-day retention" in (s.tooltip or "")
    assert "encrypted at rest" in (s.tooltip or "")


def test_a_quality_after_subject_to_a_is_the_shapes_own() -> None:
    d = _d("the appointments db should be subject to a 7-year retention")
    s = d.shape("data.appts_db")
    assert s is not None and "7-year retention" in f"{s.label} {s.tooltip or ''}"


def test_failures_that_land_in_a_new_dead_letter_queue_come_from_the_failing_part() -> None:
    d = _d("visit-events needs a dead-letter queue; report worker failures should end up in it")
    dlq = _one(d, "dlq")
    assert _arrow(d, "backend.workers.report_worker", dlq)


def test_a_replacement_inside_a_box_named_by_a_word_a_member_shares() -> None:
    d = _d("swap Twilio SMS for a self-hosted SMS relay inside the workers box")
    relay = _one(d, "sms relay")
    assert relay.startswith("backend.workers.") and "box" not in relay
    assert _arrow(d, "backend.workers.reminder_sender", relay)
