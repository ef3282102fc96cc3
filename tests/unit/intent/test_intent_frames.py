"""Speech-act frames: each frame read from the form of messages about many topics."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intent.frames import FRAME_NAMES, Frames, analyse
from services.intent.lexicon import canonical


def frames(text: str) -> Frames:
    return analyse(canonical(text))


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("should we put a cdn in front of the shop?", "advice"),
        ("is a second region worth it for us?", "advice"),
        ("would adding a broker be overkill here?", "advice"),
        ("graphql vs grpc for the internal calls?", "comparison"),
        ("which is cheaper, spot or reserved instances?", "comparison"),
        ("why does the billing job write to two databases?", "reason"),
        ("what would you improve? don't touch the diagram", "no_change"),
        ("start over with a booking site for barbers", "new_diagram"),
        ("a separate design for the partner portal please", "new_diagram"),
        ("make me a diagram", "bare_create"),
        ("the labels are tiny, i can't read them", "view"),
        ("collapse the network group", "view"),
        ("group the picture by owning team", "view"),
        ("turn on the threat overlay", "view"),
        ("make it more enterprisey", "vague_quality"),
        ("add something for the admins", "vague_object"),
        ("change the part we discussed", "pointer_only"),
        ("could you also put a waf in front of the api?", "request_edit"),
        ("go ahead and add it", "adopt"),
        ("postgres, redis, nginx and a react frontend", "component_list"),
        ("can you sketch how a parcel locker network works?", "depict_request"),
        ("revert to the version from this morning", "revert"),
        ("step back one more", "revert"),
        ("lock the layout of the data tier", "pin"),
        ("keep the ledger where it is", "pin"),
        ("dotted edges for the replication traffic", "edit_op"),
        ("make the vendor node a cloud shape", "edit_op"),
        ("the arrows are the wrong way round between cart and pricing", "edit_op"),
        ("the worker must pull from the jobs table", "edit_op"),
        ("lay it out by squad", "view"),
        ("everything arranged by cost centre please", "view"),
        ("highlight risks", "view"),
        ("put a trust boundary around the vendor stuff", "relational"),
        ("create a topic between billing and shipping", "relational"),
    ],
)
def test_frame_is_read(text: str, frame: str) -> None:
    assert frame in frames(text).active()


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("add a waf in front of the api", "question"),
        ("should we add a waf?", "instruction_sentence"),
        ("why is there no backup? please add one", "advice"),
        ("make the db more secure by moving it into a private subnet", "vague_quality"),
        ("add the reporting service", "vague_object"),
        ("make the arrow from the cache dashed", "view"),
        ("create a new service for invoices", "new_diagram"),
        ("remove the legacy ftp server", "pointer_only"),
    ],
)
def test_frame_is_not_read(text: str, frame: str) -> None:
    assert frame not in frames(text).active()


def test_an_instruction_next_to_a_question_stands() -> None:
    f = frames("is the firewall missing? add one between the dmz and the lan")
    assert f.question and f.instruction_sentence


def test_names_are_read_as_frames_of_the_head() -> None:
    assert tuple(Frames().__dataclass_fields__) == FRAME_NAMES


@given(st.text(max_size=300))
def test_any_text_has_frames(text: str) -> None:
    assert set(frames(text).active()) <= set(FRAME_NAMES)
