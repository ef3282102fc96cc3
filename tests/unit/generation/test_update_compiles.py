"""The update path parses and compiles each text once, and sharing compiles changes nothing.

The edits take the caller's compiled diagram (``diagram=``) instead of compiling their input
again; these tests pin that the shortcut gives the same answers as the long way, that the
diagram handed in is what the ids are checked against, and that one update compiles no text
twice (a counting wrapper around the real compiler, not a mock).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from services.dsl.d2 import D2Error, compile_d2
from services.dsl.d2 import edit_source as ES
from services.dsl.d2 import edits as E
from services.dsl.d2 import model as M
from services.dsl.generation import GenerationRequest, generate
from services.dsl.generation import edit_state as U
from services.dsl.generation.kb import knowledge_base
from shared.contracts import GenerationKind, GenerationResult, Intent, SessionSnapshot

SECURE = "create a secure web application with a database and authentication"

EDITS = [
    "put a redis cache between the api and the database",
    "add monitoring to all services",
    "add a cdn",
    "remove the waf",
    "put a load balancer in front of the api",
    "group the api and the web app into Backend",
    "add kafka connected to the api and add a worker",
    "swap the database for postgres",
]


def ask(query: str, intent: Intent, base: str | None) -> GenerationResult:
    session = SessionSnapshot(session_id="t", current_d2=base)
    return generate(GenerationRequest(intent=intent, query=query, session=session))


@pytest.fixture(scope="module")
def base() -> str:
    return ask(SECURE, Intent.DSL_CREATE, None).d2 or ""


def _edit_calls(d2: str) -> list[tuple[Callable[..., str], tuple[object, ...]]]:
    ids = [s.id for s in compile_d2(d2).shapes if not s.children]
    zone = next(s.id for s in compile_d2(d2).shapes if s.children)
    a, b = next((c.src, c.dst) for c in compile_d2(d2).connections)
    return [
        (E.add_shape, ("cache",)),
        (E.remove_shape, (ids[0],)),
        (E.rename_shape, (ids[1], "renamed")),
        (E.set_label, (ids[1], "New label")),
        (E.set_shape, (ids[1], "hexagon")),
        (E.set_style, (ids[1], "fill", "#fff")),
        (E.set_class, (ids[1], "cache")),
        (E.connect, (ids[0], ids[1])),
        (E.disconnect, (a, b)),
        (E.move_shape, (ids[-1], zone)),
        (E.insert_between, ("mid", a, b)),
    ]


def test_edits_give_the_same_text_with_the_callers_diagram(base: str) -> None:
    diagram = compile_d2(base)
    for fn, args in _edit_calls(base):
        assert fn(base, *args, diagram=diagram) == fn(base, *args), fn.__name__


def test_edits_check_ids_against_the_diagram_they_are_handed(base: str) -> None:
    # a diagram that lacks every shape: the edit must refuse, so it read that diagram
    empty = M.Diagram()
    for fn, args in _edit_calls(base):
        if fn is E.disconnect:  # needs only the parse
            continue
        if fn is E.add_shape:
            with pytest.raises(D2Error):  # the parent does not exist in `empty`
                fn(base, "x.y", diagram=empty)
            continue
        with pytest.raises(D2Error) as err:
            fn(base, *args, diagram=empty)
        assert err.value.issues[0].code == "EDIT_NOT_FOUND", fn.__name__


def test_connect_keeps_the_shapes(base: str) -> None:
    d = compile_d2(base)
    leaves = [s.id for s in d.shapes if not s.children]
    out = E.connect(base, leaves[0], leaves[-1], "x")
    assert [s.id for s in compile_d2(out).shapes] == [s.id for s in d.shapes]


def test_ensure_classes_with_the_states_diagram(base: str) -> None:
    declared = set(compile_d2(base).classes)
    missing = next(
        c for c in ("ai", "queue", "cache", "storage", "monitoring") if c not in declared
    )
    texts = [base, E.add_shape(base, "extra", node_class=missing)]
    outs = [U.ensure_classes(t, compile_d2(t)) for t in texts]
    assert outs == [U.ensure_classes(t) for t in texts]
    assert outs[0] == base and outs[1] != texts[1]  # only the second needed a declaration
    assert missing in compile_d2(outs[1]).classes


@pytest.mark.parametrize("query", EDITS)
def test_an_update_compiles_no_text_twice(
    base: str, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    E.parse_text.cache_clear()
    ES._shape_id_set.cache_clear()
    parsed: Counter[str] = Counter()
    compiled: Counter[str] = Counter()
    real_parse, real_compile = ES._parse_uncached, U.compile_text

    def parse(text: str) -> object:
        parsed[text] += 1
        return real_parse(text)

    def compile_(text: str, fs: object = None, tree: object = None) -> M.Diagram:
        compiled[text] += 1
        return real_compile(text, fs, tree)  # type: ignore[arg-type]

    monkeypatch.setattr(ES, "_parse_uncached", parse)
    monkeypatch.setattr(U, "compile_text", compile_)
    monkeypatch.setattr(ES, "compile_text", compile_)
    r = ask(query, Intent.DSL_UPDATE, base)
    assert r.kind is GenerationKind.DIAGRAM, r.message
    assert compiled and max(compiled.values()) == 1
    assert parsed and max(parsed.values()) == 1


def test_a_run_of_connects_compiles_once(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    d = compile_d2(base)
    leaves = [s.id for s in d.shapes if not s.children]
    st = U.State(knowledge_base(), base)
    st.diagram  # noqa: B018 - compile the starting text
    calls: list[str] = []
    real = U.compile_text

    def compile_(text: str, fs: object = None, tree: object = None) -> M.Diagram:
        calls.append(text)
        return real(text, fs, tree)  # type: ignore[arg-type]

    monkeypatch.setattr(U, "compile_text", compile_)
    monkeypatch.setattr(ES, "compile_text", compile_)
    for src in leaves[1:6]:
        st.connect(src, leaves[0], "metrics")
    assert calls == []
    assert len(compile_d2(st.d2).connections) == len(d.connections) + 5
    with pytest.raises(D2Error):  # still checked against the shapes of the text
        st.connect("no_such_shape", leaves[0])
