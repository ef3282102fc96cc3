"""The IR stage (``ir.py``, ``ir_edges.py``, ``ir_imports.py``, ``globs.py``, ``filters.py``,
``substitutions.py``): the field tree the AST folds into, read directly.

The table's trees are golden files (``golden/ir.json``; ``D2_GOLDEN_UPDATE=1`` rewrites them).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.dsl.d2 import ast as A
from services.dsl.d2.core import check
from services.dsl.d2.globs import glob_path, match_pattern
from services.dsl.d2.ir import Compiler
from services.dsl.d2.ir_imports import MAX_IMPORT_DEPTH, find_import, import_part, norm_import
from services.dsl.d2.ir_state import MAX_GLOB_WORK, GlobBudget, GlobWorkExceeded
from services.dsl.d2.parser import parse
from services.dsl.d2.substitutions import resolve_substitutions
from services.dsl.d2.tree import IRMap, Name, remove_suspended
from tests.unit.d2.conftest import Golden


def compile_ir(
    text: str, fs: dict[str, str] | None = None, budget: GlobBudget | None = None
) -> tuple[IRMap, list[str]]:
    """The IR of ``text`` as the core builds it, and its errors as ``line:column: message``."""
    tree, perrs = parse(text)
    assert not perrs, perrs
    comp = Compiler(fs)
    if budget is not None:
        comp.budget = budget
    root = IRMap()
    comp.compile_map(root, tree)
    remove_suspended(root)
    resolve_substitutions(comp, root)
    src = A.Source(text)
    return root, ["{}:{}: {}".format(*src.line_col(s), m) for s, _e, m in comp.errors]


_ARROWS = {(False, True): "->", (True, False): "<-", (True, True): "<->", (False, False): "--"}


def dump(m: IRMap) -> dict[str, Any]:
    """The tree as plain data: fields by name (value, map) and edges as written."""
    out: dict[str, Any] = {}
    for f in m.fields:
        entry: dict[str, Any] = {}
        if f.primary is not None:
            entry["value"] = f.primary.text()
        if f.map is not None:
            entry["map"] = dump(f.map)
        elif f.composite is not None:
            entry["array"] = len(f.composite.values)
        out[f.name.text if not f.name.quoted else repr(f.name.text)] = entry
    if m.edges:
        out["<edges>"] = [
            ".".join(n.text for n in e.src)
            + f" {_ARROWS[(e.src_arrow, e.dst_arrow)]} "
            + ".".join(n.text for n in e.dst)
            + f" [{e.index}]"
            + (f": {e.primary.text()}" if e.primary is not None else "")
            + (f" {dump(e.map)}" if e.map is not None else "")
            for e in m.edges
        ]
    return out


CASES = {
    "keys_merge": "a.b: x\na: {b.style.fill: red; c}\nA.d\n",
    "underscore_parents": "a: {b: {_.c; _._.d}}\n",
    "edges_live_in_the_shared_container": "x.a -> x.b: one\nx.a -> x.b: two\nx: {a -> b}\n",
    "edge_references": "a -> b\na -> b\n(a -> b)[1].label: second\n(a -> b)[0]: first\n",
    "null_deletes": "a -> b\nc\nc: null\n(a -> b)[0]: null\nd.style.fill: red\nd.style: null\n",
    "globs_apply_to_later_fields": "*.shape: circle\na\nb: {c}\n",
    "double_glob_reaches_every_descendant": "a: {b: {c}}\n**.style.fill: red\n",
    "edge_globs": "a -> b\nc -> d\n(* -> *)[*].style.stroke: red\n",
    "glob_filters": "a: {shape: circle}\nb\n*: {&shape: circle; label: round}\n",
    "glob_label_beside_a_written_value": "*.label: g\na: mine\nb\n",
    "suspend_and_unsuspend": "a -> b\nc\n**: suspend\n(* -> *)[*]: unsuspend\n",
    "boards_inherit": "a\nscenarios: {s: {b}}\nsteps: {1: {c}; 2: {d}}\nlayers: {l: {e}}\n",
    "vars_maps_and_spreads": "vars: {m: {p; q}; a: [1; 2]}\nx: ${m}\ny: {...${m}; r}\nz: ${a}\n",
    "arrays": "a: [x; {b}; [c]]\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_trees(name: str, golden: Golden) -> None:
    root, errors = compile_ir(CASES[name])
    golden(f"ir/{name}.json", {"text": CASES[name], "ir": dump(root), "errors": errors})


def test_the_table_is_free_of_errors() -> None:
    assert all(compile_ir(t)[1] == [] for t in CASES.values())


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("_.a\n", "1:1: invalid underscore: no parent"),
        ("a.(b -> c)[0]\n", "1:4: indexed edge does not exist"),
        ("a: {&shape: circle}\n", "1:5: glob filters cannot be used outside globs"),
        ("a: {layers: {x}}\n", "1:5: layers must be declared at a board root scope"),
        ("a.shape.x: 1\n", '1:3: "shape" must be the last part of the key'),
        ("layers.x -> layers.y\n", "1:1: cannot create edges between boards"),
        ("a -> b: [1]\n", "1:9: edges cannot be assigned arrays"),
        ("x: [1]\nx.y\n", "2:1: cannot index into array"),
    ],
)
def test_errors(text: str, error: str) -> None:
    assert error in compile_ir(text)[1]


def test_map_spread_at_any_depth_the_parser_allows() -> None:
    depth = 99
    text = "vars: {v: {x}}\n" + "a: {" * depth + "...${v}" + "}" * depth + "\n"
    root, errors = compile_ir(text)
    assert errors == []
    m = root
    for _ in range(depth):
        f = m.get("a")
        assert f is not None and f.map is not None
        m = f.map
    assert m.get("x") is not None  # the innermost spread was resolved


# ---- the glob work budget -------------------------------------------------------------------


def _globs_then_shapes(globs: int, shapes: int) -> str:
    return "\n".join(["*.style.fill: red"] * globs + [f"s{i}" for i in range(shapes)]) + "\n"


def test_globs_stop_at_their_budget_at_the_glob_that_ran_out() -> None:
    text = _globs_then_shapes(10, 30)
    compile_ir(text, budget=GlobBudget(100_000))  # plenty
    with pytest.raises(GlobWorkExceeded) as e:
        compile_ir(text, budget=GlobBudget(500))
    assert isinstance(e.value.node, A.Key | A.StringNode)
    assert text[e.value.node.start :].startswith("*.style.fill")


def test_budget_spent_by_a_compile_grows_with_the_glob_work() -> None:
    def spent(text: str) -> int:
        budget = GlobBudget(10**9)
        compile_ir(text, budget=budget)
        return 10**9 - budget.left

    assert spent("a\nb\n") == 0
    small, big = spent(_globs_then_shapes(2, 10)), spent(_globs_then_shapes(4, 20))
    assert 0 < small < big


def test_the_core_refuses_a_text_past_the_budget_with_its_position() -> None:
    text = _globs_then_shapes(100, 100)  # about 2.5 budgets of work
    r = check(text)
    assert not r.ok
    (issue,) = r.errors
    assert issue.code == "D2_TOO_COMPLEX" and str(MAX_GLOB_WORK) in issue.message
    assert 1 <= issue.line <= 100 and issue.column == 1  # one of the glob lines


def test_a_glob_over_a_realistic_diagram_is_within_the_budget() -> None:
    r = check(_globs_then_shapes(1, 200))
    assert r.ok and all(s["id"].startswith("s") for s in r.shapes)


# ---- globs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pattern", "hit"),
    [
        ("jingle", ["*", "l"], True),  # not anchored at the end, as the official matcher
        ("Apple", ["a", "*"], True),
        ("apple", ["b", "*"], False),
        ("label", ["*"], False),  # reserved words never match
        ("x_y", ["*", "_", "*"], True),
    ],
)
def test_match_pattern(name: str, pattern: list[str], hit: bool) -> None:
    assert match_pattern(name, pattern) is hit


def test_glob_path_double_star_stands_for_one_or_more() -> None:
    def names(*t: str) -> list[Name]:
        return [Name(x, False) for x in t]

    assert glob_path(names("a", "b", "c"), names("**", "c"))
    assert not glob_path(names("c"), names("**", "c"))
    assert glob_path(names("a", "bc"), names("a", "b*"))
    assert not glob_path(names("a", "bc"), [Name("a", False), Name("b*", True)])


NAMES = st.lists(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(NAMES, st.integers(0, 6))
def test_a_glob_reaches_every_field_wherever_it_is_written(names: list[str], at: int) -> None:
    lines = [f"{n}.label: {n}" for n in dict.fromkeys(names)]
    lines.insert(min(at, len(lines)), "*.shape: circle")
    root, errors = compile_ir("\n".join(lines) + "\n")
    assert errors == []
    for n in dict.fromkeys(names):
        f = root.get(n)
        assert f is not None and f.map is not None
        shape = f.map.get("shape")
        assert shape is not None and shape.primary is not None
        assert shape.primary.text() == "circle"


@settings(max_examples=60, deadline=None)
@given(NAMES, NAMES)
def test_dotted_keys_and_nested_maps_build_the_same_tree(
    outer: list[str], inner: list[str]
) -> None:
    dotted = "".join(f"{o}.{i}\n" for o in outer for i in inner)
    nested = "".join(f"{o}: {{{'; '.join(inner)}}}\n" for o in outer)
    assert dump(compile_ir(dotted)[0]) == dump(compile_ir(nested)[0])


# ---- imports ---------------------------------------------------------------------------------


def test_find_import_relative_to_the_importing_file_and_parts_of_a_file() -> None:
    fs = {"a/b.d2": "x: {y: 1}\n", "c.d2": "z\n"}
    assert norm_import("./c") == "c.d2"
    assert find_import(fs, "", "c") == ("z\n", "c.d2", [])
    assert find_import(fs, "a", "b") == ("x: {y: 1}\n", "a/b.d2", [])
    assert find_import(fs, "", "a/b/x/y") == ("x: {y: 1}\n", "a/b/x/y.d2", ["x", "y"])
    assert find_import(fs, "", "nope") is None


def test_import_part_picks_a_map_a_value_or_names_what_is_missing() -> None:
    root, _ = compile_ir("x: {y: 1; w: {v}}\n")
    part = import_part(root, ["x", "w"], [])
    assert isinstance(part, IRMap) and part.get("v") is not None
    value = import_part(root, ["x", "y"], [])
    assert isinstance(value, IRMap) and value.imported_scalar
    assert value.imported_primary is not None and value.imported_primary.text() == "1"
    assert import_part(root, ["x", "q"], []) == "q"


def test_imports_compile_into_the_importing_map() -> None:
    fs = {"index.d2": "a: @lib\nb: {...@lib}\n", "lib.d2": "p -> q\n"}
    root, errors = compile_ir(fs["index.d2"], fs)
    assert errors == []
    for name in ("a", "b"):
        f = root.get(name)
        assert f is not None and f.map is not None
        assert dump(f.map)["<edges>"] == ["p -> q [0]"]


def _import_chain(n: int) -> dict[str, str]:
    fs = {f"f{i}.d2": f"x{i}\n...@f{i + 1}\n" for i in range(n)}
    fs[f"f{n}.d2"] = "end\n"
    return fs


def test_imports_nest_up_to_the_depth_limit_and_a_cycle_stops_there() -> None:
    fs = _import_chain(MAX_IMPORT_DEPTH)
    assert compile_ir("...@f0\n", fs)[1] == []
    fs = _import_chain(MAX_IMPORT_DEPTH + 2)
    assert any("import cycle" in e for e in compile_ir("...@f0\n", fs)[1])
    cycle = {"a.d2": "x\n...@b\n", "b.d2": "y\n...@a\n"}
    assert any("import cycle" in e for e in compile_ir("...@a\n", cycle)[1])


def test_imports_without_a_bundle_are_an_error() -> None:
    assert compile_ir("a: @x\n")[1] == ["1:4: failed to import 'x': imports are not available here"]
