"""Edits round 17b: a new part added together with the links the request states for it, and
a link rerouted through a new part.

- a detour whose end is named by a word of a container and of a child inside it ("the
  billing": "Ledger & Billing" and its "Billing Engine"), or whose new middle's name holds a
  drawn shape's word ("an Auth Proxy" with an "Edge Proxy" drawn);
- "front it with X", "route them through it to Y": the direct link goes;
- "(cloud)" after a new part, "add that as an external cloud": how the new part is drawn;
- a participle ("consuming X"), a verb the dictionary knows as a noun ("emails", "texts") and
  a wish ("we'd love a ...") telling the new part's links; a state ("when their X is ready")
  is no link; "Hi there —" opens a request.

Sentences and diagram of our own; each test fails on main c5080a9."""

from __future__ import annotations

from services.dsl.d2.model import Diagram, Shape
from tests.support.edits import applied, linked

#: a ferry line: travellers and clerks, a kiosk, a billing container, a sailings container
FERRY = """direction: right

traveller: Traveller {shape: person}
clerk: Port Clerk {shape: person}
kiosk: Ticket Kiosk
proxy: Edge Proxy
ledger: Ledger & Billing {
  billing: Billing Engine
  invoices: Invoice Store {shape: cylinder}
}
sailings: Sailings {
  sched: Sailing Schedule API
  manifest: Passenger Manifest
  manifest_q: manifest-events {shape: queue}
  boarding: Boarding Pass Printer
}

traveller -> proxy: HTTPS
proxy -> kiosk
kiosk -> ledger.billing: charge
ledger.billing -> ledger.invoices: SQL
clerk -> sailings.manifest: check in
sailings.sched -> sailings.manifest_q: departure
sailings.manifest_q -> sailings.manifest: consume
traveller -> sailings.sched: look up
"""


def _d(query: str) -> Diagram:
    return applied(query, FERRY)


def _new(d: Diagram, words: str) -> Shape:
    """The one shape whose label holds `words` (any case)."""
    found = [s for s in d.shapes if words in (s.label or s.id).lower()]
    assert len(found) == 1, [s.label for s in found]
    return found[0]


# ------------------------------------------------------------------------------ detours


def test_detour_end_named_by_a_container_word_and_its_child() -> None:
    d = _d("The kiosk must not talk with the billing directly, please put a Fraud Screen between.")
    gw = _new(d, "fraud screen")
    assert not linked(d, "kiosk", "ledger.billing")
    assert linked(d, "kiosk", gw.id) and linked(d, gw.id, "ledger.billing")


def test_detour_new_middle_whose_name_holds_a_drawn_word() -> None:
    d = _d(
        "The clerk should not go direct to the Passenger Manifest. Please add one Auth Proxy "
        "in the sailings and make him pass by it."
    )
    auth = _new(d, "auth proxy")
    assert auth.parent == "sailings"
    assert not linked(d, "clerk", "sailings.manifest")
    assert linked(d, "clerk", auth.id) and linked(d, auth.id, "sailings.manifest")
    # the drawn proxy whose word the new name holds is left as it was
    assert linked(d, "traveller", "proxy") and linked(d, "proxy", "kiosk")


def test_front_it_with_a_drawn_shape() -> None:
    d = _d("travellers shouldn't hit the schedule API directly, front it with the edge proxy")
    assert not linked(d, "traveller", "sailings.sched")
    assert linked(d, "proxy", "sailings.sched") and linked(d, "traveller", "proxy")


def test_route_them_through_the_new_part_drops_the_direct_link() -> None:
    d = _d("add a Deck App for the port clerks and route them through it to the Passenger Manifest")
    app = _new(d, "deck app")
    assert not linked(d, "clerk", "sailings.manifest")
    assert linked(d, "clerk", app.id) and linked(d, app.id, "sailings.manifest")


def test_look_alike_connecting_the_new_part_keeps_the_direct_link() -> None:
    d = _d("add a Deck App for the port clerks and connect it to the Passenger Manifest")
    app = _new(d, "deck app")
    assert linked(d, "clerk", "sailings.manifest")
    assert linked(d, app.id, "sailings.manifest")


# -------------------------------------------------------------------- how it is drawn


def test_cloud_in_brackets_draws_the_new_part_and_is_no_part_of_its_name() -> None:
    d = _d("add a weather feed (cloud) that the schedule api reads from")
    feed = _new(d, "weather feed")
    assert feed.shape == "cloud"
    assert "cloud" not in feed.label.lower()
    assert linked(d, feed.id, "sailings.sched")


def test_look_alike_a_word_in_brackets_that_is_no_shape_draws_nothing() -> None:
    d = _d("add a fare cache (memcached) that the schedule api calls")
    fare = _new(d, "fare cache")
    assert fare.shape != "cloud"
    assert linked(d, "sailings.sched", fare.id)


def test_add_that_as_an_external_cloud_after_an_add() -> None:
    d = _d("the billing engine needs a tax rate service, add that as an external cloud")
    tax = _new(d, "tax rate")
    assert tax.shape == "cloud"
    assert linked(d, "ledger.billing", tax.id)


def test_a_new_part_added_as_a_queue() -> None:
    d = _d("add refund-requests as a queue")
    assert _new(d, "refund-requests").shape == "queue"


def test_look_alike_as_a_role_is_no_shape() -> None:
    d = _d("add a fare cache as a read-through layer for the schedule api")
    assert _new(d, "fare cache").shape != "queue"


# ------------------------------------------------------------ links told with the add


def test_participle_and_a_noun_like_verb_tell_the_links() -> None:
    d = _d("add audit svc consuming manifest-events, texts the traveller")
    svc = _new(d, "audit svc")
    assert "consuming" not in svc.label.lower()
    assert any((c.src, c.dst) == ("sailings.manifest_q", svc.id) for c in d.connections), (
        "the queue feeds what consumes it"
    )
    assert any((c.src, c.dst) == (svc.id, "traveller") for c in d.connections)


def test_look_alike_a_relative_clause_already_read_still_sends() -> None:
    d = _d("add a Delay Notifier that texts the travellers")
    note = _new(d, "delay notifier")
    assert any((c.src, c.dst) == (note.id, "traveller") for c in d.connections)


def test_wish_with_love_adds_and_links() -> None:
    d = _d(
        "Hi there — we'd love a Delay Notifier that texts travellers. "
        "It should listen on the manifest-events."
    )
    note = _new(d, "delay notifier")
    assert any((c.src, c.dst) == (note.id, "traveller") for c in d.connections)
    assert linked(d, "sailings.manifest_q", note.id)


def test_a_state_told_with_when_is_no_link() -> None:
    d = _d("add a Delay Notifier that texts travellers when their boarding pass is ready")
    note = _new(d, "delay notifier")
    assert not linked(d, note.id, "sailings.boarding")
    assert linked(d, note.id, "traveller")


def test_look_alike_when_a_drawn_part_acts_still_feeds_it() -> None:
    d = _d("add a Fare Checker that runs when the schedule api publishes")
    note = _new(d, "fare checker")
    assert linked(d, "sailings.sched", note.id)


def test_look_alike_new_adjective_before_a_participle_word_keeps_the_name() -> None:
    d = _d("add a new routing engine")
    assert _new(d, "routing engine")


def test_look_alike_a_participle_in_the_name_before_a_drawn_word() -> None:
    # "holding" (no verb of communication) before "engine", a word of the Billing Engine
    d = _d("add the seat holding engine, the kiosk is asking it before printing")
    seat = _new(d, "seat holding engine")
    assert "kiosk" not in seat.label.lower()
    assert linked(d, "kiosk", seat.id)
