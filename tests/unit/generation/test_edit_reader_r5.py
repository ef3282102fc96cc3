"""The reader, round 5: requests whose operation is implicit (no verb, a gerund, a wish, a
topic and a colon), restyle as a category, clauses that hold no operation beside one that
does, and new names that only look like references. Sentences and diagrams are our own;
each test fails on main 82fbe44 (no edit, a wrong edit, or a question where none was due)."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.support.edits import applied, edit, linked

#: two payment-ish shapes, so that a payment product's name matches both by kind
PAYMENTS = """direction: right
shopper: Shopper {shape: person}
checkout: Checkout Service
billing: Billing Service
gateway: Card Gateway
ledger: Ledger DB {shape: cylinder}
shopper -> checkout
checkout -> billing: charge
billing -> gateway: authorise
billing -> ledger: SQL
"""


def style_of(d: Diagram, shape_id: str) -> dict[str, str]:
    shape = d.shape(shape_id)
    assert shape is not None, shape_id
    return {k: str(v) for k, v in shape.style.items()}


def test_a_collective_is_coloured_with_the_colour_and_tone_the_user_named() -> None:
    d = applied("could you colour both caches light green")
    assert style_of(d, "hot_cache").get("fill") == "lightgreen"
    assert style_of(d, "cold_cache").get("fill") == "lightgreen"


def test_a_border_colour_and_a_dotted_border_are_the_stroke_not_the_fill() -> None:
    d = applied("give the mailgun box a dotted purple outline")
    style = style_of(d, "mailer")
    assert style.get("stroke") == "purple" and style.get("stroke-dash") == "2"
    assert "fill" not in style


def test_standing_out_with_a_border_on_several_shapes() -> None:
    d = applied("make the loans service and the front proxy stand out, a thick blue border on both")
    for shape_id in ("core.loans", "edge.proxy"):
        style = style_of(d, shape_id)
        assert style.get("stroke") == "blue" and style.get("stroke-width") == "4"


def test_a_corrected_colour_is_the_one_applied() -> None:
    d = applied("paint the books db yellow, no wait, rather teal")
    assert style_of(d, "books_db").get("fill") == "teal"


def test_a_new_thing_placed_without_a_verb_is_added() -> None:
    d = applied("rate limiter in front of the loans service")
    limiter = next(s.id for s in d.shapes if "limiter" in s.label.lower())
    assert linked(d, limiter, "core.loans")


def test_a_topic_and_a_colon_list_of_looks() -> None:
    d = applied("notice sender: diamond, orange")
    shape = d.shape("core.notify")
    assert shape is not None and shape.shape == "diamond"
    assert style_of(d, "core.notify").get("fill") == "orange"


def test_several_shapes_into_one_with_an_arrow() -> None:
    d = applied("memcache + page cache -> one 'Shared Cache'")
    labels = {s.label for s in d.shapes}
    assert "Shared Cache" in labels and not {"Memcache", "Page Cache"} & labels


def test_a_split_whose_parts_follow_a_colon() -> None:
    d = applied("split the notice sender: Email Notices + SMS Notices")
    labels = {s.label.lower() for s in d.shapes}
    assert {"email notices", "sms notices"} <= labels and "notice sender" not in labels


def test_a_link_as_the_topic_then_its_label_unquoted() -> None:
    d = applied("loans service -> books db link: call it ledger writes")
    assert any(
        c.src == "core.loans" and c.dst == "books_db" and c.label == "ledger writes"
        for c in d.connections
    )


def test_a_gerund_after_a_polite_frame_is_the_request() -> None:
    d = applied("would you mind disconnecting the page cache from the loans service")
    assert not linked(d, "core.loans", "cold_cache")
    d = applied("would you mind merging memcache and page cache")
    labels = {s.label for s in d.shapes}
    assert not {"Memcache", "Page Cache"} <= labels


def test_a_wish_about_where_a_shape_belongs_moves_it() -> None:
    d = applied("the librarians want the notice sender inside the edge box since they run it")
    shape = next(s for s in d.shapes if s.label == "Notice Sender")
    assert shape.parent == "edge"


def test_a_topic_list_taken_up_by_them_in_a_wish_is_grouped() -> None:
    d = applied("Memcache and Page Cache are both caches, I want them in one group named Caching")
    group = next(s for s in d.shapes if s.label == "Caching")
    members = {s.label for s in d.shapes if s.parent == group.id}
    assert members == {"Memcache", "Page Cache"}


def test_a_remark_before_a_request_does_not_sink_it() -> None:
    d = applied("Mailgun is run by an outside vendor. Please make it grey with a dashed border.")
    style = style_of(d, "mailer")
    assert style.get("fill") == "grey" and style.get("stroke-dash") == "5"


def test_a_migration_told_as_moving_everything_over_names_a_new_product() -> None:
    d = applied(
        "we dropped the card gateway and shifted all traffic over to Stripe last month",
        PAYMENTS,
    )
    labels = {s.label for s in d.shapes}
    assert "Card Gateway" not in labels and "Stripe" in labels
    assert {"Billing Service", "Checkout Service"} <= labels


def test_a_new_name_that_matches_shapes_only_by_kind_is_not_a_reference() -> None:
    result = edit("the card gateway shoudl be named Adyen", PAYMENTS)
    assert "could mean" not in result.message
    d = applied("the card gateway shoudl be named Adyen", PAYMENTS)
    assert any(s.label == "Adyen" for s in d.shapes)


def test_that_link_after_a_remark_naming_its_two_ends_is_the_one_cut() -> None:
    d = applied(
        "the notice sender emailing through mailgun unencrypted on behalf of the loans "
        "service is a worry. please drop that link"
    )
    assert not linked(d, "core.notify", "mailer")
    assert any(s.id == "mailer" for s in d.shapes)


def test_a_purpose_after_a_comma_asks_for_nothing() -> None:
    d = applied("both caches the same, cylinder, for to show they hold data and not logic")
    for shape_id in ("hot_cache", "cold_cache"):
        shape = d.shape(shape_id)
        assert shape is not None and shape.shape == "cylinder"
    assert linked(d, "core.search", "hot_cache") and linked(d, "core.loans", "cold_cache")


def test_a_corrected_new_name_renames_what_was_just_brought_in() -> None:
    d = applied(
        "we are off the old card gateway now, everything moved to Braintree. no wait, Adyen",
        PAYMENTS,
    )
    labels = {s.label for s in d.shapes}
    assert "Adyen" in labels and "Braintree" not in labels and "Card Gateway" not in labels
    adyen = next(s.id for s in d.shapes if s.label == "Adyen")
    assert linked(d, "billing", adyen)


#: a container named in the singular, its members
FARM = """direction: right
unit: Field Unit {
  probe: Soil Probe
  mast: Weather Mast
}
hub: Farm Hub
unit.probe -> hub: readings
unit.mast -> hub: readings
"""


def test_a_new_thing_for_a_plural_group_is_added_without_a_question() -> None:
    d = applied(
        "we need a gateway for the field units: the soil probe and the weather mast send to it",
        FARM,
    )
    gateway = next(s.id for s in d.shapes if "gateway" in s.label.lower())
    assert linked(d, "unit.probe", gateway) and linked(d, "unit.mast", gateway)


def test_a_collective_spelled_out_between_dashes_is_the_list() -> None:
    d = applied(
        "connect every part that serves readers — the catalogue search and the loans "
        "service — to the memcache"
    )
    assert linked(d, "core.search", "hot_cache") and linked(d, "core.loans", "hot_cache")


def test_one_verb_for_two_pairs_applies_to_both() -> None:
    d = applied("rename Memcache to 'Hot Tier' and the Page Cache to 'Warm Tier'")
    labels = {s.label for s in d.shapes}
    assert {"Hot Tier", "Warm Tier"} <= labels and not {"Memcache", "Page Cache"} & labels


def test_a_remark_naming_a_product_supplies_the_name_of_the_next_request() -> None:
    d = applied("the mailer is actually SendGrid, rename it")
    assert any(s.id.startswith("sendgrid") or s.label == "SendGrid" for s in d.shapes)
    assert all(s.label != "Mailgun" for s in d.shapes)
    d = applied("we switched to Postmark for email. swap that in for mailgun")
    labels = {s.label for s in d.shapes}
    assert "Postmark" in labels and "Mailgun" not in labels


def test_a_particle_after_the_object_still_removes() -> None:
    d = applied("memcache has been flaky for weeks, take it out")
    assert all(s.label != "Memcache" for s in d.shapes)
