"""Answers built from ORM rows by pydantic (`from_attributes`), with the API's field names."""

from __future__ import annotations

from datetime import UTC, datetime

from services.gateway.schemas import (
    MessageOut,
    NotificationOut,
    PinOut,
    ProjectOut,
    UserOut,
    VersionOut,
    VersionSummary,
)
from shared.data.models import DiagramVersion, Message, Notification, Project, ProjectPin, User

WHEN = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def test_a_project_row_answers_with_its_code_as_project_code() -> None:
    row = Project(id=7, code="ABC1234", name="shop", owner_id=3, created_at=WHEN)
    out = ProjectOut.model_validate(row)
    assert out.model_dump() == {
        "project_code": "ABC1234",
        "name": "shop",
        "owner_id": 3,
        "created_at": WHEN,
    }


def test_a_version_row_answers_with_its_id_as_version_id() -> None:
    row = DiagramVersion(
        id=41,
        project_id=7,
        number=2,
        d2="a -> b",
        diagram_state={"nodes": []},
        svg="<svg/>",
        pinned_nodes=["a"],
        job_id="j1",
        parent_version_id=40,
        summary="added b",
        created_at=WHEN,
    )
    summary = VersionSummary.model_validate(row)
    assert (summary.version_id, summary.number, summary.parent_version_id) == (41, 2, 40)
    full = VersionOut.model_validate(row)
    assert (full.d2, full.pinned_nodes, full.diagram_state) == ("a -> b", ["a"], {"nodes": []})
    assert "svg" not in full.model_dump()  # the SVG is served on its own URL


def test_other_rows_validate_field_for_field() -> None:
    assert UserOut.model_validate(User(id=1, email="a@b.co", password_hash="x")).email == "a@b.co"
    pin = PinOut.model_validate(ProjectPin(node_id="app.web", x=1.5, y=-2.0, updated_at=WHEN))
    assert (pin.node_id, pin.x, pin.y) == ("app.web", 1.5, -2.0)
    message = Message(
        role="user",
        content="hi",
        intent=None,
        session_id="s",
        job_id=None,
        version_id=None,
        created_at=WHEN,
    )
    assert MessageOut.model_validate(message).content == "hi"
    note = Notification(
        id=5, kind="version", project_id=7, version_id=41, payload={"n": 2}, created_at=WHEN
    )
    assert NotificationOut.model_validate(note).payload == {"n": 2}
