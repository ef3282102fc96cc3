"""VIEW_TOGGLE "show threats": the view spec the threats stage colours the picture from."""

from __future__ import annotations

import pytest

from services.dsl.generation import GenerationRequest
from services.dsl.generation.views import parse_view, view_reply
from shared.contracts import GenerationKind, Intent, SessionSnapshot, ViewSpec

D2 = "users: Users {shape: person}\napi: API\nusers -> api\n"


@pytest.mark.parametrize(
    "query",
    ["show threats", "show the threats", "threat view", "turn on the risk overlay", "stride view"],
)
def test_show_threats(query: str) -> None:
    spec = parse_view(query)
    assert spec is not None and spec.threats and "threats" in spec.name


@pytest.mark.parametrize("query", ["hide threats", "threats off", "turn off the threats"])
def test_hide_threats(query: str) -> None:
    spec = parse_view(query, ViewSpec(threats=True, name="threats"))
    assert spec is not None and not spec.threats


def test_other_views_keep_the_threats_on_and_do_not_turn_them_on() -> None:
    on = parse_view("top down", ViewSpec(threats=True, name="threats"))
    assert on is not None and on.threats and on.direction == "down"
    off = parse_view("only the security components")
    assert off is not None and not off.threats


def test_the_reply_says_what_the_colours_mean() -> None:
    r = view_reply(
        GenerationRequest(
            intent=Intent.VIEW_TOGGLE,
            query="show threats",
            session=SessionSnapshot(session_id="s", current_d2=D2),
        )
    )
    assert r.kind is GenerationKind.VIEW and r.view is not None and r.view.threats
    assert "coloured by their worst open threat" in r.message
