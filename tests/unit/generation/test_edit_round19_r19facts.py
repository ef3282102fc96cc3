"""Edits round 19 (facts): no clause left behind — what later clauses state is drawn.

- its own store: "... and it keeps X in its own database" is a new store named after its
  owner ("Triage DB"), linked owner -> store; an add naming that store again is that store;
- personal pronouns: "he"/"his"/"her" are the person the request named last, and "remove
  X's link to Y" is the link, not X;
- a shape acting on another ("let the vet sign in the records service") is linked to it;
- routing facts: "it must go by C", "stand up a C that ...", a far end named after a word
  that looks like a shape, "disconnect A straight from B, it goes thru C";
- a part put between two boxes that a shape "must go through" stands on that shape's link;
- a split's duties told as "the A does X and the B does Y", and "split it to A and B";
- look-alikes: reasons and remarks ("he is new", "on their own"), negated or placing verbs,
  and a person never named add nothing.

Sentences and diagram of our own."""

from __future__ import annotations

import pytest

from services.dsl.d2.model import Diagram, Shape
from tests.support.edits import applied, edit, linked

#: a small vet clinic: two people, a DMZ and a lab network, stores and helpers
CLINIC = """direction: right

vet: Clinic Vet {shape: person}
owner: Pet Owner {shape: person}
dmz: Clinic DMZ {
  portal: Booking Portal
}
lab: Lab Network {
  results: Results Service
  archive: Sample Archive
}
records: Records Service
records_db: Records DB {shape: cylinder}
sms: SMS Relay
billing: Billing Engine
dose: Dosage Checker

owner -> dmz.portal: book
vet -> records: notes
vet -> billing: charge
dmz.portal -> lab.results: lookup
records -> records_db: SQL
lab.results -> lab.archive
records -> sms: remind
dose -> records: read
"""


def _d(query: str) -> Diagram:
    return applied(query, CLINIC)


def _new(d: Diagram, words: str) -> Shape:
    hits = [s for s in d.shapes if words in s.label.lower()]
    assert hits, [s.label for s in d.shapes]
    return hits[0]


# --- its own store, named after its owner -------------------------------------------------

OWN_STORE = [
    (
        "add a Triage Service, the owners reach it through the booking portal, and it keeps "
        "cases in its own database",
        "triage db",
    ),
    ("please add a Triage Service; it saves the cases in its own database", "triage db"),
    ("add Triage Service. it keep the cases in own database", "triage db"),
    ("Add a Triage Service which stores the cases in its own database.", "triage db"),
    (
        "we need a Triage Service, the portal calls it and it writes to its own database",
        "triage db",
    ),
    ("add a Vaccine Service, it keeps the schedules in its own cache", "vaccine cache"),
    ("add a Vaccine Service. It stores the schedule in its own database", "vaccine db"),
    ("pls add Vaccine Service, it writes everything into its own db", "vaccine db"),
    ("add a Kennel Service, it puts the stays in its own database", "kennel db"),
    ("Kindly add a Kennel Service; it should keep the stays in its own database.", "kennel db"),
    ("add a Kennel Service, it pushes events into its own queue", "kennel queue"),
    ("add a Kennel Service; it saves the stays to its own database, thanks", "kennel db"),
]


@pytest.mark.parametrize(("query", "store"), OWN_STORE)
def test_its_own_store_is_named_after_its_owner(query: str, store: str) -> None:
    d = _d(query)
    owner = _new(d, store.split()[0] + " service")
    own = _new(d, store)
    assert linked(d, owner.id, own.id)


@pytest.mark.parametrize(
    "query",
    [
        "Dosage Checker must write in its own database, please add one Dosage DB for it.",
        "the dosage checker should keep its data in its own database, add a Dosage DB for it",
        "Dosage Checker needs to save in its own database. Add one Dosage DB for that.",
    ],
)
def test_an_add_naming_the_own_store_again_is_that_store(query: str) -> None:
    d = _d(query)
    stores = [s for s in d.shapes if s.id != "records_db" and s.label.lower().endswith("db")]
    assert len(stores) == 1, [s.label for s in stores]
    assert "dosage" in stores[0].label.lower() and linked(d, "dose", stores[0].id)
    assert not [
        c for c in d.connections if stores[0].id in (c.src, c.dst) and "dose" not in (c.src, c.dst)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "the vets sign off on their own now, remove the billing engine",
        "owners book on their own now. please remove the SMS Relay",
    ],
)
def test_look_alike_on_their_own_adds_nothing(query: str) -> None:
    d = _d(query)
    assert not [s for s in d.shapes if s.label.lower() in ("now", "own now")]


