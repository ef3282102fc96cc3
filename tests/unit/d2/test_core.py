"""Facade behaviour: check/compile/validate/format, safety by meaning, never a stray error."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.dsl.d2 import D2Error, check, compile_d2, format_d2, to_graph, validate_d2
from shared.settings import D2Settings
from shared.stylepack import classes_block

GEN = f"""direction: right
{classes_block()}
users: {{label: Users; class: client}}
zone: {{
  label: Private zone
  class: zone
  api: {{label: API; class: process}}
  db: {{label: Postgres; class: database}}
}}
users -> zone.api: HTTPS
zone.api -> zone.db: SQL
"""


def test_generator_output_validates_to_graph() -> None:
    res = validate_d2(GEN)
    g = res.graph
    assert g.direction == "right"
    nodes = {n.id: n for n in g.nodes}
    assert nodes["zone"].is_container and nodes["zone.api"].parent == "zone"
    assert nodes["zone.db"].classes == ["database"] and nodes["zone.db"].shape == "cylinder"
    assert {(e.src, e.dst, e.label) for e in g.edges} == {
        ("users", "zone.api", "HTTPS"),
        ("zone.api", "zone.db", "SQL"),
    }
    assert to_graph(compile_d2(res.d2)) == g


def test_errors_carry_positions() -> None:
    res = check("a -> b\nc: {\n")
    assert not res.ok
    assert (res.errors[0].line, res.errors[0].column) == (2, 4)
    with pytest.raises(D2Error) as e:
        compile_d2("x.style.fill: notacolor")
    assert e.value.issues[0].line == 1 and "fill" in str(e.value)


def test_imports_refused_by_meaning_important_passes() -> None:
    with pytest.raises(D2Error) as e:
        validate_d2("a: @other\n")
    assert e.value.issues[0].code == "D2_IMPORT_REFUSED"
    with pytest.raises(D2Error) as e2:
        validate_d2("...@lib\n")
    assert e2.value.issues[0].code == "D2_IMPORT_REFUSED"
    body = "important_system: {label: important system; class: process}\n"
    ok = validate_d2(f"{classes_block(['process'])}\n{body}")
    assert ok.graph.nodes[0].label == "important system"


@pytest.mark.parametrize(
    "src",
    [
        "a.link: javascript:alert(1)",
        "a.link: 'data:text/html,x'",
        "a.icon: https://evil.example.com/x.svg",
        "a.link: http://example.com",
    ],
)
def test_unsafe_urls_refused(src: str) -> None:
    with pytest.raises(D2Error) as e:
        validate_d2(src)
    assert e.value.issues[0].code == "D2_UNSAFE_URL"


def test_limits() -> None:
    s = D2Settings(D2_MAX_INPUT_BYTES=100, D2_MAX_SHAPES=3, D2_MAX_DEPTH=2)  # type: ignore[call-arg]
    with pytest.raises(D2Error) as e:
        validate_d2("a" * 200, s)
    assert e.value.issues[0].code == "D2_TOO_LARGE"
    with pytest.raises(D2Error) as e2:
        validate_d2("a\nb\nc\nd\n", s)
    assert any(i.code == "D2_TOO_MANY_SHAPES" for i in e2.value.issues)
    with pytest.raises(D2Error) as e3:
        validate_d2("a.b.c\n", s)
    assert any(i.code == "D2_TOO_DEEP" for i in e3.value.issues)


def test_style_pack() -> None:
    with pytest.raises(D2Error) as e:
        validate_d2("BadId: {label: x}\nok: {label: " + "y" * 70 + "}\nz: {class: nosuch}\n")
    codes = {i.code for i in e.value.issues}
    assert {"STYLE_ID", "STYLE_LABEL", "STYLE_CLASS"} <= codes


def test_format_is_canonical_and_idempotent() -> None:
    out = format_d2("a->b:  hi\n# note\nc: {d;e}\n")
    assert out == format_d2(out)
    assert "# note" in out and "a -> b: hi" in out


D2ISH = st.lists(
    st.sampled_from(
        [
            *list("ab_.:->{}[]()|*&!@$'\"#;\\ \n\t01x"),
            "style.fill",
            "null",
            "layers",
            "vars",
            "${x}",
            "...@",
            "|md",
            "`",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(D2ISH)
def test_random_text_only_raises_d2error(src: str) -> None:
    with contextlib.suppress(D2Error):
        compile_d2(src)
    with contextlib.suppress(D2Error):
        format_d2(src)
    check(src)  # never raises


IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
LABEL = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="$|`"
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s)


@st.composite
def diagrams(draw: st.DrawFn) -> str:
    names = draw(st.lists(IDENT, min_size=1, max_size=6, unique=True))
    lines = ["direction: " + draw(st.sampled_from(["right", "down"]))]
    for n in names:
        lines.append(
            f"{n}: {{label: {draw(LABEL)!r}; shape: "
            f"{draw(st.sampled_from(['rectangle', 'cylinder', 'hexagon']))}}}".replace("'", '"')
            if False
            else f'{n}.label: "{draw(LABEL).replace(chr(92), "").replace(chr(34), "")}"'
        )
    for _ in range(draw(st.integers(0, 5))):
        a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        lines.append(
            f"{a} {draw(st.sampled_from(['->', '<-', '<->', '--']))} {b}: "
            f'"{draw(LABEL).replace(chr(92), "").replace(chr(34), "")}"'
        )
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(diagrams())
def test_format_round_trip_same_model(src: str) -> None:
    a = check(src)
    assert a.ok, a.errors
    b = check(format_d2(src))
    assert b.ok, b.errors
    assert a.shapes == b.shapes and a.connections == b.connections
