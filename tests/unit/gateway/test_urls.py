"""The gateway links a result's stored picture; the workers' results carry version numbers."""

from __future__ import annotations

from services.gateway.urls import svg_url, with_links
from shared.contracts import Intent, IntentSource, JobResult, ResultPayload


def result(**payload: object) -> JobResult:
    return JobResult(
        intent=Intent.DSL_CREATE,
        message="m",
        confidence=1.0,
        session_id="s",
        classification_source=IntentSource.PATTERN,
        payload=ResultPayload.model_validate(payload),
    )


def test_a_drawn_version_is_linked() -> None:
    linked = with_links(result(version_number=3, diagram_state={"nodes": []}), "ABC1234")
    assert linked.payload.svg_url == svg_url("ABC1234", 3) == "/v2/projects/ABC1234/versions/3.svg"


def test_answers_and_unknown_projects_get_no_link() -> None:
    assert with_links(result(version_number=3), "ABC1234").payload.svg_url is None
    assert with_links(result(diagram_state={"nodes": []}), "ABC1234").payload.svg_url is None
    drawn = result(version_number=3, diagram_state={"nodes": []})
    assert with_links(drawn, None).payload.svg_url is None


def test_a_link_already_there_is_kept() -> None:
    """Results stored before the gateway added links carry their own."""
    kept = result(version_number=3, diagram_state={}, svg_url="/v2/projects/OLD0000/versions/3.svg")
    assert with_links(kept, "ABC1234").payload.svg_url == "/v2/projects/OLD0000/versions/3.svg"