# --- personal pronouns and a possessive link ----------------------------------------------

PERSONAL = [
    "Make the vet connect to the dosage checker too, and remove his link to the billing engine",
    "let the clinic vet use the dosage checker as well and remove her link to billing",
    "connect the vet to the Dosage Checker, and drop his connection with the billing engine, "
    "he use only the checker now",
    "hook the vet up to the dosage checker. remove his arrow to billing, he doesnt charge anymore",
    "The vet must reach the dosage checker. Please delete her link to the Billing Engine.",
    "connect vet -> dosage checker, and cut his link to the billing engine",
]


@pytest.mark.parametrize("query", PERSONAL)
def test_his_or_her_link_is_the_persons_link(query: str) -> None:
    d = _d(query)
    assert linked(d, "vet", "dose")
    assert not linked(d, "vet", "billing")
    assert d.shape("billing") is not None and d.shape("dose") is not None


POSSESSIVE = [
    "remove the vet's link to the billing engine",
    "delete the Clinic Vet's connection to billing",
    "please drop the vet's arrow to the billing engine",
    "cut the clinic vet's link with the Billing Engine",
    "get rid of the vet's line to billing, it is wrong",
    "kill the vet's connection to the billing engine pls",
]


@pytest.mark.parametrize("query", POSSESSIVE)
def test_remove_x_s_link_removes_the_link_not_x(query: str) -> None:
    d = _d(query)
    assert d.shape("vet") is not None and d.shape("billing") is not None
    assert not linked(d, "vet", "billing")
    assert linked(d, "vet", "records")


@pytest.mark.parametrize(
    "query",
    [
        "connect the vet to the dosage checker, he is new here",
        "link the clinic vet to the Dosage Checker; she is on nights",
    ],
)
def test_look_alike_a_remark_about_the_person_adds_nothing(query: str) -> None:
    d = _d(query)
    assert linked(d, "vet", "dose")
    assert linked(d, "vet", "billing") and linked(d, "vet", "records")


def test_look_alike_no_person_named_leaves_his_unread() -> None:
    result = edit("remove his link to the billing engine", CLINIC)
    d = _d("connect the dosage checker to billing")
    assert linked(d, "vet", "billing")
    assert result.d2 is None or "vet -> billing" in result.d2


# --- a shape acting on another ------------------------------------------------------------

ACTS_ON = [
    ("remove the sms relay and let the vet sign in the records service instead", "vet", "records"),
    ("drop the billing engine. the vet should approve in the dosage checker", "vet", "dose"),
    ("let the pet owner pay at the billing engine", "owner", "billing"),
    ("the pet owner should now pay through the billing engine", "owner", "billing"),
    ("have the dosage checker report to the billing engine", "dose", "billing"),
    ("The Dosage Checker must also log into the SMS Relay.", "dose", "sms"),
    ("the vet will now work with the dosage checker", "vet", "dose"),
    (
        "pet owner should check in at the booking portal and billing engine too",
        "owner",
        "dmz.portal",
    ),
    ("let the billing engine bill against the records service", "billing", "records"),
    ("the dosage checker should depend on the sms relay", "dose", "sms"),
    ("the Billing Engine ought to pull from the dosage checker", "dose", "billing"),
    ("ok and the vet should chat with the sms relay", "vet", "sms"),
]


@pytest.mark.parametrize(("query", "a", "b"), ACTS_ON)
def test_a_shape_acting_on_another_is_linked(query: str, a: str, b: str) -> None:
    d = _d(query)
    assert any((c.src, c.dst) == (a, b) for c in d.connections), [
        (c.src, c.dst) for c in d.connections
    ]


@pytest.mark.parametrize(
    ("query", "a", "b"),
    [
        ("remove the sms relay, the vet should not sign in the records service", "vet", "records"),
        ("remove the sms relay, the vet never pays at the billing engine", "vet", "billing"),
        ("drop the sms relay; the dosage checker should live in the lab network", "dose", "lab"),
        ("remove the sms relay, the billing engine runs in the clinic DMZ", "billing", "dmz"),
        ("remove the sms relay because the vet is with the dosage checker", "vet", "dose"),
    ],
)
def test_look_alike_negated_placing_or_reasons_link_nothing(query: str, a: str, b: str) -> None:
    d = _d(query)
    assert not any(c.src.split(".")[-1] == a and c.dst.split(".")[0] == b for c in d.connections), [
        (c.src, c.dst) for c in d.connections
    ]


