"""The formatter (``services/dsl/d2/formatter.py``): canonical text, read back the same.

The table's canonical texts are golden files (``golden/formatter/<case>.d2``;
``D2_GOLDEN_UPDATE=1`` rewrites them). The properties: formatting is idempotent and keeps the
compiled model, and the strings the edits write (``key_string``, ``value_string``) read back
as exactly the text given, whatever it holds.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services.dsl.d2 import ast as A
from services.dsl.d2 import check, format_d2
from services.dsl.d2.formatter import key_string, value_string
from services.dsl.d2.parser import parse
from tests.unit.d2.conftest import Golden

CASES = {
    "spacing_and_arrows": "a->b:  hi\nc<-d\ne--f;g<->h\n",
    "nesting_and_semicolons": "zone: {api; db: {label: Postgres}}\n",
    "comments_kept": "# top\na # trailing\nb: {\n  # inside\n  c\n}\n",
    "block_comment": '"""\nnotes\n  indented\n"""\na\n',
    "quoting": '"a b": \'x\'\nc: "say \\"hi\\""\nd: ""\n\'e.f\': null\n',
    "values_that_need_quotes": 'a: "true"\nb: "12"\nc: "x # y"\nd: "\\$5"\n',
    "block_strings": "md: |md\n# Title\n|\ncode: |||go\nx := `|`\n|||\n",
    "arrays": "a: [1;two;  three]\n",
    "substitutions": 'vars: {x: 1}\na: ${x}\nb: "pre ${x} \\${x}"\nc: {...${m}}\n',
    "edge_references": "(a->b)[0].style.stroke:red\nx.(y->z)[*]: hi\n",
    "globs_and_filters": "*.style.fill:red\n**:{&shape:circle;!&label:x}\n",
    "imports": "a: @file\nb: {...@dir/other}\n",
    "primary_and_map": "a: Label {shape: circle}\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_canonical_text(name: str, golden: Golden) -> None:
    out = format_d2(CASES[name])
    golden(f"formatter/{name}.d2", out)
    assert format_d2(out) == out


def test_dollar_signs_stay_text() -> None:
    out = format_d2('a: "price \\$5 \\${x}"\n')
    assert out == 'a: "price \\$5 \\${x}"\n'
    assert check(out).shapes[0]["label"] == "price $5 ${x}"


# ---- properties -------------------------------------------------------------------------------

TOKENS = st.sampled_from(
    [
        *list("ab_.:->{}[]()|*&!@$'\"#;\\ \n\t01x"),
        "style.fill",
        "null",
        "layers",
        "vars",
        "${x}",
        "\\$",
        "...@",
        "|md",
        "shape: circle",
        "(a -> b)[0]",
        "<-",
        "é",
    ]
)
D2ISH = st.lists(TOKENS, max_size=40).map("".join)


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(D2ISH)
# escaped specials in a glob key: a glob cannot be quoted, so the escapes must survive
@example("*\\:")
@example("*\\.")
@example("a*\\{b: x")
# import paths with odd characters: quoted whole, or they do not read back the same
@example("...@).a")
@example("...@a.$")
@example("a: @\\-*")
def test_formatting_is_idempotent_and_keeps_the_model(text: str) -> None:
    if parse(text)[1]:
        return  # the formatter formats what parses; broken text is refused by format_d2
    out = format_d2(text)
    assert format_d2(out) == out
    before, after = check(text), check(out)
    assert before.ok == after.ok
    assert before.shapes == after.shapes and before.connections == after.connections


TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=20
)


@settings(max_examples=800, deadline=None)
@given(TEXT, TEXT)
def test_written_keys_and_values_read_back_as_given(key: str, value: str) -> None:
    tree, errors = parse(f"{key_string(key)}: {value_string(value)}\n")
    assert errors == []
    (k,) = tree.nodes
    assert isinstance(k, A.Key) and k.key is not None and k.key.strings() == [key]
    v = k.value
    assert isinstance(v, A.UnquotedString | A.DoubleQuotedString | A.Number)
    if not isinstance(v, A.Number):  # digits read back as a number with the same text
        assert all(isinstance(p, str) for p in v.parts)
    assert v.text() == value


@pytest.mark.parametrize("text", ["$", "${x}", "price $5", "...@x", "true", "null", "12"])
def test_values_the_parser_would_read_otherwise_are_quoted(text: str) -> None:
    (k,) = parse(f"k: {value_string(text)}\n")[0].nodes
    assert isinstance(k, A.Key) and isinstance(k.value, A.DoubleQuotedString)
    assert k.value.text() == text and all(isinstance(p, str) for p in k.value.parts)


@pytest.mark.parametrize("text", ["@x", "...x", "a.b", "a b ", "-x", "x:y"])
def test_keys_the_parser_would_read_otherwise_are_quoted(text: str) -> None:
    assert key_string(text).startswith('"')
    (k,) = parse(f"{key_string(text)}\n")[0].nodes
    assert isinstance(k, A.Key) and k.key is not None and k.key.strings() == [text]
