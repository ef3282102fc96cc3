"""Edits round 17c: collectives by kind or by a link's end, properties and looks said
tersely, group moves that leave the old group, and which of several databases a request
means (the drawn links decide, or the architect asks).

Sentences and diagram of our own; each test fails on main c5080a9 but the last, which only
holds look-alikes (it failed on a first draft of this round)."""

from __future__ import annotations

from services.dsl.d2.model import Diagram, Shape
from shared.contracts import GenerationKind
from tests.support.edits import applied, edit, linked

#: a bakery: three people, a storefront, a kitchen with a box of stores (one database whose
#: label does not say so), a "Tax & Audit" box, an outside maps service
BAKERY = """direction: right

baker: Baker {shape: person}
courier: Courier {shape: person}
buyer: Buyer {shape: person}
maps: Maps API {shape: cloud}
shop: Storefront {
  web: shop-web
  kiosk: Order Kiosk
}
kitchen: Kitchen Ops {
  planner: Batch Planner
  oven_ctl: Oven Controller
  invoices: Invoice Maker
  stores: Stockrooms {
    stock_db: Stock DB {shape: cylinder}
    recipes: Recipe Vault {shape: cylinder}
    photos: Photo Archive {shape: stored_data}
  }
}
legal: Tax & Audit {
  ledger: Ledger Service
  filing: Tax Filing
}
buyer -> shop.web: HTTPS
buyer -> shop.kiosk: touch
shop.web -> kitchen.planner: orders
shop.kiosk -> kitchen.planner: orders
baker -> kitchen.oven_ctl: bake
kitchen.planner -> kitchen.stores.stock_db: reserve flour
kitchen.planner -> kitchen.stores.recipes: read recipe
kitchen.oven_ctl -> kitchen.stores.recipes: programs
courier -> maps: routes
kitchen.invoices -> legal.ledger: post
legal.filing -> legal.ledger: totals
kitchen.invoices -> kitchen.stores.photos: receipts
"""


def _d(query: str) -> Diagram:
    return applied(query, BAKERY)


def _shape(d: Diagram, sid: str) -> Shape:
    s = d.shape(sid)
    assert s is not None, sid
    return s


def _said(d: Diagram, sid: str) -> str:
    """Everything drawn on a shape (label, tooltip, style) as one lower-case text."""
    s = _shape(d, sid)
    return f"{s.label} {s.tooltip or ''} {s.style}".lower()


def _label(d: Diagram, a: str, b: str) -> str:
    return next((c.label or "" for c in d.connections if (c.src, c.dst) == (a, b)), "")


#: the same bakery with two stores both named as databases, in a box named for them
TWO_DBS = BAKERY.replace("Recipe Vault", "Recipe DB").replace("Stockrooms", "Databases")


def _asks(query: str, *names: str) -> None:
    result = edit(query, TWO_DBS)
    assert result.kind == GenerationKind.ANSWER, result.message
    for name in names:
        assert name in result.message, result.message


# -- collectives by kind or by a link's end ------------------------------------------------


def test_every_database_means_each_one_drawn_as_one_not_their_box() -> None:
    d = _d("Kindly flag every database as storing allergen data, the inspector wants it.")
    assert "allergen" in _said(d, "kitchen.stores.stock_db")
    assert "allergen" in _said(d, "kitchen.stores.recipes")  # a cylinder without "db"
    assert "allergen" not in _said(d, "kitchen.stores")
    assert not linked(d, "kitchen.stores.stock_db", "kitchen.stores.recipes")


def test_an_abbreviation_in_the_plural_is_a_collective_of_its_kind() -> None:
    d = _d("mark all dbs as restricted")
    assert "restricted" in _said(d, "kitchen.stores.stock_db")
    assert "restricted" in _said(d, "kitchen.stores.recipes")
    # look-alike: one database named alone is that one only
    one = _d("mark the stock db as restricted")
    assert "restricted" in _said(one, "kitchen.stores.stock_db")
    assert "restricted" not in _said(one, "kitchen.stores.recipes")


def test_the_look_right_now_is_a_remark_and_names_no_rights_desk() -> None:
    base = BAKERY + "rights: Rights Desk\n"
    said = "make all the people (baker, courier, buyer) light green please, it's a wall of grey"
    d = applied(f"{said} right now", base)
    for sid in ("baker", "courier", "buyer"):
        assert "lightgreen" in _said(d, sid)
    assert _shape(d, "rights").style == {}
    # look-alike: the desk named plainly is restyled
    assert "grey" in _said(applied("make the rights desk grey", base), "rights")


def test_a_label_on_all_the_links_that_are_going_to_a_shape() -> None:
    d = _d(
        "Please put the label 'signed' on all the connections that are going to the Batch Planner."
    )
    assert _label(d, "shop.web", "kitchen.planner") == "signed"
    assert _label(d, "shop.kiosk", "kitchen.planner") == "signed"
    # look-alike: the links leaving the planner keep their labels
    assert _label(d, "kitchen.planner", "kitchen.stores.stock_db") == "reserve flour"


