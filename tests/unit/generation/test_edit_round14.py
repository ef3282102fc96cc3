"""Edits round 14: rules for a whole class of parts or links, and parts told in passing.

- a look given to every part someone else runs ("all the vendor systems dotted", "each
  external API with a dashed outline"): every cloud or external shape gets it, and its note
  says what the broken border marks (D2 keeps only a number for it);
- a rule for the links across a boundary ("all traffic between the plant and the HQ must go
  over an MPLS line"): each link with one end in each part labelled with it, its own label
  kept; a following "show this on every link crossing it" is the same request;
- a worker told after a queue put in front of a part ("... and a small worker does the
  actual X call") goes between that queue and X;
- a role a part needs filled by the part added after it ("X needs a dedicated consumer: add
  a W that ...": W consumes X, no part named "consumer");
- a part added and named again at once with more detail ("add refunds. just a Refund
  Service behind X that ...") is one addition of the detailed part;
- the halves of a split linked as told ("into A and B, which A calls", "... A calls B");
- a known product after "via"/"through" (FCM, APNs) is a part in the middle, not a label;
- "he"/"she" opening a clause is the person just added; "look at" / "view" a new part is
  using it;
- a short name for a kebab-case queue ("the shipment queue" for ``shipment-events``, the
  other "shipment" parts being no queue).

Sentences and diagram of our own; each fails on main 63b3f62."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.support.edits import applied

#: a brewery: a plant with its machines, a head office in the cloud, outside providers
BREWERY = """direction: right

brewer: Brewer {shape: person}

plant: Brewing Plant {
  tank_sensor: Tank Sensor
  bottler: Bottling Line
  gateway: Plant Gateway
}

hq: HQ Cloud {
  orders: Order Service
  recipes: Recipe Service
  batches_db: Batches DB {shape: cylinder}
  shipments: shipment-events {shape: queue}
  dispatcher: Dispatcher
  tracker: Shipment Tracker
  shipments_db: Shipments DB {shape: cylinder}
}

stripe: Stripe {shape: cloud}
shippo: Shippo Labels {shape: cloud}

