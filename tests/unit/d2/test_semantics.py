"""Language semantics matched to the official compiler: globs, filters, vars, sequence diagrams.

Each case is a small D2 text and what the official compiler's diagram holds for it (taken
from its behaviour on the conformance corpus); `check()` must give the same.
"""

from __future__ import annotations

from services.dsl.d2 import check


def _shapes(text: str, fs: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    r = check(text, fs)
    assert r.ok, r.errors
    return {s["id"]: (s["label"], s["shape"]) for s in r.shapes}


def _edges(text: str) -> set[tuple[str, str, str, str, str]]:
    r = check(text)
    assert r.ok, r.errors
    return {(c["src"], c["dst"], c["src_arrow"], c["dst_arrow"], c["label"]) for c in r.connections}


def _error(text: str, fs: dict[str, str] | None = None) -> str:
    r = check(text, fs)
    assert not r.ok
    assert all(e.line >= 1 and e.column >= 1 for e in r.errors)
    return " | ".join(e.message for e in r.errors)


def test_globs_apply_to_fields_created_later() -> None:
    s = _shapes("*.shape: circle\na\nb\n")
    assert s["a"][1] == s["b"][1] == "oval"


def test_lazy_glob_never_overrides_a_value_written_for_the_field() -> None:
    e = _edges("(* -> *)[*].label: hi\na -> b: {label: bye}\nc -> d\n")
    assert ("a", "b", "none", "triangle", "bye") in e
    assert ("c", "d", "none", "triangle", "hi") in e


def test_glob_filters_narrow_and_negate() -> None:
    text = "a: {shape: circle}\nb\n*: {\n  &shape: circle\n  label: round\n}\n"
    s = _shapes(text)
    assert s["a"][0] == "round" and s["b"][0] == "b"
    s2 = _shapes(text.replace("&shape", "!&shape"))
    assert s2["a"][0] == "a" and s2["b"][0] == "round"


def test_filters_outside_globs_are_errors() -> None:
    assert "glob filters cannot be used outside globs" in _error("a: {&shape: circle}\n")


def test_suspend_and_unsuspend() -> None:
    r = check("a -> b\nc\n**: suspend\n(** -> **)[*]: suspend\n(* -> *)[*]: unsuspend\n")
    assert r.ok
    assert {s["id"] for s in r.shapes} == {"a", "b"}  # the edge brings its ends back
    assert len(r.connections) == 1


def test_map_vars_and_spreads() -> None:
    text = "vars: {\n  x: all {a: b}\n  y: {p; q}\n}\nz: ${x}\nw: {\n  ...${y}\n  r\n}\n"
    s = _shapes(text)
    assert s["z"][0] == "all" and s["z.a"][0] == "b"
    assert {"w.p", "w.q", "w.r"} <= set(s)


def test_var_errors() -> None:
    assert 'could not resolve variable "v"' in _error("x: { ...${v} }\n")
    assert "cannot spread non-composite" in _error("vars: {x: all}\nz: {\n  ...${x}\n}\n")
    assert 'could not resolve variable "n"' in _error(
        "vars: {n: Smith}\na: {\n  vars: {n: null}\n  hi: ${n}\n}\n"
    )


def test_a_var_using_its_own_name_means_the_outer_one() -> None:
    s = _shapes("vars: {x: a}\nhi: {\n  vars: {x: ${x}-b}\n  yo: ${x}\n}\n")
    assert s["hi.yo"][0] == "a-b"


def test_d2_config_is_checked() -> None:
    assert 'expected a boolean for "sketch", got "lol"' in _error(
        "vars: {d2-config: {sketch: lol}}\n"
    )
    assert '"d2-config" can only appear at root vars' in _error(
        "x: {vars: {d2-config: {sketch: true}}}\n"
    )
    assert "is not a valid theme ID" in _error("vars: {d2-config: {theme-id: 9999}}\n")


def test_terminal_theme_capitalises_labels() -> None:
    s = _shapes("vars: {d2-config: {theme-id: 300}}\na: hello\n")
    assert s["a"][0] == "HELLO"


def test_sequence_diagram_as_the_official_layout_exports_it() -> None:
    text = "shape: sequence_diagram\na; b\na.note: remember\ngroup: {\n  a.t -> b\n}\n"
    r = check(text)
    assert r.ok, r.errors
    s = {x["id"]: (x["label"], x["shape"]) for x in r.shapes}
    assert s["a.note"] == ("remember", "page")  # a note
    assert s["a.t"] == ("", "rectangle")  # a span: no label
    assert "group.a" not in s  # actors named in a group are the diagram's own
    ends = {(c["src"], c["dst"]) for c in r.connections if c["dst"].startswith(("a-", "b-"))}
    # the lifelines, named like the official ones (FNV-1a of "<id>-lifeline-end")
    assert ends == {("a", "a-lifeline-end-2251863791"), ("b", "b-lifeline-end-668380428")}


def test_sequence_layout_errors() -> None:
    assert "no actors declared in sequence diagram" in _error(
        "shape: sequence_diagram\ngroup.nested: {\n  a -> b\n}\n"
    )


def test_ids_spelled_like_the_official_formatter() -> None:
    s = _shapes('"b\\nb"\nnull\n\'a"b\'\n')
    assert {'"b\\nb"', "'null'", "'a\"b'"} <= set(s)


def test_near_targets_and_position_maps() -> None:
    assert "constant near key" in _error("a: {near: top-center}\nb: {near: a}\n")
    assert "unexpected field a" in _error("x: {label: hi {\n  near: top-left\n  a\n}}\n")


def test_edges_between_boards_are_refused() -> None:
    assert "cannot create edges between boards" in _error("layers.x -> layers.y\n")


def test_markdown_html_must_nest() -> None:
    assert "malformed Markdown" in _error("t: |md\nfoo<br>\nbar\n|\n")
    assert check("t: |md\n**bold** and `<code>`\n|\n").ok


def test_hollow_default_arrowhead() -> None:
    e = _edges("a -> b: {target-arrowhead.style.filled: false}\n")
    assert ("a", "b", "none", "unfilled-triangle", "") in e


def test_imports_carry_values_and_resolve_relative_paths() -> None:
    fs = {"index.d2": "x: @x.y\n", "x.d2": "y: meow\n"}
    assert _shapes(fs["index.d2"], fs)["x"][0] == "meow"
    fs2 = {
        "index.d2": "layers: {\n  l: {...@y/x}\n}\n",
        "y/x.d2": "layers: {\n  b: {...@n}\n}\n",
        "y/n.d2": "p\n",
    }
    assert check(fs2["index.d2"], fs2).ok
    assert "cannot spread import non map" in _error("...@x.y\n", fs)
