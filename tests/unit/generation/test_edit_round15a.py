"""Edits round 15a: forbidden links and their new way, renames in more forms, link labels in
more forms. Each reader decides from the diagram (which shapes and links are drawn), not from
one wording.

- a forbidden link ("A must not / shouldn't / no direct ... B") and the way it should take,
  said in the rest of the clause or in the clauses after it: a drawn middle ("go through C",
  "it must call C for this"), a new one ("give it an X in between", "route it via an X",
  "I'd like an X in the Z"), a later proposal correcting an earlier one, a chain ("publish
  to Q and a small W does the write"); the pair is the drawn link between the two shapes (a
  container named as an end means its child that carries the link);
- renames: "change name of X into Y", "change the name of X; it should be Y", the terse
  "X -> Y" where Y names nothing drawn, news of a switch and then "rename that";
- link labels: "a -> b: text", "label a->b as T", "the A to B link should be labelled T",
  "change the 'x' label on a->b to 'y'", a setting after the ends ("A + B -> C, read-only",
  "connect A to B as read-only"), one label on every link out of a shape.

Sentences and diagram of our own; each fails on main 8154438."""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram
from tests.support.edits import applied, linked

#: a veterinary clinic: a person, a front desk container, a back office, stores, a vendor
CLINIC = """direction: right

owner: Pet Owner {shape: person}
desk: Front Desk {
  kiosk: Check-in Kiosk
  booking_api: appointments-api
}
back: Back Office {
  billing: Billing Engine
  labs: Lab Results Importer
  reminders: Reminder Job
}
records_db: Records DB {shape: cylinder}
vax_queue: vaccine-events {shape: queue}
sms: SMS Vendor {shape: cloud}

owner -> desk.kiosk: walk-in
desk.kiosk -> desk.booking_api: book
desk.booking_api -> records_db: appointments
back.billing -> records_db: invoices
back.labs -> records_db: results
back.reminders -> sms: texts
back.labs -> vax_queue: vaccinated
"""


def _d(query: str) -> Diagram:
    """`query` applied to the clinic."""
    return applied(query, CLINIC)


#: the clinic's shapes before any edit
CLINIC_SHAPES = [s.id for s in compile_d2(CLINIC).shapes]


def _labels(d: Diagram, src: str, dst: str) -> list[str]:
    return [c.label for c in d.connections if (c.src, c.dst) == (src, dst)]


def _new_id(d: Diagram, word: str) -> str:
    found = [s.id for s in d.shapes if word in s.label.lower()]
    assert len(found) == 1, (word, [s.label for s in d.shapes])
    return found[0]


# ------------------------------------------------------------------ forbidden links, new way


def test_forbidden_link_goes_through_a_drawn_shape_named_in_the_next_clause() -> None:
    d = _d("billing engine shouldnt hit records db, it must use the appointments-api for that")
    assert not linked(d, "back.billing", "records_db")
    assert linked(d, "back.billing", "desk.booking_api")
    assert linked(d, "desk.booking_api", "records_db")
    # to a drawn shape, the arrow is a link
    link = _d("reminder job -> records db")
    assert link.shape("back.reminders").label == "Reminder Job"
    assert linked(link, "back.reminders", "records_db")


def test_stop_a_hitting_b_use_a_new_part_instead() -> None:
    d = _d("stop the reminder job hitting the sms vendor directly - use a text gateway instead")
    new = _new_id(d, "text gateway")
    assert not linked(d, "back.reminders", "sms")
    assert linked(d, "back.reminders", new) and linked(d, new, "sms")


def test_point_a_at_a_drawn_shape_instead() -> None:
    d = _d(
        "billing engine should not depend on records db; point billing at the "
        "appointments-api instead"
    )
    assert not linked(d, "back.billing", "records_db")
    assert linked(d, "back.billing", "desk.booking_api")
    assert linked(d, "desk.booking_api", "records_db")


def test_forbidden_link_gets_a_new_part_given_in_between() -> None:
    d = _d("the lab importer shouldnt touch the records db, give it an ingestion api in between")
    new = _new_id(d, "ingestion api")
    assert not linked(d, "back.labs", "records_db")
    assert linked(d, "back.labs", new) and linked(d, new, "records_db")


def test_no_direct_arrow_routed_via_a_new_part_keeps_the_old_label_on_the_first_hop() -> None:
    d = _d("no direct reminder job -> sms vendor traffic, route it via a notification gateway")
    new = _new_id(d, "notification gateway")
    assert not linked(d, "back.reminders", "sms")
    assert _labels(d, "back.reminders", new) == ["texts"]
    assert linked(d, new, "sms")