brewer -> plant.bottler: starts run
plant.tank_sensor -> plant.gateway: readings
plant.gateway -> hq.recipes: telemetry
hq.recipes -> plant.bottler: recipe
hq.orders -> hq.batches_db
hq.orders -> stripe: charge
hq.orders -> hq.shipments: order.packed
hq.shipments -> hq.dispatcher
hq.dispatcher -> shippo: label
hq.tracker -> hq.shipments_db
"""


def _d(query: str) -> Diagram:
    return applied(query, BREWERY)


def _style(d: Diagram, sid: str) -> dict[str, str]:
    shape = d.shape(sid)
    assert shape is not None
    return dict(shape.style)


def _label(d: Diagram, src: str, dst: str) -> str:
    found = [c.label for c in d.connections if c.src == src and c.dst == dst]
    assert found, (src, dst)
    return found[0]


def test_every_outside_provider_dashed_and_noted() -> None:
    d = _d("Kindly draw all external third-party providers with a dashed outline.")
    for sid in ("stripe", "shippo"):
        assert _style(d, sid).get("stroke-dash") == "5"
        shape = d.shape(sid)
        assert shape is not None and "dashed" in (shape.tooltip or "")
    assert "stroke-dash" not in _style(d, "hq.orders")


def test_each_vendor_service_dotted() -> None:
    d = _d("make every vendor service dotted so we can tell them from ours")
    for sid in ("stripe", "shippo"):
        assert _style(d, sid).get("stroke-dash") == "2"
        shape = d.shape(sid)
        assert shape is not None and "dotted" in (shape.tooltip or "")


def test_traffic_across_a_boundary_labelled() -> None:
    d = _d(
        "All traffic between the brewing plant and the HQ cloud must go over an MPLS line. "
        "Show that on each link crossing the boundary."
    )
    assert "MPLS line" in _label(d, "plant.gateway", "hq.recipes")
    assert _label(d, "plant.gateway", "hq.recipes").startswith("telemetry")
    assert "MPLS line" in _label(d, "hq.recipes", "plant.bottler")
    assert "MPLS" not in _label(d, "plant.tank_sensor", "plant.gateway")
    assert "MPLS" not in _label(d, "hq.orders", "stripe")


def test_calls_from_one_part_to_another_pass_through() -> None:
    d = _d("calls between the plant and hq should pass through the IPsec tunnel")
    assert "IPsec tunnel" in _label(d, "plant.gateway", "hq.recipes")
    assert "IPsec tunnel" in _label(d, "hq.recipes", "plant.bottler")


def test_short_name_of_a_kebab_case_queue() -> None:
    d = _d("add a Label Printer that takes events from the shipment queue")
    printer = [s.id for s in d.shapes if "printer" in s.label.lower()]
    assert printer
    assert any(c.src == "hq.shipments" and c.dst == printer[0] for c in d.connections)


def test_the_shipment_queue_linked_by_name() -> None:
    d = _d("connect the recipe service to the shipment queue")
    assert any({c.src, c.dst} == {"hq.recipes", "hq.shipments"} for c in d.connections)


def _new(d: Diagram, word: str) -> str:
    found = [s.id for s in d.shapes if word in s.label.lower()]
    assert len(found) == 1, (word, found)
    return found[0]


def test_she_is_the_person_just_added() -> None:
    d = _d("add a Quality Inspector. She checks a lab portal that reads the batches db")
    inspector, portal = _new(d, "inspector"), _new(d, "portal")
    assert any(c.src == inspector and c.dst == portal for c in d.connections)
    assert any({c.src, c.dst} == {portal, "hq.batches_db"} for c in d.connections)


def test_he_looks_at_a_new_screen() -> None:
    d = _d(
        "please add the Cellar Master; he look at a tank monitor which is reading the tank sensor"
    )
    master, monitor = _new(d, "cellar"), _new(d, "monitor")
    assert any(c.src == master and c.dst == monitor for c in d.connections)
    assert any({c.src, c.dst} == {monitor, "plant.tank_sensor"} for c in d.connections)


def test_a_known_push_product_after_via_is_a_middleman() -> None:
    d = _d("the dispatcher notifies the brewer via APNs")
    apns = _new(d, "apns")
    assert any(c.src == "hq.dispatcher" and c.dst == apns for c in d.connections)
    assert any(c.src == apns and c.dst == "brewer" for c in d.connections)


def test_fcm_after_through() -> None:
    d = _d("order service pushes to the brewer through FCM")
    fcm = _new(d, "fcm")
    assert any(c.src == "hq.orders" and c.dst == fcm for c in d.connections)
    assert any(c.src == fcm and c.dst == "brewer" for c in d.connections)


def test_a_worker_after_a_queue_in_front() -> None:
    d = _d(
        "shippo keeps failing on us, can you put a queue in front of it? the dispatcher just "
        "posts a message and a tiny worker does the actual shippo call"
    )
    worker = _new(d, "worker")
    queues = [s.id for s in d.shapes if s.id != "hq.shipments" and s.shape == "queue"]
    queues += [s.id for s in d.shapes if "queue" in s.classes and s.id not in queues]
    assert len(queues) == 1
    assert any(c.src == queues[0] and c.dst == worker for c in d.connections)
    assert any(c.src == worker and c.dst == "shippo" for c in d.connections)
    assert not any(c.src == queues[0] and c.dst == "shippo" for c in d.connections)


def test_a_needed_consumer_filled_by_the_part_added() -> None:
    d = _d("shipment-events needs a dedicated consumer: add a Label Worker that calls shippo")
    worker = _new(d, "label worker")
    assert any(c.src == "hq.shipments" and c.dst == worker for c in d.connections)
    assert any(c.src == worker and c.dst == "shippo" for c in d.connections)
    assert not [s for s in d.shapes if "consumer" in s.label.lower()]


def test_a_needed_subscriber_without_more() -> None:
    d = _d("the batches db needs its own reader - add a Report Job.")
    job = _new(d, "report job")
    assert any({c.src, c.dst} == {"hq.batches_db", job} for c in d.connections)
    assert not [s for s in d.shapes if "reader" in s.label.lower()]


def test_a_part_added_then_named_with_more_detail() -> None:
    d = _d(
        "could you add refunds? nothing big, just a Refund Service behind the order service "
        "that pays back through stripe"
    )
    refund = _new(d, "refund")
    assert len([s for s in d.shapes if "refund" in s.label.lower()]) == 1
    assert any({c.src, c.dst} == {"hq.orders", refund} for c in d.connections)
    assert any({c.src, c.dst} == {refund, "stripe"} for c in d.connections)


def test_a_cache_added_then_placed() -> None:
    d = _d("add a cache. a Redis cache in front of the batches db")
    caches = [s.id for s in d.shapes if "cache" in s.label.lower()]
    assert len(caches) == 1
    assert any({c.src, c.dst} == {caches[0], "hq.batches_db"} for c in d.connections)


def _split_ids(d: Diagram) -> tuple[str, str]:
    return _new(d, "intake"), _new(d, "planner")


def test_a_split_half_that_the_other_calls() -> None:
    d = _d(
        "split the order service into Order Intake (stripe charges go there) and Pick Planner, "
        "which order intake calls to plan picks"
    )
    intake, planner = _split_ids(d)
    assert any(c.src == intake and c.dst == planner for c in d.connections)


def test_split_halves_linked_in_the_next_sentence() -> None:
    d = _d(
        "split the order service into Order Intake and Pick Planner. "
        "the order intake calls the pick planner"
    )
    intake, planner = _split_ids(d)
    assert any(c.src == intake and c.dst == planner for c in d.connections)
