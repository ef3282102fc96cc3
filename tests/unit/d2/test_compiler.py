"""The graph stage (``compiler.py``, ``reserved.py``, ``scalars.py``, ``graph_checks.py``,
``sequence.py``): the compiled model of small texts, and each check's message and position.

The table's models are golden files (``golden/compiler/``; ``D2_GOLDEN_UPDATE=1`` rewrites
them).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.dsl.d2 import D2Error, compile_d2
from services.dsl.d2.graph_obj import id_segment
from services.dsl.d2.model import Diagram
from tests.unit.d2.conftest import Golden

CASES = {
    "reserved_keywords": (
        "a: {\n  label: A label\n  shape: hexagon\n  tooltip: tip\n  link: https://x.org\n"
        "  width: 80\n  height: 40\n  icon: https://icons.terrastruct.com/a.svg\n}\n"
        "b: {near: top-center}\nc.top: 10\nc.left: 20\n"
    ),
    "styles": (
        "a.style: {fill: red; stroke-width: 3; opacity: 0.5; 3d: true}\n"
        "a -> b: {style.stroke-dash: 4}\n"
    ),
    "direction_and_grid": "direction: down\ng: {grid-rows: 2; grid-gap: 4; x; y}\n",
    "classes": (
        "classes: {db: {shape: cylinder; style.fill: blue}}\nstore: {class: db}\nx: {class: [db]}\n"
    ),
    "vars_substitute": (
        'vars: {n: World; c: {s: circle}}\na: "Hello ${n}"\nb.shape: ${c.s}\n'
        "m: |md\n  ${n} `${n}`\n|\n"
    ),
    "sql_table_columns": (
        "t: {shape: sql_table; id: int {constraint: primary_key}; name: string}\nt.id -> u\n"
    ),
    "arrowheads": (
        "a -> b: {\n  source-arrowhead.shape: diamond\n"
        "  target-arrowhead: {shape: circle; style.filled: true}\n}\na <-> b\na -- b\n"
    ),
    "containers_and_ids": 'zone: {api; db}\nzone.api -> zone.db: SQL\n"quoted id"\n',
    "boards": "a\nlayers: {deep: {b -> c}}\nscenarios: {alt: {a.label: changed}}\n",
    "sequence_roles": (
        "shape: sequence_diagram\nalice; bob\nalice.t -> bob: hi\nbob.note: remember\n"
    ),
    "code_and_markdown": "c: |go\n  x := 1\n|\nt: |md\n  # Title\n|\n",
    "edge_created_shapes": "a -> b.c\n",
}


def _model(d: Diagram) -> dict[str, Any]:
    def compact(obj: Any) -> dict[str, Any]:
        data = dataclasses.asdict(obj)
        return {k: v for k, v in data.items() if v not in (None, "", [], {}, -1) and k != "offset"}

    out: dict[str, Any] = {
        "shapes": [compact(s) for s in d.shapes],
        "connections": [compact(c) for c in d.connections],
    }
    for name in ("direction", "vars", "config", "classes"):
        value = getattr(d, name)
        if value:
            out[name] = value
    if d.boards:
        out["boards"] = {k: _model(b) for k, b in d.boards.items()}
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_models(name: str, golden: Golden) -> None:
    golden(f"compiler/{name}.json", {"text": CASES[name], "model": _model(compile_d2(CASES[name]))})


def _error(text: str) -> str:
    with pytest.raises(D2Error) as e:
        compile_d2(text)
    issue = e.value.issues[0]
    assert issue.code == "D2_COMPILE"
    return str(issue)


NEAR = (
    "must be the absolute path to a shape or one of the following constants: top-left, "
    "top-center, top-right, center-left, center-right, bottom-left, bottom-center, bottom-right"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # reserved keywords (reserved.py)
        ("a.shape: blob\n", '1:10: unknown shape "blob"'),
        ("a.width: wide\n", '1:10: non-integer width "wide"'),
        ("a.top: -1\n", '1:8: top must be a non-negative integer: "-1"'),
        (
            "a.direction: sideways\n",
            '1:14: direction must be one of up, down, right, left, got "sideways"',
        ),
        ("a.grid-rows: 0\n", '1:14: grid-rows must be a positive integer: "0"'),
        ("a.style.opacity: 2\n", '1:18: expected "opacity" to be a number between 0.0 and 1.0'),
        ("a.style.nope: 1\n", '1:9: invalid style keyword: "nope"'),
        ("a.fill: red\n", "1:3: fill must be style.fill"),
        (
            "a: {link: https://a.b; label: https://x.y}\n",
            "1:31: Label cannot be set to URL when link is also set (for security)",
        ),
        ("a.label: hi {near: middle}\n", '1:20: invalid "near" field "middle"'),
        ("a: ''\n", None),
        ("a: |md\n|\n", "1:1: block string cannot be empty"),
        # the checks on the whole board (graph_checks.py)
        (
            "a: {shape: circle; width: 10; height: 20}\n",
            "1:20: width and height must be equal for circle shapes",
        ),
        (
            "a: {shape: circle; style.3d: true}\n",
            '1:20: key "3d" can only be applied to squares, rectangles, and hexagons',
        ),
        (
            "a.constraint: primary_key\n",
            '1:1: "constraint" keyword can only be used in "sql_table" shapes',
        ),
        ("a: {shape: image}\n", '1:5: image shape must include an "icon" field'),
        ("a: {shape: text; label: ' '}\n", "1:18: shape text must have a non-empty label"),
        ("a: {b: {near: a}}\n", "1:15: near keys cannot be set to an ancestor"),
        (
            "a: {b}\nc: {near: top-left}\na.b.near: top-center\n",
            "3:11: constant near keys can only be set on root level shapes",
        ),
        ("a.near: nowhere\n", f'1:9: near key "nowhere" {NEAR}'),
        ("g: {grid-rows: 1; x: {top: 3}}\n", "1:23: position keywords cannot be used with grids"),
        ("g: {grid-rows: 1; x}\ng -> g.x\n", '2:1: edge from grid diagram "g" cannot enter itself'),
        # scalars (scalars.py) and sequence diagrams (sequence.py)
        ("a: ${nope}\n", '1:4: could not resolve variable "nope"'),
        (
            "shape: sequence_diagram\ng: {a -> b}\nx: {shape: sequence_diagram; y}\n",
            "3:1: actors in sequence diagrams cannot themselves be sequence diagrams: x",
        ),
    ],
)
def test_errors(text: str, message: str | None) -> None:
    if message is None:
        compile_d2(text)  # an empty label is a label
    else:
        assert _error(text) == message


def test_id_segments_are_quoted_as_the_official_formatter_quotes_keys() -> None:
    assert [id_segment(t) for t in ("a", "a-b", "a--b", "a.b", "null", 'x"y.z', " s")] == [
        "a",
        "a-b",
        '"a--b"',
        '"a.b"',
        "'null'",
        "'x\"y.z'",
        '" s"',
    ]


# ---- generated diagrams -------------------------------------------------------------------

IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
LABEL = st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=10)


@st.composite
def nested_diagrams(draw: st.DrawFn) -> tuple[str, set[str]]:
    """A text of containers and shapes (ids unique across the diagram), the ids it declares."""
    names = draw(st.lists(IDENT, min_size=1, max_size=10, unique=True))
    ids: list[str] = []
    lines: list[str] = []
    for n in names:
        parent = draw(st.sampled_from([None, *ids])) if ids else None
        full = f"{parent}.{n}" if parent else n
        ids.append(full)
        lines.append(f'{full}: "{draw(LABEL).strip() or n}"')
    for _ in range(draw(st.integers(0, 6))):
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        lines.append(f"{a} -> {b}")
    return "\n".join(lines) + "\n", set(ids)


@settings(max_examples=80, deadline=None)
@given(nested_diagrams())
def test_the_model_is_a_tree_with_connections_between_its_shapes(
    case: tuple[str, set[str]],
) -> None:
    text, declared = case
    d = compile_d2(text)
    by_id = {s.id: s for s in d.shapes}
    assert set(by_id) == declared and len(by_id) == len(d.shapes)
    for s in d.shapes:
        if s.parent is None:
            assert "." not in s.id
        else:
            assert s.id in by_id[s.parent].children and s.id.startswith(s.parent + ".")
        assert (s.line, s.column) >= (1, 1)
    for c in d.connections:
        assert c.src in by_id and c.dst in by_id and c.line >= 1
