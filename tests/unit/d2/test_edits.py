"""Structural edits keep untouched text and produce diagrams with the intended model."""

from __future__ import annotations

import pytest

from services.dsl.d2 import D2Error, check
from services.dsl.d2 import edits as E

BASE = """direction: right
# users first
users: {label: Users; class: client}
zone: {
  label: Private zone
  api: {label: API; class: process}
  db: {label: Postgres; class: database}
}
users -> zone.api: HTTPS
zone.api -> zone.db: SQL
"""


def ids(text: str) -> set[str]:
    res = check(text)
    assert res.ok, res.errors
    return {s["id"] for s in res.shapes}


def edges(text: str) -> set[tuple[str, str, str]]:
    return {(c["src"], c["dst"], c["label"]) for c in check(text).connections}


def test_add_shape_into_container_keeps_comment_and_order() -> None:
    out = E.add_shape(BASE, "cache", label="Redis", node_class="cache", parent="zone")
    assert "zone.cache" in ids(out)
    assert out.startswith("direction: right\n# users first\n")
    assert out.index("cache:") < out.index("users -> zone.api")


def test_add_existing_or_missing_parent_raises() -> None:
    with pytest.raises(D2Error) as e:
        E.add_shape(BASE, "users")
    assert e.value.issues[0].code == "EDIT_EXISTS"
    with pytest.raises(D2Error) as e2:
        E.add_shape(BASE, "x", parent="nope")
    assert e2.value.issues[0].code == "EDIT_NOT_FOUND"


def test_remove_shape_drops_its_edges() -> None:
    out = E.remove_shape(BASE, "zone.api")
    assert "zone.api" not in ids(out)
    assert edges(out) == set()
    assert "# users first" in out


def test_rename_updates_every_reference() -> None:
    out = E.rename_shape(BASE, "zone.api", "backend")
    assert "zone.backend" in ids(out) and "zone.api" not in ids(out)
    assert edges(out) == {("users", "zone.backend", "HTTPS"), ("zone.backend", "zone.db", "SQL")}


def test_move_out_of_container_and_back() -> None:
    out = E.move_shape(BASE, "zone.api", None)
    assert "api" in ids(out)
    assert edges(out) == {("users", "api", "HTTPS"), ("api", "zone.db", "SQL")}
    back = E.move_shape(out, "api", "zone")
    assert "zone.api" in ids(back)
    assert edges(back) == edges(BASE)


def test_insert_between_keeps_label_on_first_leg() -> None:
    out = E.insert_between(BASE, "zone.cache", "zone.api", "zone.db", label="Cache")
    assert edges(out) == {
        ("users", "zone.api", "HTTPS"),
        ("zone.api", "zone.cache", "SQL"),
        ("zone.cache", "zone.db", ""),
    }


def test_set_label_shape_style_class() -> None:
    out = E.set_label(BASE, "zone", "Data zone")
    assert {s["id"]: s["label"] for s in check(out).shapes}["zone"] == "Data zone"
    out = E.set_shape(out, "users", "person")
    assert {s["id"]: s["shape"] for s in check(out).shapes}["users"] == "person"
    out = E.set_style(out, "zone.db", "fill", "#ffffff")
    d = check(out).diagram
    assert d is not None and d.shape("zone.db").style["fill"] == "#ffffff"  # type: ignore[union-attr]
    out = E.set_class(out, "zone.db", "cache")
    d = check(out).diagram
    assert d is not None and d.shape("zone.db").classes == ["cache"]  # type: ignore[union-attr]


def test_connect_and_disconnect() -> None:
    out = E.connect(BASE, "users", "zone.db", label="direct")
    assert ("users", "zone.db", "direct") in edges(out)
    out = E.disconnect(out, "users", "zone.db")
    assert edges(out) == edges(BASE)
    with pytest.raises(D2Error) as e:
        E.disconnect(BASE, "users", "zone.db")
    assert e.value.issues[0].code == "EDIT_NOT_FOUND"
    with pytest.raises(D2Error):
        E.connect(BASE, "users", "ghost")