# -- properties and looks said tersely ------------------------------------------------------


def test_a_terse_border_colour_is_the_stroke() -> None:
    d = _d("oven controller border orange")
    assert _shape(d, "kitchen.oven_ctl").style.get("stroke") == "orange"
    assert "fill" not in _shape(d, "kitchen.oven_ctl").style
    # look-alike: a colour with no border word is the fill
    filled = _d("make the oven controller orange")
    assert _shape(filled, "kitchen.oven_ctl").style.get("fill") == "orange"


def test_a_spelt_out_retention_period_with_a_cited_norm_after_it() -> None:
    d = _d(
        "Please configure the Photo Archive with a ten-year retention period, in line with "
        "our tax obligations."
    )
    assert "ten-year retention" in _said(d, "kitchen.stores.photos")
    assert _label(d, "kitchen.invoices", "kitchen.stores.photos") == "receipts"


def test_render_it_as_multiple_is_the_stacked_look() -> None:
    d = _d("oven controller runs as a fleet of pods, render it as multiple")
    assert _shape(d, "kitchen.oven_ctl").style.get("multiple") == "true"


# -- group moves that leave the old group ---------------------------------------------------


def test_out_of_a_box_with_an_ampersand_into_a_new_quoted_group() -> None:
    d = _d("Please move Tax Filing out of Tax & Audit into a new 'Returns' group.")
    filing = next(s for s in d.shapes if s.label == "Tax Filing")
    assert filing.parent is not None and not filing.parent.startswith("legal")
    assert _shape(d, filing.parent).label == "Returns"


def test_into_its_own_group_leaves_the_box_it_was_in() -> None:
    d = _d("Would you mind moving the Invoice Maker into its own 'Billing' group? Thanks!")
    maker = next(s for s in d.shapes if s.label == "Invoice Maker")
    assert maker.parent is not None and not maker.parent.startswith("kitchen")
    assert _shape(d, maker.parent).label == "Billing"
    # look-alike: two parts grouped together stay in the box they share
    both = _d("put the batch planner and the oven controller in a group called Line")
    planner = next(s for s in both.shapes if s.label == "Batch Planner")
    assert planner.parent is not None and planner.parent.startswith("kitchen.")


def test_get_rid_of_the_box_after_naming_it_keeps_its_parts() -> None:
    d = _d(
        "the Storefront box doesn't add anything. can you get rid of the box but keep shop-web "
        "and the kiosk where they are link-wise?"
    )
    assert d.shape("shop") is None
    ids = {s.id for s in d.shapes}
    assert "web" in ids and "kiosk" in ids
    assert linked(d, "buyer", "web") and linked(d, "kiosk", "kitchen.planner")
    assert not any(s.label.lower() == "anything" for s in d.shapes)


# -- which database ---------------------------------------------------------------------------


def test_the_drawn_link_says_which_db_a_rule_against_direct_access_means() -> None:
    d = _d(
        "for the food-safety audit: no direct DB access from the Oven Controller, put a "
        "read-only Recipe API in front of the Recipe Vault"
    )
    assert not linked(d, "kitchen.oven_ctl", "kitchen.stores.recipes")
    api = next(s for s in d.shapes if "recipe api" in s.label.lower())
    assert linked(d, "kitchen.oven_ctl", api.id)
    assert linked(d, api.id, "kitchen.stores.recipes")


def test_the_db_of_a_box_of_databases_is_asked_back() -> None:
    _asks("can u hook the courier straight up to the db", "Stock DB", "Recipe DB")
    # look-alike: the db named plainly is linked
    d = applied("connect the courier to the stock db", TWO_DBS)
    assert linked(d, "courier", "kitchen.stores.stock_db")


def test_an_add_for_a_db_the_remark_left_open_is_asked_back() -> None:
    # the planner reads both databases: which one gets the replica?
    _asks("batch planner is hammering the DB every morning, add a read replica", "Stock DB")
    # look-alike: the oven controller reads one database only, so nothing to ask
    d = applied("oven controller is hammering the DB every morning, add a read replica", TWO_DBS)
    assert any("replica" in s.label.lower() for s in d.shapes)


def test_look_alikes_an_indefinite_or_bare_kind_word_asks_nothing() -> None:
    # "a database" after "every link to": the box of databases will do, no question
    d = applied("Please ensure that every connection to a database is encrypted with TLS.", TWO_DBS)
    assert d.shape("kitchen.stores.stock_db") is not None
    # a bare "db" qualifying another noun in a remark leaves the add that follows alone
    d = applied("the baker also wants to see db health, add a Bakery Dashboard for him", TWO_DBS)
    assert any("dashboard" in s.label.lower() for s in d.shapes)
