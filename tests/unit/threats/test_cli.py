"""`archdesign threats`: the JSON line format others script against, errors with positions,
exit codes, the table, the report and the Threat Dragon file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.cli.main import main

GOOD = (
    "users: Users {shape: person}\nz: {api: API}\nusers -> z.api: HTTPS\n"
    "z.api -> db\ndb: Postgres\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["threats", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_in_the_fixed_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.d2", tmp_path / "bad.d2"
    good.write_text(GOOD)
    bad.write_text("a -> {\n")
    code, out, _ = run(capsys, "--json", str(good), str(bad))
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert list(first) == ["file", "ok", "errors", "elements", "flows", "threats"]
    assert first["file"] == str(good) and first["ok"] is True and first["errors"] == []
    assert {"id": "z.api", "kind": "process"} in first["elements"]
    assert {"id": "z", "kind": "trust_boundary"} in first["elements"]
    assert {"src": "users", "dst": "z.api", "crosses_boundary": True} in first["flows"]
    for t in first["threats"]:
        target = "flow" if "flow" in t else "element"
        assert list(t) == [
            "id",
            target,
            "category",
            "title",
            "severity",
            "mitigation",
            "status",
            "references",
        ]
    flow = next(t for t in first["threats"] if t["id"] == "FLOW-I:users->z.api")
    assert flow["flow"] == ["users", "z.api"] and flow["status"] == "mitigated"
    assert second["ok"] is False and second["threats"] == [] and second["elements"] == []
    assert second["errors"][0]["line"] >= 1 and second["errors"][0]["message"]


def test_all_good_files_exit_zero_and_print_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "a.d2"
    f.write_text(GOOD)
    code, out, _ = run(capsys, str(f))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{f}: 4 elements, 2 flows (2 crossing a trust boundary)")
    assert lines[1].split() == ["SEVERITY", "STATUS", "CAT", "TARGET", "THREAT"]
    assert any("Eavesdropping on Users → API" in line for line in lines)


def test_unreadable_file_is_an_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", "/nonexistent/x.d2")
    row = json.loads(out)
    assert code == 1 and row["ok"] is False and "cannot read" in row["errors"][0]["message"]


def test_markdown_and_threat_dragon(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "shop.d2"
    f.write_text(GOOD)
    code, out, _ = run(capsys, "--md", str(f))
    assert code == 0 and out.startswith("# Threat model — shop.d2")
    code, out, _ = run(capsys, "--dragon", str(f))
    doc = json.loads(out)
    assert code == 0 and doc["summary"]["title"] == "shop" and doc["detail"]["diagrams"]


@pytest.mark.parametrize(
    "args", [[], ["--json"], ["--json", "--md", "x.d2"], ["--dragon", "a.d2", "b.d2"]]
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and err.startswith("usage: archdesign threats")


def test_compile_errors_go_to_stderr_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.d2"
    f.write_text("a: {\n")
    code, out, err = run(capsys, str(f))
    assert code == 1 and out == "" and err.startswith(f"{f}:1:")
