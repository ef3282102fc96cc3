"""View toggles: "top down", "only the security components", "hide labels", "data-flow view",
"show threats" (the threats stage colours the picture)
-> a :class:`ViewSpec` of the current version (the layout stage applies it; no new version)."""

from __future__ import annotations

import re
from typing import Literal, cast

from services.dsl.d2 import D2Error, compile_d2
from services.dsl.generation.create import parse_direction
from services.dsl.generation.request import GenerationRequest
from shared.contracts import GenerationKind, GenerationResult, ViewSpec

Direction = Literal["right", "down", "left", "up"]

#: words of a request -> style-pack classes it shows
KIND_WORDS: list[tuple[str, list[str], str]] = [
    (
        r"data ?stores?|storage layer|persistence|data tier",
        ["database", "cache", "storage"],
        "data stores",
    ),
    (r"secur\w*|auth\w*|identity", ["security"], "security components"),
    (r"databases?|dbs?", ["database"], "databases"),
    (r"caches?", ["cache"], "caches"),
    (r"queues?|messaging|brokers?|streams?", ["queue"], "queues and streams"),
    (r"services|processes|compute|apps?|backends?", ["process"], "services"),
    (r"network\w*|edge|gateways?|load balancers?", ["network", "security"], "network and edge"),
    (r"clients?|users?|external\w*", ["client", "external"], "clients and external systems"),
    (r"ai|ml|llms?|models?", ["ai"], "AI components"),
    (r"monitoring|observability|logging", ["monitoring"], "monitoring"),
]


def parse_view(query: str, current: ViewSpec | None = None) -> ViewSpec | None:
    """The view a request asks for (starting from the current one), or None if it names none."""
    low = query.lower()
    if re.search(
        r"\b(reset|default view|show (?:all|everything)|full (?:view|diagram)|"
        r"clear (?:the )?filter)\b",
        low,
    ):
        return ViewSpec(name="default")
    spec = (current or ViewSpec()).model_copy()
    changed = False
    names: list[str] = []
    direction = parse_direction(low)
    if direction:
        spec.direction = cast(Direction, direction)
        names.append(
            {
                "right": "left-to-right",
                "down": "top-down",
                "left": "right-to-left",
                "up": "bottom-up",
            }[direction]
        )
        changed = True
    if re.search(r"\b(hide|without|no)\s+(?:the\s+)?(?:edge\s+)?labels?\b", low):
        spec.hide_labels, changed = True, True
        names.append("no labels")
    elif re.search(r"\bshow\s+(?:the\s+)?labels?\b", low):
        spec.hide_labels, changed = False, True
    if re.search(
        r"\b(hide|without|no|remove|turn off|switch off)\s+(?:the\s+)?(?:threats?|risks?)\b"
        r"|\b(?:threats?|risks?)\s+(?:view\s+|overlay\s+)?off\b",
        low,
    ):
        spec.threats, changed = False, True
    elif re.search(
        r"\bthreats?\b|\b(?:risk|security)\s+(?:view|overlay|heat ?map|map)\b|\bstride\b", low
    ):
        spec.threats, changed = True, True
        names.append("threats")
    if re.search(r"\b(data[- ]?flow|dfd)\b", low):
        spec.dataflow, changed = True, True
        names.append("data flow")
    if re.search(r"\b(only|just)\b|\bfilter\b", low):
        for pattern, classes, label in KIND_WORDS:
            if re.search(r"\b(?:" + pattern + r")\b", low):
                spec.only_kinds = classes
                names.append(f"only {label}")
                changed = True
                break
    if not changed:
        return None
    spec.name = ", ".join(names) or "custom"
    return spec


def view_reply(request: GenerationRequest) -> GenerationResult:
    if not request.session.has_diagram:
        return GenerationResult(
            kind=GenerationKind.ANSWER,
            generator="architect",
            message="There's no diagram yet to change the view of. Describe a system first, "
            "e.g. “create a web app with postgres and login”.",
        )
    spec = parse_view(request.query, request.session.view)
    if spec is None:
        return GenerationResult(
            kind=GenerationKind.ANSWER,
            generator="architect",
            notes=["clarify"],
            message="Which view would you like? I can lay the diagram out left to right or top "
            "down, show only some kinds (security components, data stores, services), "
            "hide labels, show a data-flow view, or show the threats.",
        )
    message = f"Showing the {spec.name} view of the current version; the diagram is unchanged."
    if spec.threats:
        message += (
            " Shapes and connections are coloured by their worst open threat (dark red: "
            "critical, red: high, amber: medium, blue: low, green: none open), with the number "
            "of open threats as a badge; ask “is this secure?” for the list."
        )
    if spec.only_kinds:
        try:
            shapes = compile_d2(request.session.current_d2 or "").shapes
        except D2Error:
            shapes = []
        shown = [s.label for s in shapes if set(s.classes) & set(spec.only_kinds)]
        if not shown:
            return GenerationResult(
                kind=GenerationKind.ANSWER,
                generator="architect",
                message=f"Your diagram has no {spec.name.removeprefix('only ')} to show.",
            )
        message = f"Showing only {', '.join(shown[:8])} ({spec.name}); the diagram is unchanged."
    return GenerationResult(
        kind=GenerationKind.VIEW, message=message, view=spec, generator="architect"
    )
