"""A rename changes what the reader sees (the label); an id the user chose apart from the
label stays, so links, pins and the layout keep pointing at the same shape. An id that was
only the old label in snake case follows the new name, so the text stays self-explaining."""

from __future__ import annotations

import pytest

from tests.support.edits import LIBRARY, applied, edit

#: a small hotel system of our own: some ids are short forms, some are the label snake-cased
HOTEL = """direction: right
guest: Guest {shape: person}
fd: Front Desk App
rooms_svc: room-inventory
booking_engine: Booking Engine
guests_db: Guest Records {shape: cylinder}
guest -> fd: check in
fd -> booking_engine: reserve
booking_engine -> rooms_svc: hold room
booking_engine -> guests_db
"""


@pytest.mark.parametrize(
    ("query", "kept_id", "new_label"),
    [
        ("rename the front desk app to Reception Console", "fd", "Reception Console"),
        ("room-inventory should be called Availability Service", "rooms_svc", "Availability"),
        ("please change the name of Guest Records to Guest Profiles", "guests_db", "Guest Prof"),
    ],
)
def test_a_chosen_id_is_kept_and_the_label_changes(
    query: str, kept_id: str, new_label: str
) -> None:
    d = applied(query, HOTEL)
    shape = next(s for s in d.shapes if s.id == kept_id)
    assert new_label in shape.label
    assert len(d.connections) == 4  # every link still reaches the renamed shape


def test_an_id_made_from_the_old_label_follows_the_new_name() -> None:
    d = applied("rename Booking Engine to Reservation Core", HOTEL)
    assert {s.id for s in d.shapes} >= {"reservation_core"}
    assert "booking_engine" not in {s.id for s in d.shapes}
    assert any(c.src == "fd" and c.dst == "reservation_core" for c in d.connections)


def test_the_text_keeps_the_users_id_on_every_line() -> None:
    result = edit("rename Mailgun to Postmark")
    assert result.d2 is not None
    # "mailer: Mailgun" chose its own id: the link line still says mailer
    assert "core.notify -> mailer: send" in result.d2
    assert "mailer: Postmark" in result.d2
    assert "core.notify -> mailer" in LIBRARY
