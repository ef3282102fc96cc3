"""Concurrent edits of one project, through the real gateway and workers: every edit the client
is told succeeded is in the latest version, the versions form one chain, and an edit that
could not be applied fails with VERSION_CONFLICT (never a silent lost update)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from typing import Any

import pytest

from services.dsl.d2 import validate_d2
from tests.support.api import Api

pytestmark = pytest.mark.integration

#: each edit, and the node the built-in architect adds for it
EDITS = {
    "add a CDN": "cdn",
    "add monitoring": "monitoring",
    "add a queue": "message_queue",
    "add a cache": "cache",
}


def _node_ids(d2: str) -> set[str]:
    return {node.id for node in validate_d2(d2).graph.nodes}


def test_concurrent_edits_all_land_in_the_latest_version(api: Api) -> None:
    _, headers = api.new_user()
    project = api.new_project(headers)
    first = api.ask(headers, project, "create a web app with a postgres database")
    assert first["status"] == "succeeded", first
    session_id = first["result"]["session_id"]
    assert not set(EDITS.values()) & _node_ids(first["result"]["payload"]["d2"])

    def submit(query: str) -> str:
        return str(api.generate(headers, project, query, session_id)["job_id"])

    with ThreadPoolExecutor(len(EDITS)) as pool:  # sent at once, all on version 1
        job_ids = dict(zip(EDITS, pool.map(submit, EDITS), strict=True))
    jobs: dict[str, dict[str, Any]] = {
        query: api.wait_job(headers, job_id, timeout=120) for query, job_id in job_ids.items()
    }

    versions = api.http.get(f"/v2/projects/{project}/versions", headers=headers).json()
    latest = api.http.get(
        f"/v2/projects/{project}/versions/{versions[-1]['number']}", headers=headers
    ).json()
    in_latest = _node_ids(latest["d2"])
    succeeded = [q for q, job in jobs.items() if job["status"] == "succeeded"]
    for query, job in jobs.items():
        if job["status"] == "succeeded":
            assert EDITS[query] in in_latest, (query, sorted(in_latest))
        else:
            assert job["error"]["error_code"] == "VERSION_CONFLICT", job
    assert succeeded, jobs  # the first edit saved never conflicts
    # one chain: each version's parent is the one before it, one version per successful edit
    assert [v["number"] for v in versions] == list(range(1, len(succeeded) + 2))
    for parent, child in pairwise(versions):
        assert child["parent_version_id"] == parent["version_id"], versions
    numbers = sorted(jobs[q]["result"]["payload"]["version_number"] for q in succeeded)
    assert numbers == list(range(2, len(succeeded) + 2))
