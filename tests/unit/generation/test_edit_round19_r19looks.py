"""Edits round 19 (looks): how shapes and links are drawn, told in any word order, and renames
and link labels said with the target fronted (:mod:`services.dsl.generation.looks_told`).

Sentences of our own over a small observatory diagram of our own, in several voices (terse,
chatty, polite, formal, typos, non-native); each mechanism's sentences fail on main 1290d98.
The look-alikes at the end must keep their old reading."""

from __future__ import annotations

import pytest

from services.dsl.d2.model import Connection, Diagram
from shared.contracts import GenerationKind
from tests.support.edits import applied, edit

#: a small observatory: a person, a box, stores and an outside weather feed
OBSERVATORY = """direction: right

astronomer: Astronomer {shape: person}
dome: Dome Systems {
  mount: Mount Controller
  camera: CCD Camera
}
scheduler: Night Scheduler
archive: Image Archive {shape: cylinder}
weather: Weather Feed
pipeline: Reduction Pipeline

astronomer -> scheduler: plans
scheduler -> dome.mount: slew
dome.camera -> pipeline: frames
pipeline -> archive: FITS
weather -> scheduler: forecast
"""


def _d(query: str) -> Diagram:
    return applied(query, OBSERVATORY)


def _edge(d: Diagram, src: str, dst: str) -> Connection:
    found = [c for c in d.connections if (c.src, c.dst) == (src, dst)]
    assert len(found) == 1, [(c.src, c.dst) for c in d.connections]
    return found[0]


def _shape(d: Diagram, sid: str) -> str:
    s = d.shape(sid)
    assert s is not None
    return s.shape


# --- the look of links: the pair, the one link at an end, every link at an end --------------

DASHED_ONE = [
    "dash the weather feed arrow",
    "could you make the arrow from the weather feed dashed please?",
    "the link from Weather Feed should be dashed, it's best effort",
    "pls draw the weather feed line dotted",
    "Kindly render the connection coming from the Weather Feed as a dashed line.",
    "weather feed -> night scheduler arrow: dashed",
    "make weather feed to scheduler link dashed, its only a forecast",
    "I'd like the arrow between the weather feed and the scheduler dashed",
]


@pytest.mark.parametrize("query", DASHED_ONE)
def test_one_link_drawn_broken(query: str) -> None:
    d = _d(query)
    link = _edge(d, "weather", "scheduler")
    assert "stroke-dash" in link.style
    assert link.label == "forecast"  # the label stays


EVERY_AT = [
    "colour every arrow touching the reduction pipeline red",
    "paint all the links at the Reduction Pipeline red pls",
    "Would you be so kind as to colour each connection of the pipeline red?",
    "all arrows around reduction pipeline -> red",
    "make the reduction pipelines arrows red, we want to see the data path",
]


@pytest.mark.parametrize("query", EVERY_AT)
def test_every_link_at_a_shape(query: str) -> None:
    d = _d(query)
    assert _edge(d, "dome.camera", "pipeline").style.get("stroke") == "red"
    assert _edge(d, "pipeline", "archive").style.get("stroke") == "red"
    assert "stroke" not in _edge(d, "astronomer", "scheduler").style


def test_links_out_of_a_shape_only() -> None:
    d = _d("make every arrow leaving the night scheduler bold")
    assert _edge(d, "scheduler", "dome.mount").style.get("stroke-width") == "3"
    assert "stroke-width" not in _edge(d, "weather", "scheduler").style


def test_a_second_look_keeps_the_first() -> None:
    d = applied(
        "paint the arrow from the pipeline to the archive green",
        OBSERVATORY.replace(
            "pipeline -> archive: FITS", "pipeline -> archive: FITS {style.stroke-dash: 3}"
        ),
    )
    link = _edge(d, "pipeline", "archive")
    assert link.style.get("stroke") == "green" and link.style.get("stroke-dash") == "3"


def test_one_link_named_at_a_busy_end_asks_which() -> None:
    result = edit("dash the night scheduler arrow", OBSERVATORY)
    assert result.kind == GenerationKind.ANSWER
    assert "Which link" in result.message


