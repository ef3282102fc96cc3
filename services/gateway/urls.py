"""The gateway's own URLs, as its replies name them (status_url, ws_url, svg_url).

The pipeline's results name a version by number; the gateway adds the URL when it answers
(`with_links`), so no worker needs to know the HTTP routes.
"""

from __future__ import annotations

from shared.contracts import JobResult


def status_url(job_id: str) -> str:
    return f"/v2/jobs/{job_id}"


def ws_url(job_id: str) -> str:
    return f"/v2/jobs/{job_id}/ws"


def svg_url(project_code: str, number: int) -> str:
    return f"/v2/projects/{project_code}/versions/{number}.svg"


def view_url(project_code: str, session_id: str) -> str:
    """The session's stored view (its D2, React Flow state and the version it shows)."""
    return f"/v2/projects/{project_code}/sessions/{session_id}/view"


def view_svg_url(project_code: str, session_id: str) -> str:
    return f"{view_url(project_code, session_id)}.svg"


def with_links(result: JobResult, project_code: str | None) -> JobResult:
    """The result with `payload.svg_url` set when it shows a picture, unless already set: a
    stored version's, or for a view (outcome "view") the session's stored view's picture."""
    payload = result.payload
    if (
        payload.svg_url is not None
        or project_code is None
        or payload.version_number is None
        or payload.diagram_state is None
    ):
        return result
    url = (
        view_svg_url(project_code, result.session_id)
        if payload.outcome == "view"
        else svg_url(project_code, payload.version_number)
    )
    linked = payload.model_copy(update={"svg_url": url})
    return result.model_copy(update={"payload": linked})
