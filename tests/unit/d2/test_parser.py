"""The parser (``services/dsl/d2/parser.py``): the tree it builds with every node's range, every
syntax error with its position, its limits, and that it never raises.

The table's trees and errors are golden files (``golden/parser.json``; ``D2_GOLDEN_UPDATE=1``
rewrites them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.dsl.d2 import ast as A
from services.dsl.d2.parser import parse
from tests.unit.d2.conftest import Golden

CASES = {
    "keys_and_paths": "a\nb.c.d\n'quoted key'.\"x y\"\n",
    "values": 'n: 12.5\nb: true\nz: null\ns: suspend\nu: \'single\'\nd: "dq \\"esc\\" \\n"\n',
    "edges_and_arrows": "a -> b <- c <-> d -- e\nx.(y -> z): label\n",
    "edge_reference": "(a -> b)[0].style.stroke: red\n(* -> *)[*]: hi\n",
    "maps_and_arrays": "a: {\n  b: [1; two; {c}]\n  d\n}\n",
    "primary_and_map": "a: Label {shape: circle}\n",
    "block_strings": "md: |md\n  # Title\n  text\n|\ncode: |||go\n  x := `|`\n|||\n",
    "comments": '# one\n# two\na # after\n"""\nblock\n"""\n',
    "substitutions": 'vars: {x: 1}\na: ${x}\nb: "pre ${x} post"\nc: {...${m}}\n',
    "imports": "a: @file\nb: {...@dir/other}\n",
    "globs_and_filters": "*.style.fill: red\n**: {&shape: circle; !&label: x}\n",
    "semicolons": "a; b; c -> d\n",
    "unterminated_map": "a: {\n  b\n",
    "unterminated_string": 'a: "open\nb\n',
    "stray_brace": "}\na\n",
    "bad_edge": "a -> \n",
    "value_without_key": ": x\n",
    "text_after_value": "a: b c {x} y\n",
    "not_an_import": "@x\n",
}


def _dump(n: object) -> object:
    """A node as plain data: its kind, its range, and its non-empty fields."""
    if isinstance(n, list):
        return [_dump(x) for x in n]
    if isinstance(n, A.Node):
        out: dict[str, Any] = {"kind": type(n).__name__, "at": f"{n.start}-{n.end}"}
        for name, value in vars(n).items():
            if name not in ("start", "end") and value not in (None, "", [], False):
                out[name] = _dump(value)
        return out
    return n


def _errors(text: str) -> list[str]:
    """Each error as ``line:column: message``."""
    src = A.Source(text)
    return ["{}:{}: {}".format(*src.line_col(start), msg) for start, _end, msg in parse(text)[1]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_trees_and_errors(name: str, golden: Golden) -> None:
    text = CASES[name]
    tree, _ = parse(text)
    record = {"text": text, "tree": _dump(tree), "errors": _errors(text)}
    golden(f"parser/{name}.json", record)


def test_the_table_covers_valid_and_invalid_input() -> None:
    valid = [n for n, t in CASES.items() if not parse(t)[1]]
    assert len(valid) >= 10 and len(CASES) - len(valid) >= 5


def test_errors_point_at_the_problem() -> None:
    assert _errors("a: {\n  b\n") == ["1:4: maps must be terminated with }"]
    assert _errors('x: "abc\n') == ['1:4: double quoted strings must be terminated with "']
    assert _errors("a\n}\n") == ["2:1: unexpected map termination character } in file map"]


def test_a_broken_text_still_gives_the_tree_around_the_error() -> None:
    tree, errs = parse("a -> b\nc: {\nd\n")
    assert errs
    keys = [n for n in tree.nodes if isinstance(n, A.Key)]
    assert keys[0].edges and keys[1].key is not None and keys[1].key.strings() == ["c"]


def test_key_length_limit() -> None:
    assert not parse("a" * 518 + "\n")[1]
    (err,) = parse("a" * 519 + "\n")[1]
    assert err[2] == "key length 519 exceeds maximum allowed length of 518"


@pytest.mark.parametrize(
    ("nested", "what"),
    [(lambda n: "a: {" * n + "}" * n, "maps"), (lambda n: "a: " + "[" * n + "]" * n, "arrays")],
)
def test_nesting_limit(nested: Callable[[int], str], what: str) -> None:
    assert not parse(nested(100))[1]
    text = nested(101)
    (start, _end, msg), *_ = parse(text)[1]
    assert msg == f"{what} nested too deeply"
    brackets = [i for i, ch in enumerate(text) if ch in "{["]
    assert start == brackets[100]  # the bracket that went one level too deep


def _ranges_nest(n: A.Node, lo: int, hi: int) -> bool:
    if not lo <= n.start <= n.end <= hi:
        return False
    children: list[A.Node] = []
    if isinstance(n, A.Map | A.Array):
        children = list(n.nodes)
    elif isinstance(n, A.Key):
        children = [c for c in (n.key, n.edge_key, n.primary, n.value, *n.edges) if c is not None]
    return all(_ranges_nest(c, n.start, n.end) for c in children)


D2ISH = st.lists(
    st.sampled_from(
        [
            *list("ab_.:->{}[]()|*&!@$'\"#;\\ \n\t01x"),
            "style.fill",
            "null",
            "layers",
            "${x}",
            "...@",
            "|md",
            '"""',
            "\u202e",
            "é",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(D2ISH, st.text(max_size=80)))
def test_never_raises_and_every_range_is_inside_the_text(text: str) -> None:
    tree, errs = parse(text)
    assert all(0 <= s <= e <= len(text) for s, e, _ in errs)
    assert all(isinstance(msg, str) and msg for _, _, msg in errs)
    assert 0 <= tree.start <= tree.end <= len(text)
    assert all(_ranges_nest(n, 0, len(text)) for n in tree.nodes)