# --- the box shape of shapes, trailing motives left aside ----------------------------------

SHAPED = [
    ("chnage the Night Scheduler box to a hexagon so it stands out more", ["scheduler"], "hexagon"),
    (
        "make the mount controller and the ccd camera hexagons, there hardware",
        ["dome.mount", "dome.camera"],
        "hexagon",
    ),
    ("turn the weather feed into a cloud because its external", ["weather"], "cloud"),
    ("pipeline should be drawn as an hexagn", ["pipeline"], "hexagon"),
    (
        "Please change the Reduction Pipeline to a parallelogram, thanks!",
        ["pipeline"],
        "parallelogram",
    ),
    ("the weather feed: cloud, it's a third party", ["weather"], "cloud"),
    ("make the camera and the mount cilinders", ["dome.camera", "dome.mount"], "cylinder"),
    ("Kindly render the scheduler as an ellipse.", ["scheduler"], "oval"),
    ("draw the night scheduler like a diamond since it decides", ["scheduler"], "diamond"),
    ("could u switch the pipeline shape to hexagon", ["pipeline"], "hexagon"),
    ("make the reduction pipeline a hex", ["pipeline"], "hexagon"),
    ("I want the mount controller to be a hexagon", ["dome.mount"], "hexagon"),
    ("turn the ccd camera into an hexagone pls", ["dome.camera"], "hexagon"),
    ("set the pipeline shape to paralellogram", ["pipeline"], "parallelogram"),
    ("switch the night scheduler to hexagons, they are the brains", ["scheduler"], "hexagon"),
    ("change mount controller to a diamond shape as it decides things", ["dome.mount"], "diamond"),
    ("draw the scheduler and the pipeline as rhombuses", ["scheduler", "pipeline"], "diamond"),
    ("Make the weather feed a cloud and orange, it is outside", ["weather"], "cloud"),
    ("make the ccd camera an hexagn since its a device", ["dome.camera"], "hexagon"),
]


@pytest.mark.parametrize(("query", "ids", "shape"), SHAPED)
def test_box_shape(query: str, ids: list[str], shape: str) -> None:
    d = _d(query)
    for sid in ids:
        assert _shape(d, sid) == shape
    labels = {s.label for s in d.shapes}
    assert {"Night Scheduler", "Reduction Pipeline", "Weather Feed"} <= labels


# --- renames and link labels with the target fronted ---------------------------------------

RENAMED = [
    "Night Scheduler -> rename to Queue Planner",
    "night scheduler: rename to Queue Planner",
    "night scheduler - pls rename it Queue Planner",
    "Rename please the Night Scheduler to 'Queue Planner'.",
    "night scheduler, just call it Queue Planner",
    "Night Scheduler => rename as Queue Planner",
    "Night Scheduler: please rename to Queue Planner",
    "night scheduler -> rename it Queue Planner",
    "Rename pls the night scheduler to Queue Planner",
    "night scheduler \u2014 call it Queue Planner",
]


@pytest.mark.parametrize("query", RENAMED)
def test_fronted_rename(query: str) -> None:
    d = _d(query)
    assert d.shape("scheduler") is not None
    assert d.shape("scheduler").label == "Queue Planner"  # type: ignore[union-attr]
    assert len(d.connections) == 5


RELABELLED = [
    "pipeline -> archive is FITS over S3 now, fix the label",
    "Reduction Pipeline -> Image Archive: FITS over S3, please update the label",
    "pipeline -> archive now uses FITS over S3, so fix the label",
    "reduction pipeline to image archive should say FITS over S3, correct the label pls",
    "the pipeline to archive link is FITS over S3 now, update the label",
    "The pipeline -> archive is FITS over S3 now, so change the label.",
    "pipeline->archive is FITS over S3 now - fix the label",
    "Reduction Pipeline -> Image Archive now carries FITS over S3, update the caption",
]


@pytest.mark.parametrize("query", RELABELLED)
def test_fronted_link_label(query: str) -> None:
    d = _d(query)
    assert "FITS over S3" in _edge(d, "pipeline", "archive").label
    assert len(d.connections) == 5