def test_a_later_proposal_corrects_the_first_one() -> None:
    d = _d(
        "Billing Engine should not write into Records DB directly. Maybe through the "
        "appointments-api? No, better a billing store, please add it."
    )
    new = _new_id(d, "billing store")
    assert not linked(d, "back.billing", "records_db")
    assert not linked(d, "back.billing", "desk.booking_api")
    assert linked(d, "back.billing", new) and linked(d, new, "records_db")
    # with no way told, the link is only cut: nothing is added
    cut = _d("the reminder job must not call the SMS vendor any more")
    assert not linked(cut, "back.reminders", "sms")
    assert len(cut.shapes) == len(_d("make the sms vendor a cloud").shapes)


def test_wanted_part_placed_in_the_container_the_user_names() -> None:
    d = _d(
        "Could the reminder job please stop calling the SMS vendor directly? I'd like a "
        "messaging service in the back office for that."
    )
    new = _new_id(d, "messaging service")
    assert new.startswith("back.")
    assert not linked(d, "back.reminders", "sms")
    assert linked(d, "back.reminders", new) and linked(d, new, "sms")


def test_a_chain_of_stops_told_after_the_forbidden_link() -> None:
    d = _d(
        "make sure the lab importer doesn't write straight into the records db. it could "
        "publish to the vaccine-events queue and a small results writer does the insert."
    )
    writer = _new_id(d, "results writer")
    assert not linked(d, "back.labs", "records_db")
    assert linked(d, "vax_queue", writer) and linked(d, writer, "records_db")
    # a request of its own after the cut is no stop on the path
    apart = _d(
        "the reminder job should not call the sms vendor anymore. also add a cache in front "
        "of the records db"
    )
    cache = _new_id(apart, "cache")
    assert not linked(apart, "back.reminders", cache) and linked(apart, cache, "records_db")
    # how to draw something is no part on the path
    drawn = _d("the reminder job must not call the sms vendor anymore, use a dashed arrow instead")
    assert len(drawn.shapes) == len(CLINIC_SHAPES)


# ---------------------------------------------------------------------------------- renames


def test_change_name_of_into() -> None:
    d = _d("Please change name of Reminder Job into Recall Scheduler.")
    assert d.shape("back.reminders").label == "Recall Scheduler"


def test_change_the_name_then_the_new_name_in_the_next_clause() -> None:
    d = _d(
        "Kindly change the name of the Billing Engine component; it should be Invoicing Service."
    )
    assert d.shape("back.billing").label == "Invoicing Service"


def test_terse_arrow_to_a_name_nothing_has_is_a_rename() -> None:
    d = _d("appointments-api -> Scheduling API")
    assert d.shape("desk.booking_api").label == "Scheduling API"
    assert linked(d, "desk.booking_api", "records_db")


def test_news_of_a_switch_then_rename_that() -> None:
    d = _d(
        "fyi we dropped the twilio-ish sms vendor and went with MessageBird, so rename it please"
    )
    assert d.shape("sms").label == "MessageBird"
    assert linked(d, "back.reminders", "sms")


def test_the_box_can_we_call_it_instead() -> None:
    d = _d("the lab results importer box, can we call it Lab Sync instead?")
    assert d.shape("back.labs").label == "Lab Sync"


# ------------------------------------------------------------------------------ link labels


def test_d2_written_link_label_sets_the_drawn_links_label() -> None:
    d = _d("billing engine->records db: ledger rows + refunds")
    assert _labels(d, "back.billing", "records_db") == ["ledger rows and refunds"]


def test_label_arrow_as() -> None:
    d = _d("label kiosk->appointments-api as mTLS booking")
    assert _labels(d, "desk.kiosk", "desk.booking_api") == ["mTLS booking"]


def test_link_should_be_labelled_as() -> None:
    d = _d(
        "The Reminder Job to SMS Vendor connection should be labelled as templated SMS over HTTPS."
    )
    assert _labels(d, "back.reminders", "sms") == ["templated SMS over HTTPS"]


def test_change_the_old_label_on_a_link_to_a_quoted_one() -> None:
    d = _d("change the 'invoices' label on billing engine->records db to 'posted invoices'")
    assert _labels(d, "back.billing", "records_db") == ["posted invoices"]


def test_setting_after_links_named_by_their_ends_drawn_or_not() -> None:
    d = _d("billing engine + reminder job -> records db, read-only")
    assert _labels(d, "back.billing", "records_db") == ["invoices (read-only)"]
    assert _labels(d, "back.reminders", "records_db") == ["read-only"]


def test_connect_as_a_setting_labels_the_new_link() -> None:
    d = _d("and connect the Pet Owner to the Records DB as read-only")
    assert _labels(d, "owner", "records_db") == ["read-only"]
    # a remark or an adverb after the link is no label
    for remark in ("as well", "as soon as possible", ", it needs the phone numbers"):
        plain = _d(
            f"connect the reminder job to the records db{'' if remark[0] == ',' else ' '}{remark}"
        )
        assert _labels(plain, "back.reminders", "records_db") == [""]


