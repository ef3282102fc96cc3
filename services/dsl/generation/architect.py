"""The built-in architect: create, update, expert answers and views with no LLM at all.

:func:`answer` dispatches on the intent; each path is a pure function of the request and the
session. Every create/update reply says in one short paragraph what was built or changed.
"""

from __future__ import annotations

from services.dsl.generation.create import CreateOutcome, build
from services.dsl.generation.design import Design, to_d2
from services.dsl.generation.expert import expert_reply
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.request import GenerationRequest
from services.dsl.generation.smalltalk import clarify_reply, out_of_scope_reply
from services.dsl.generation.update import update
from services.dsl.generation.views import view_reply
from shared.contracts import GenerationKind, GenerationResult, Intent

GENERATOR = "architect"
#: what an edit request with no diagram to edit gets: a diagram made from it, with this note
NO_DIAGRAM_NOTE = "There is no diagram yet, so I created one from your request."


def main_path(design: Design, limit: int = 8) -> list[str]:
    """The labels along the main request path, from the first client, greedily."""
    starts = [n for n in design.nodes.values() if n.category in ("client", "device", "source")]
    if not starts:
        return []
    path, seen, cur = [starts[0].label], {starts[0].id}, starts[0].id
    while len(path) < limit:
        nxt = next(
            (
                e.dst
                for e in design.edges
                if e.src == cur
                and e.dst not in seen
                and design.nodes[e.dst].category
                not in ("idp", "monitoring", "logging", "tracing", "secrets", "dns")
            ),
            None,
        )
        if nxt is None:
            break
        seen.add(nxt)
        path.append(design.nodes[nxt].label)
        cur = nxt
    return path


def describe_create(outcome: CreateOutcome) -> str:
    d = outcome.design
    path = main_path(d)
    on_path = set(path)
    others = [n.label for n in d.nodes.values() if n.label not in on_path]
    article = "an" if outcome.topology.label[0].lower() in "aeiou" else "a"
    parts = [f"Built {article} {outcome.topology.label} with {len(d.nodes)} components"]
    if path:
        parts[0] += ": " + " → ".join(path)
    if others:
        shown = others[:6]
        more = f" and {len(others) - 6} more" if len(others) > 6 else ""
        parts[0] += ", plus " + ", ".join(shown) + more
    parts[0] += "."
    if outcome.added:
        parts.append("Added " + "; ".join(outcome.added) + ".")
    if outcome.assumed:
        parts.append(
            f"Your request was short, so I assumed {article} "
            f"{outcome.topology.label} with {', '.join(outcome.assumed)}; tell me about the "
            "users, data, scale or integrations and I will refine it."
        )
    if d.zoned:
        zones = [
            d.zone_labels[z]
            for z in ("internet", "dmz", "private", "data")
            if any(n.zone == z for n in d.nodes.values())
        ]
        parts.append("Components are grouped into trust zones: " + ", ".join(zones) + ".")
    return " ".join(parts)


def create(request: GenerationRequest, *, note: str | None = None) -> GenerationResult:
    outcome = build(knowledge_base(), request.query)
    message = describe_create(outcome)
    if note:
        message = f"{note} {message}"
    return GenerationResult(
        kind=GenerationKind.DIAGRAM,
        message=message,
        d2=to_d2(outcome.design),
        generator=GENERATOR,
        notes=[note] if note else [],
    )


def answer(request: GenerationRequest) -> GenerationResult:
    """The architect's reply for any intent."""
    intent = request.intent
    if intent is Intent.DSL_CREATE:
        return create(request)
    if intent is Intent.DSL_UPDATE:
        if not request.session.has_diagram:
            return create(request, note=NO_DIAGRAM_NOTE)
        return update(request)
    if intent is Intent.VIEW_TOGGLE:
        return view_reply(request)
    if intent is Intent.EXPERT_QA:
        return expert_reply(request)
    if intent is Intent.CLARIFY:
        return clarify_reply(request)
    return out_of_scope_reply(request)
