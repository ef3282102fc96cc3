"""Edits round 11 (issue 11): a quantifier straight before a container's name means the
shapes it holds ("every partner box", "all the outside services", "both stores in the
Storage group"), and a merge into a new name leaves no old part's id behind. Sentences and
diagram of our own; each fails on main f54864d."""

from __future__ import annotations

from tests.support.edits import applied, edit

#: a shop: outside partners and stores each grouped in a box
SHOP = """direction: right

buyer: Buyer {shape: person}
web: Web {
  storefront: Storefront
  checkout_api: checkout-api
}
stores: Storage {
  orders_db: Orders DB {shape: cylinder}
  files: File Bucket
}
partners: Outside Partners {
  courier: Courier API
  taxes: Tax Calculator
  mailer: Mail Relay
}

buyer -> web.storefront
web.storefront -> web.checkout_api: order
web.checkout_api -> stores.orders_db
web.checkout_api -> partners.courier: ship
web.checkout_api -> partners.taxes
web.storefront -> stores.files
web.checkout_api -> partners.mailer
"""


def _text(query: str) -> str:
    result = edit(query, SHOP)
    assert result.d2, result.message
    return result.d2


def test_every_partner_box_colours_what_the_box_holds() -> None:
    d2 = _text("paint every partner box purple please, they are not ours")
    assert d2.count("fill: purple") == 3
    assert "partners: Outside Partners {\n  courier" in d2


def test_all_the_outside_partners_are_its_members() -> None:
    d2 = _text("could you make all the outside partners orange")
    assert d2.count("fill: orange") == 3


def test_each_partner_gets_the_note() -> None:
    d2 = _text("annotate each outside partner with a 99.9% uptime SLA")
    assert d2.count("99.9%") == 3


def test_both_stores_in_the_storage_box() -> None:
    d2 = _text("colour both stores in the Storage box light green")
    assert d2.count("fill:") == 2 and "stores: Storage {\n" in d2


def test_merge_into_a_new_name_leaves_no_old_id() -> None:
    d = applied("merge the storefront and checkout-api into one 'Shop Front' service", SHOP)
    ids = {s.id for s in d.shapes}
    assert "web.checkout_api" not in ids and "web.storefront" not in ids
    assert "web.shop_front" in ids
    assert any(c.dst == "partners.courier" and c.src == "web.shop_front" for c in d.connections)


def test_consolidate_into_a_single_named_component() -> None:
    d = applied("consolidate the orders db and the file bucket into a single Records Hub", SHOP)
    ids = {s.id for s in d.shapes}
    assert not {"stores.orders_db", "stores.files"} & ids
    assert any(s.label.lower() == "records hub" for s in d.shapes)


def test_combine_into_one_named_queue_plz() -> None:
    d = applied("combine courier api and mail relay into one 'Outbound Hub' plz, too many", SHOP)
    ids = {s.id for s in d.shapes}
    assert not {"partners.courier", "partners.mailer"} & ids
    assert "partners.outbound_hub" in ids


def _parent(query: str, sid: str) -> str | None:
    d = applied(query, SHOP)
    s = next((s for s in d.shapes if s.id.endswith("." + sid)), None)
    assert s is not None, [x.id for x in d.shapes]
    return s.parent


def test_a_place_then_the_refused_place_moves_it() -> None:
    assert _parent("the file bucket should sit in web, not storage", "files") == "web"


def test_a_refused_place_in_brackets_is_no_link_cut() -> None:
    assert _parent("put the tax calculator inside web (not in the partners box)", "taxes") == "web"


def test_take_it_out_and_put_it_somewhere_is_a_move() -> None:
    got = _parent(
        "mail relay should not stay in partners, pull it out and stick it directly in web", "mailer"
    )
    assert got == "web"


def test_take_out_then_put_keeps_the_shape() -> None:
    assert (
        _parent("please take the orders db out, then place it right in web", "orders_db") == "web"
    )


def _shape(query: str, sid: str) -> str:
    d = applied(query, SHOP)
    s = next(s for s in d.shapes if s.id.endswith("." + sid))
    return str(s.shape)


def test_a_shape_word_with_shaped_after_it() -> None:
    assert _shape("make the file bucket cloud shaped pls", "files") == "cloud"


def test_the_stored_data_shape_written_with_a_hyphen() -> None:
    assert _shape("draw the file bucket with the stored-data shape", "files") == "stored_data"


def test_a_hexagon_shaped_box() -> None:
    assert _shape("give the courier api a hexagon-shaped box", "courier") == "hexagon"


def test_a_second_look_after_and_display() -> None:
    d = applied("make the tax calculator a diamond, and display the mail relay as a cloud", SHOP)
    got = {s.id: s.shape for s in d.shapes}
    assert got["partners.taxes"] == "diamond" and got["partners.mailer"] == "cloud"
