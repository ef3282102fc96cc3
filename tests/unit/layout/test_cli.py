"""`archdesign layout --graph` keeps the documented JSON format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.layout.cli import main

pytestmark = pytest.mark.node


def _on_border(p: list[float], n: dict[str, float]) -> bool:
    x, y = p
    inside = n["x"] - 1 <= x <= n["x"] + n["w"] + 1 and n["y"] - 1 <= y <= n["y"] + n["h"] + 1
    edges = (abs(x - n["x"]), abs(x - n["x"] - n["w"]), abs(y - n["y"]), abs(y - n["y"] - n["h"]))
    return inside and min(edges) <= 1


def test_graph_json_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = {
        "nodes": [
            {"id": "a", "w": 80, "h": 40},
            {"id": "c", "w": 10, "h": 10},
            {"id": "c.b", "w": 120, "h": 50, "parent": "c"},
        ],
        "edges": [{"id": "e1", "src": "a", "dst": "c.b"}],
    }
    path = tmp_path / "g.json"
    path.write_text(json.dumps(graph))
    assert main(["--graph", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    nodes = {n["id"]: n for n in out["nodes"]}
    assert set(nodes) == {"a", "c", "c.b"}
    assert set(nodes["a"]) == {"id", "x", "y", "w", "h", "parent"}
    assert (nodes["c.b"]["w"], nodes["c.b"]["h"], nodes["c.b"]["parent"]) == (120, 50, "c")
    c, b = nodes["c"], nodes["c.b"]
    assert c["x"] < b["x"] and b["x"] + b["w"] < c["x"] + c["w"]
    (edge,) = out["edges"]
    assert (edge["id"], edge["src"], edge["dst"]) == ("e1", "a", "c.b")
    assert _on_border(edge["points"][0], nodes["a"])
    assert _on_border(edge["points"][-1], nodes["c.b"])
    assert len(edge["points"]) >= 2


def test_needs_exactly_one_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "either" in capsys.readouterr().err


def test_previous_layout_keeps_unchanged_nodes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nodes = [{"id": f"n{i}", "w": 100, "h": 40} for i in range(6)]
    edges = [{"id": f"e{i}", "src": f"n{i}", "dst": f"n{i + 1}"} for i in range(5)]
    first = tmp_path / "g1.json"
    first.write_text(json.dumps({"nodes": nodes, "edges": edges}))
    assert main(["--graph", str(first)]) == 0
    before = tmp_path / "before.json"
    before.write_text(capsys.readouterr().out)
    bigger = {
        "nodes": [*nodes, {"id": "extra", "w": 100, "h": 40}],
        "edges": [*edges, {"id": "ex", "src": "n2", "dst": "extra"}],
    }
    second = tmp_path / "g2.json"
    second.write_text(json.dumps(bigger))
    assert main(["--graph", str(second), "--previous", str(before)]) == 0
    after = {n["id"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}
    old = {n["id"]: n for n in json.loads(before.read_text())["nodes"]}
    assert "extra" in after
    moved = [abs(after[k]["x"] - o["x"]) + abs(after[k]["y"] - o["y"]) for k, o in old.items()]
    # a free spot next to n2 exists: nothing else moves (afresh, ELK moves them ~38 px)
    assert max(moved) < 1
