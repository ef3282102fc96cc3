"""The architect's update path: a request's edits applied to the current diagram.

The request is split into clauses (:mod:`clauses`); in each, the mentions of diagram shapes
are linked (:mod:`mentions`) and the operations found from its verbs and structure
(:mod:`ops`), then applied with the D2 core's structural edits (:mod:`edit_ops`, the commands
of :mod:`commands`), which keep the user's text, comments and order. A clause the operation
finder reads nothing in is tried against the sentence grammar of :mod:`commands`; a clause
neither reads (a reason, a remark) is skipped when another clause asked for something. "It"
and "them" mean what the previous clause touched. An ambiguous reference stops the update
with a question naming the candidates instead of a guess.
"""

from __future__ import annotations

import re

from services.dsl.d2 import D2Error
from services.dsl.generation.clauses import Clause, clauses
from services.dsl.generation.commands import COMMANDS, split_commands
from services.dsl.generation.edit_ops import Run, execute, stated_links
from services.dsl.generation.edit_state import Clarify, State, ensure_classes
from services.dsl.generation.kb import KnowledgeBase, knowledge_base
from services.dsl.generation.mentions import scan
from services.dsl.generation.ops import abstract, find_ops, tail_links
from services.dsl.generation.request import GenerationRequest
from shared.contracts import GenerationKind, GenerationResult

HELP = (
    "I can add, remove, rename, replace, connect, disconnect, move, relabel, restyle, group, "
    "merge or split components — e.g. “add a redis cache between the api and the database”."
)


def _grammar(st: State, sentence: str) -> str | None:
    """The sentence grammar's reading of one clause, or None."""
    for part in split_commands(sentence):
        for pattern, handler in COMMANDS:
            m = pattern.match(part)
            if m:
                return handler(st, m)
        return None
    return None


def _grammar_or_none(st: State, text: str, quotes: tuple[str, ...]) -> str | None:
    for k, q in enumerate(quotes):
        text = text.replace(f"qt{k}", f"'{q}'")
    try:
        return _grammar(st, text)
    except Clarify:
        return None


_ADDS = re.compile(r"\b(?:add|put|create|introduce|throw in|stick in|insert)\b", re.I)


def _motive(text: str, later: list[Clause]) -> bool:
    """ "we're adding returns, can you add a returns topic ...": the first clause is the
    motive of the add that follows, not an add of its own."""
    return bool(
        re.match(r"(?:we|i)\s+(?:\w+\s+)?(?:add|adding|need|want|starting)\b", text, re.I)
        and any(_ADDS.search(c.text) for c in later[:1])
    )


def apply_edits(kb: KnowledgeBase, d2: str, query: str) -> tuple[str, list[str]]:
    """Apply every command of `query` to `d2`; raises Clarify or D2Error."""
    st = State(kb, d2)
    run = Run(st)
    done: list[str] = []
    unread: list[str] = []
    parts = clauses(query)
    for n, clause in enumerate(parts):
        text = clause.text
        if _motive(clause.text, parts[n + 1 :]):
            continue
        tail = False
        while text:
            tokens, mentions = scan(kb, st.diagram, st.d2, text, run.context, clause.quotes)
            ab = abstract(text, tokens, mentions, clause.quotes)
            links = tail_links(ab, run.context[-1].id) if tail and run.context else []
            ops = links or find_ops(ab)
            run.follow = ""
            if links:
                done.append(stated_links(run, links))
                break
            if not ops:
                said = _grammar_or_none(st, text, clause.quotes)
                if said is None:
                    unread.append(text)
                    seen = [s for m in mentions if not m.ambiguous for s in m.shapes]
                    run.context = seen or run.context
                else:
                    done.append(said)
                break
            run.touched, run.named, run.edge = [], run.edge, None
            for op in ops:
                said = execute(run, op)
                if said:
                    done.append(said)
            run.context = [
                s for s in (st.diagram.shape(t.id) for t in run.touched) if s
            ] or run.context
            text, tail = run.follow, any(op.kind == "add" for op in ops)
    if not done:
        sentence = unread[0] if unread else query
        raise Clarify(f"I didn't understand “{sentence}” as a change to the diagram. {HELP}")
    return ensure_classes(st.d2, st.diagram), done


def update(request: GenerationRequest) -> GenerationResult:
    """Apply the request's edit commands to the session's diagram (the architect creates one
    instead when there is none)."""
    current = request.session.current_d2 or ""
    try:
        d2, done = apply_edits(knowledge_base(), current, request.query)
    except Clarify as question:
        return GenerationResult(
            kind=GenerationKind.ANSWER,
            message=str(question),
            generator="architect",
            notes=["clarify"],
        )
    except D2Error as err:
        return GenerationResult(
            kind=GenerationKind.ANSWER,
            generator="architect",
            notes=["edit_failed"],
            message=f"I couldn't apply that change: {err.issues[0].message}. "
            "Could you rephrase it or name the component differently?",
        )
    summary = "; ".join(done)
    message = (
        f"Updated the diagram: {summary[0].upper() + summary[1:]}."
        if summary
        else "Nothing to change."
    )
    return GenerationResult(
        kind=GenerationKind.DIAGRAM, message=message, d2=d2, generator="architect"
    )