def test_one_label_on_every_link_out_of_a_shape() -> None:
    d = _d('Please put label "batch" on all the connections going out of the lab results importer.')
    assert _labels(d, "back.labs", "records_db") == ["batch"]
    assert _labels(d, "back.labs", "vax_queue") == ["batch"]
    assert _labels(d, "back.billing", "records_db") == ["invoices"]


def test_append_to_the_label_of_every_link_into_a_shape() -> None:
    d = _d("append 'PHI' to the label on every edge going into the records db")
    assert _labels(d, "back.billing", "records_db") == ["invoices (PHI)"]
    assert _labels(d, "back.labs", "records_db") == ["results (PHI)"]
    assert _labels(d, "back.reminders", "sms") == ["texts"]


def test_the_name_of_x_should_be() -> None:
    d = _d("the name of the billing engine should be Invoicer")
    assert d.shape("back.billing").label == "Invoicer"


def test_topic_then_rename_to() -> None:
    d = _d("reminder job: rename to Recall Job")
    assert d.shape("back.reminders").label == "Recall Job"
    # a remark on a label is no new name
    same = _d("the reminder job label is wrong. make the sms vendor a cloud")
    assert same.shape("back.reminders").label == "Reminder Job"


def test_set_the_label_of_a_link_named_by_an_arrow() -> None:
    d = _d("set the billing engine -> records db label to ledger writes")
    assert _labels(d, "back.billing", "records_db") == ["ledger writes"]


def test_name_the_link_from_a_to_b() -> None:
    d = _d("name the link from kiosk to appointments-api REST/JSON")
    assert _labels(d, "desk.kiosk", "desk.booking_api") == ["REST/JSON"]


def test_every_link_out_of_a_shape_should_be_labelled() -> None:
    d = _d("every arrow out of the lab results importer should be labelled nightly")
    assert _labels(d, "back.labs", "records_db") == ["nightly"]
    assert _labels(d, "back.labs", "vax_queue") == ["nightly"]
    assert d.shape("back.labs").label == "Lab Results Importer"


def test_a_setting_in_brackets_after_the_ends() -> None:
    d = _d("reminder job -> sms vendor (async)")
    assert _labels(d, "back.reminders", "sms") == ["texts (async)"]


def test_a_direct_link_said_wrong_then_its_way() -> None:
    d = _d(
        "billing engine currently hits records db directly which is bad; route it via a "
        "ledger service"
    )
    new = _new_id(d, "ledger service")
    assert not linked(d, "back.billing", "records_db")
    assert linked(d, "back.billing", new) and linked(d, new, "records_db")
    # a direct link said to stay keeps its place
    kept = _d("the billing engine can keep writing directly to the records db, but add a cache")
    assert linked(kept, "back.billing", "records_db")


def test_link_labels_said_with_to_a_colon_or_an_equals_sign() -> None:
    d = _d("billing engine to records db: ledger writes")
    assert _labels(d, "back.billing", "records_db") == ["ledger writes"]
    d = _d("kiosk->appointments-api label = mTLS")
    assert _labels(d, "desk.kiosk", "desk.booking_api") == ["mTLS"]


def test_the_edge_into_a_shape_should_be_called_names_the_link_not_the_shape() -> None:
    d = _d(
        "the edge from the lab results importer into the vaccine-events queue should be "
        'called "vax events"'
    )
    assert _labels(d, "back.labs", "vax_queue") == ["vax events"]
    assert d.shape("vax_queue").label == "vaccine-events"


def test_the_link_between_should_carry_the_label() -> None:
    d = _d("the link between the kiosk and the appointments-api should carry the label mTLS")
    assert _labels(d, "desk.kiosk", "desk.booking_api") == ["mTLS"]


def test_label_both_links_from_a_shape() -> None:
    d = _d("label both links from the lab results importer as batch")
    assert _labels(d, "back.labs", "records_db") == ["batch"]
    assert _labels(d, "back.labs", "vax_queue") == ["batch"]


def test_should_now_be_called_and_name_into() -> None:
    assert _d("the billing engine should now be called Invoicer").shape("back.billing").label == (
        "Invoicer"
    )
    d = _d("could you change the reminder job name into Recall Job please")
    assert d.shape("back.reminders").label == "Recall Job"


def test_news_of_the_product_a_part_runs_on_then_fix_the_name() -> None:
    base = CLINIC.replace("records_db: Records DB", "records_db: Postgres Records DB")
    d = applied(
        "fyi we dropped Postgres for the records db, it's on CockroachDB now. keep it where "
        "it is, just fix the name",
        base,
    )
    assert d.shape("records_db").label == "CockroachDB Records DB"
    assert linked(d, "back.billing", "records_db")
