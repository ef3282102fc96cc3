"""`archdesign generate`: one request (D2 or --json line) and --jsonl batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.dsl.generation.cli import main


def test_prints_d2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["a simple blog", "--intent", "DSL_CREATE"]) == 0
    assert capsys.readouterr().out.startswith("classes: {\n")


def test_json_line_with_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["a simple blog", "--intent", "dsl_create"]) == 0
    base = tmp_path / "base.d2"
    base.write_text(capsys.readouterr().out)
    assert main(["add a redis cache", "--base", str(base), "--json", "--intent", "DSL_UPDATE"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"intent", "message", "d2", "generator"}
    assert out["intent"] == "DSL_UPDATE" and out["generator"] == "architect"
    assert "redis" in out["d2"]


def test_jsonl_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "query": "a serverless api", "intent": "DSL_CREATE"})
        + "\n"
        + json.dumps({"id": "b", "query": "what is stride?", "intent": "EXPERT_QA"})
        + "\n"
    )
    assert main(["--jsonl", str(batch)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["d2"] and lines[1]["d2"] is None and "STRIDE" in lines[1]["message"]


def test_classifier_decides_the_intent_without_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["create a web app with postgres and redis", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["intent"] == "DSL_CREATE" and "PostgreSQL" in out["d2"]