# --- routing facts ------------------------------------------------------------------------

ROUTED = [
    "The vet should not talk with the billing engine directly, it must go by the Records Service.",
    "the vet must not send charges direct into the billing engine, please make it go by the "
    "records service first",
    "vet shouldn't hit billing directly. it goes by the records service",
    "Please, the vet should not call the Billing Engine directly; it must pass by the Records "
    "Service.",
    "disconnect the vet straight from the billing engine, thats wrong, it goes thru the records "
    "service",
    "the clinic vet must not put the charge notes direct into billing, make him go by the "
    "records service",
]


@pytest.mark.parametrize("query", ROUTED)
def test_a_routing_fact_reroutes_the_forbidden_link(query: str) -> None:
    d = _d(query)
    assert not linked(d, "vet", "billing")
    assert linked(d, "vet", "records") and any(
        (c.src, c.dst) == ("records", "billing") for c in d.connections
    )


STOOD_UP = [
    "the portal shouldn't read the lab results directly. stand up a Gateway Service that "
    "fronts them",
    "booking portal must not call results service directly; set up a Lab Gateway for that",
    "the booking portal should not hit the results service directly, spin up a Lab Gateway",
    "the booking portal must not query the results service directly, create a Lab Gateway",
]


@pytest.mark.parametrize("query", STOOD_UP)
def test_a_middle_stood_up_takes_the_path(query: str) -> None:
    d = _d(query)
    gw = _new(d, "gateway")
    assert not linked(d, "dmz.portal", "lab.results")
    assert linked(d, "dmz.portal", gw.id) and linked(d, gw.id, "lab.results")


BOXED = [
    "Please add a firewall between Clinic DMZ and Lab Network, the booking portal must go "
    "through it.",
    "add a firewall between the clinic dmz and the lab network; the portal should go via it",
    "add a firewall between clinic DMZ and lab network. The booking portal has to go through it.",
    "add firewall between clinic DMZ and lab network, booking portal must pass through it",
]


@pytest.mark.parametrize("query", BOXED)
def test_a_part_before_a_box_stands_on_the_link_into_it(query: str) -> None:
    d = _d(query)
    fw = _new(d, "firewall")
    assert not linked(d, "dmz.portal", "lab.results")
    assert linked(d, "dmz.portal", fw.id) and linked(d, fw.id, "lab.results")


def test_look_alike_a_part_between_boxes_alone_keeps_the_link() -> None:
    d = _d("add a firewall between Clinic DMZ and Lab Network")
    assert linked(d, "dmz.portal", "lab.results")


# --- a split's duties ---------------------------------------------------------------------

SPLIT_DUTIES = [
    "Could you please split the Records Service into a Notes Writer and a Reminder Sender? "
    "The writer saves to the records DB and the sender calls the sms relay.",
    "split records service into Notes Writer and Reminder Sender. the sender calls sms relay "
    "and the writer saves to records db",
    "split the Records Service to a Notes Writer and a Reminder Sender; the writer writes into "
    "the records db and the sender talks to the sms relay",
    "Please split it to Notes Writer and Reminder Sender: the writer stores into records db "
    "and the sender pushes to the SMS relay",
]


@pytest.mark.parametrize("query", SPLIT_DUTIES)
def test_each_part_of_a_split_takes_its_told_links(query: str) -> None:
    if query.startswith("Please split it"):
        query = "The Records Service does two jobs. " + query
    d = _d(query)
    writer, sender = _new(d, "notes writer"), _new(d, "reminder sender")
    assert d.shape("records") is None
    assert linked(d, writer.id, "records_db") and not linked(d, sender.id, "records_db")
    assert linked(d, sender.id, "sms") and not linked(d, writer.id, "sms")


@pytest.mark.parametrize(
    "query",
    [
        "connect the vet to the billing engine",
        "connect the records service to the sms relay",
    ],
)
def test_look_alike_to_after_no_split_is_untouched(query: str) -> None:
    d = _d(query)
    assert d.shape("records") is not None
