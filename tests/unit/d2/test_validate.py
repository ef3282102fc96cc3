"""The gate every diagram passes (``api.validate_d2`` over ``validate.py`` and ``invisible.py``):
safety by meaning, the limits, the style pack, and no character that makes a label, an id, a
tooltip or an edge label read differently from what it says — down to the SVG.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.dsl.d2 import D2Error, validate_d2
from services.dsl.d2.invisible import BIDI_CONTROLS, MAX_LISTED, why_hidden
from services.layout import render
from shared.settings import D2Settings
from shared.stylepack import classes_block

CLASSES = classes_block(["client", "process", "database"])


def _issues(text: str, settings: D2Settings | None = None) -> list[tuple[int, int, str]]:
    with pytest.raises(D2Error) as e:
        validate_d2(text, settings)
    return [(i.line, i.column, i.code) for i in e.value.issues]


# ---- safety by meaning ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["a: @x\n", "a: {...@lib}\n", "a: [1; @x]\n", "x: {y: {z: @deep/file}}\n"],
)
def test_imports_are_refused_wherever_they_are(text: str) -> None:
    assert {code for _, _, code in _issues(text)} == {"D2_IMPORT_REFUSED"}


def test_words_that_look_like_keywords_are_just_text() -> None:
    text = f"{CLASSES}\nimportant: {{label: import @ data: javascript; class: process}}\n"
    assert validate_d2(text).graph.nodes[0].label == "import @ data: javascript"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("a.link: 'java\tscript:alert(1)'\n", False),  # whitespace does not hide a scheme
        ("a.tooltip: 'data:text/html,<b>'\n", False),
        ("a.icon: https://icons.terrastruct.com/x.svg\n", True),
        ("a.icon: https://evil.example/x.svg\n", False),
        ("a.link: https://example.com/docs\n", True),
        ("a.link: ftp://example.com\n", False),
        ("a.link: layers.details\n", True),  # a board, not a URL
        ("a.tooltip: see the runbook\n", True),
    ],
)
def test_urls_by_scheme_and_host(text: str, ok: bool) -> None:
    if ok:
        validate_d2(text)
    else:
        assert {code for _, _, code in _issues(text)} == {"D2_UNSAFE_URL"}


def test_limits_have_their_codes_and_positions() -> None:
    s = D2Settings(D2_MAX_INPUT_BYTES=64, D2_MAX_SHAPES=2, D2_MAX_DEPTH=2)  # type: ignore[call-arg]
    assert _issues("x" * 65, s) == [(1, 1, "D2_TOO_LARGE")]
    assert "D2_TOO_MANY_SHAPES" in {c for *_, c in _issues("a\nb\nc\n", s)}
    deep = D2Settings(D2_MAX_DEPTH=2)  # type: ignore[call-arg]
    assert _issues("a\nb.c.d\n", deep) == [(2, 5, "D2_TOO_DEEP")]


# ---- the style pack ---------------------------------------------------------------------------


def test_style_pack_codes() -> None:
    text = f"{CLASSES}\nBad: {{class: process}}\nok: {{class: cache}}\nlong: {'y' * 61}\n"
    codes = {c for *_, c in _issues(text)}
    assert codes == {"STYLE_ID", "STYLE_CLASS", "STYLE_LABEL"}


def test_connections_join_declared_shapes() -> None:
    text = f"{CLASSES}\na: {{class: process}}\na -> b\n"
    assert _issues(text)[0][2] == "STYLE_EDGE"


def test_a_valid_diagram_comes_back_canonical_with_its_graph() -> None:
    text = (
        f"{CLASSES}\nweb: {{label: Web; class: client}}\napi: {{class: process}}\nweb->api: HTTPS\n"
    )
    res = validate_d2(text)
    assert "web -> api: HTTPS" in res.d2
    assert [(e.src, e.dst, e.label) for e in res.graph.edges] == [("web", "api", "HTTPS")]


# ---- hidden characters ------------------------------------------------------------------------

FORMAT_CHARS = [
    "\u00ad",  # soft hyphen
    "\u200b",  # zero width space
    "\u2060",  # word joiner
    "\u2063",  # invisible separator
    "\ufeff",  # zero width no-break space (BOM)
    "\U000e0041",  # tag latin capital A (hidden text)
    "\u180e",  # mongolian vowel separator
]
CONTROL_CHARS = ["\x00", "\x07", "\x1b", "\x7f", "\x85"]
HIDDEN = sorted(BIDI_CONTROLS) + FORMAT_CHARS + CONTROL_CHARS + ["\u200c", "\u200d"]


def _refused(text: str, i: int) -> bool:
    """The policy restated: is ``text[i]`` a character the gate refuses?"""
    ch = text[i]
    if ch in "\u200c\u200d":
        neighbours = (text[i - 1], text[i + 1]) if 0 < i < len(text) - 1 else ()
        visible = [ord(c) > 0x7F and unicodedata.category(c)[0] not in "CZ" for c in neighbours]
        return not (visible and all(visible))
    category = unicodedata.category(ch)
    return ch in BIDI_CONTROLS or category == "Cf" or (category == "Cc" and ch not in "\t\n\r")


def _first_hidden(text: str) -> int | None:
    return next((i for i in range(len(text)) if _refused(text, i)), None)


def _diagram(label: str, node_id: str, tooltip: str, edge_label: str) -> str:
    return (
        f"{CLASSES}\n"
        f'{node_id}: {{label: "{label}"; class: process; tooltip: "{tooltip}"}}\n'
        f"db: {{label: Store; class: database}}\n"
        f'{node_id} -> db: "{edge_label}"\n'
    )


SAFE = (
    st.text(st.sampled_from("abc xyz-_ÉéЖ中"), min_size=1, max_size=8).map(str.strip).filter(bool)
)


@st.composite
def with_inserted(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    text = draw(base)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HIDDEN)) + text[at:]
    return text


IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda s: s != "db")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_inserted(SAFE), with_inserted(IDS), with_inserted(SAFE), with_inserted(SAFE))
def test_hidden_characters_are_refused_at_their_position(
    label: str, node_id: str, tooltip: str, edge_label: str
) -> None:
    text = _diagram(label, node_id, tooltip, edge_label)
    first = _first_hidden(text)
    if first is None:
        validate_d2(text)
        return
    with pytest.raises(D2Error) as e:
        validate_d2(text)
    issue = e.value.issues[0]
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    assert (issue.code, issue.line, issue.column) == ("D2_INVISIBLE_CHAR", line, column)
    assert f"U+{ord(text[first]):04X}" in issue.message


@pytest.mark.parametrize(
    "label",
    [
        "\U0001f469\u200d\U0001f4bb Developers",  # an emoji ZWJ sequence
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ inside a word
        "caf\u00e9 \u00fcber \u4e2d\u6587",
    ],
)
def test_joiners_that_join_visible_letters_are_text(label: str) -> None:
    text = f'{CLASSES}\nsvc: {{label: "{label}"; class: process}}\n'
    assert validate_d2(text).graph.nodes[0].label == label


@pytest.mark.parametrize(
    "text",
    [
        "# reviewed \u202e\nsvc\n",  # in a comment: what a reviewer reads is the text
        "svc: {label: 'x\u200dy'}\n",  # a joiner between ASCII letters joins nothing
        'svc: {label: "\u200d\U0001f469"}\n',  # ... nor at the edge of a label
        "svc.link: 'https://example.com/\u202ecod.exe'\n",
    ],
)
def test_hidden_characters_anywhere_in_the_text(text: str) -> None:
    assert {c for *_, c in _issues(text)} == {"D2_INVISIBLE_CHAR"}


def test_controls_written_as_escapes_are_refused_at_the_string() -> None:
    text = f'{CLASSES}\nsvc: {{label: "bell\\a"; class: process}}\n'
    assert _issues(text) == [(len(CLASSES.splitlines()) + 1, 14, "D2_INVISIBLE_CHAR")]
    unquoted = f"{CLASSES}\nsvc: {{label: back\\bspace; class: process}}\n"
    assert _issues(unquoted)[0][2] == "D2_INVISIBLE_CHAR"


def test_many_hidden_characters_are_listed_up_to_a_cap() -> None:
    issues = _issues("a: '" + "\u200b" * (MAX_LISTED + 10) + "'\n")
    assert len(issues) == MAX_LISTED + 1
    with pytest.raises(D2Error) as e:
        validate_d2("a: '" + "\u200b" * (MAX_LISTED + 10) + "'\n")
    assert e.value.issues[-1].message == "and 10 more such characters from here on"


def test_why_hidden_names_each_kind() -> None:
    assert why_hidden("\u202e") == "a bidirectional control"
    assert why_hidden("\u200b") == "an invisible format character"
    assert why_hidden("\x07") == "a control character"
    assert why_hidden("a") is None and why_hidden("\n") is None and why_hidden("é") is None


TEXTS = st.one_of(
    st.builds(_diagram, with_inserted(SAFE), with_inserted(IDS), with_inserted(SAFE), SAFE),
    st.lists(
        st.sampled_from(["a", "b", " ", "\n", ":", "->", "{", "}", "'", *HIDDEN]), max_size=30
    ).map("".join),
)


@pytest.mark.node
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_svg_of_a_diagram_never_carries_a_hidden_character(text: str) -> None:
    """validate -> layout -> SVG, as the pipeline runs them (the default engine, ELK in Node)."""
    try:
        result = validate_d2(text)
    except D2Error:
        return  # refused: nothing is laid out or drawn
    svg = render(result.graph).svg
    hidden = {ch for ch in svg if why_hidden(ch) and ch not in "\u200c\u200d"}
    assert not hidden, sorted(f"U+{ord(c):04X}" for c in hidden)
    assert not any(ch in svg for ch in BIDI_CONTROLS | {"\u200b", "\ufeff"})