# --- look-alikes ---------------------------------------------------------------------------


def test_a_wrong_link_removed_is_no_look() -> None:
    d = _d("the arrow from the weather feed to the scheduler is wrong, remove it")
    assert not any({c.src, c.dst} == {"weather", "scheduler"} for c in d.connections)


def test_a_separate_service_is_no_shape() -> None:
    result = edit("make the reduction pipeline a separate service", OBSERVATORY)
    d2 = result.d2 or ""
    assert "shape: separate" not in d2 and "hexagon" not in d2


def test_an_arrow_to_a_drawn_part_is_a_link() -> None:
    d = _d("night scheduler -> image archive")
    assert d.shape("scheduler") is not None
    assert d.shape("scheduler").label == "Night Scheduler"  # type: ignore[union-attr]
    assert _edge(d, "scheduler", "archive").label == ""


def test_a_red_new_part_is_an_add() -> None:
    d = _d("add a red alert service next to the scheduler")
    assert len([s for s in d.shapes if not s.children]) == 8
    assert all("stroke" not in c.style for c in d.connections)


def test_a_queue_look_keeps_its_old_reading() -> None:
    d = _d("change the night scheduler to a queue")
    assert _shape(d, "scheduler") == "queue"


def test_a_dashed_border_on_a_shape_stays_on_the_shape() -> None:
    d = _d("give the weather feed a dashed border")
    w = d.shape("weather")
    assert w is not None and "stroke-dash" in w.style
    assert "stroke-dash" not in _edge(d, "weather", "scheduler").style


def test_a_plain_shape_colour_stays_on_the_shape() -> None:
    d = _d("colour the image archive blue")
    a = d.shape("archive")
    assert a is not None and a.style.get("fill") == "blue"
    assert "stroke" not in _edge(d, "pipeline", "archive").style


# --- a rename's reason, one thing of a plural, a link label said with the old one ----------

OLD_LABEL = [
    "change the 'FITS' label on the pipeline -> archive arrow to 'FITS over S3'",
    "please change the label on pipeline -> archive from 'FITS' to 'FITS over S3'",
    "Kindly change the 'FITS' label on the link from pipeline to archive to 'FITS over S3'.",
    "chnage the label on reduction pipeline->image archive from 'FITS' to 'FITS over S3' pls",
]


@pytest.mark.parametrize("query", OLD_LABEL)
def test_new_link_label_said_with_the_old(query: str) -> None:
    d = _d(query)
    assert _edge(d, "pipeline", "archive").label == "FITS over S3"


REASONED = [
    "rename the weather feed to Met Office Feed, as we no longer use the old one",
    "Please rename the Weather Feed to Met Office Feed, since the vendor changed.",
    "rename weather feed to Met Office Feed, we switched vendor",
]


@pytest.mark.parametrize("query", REASONED)
def test_rename_with_a_reason_after(query: str) -> None:
    d = _d(query)
    w = d.shape("weather")
    assert w is not None and w.label == "Met Office Feed"
    assert len(d.connections) == 5


def test_one_thing_of_a_plural_asks_which() -> None:
    two = OBSERVATORY.replace(
        "pipeline: Reduction Pipeline", "pipeline: Reduction Pipeline\nwx2: Weather Radar"
    )
    two = two.replace("weather: Weather Feed", "weather: Weather Feed\nwx_db: Weather Store")
    result = edit("renmae the weather thing to Forecasts", two)
    assert result.kind == GenerationKind.ANSWER
    assert "Which one" in result.message


@pytest.mark.parametrize(
    "query",
    [
        "the camera and the mount: add 'v2' to their labels",
        "ccd camera + mount controller - append 'v2' to their names pls",
        "both the camera and the mount, just add 'v2' to their labels",
    ],
)
def test_words_added_to_labels_said_after_the_shapes(query: str) -> None:
    d = _d(query)
    for sid in ("dome.camera", "dome.mount"):
        s = d.shape(sid)
        assert s is not None and "(v2)" in s.label
