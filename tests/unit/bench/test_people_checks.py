"""The scorer of the people-written generation sets judges what it claims to judge."""

from __future__ import annotations

import pytest

from bench.generation import people_checks as checks
from bench.generation.people import DEFAULT_EDITS, read_jsonl
from services.dsl.d2 import compile_d2

CASES = read_jsonl(DEFAULT_EDITS / "cases.jsonl")
BASES = {p.stem: compile_d2(p.read_text()) for p in (DEFAULT_EDITS / "bases").glob("*.d2")}


@pytest.mark.parametrize(
    "case", [c for c in CASES if "clarify" not in c["expect"][0]], ids=lambda c: c["id"]
)
def test_an_unchanged_base_fails_every_edit_case(case: dict) -> None:
    base = BASES[case["base"]]
    assert not all(checks.check_edit(base, c) for c in case["expect"])


def test_checks_read_labels_ids_containers_and_edges() -> None:
    d = compile_d2(
        "vpc: Private VPC {\n  api: Order API\n  db: Orders DB {shape: cylinder}\n}\n"
        "users -> vpc.api: HTTPS\nvpc.api -> vpc.db: SQL\n"
    )
    assert checks.check_edit(d, {"has": ["order api"]})
    assert not checks.check_edit(d, {"has": ["private vpc"]})  # a container is not a leaf
    assert checks.check_edit(d, {"parent": [["orders db"], ["vpc"]]})
    assert checks.check_edit(d, {"not_in": [["users"], ["vpc"]]})
    assert checks.check_edit(d, {"edge_dir": [["users"], ["order api"]]})
    assert not checks.check_edit(d, {"edge_dir": [["order api"], ["users"]]})
    assert checks.check_edit(d, {"edge_label": [["api"], ["orders db"], "sql"]})
    assert checks.check_edit(d, {"shape": [["orders db"], "cylinder"]})
    assert checks.check_edit(d, {"count": [["order"], 2]})
    assert checks.check_edit(d, {"no_edge": [["users"], ["orders db"]]})
    assert not checks.check_edit(d, {"no_container": ["vpc"]})


def test_a_style_mentions_its_key() -> None:
    # "mentions ... in its style": a dashed border is `style.stroke-dash`, whatever its number
    d = compile_d2("api: Order API {style.stroke-dash: 4}\nweb -> api {style.animated: true}\n")
    assert checks.check_edit(d, {"mentions": [["order api"], ["dash"]]})
    assert checks.check_edit(d, {"edge_mentions": [["web"], ["order api"], ["animated"]]})
    assert not checks.check_edit(d, {"mentions": [["order api"], ["shadow"]]})


def test_connections_pass_through_middlemen_only() -> None:
    d = compile_d2(
        "classes: {network: {shape: rectangle}; process: {shape: rectangle}}\n"
        "users -> lb -> api -> worker\nlb.class: network\napi.class: process\n"
    )
    assert checks.connected(d, ["users"], ["api"])  # through the load balancer
    assert not checks.connected(d, ["users"], ["worker"])  # not through a process
