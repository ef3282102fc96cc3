"""The threats stage, between `validate` and `layout` (worker kind `threats`).

A new diagram gets its threat model (with the readable report and the Threat Dragon export,
stored with the version by persistence), and its message says how many threats the change
mitigated, and which high- and critical-severity threats it opened or no longer has, against
the version the job started from ("Adding WAF mitigated 7 threats (...). It opened 1
high-severity threat: ..."). The previous model is analysed again from the session's D2
(usually still in this worker's cache: it was the last job's new version), so the diff
measures the diagram's change, never a change of the rules.

A ``threats`` view marks the graph validate made for the view (colours, counts) for layout
to draw, from the model of the version it shows (the session's D2, not the view's own D2,
which a filter may have cut); any other view passes through.
"""

from __future__ import annotations

from functools import lru_cache

from services.dsl.d2 import D2Error
from services.threats import report
from services.threats.analyze import analyze_text
from services.threats.diff import diff, version_sentence
from services.threats.dragon import to_threat_dragon
from services.threats.model import ThreatModel
from services.threats.view import threat_graph
from shared.contracts import GenerationKind, JobContext, ThreatReport
from shared.errors import StageFailed


def analyse(ctx: JobContext) -> JobContext:
    gen, validation = ctx.generation, ctx.validation
    if gen is None or validation is None:
        raise StageFailed("The job reached threat analysis without a validated diagram.")
    if gen.kind == GenerationKind.VIEW:
        if gen.view is None or not gen.view.threats:
            return ctx
        shown = ctx.session.current_d2 or validation.d2
        graph = threat_graph(validation.graph, _analyse(shown))
        return ctx.model_copy(update={"validation": validation.model_copy(update={"graph": graph})})
    model = _analyse(validation.d2)
    before = _previous(ctx.session.current_d2)
    changes = diff(before, model)
    changed = changes.at_least("high")
    said = version_sentence(changes, change=change_name(before, model))
    said = said if before is not None else ""
    threats = ThreatReport(
        model=model.as_json(),
        counts=model.counts(),
        report_md=report.render(model, title=f"Threat model — {ctx.project_code}"),
        dragon=to_threat_dragon(model, title=f"{ctx.project_code} threat model"),
        opened_high=[t.id for t in changed.new],
        closed_high=[t.id for t in changed.closed],
        mitigated=[t.id for t in changes.mitigated],
        sentence=said,
    )
    update: dict[str, object] = {"threats": threats}
    if said:
        update["generation"] = gen.model_copy(update={"message": f"{gen.message}\n\n{said}"})
    return ctx.model_copy(update=update)


@lru_cache(maxsize=16)
def model_of(d2: str) -> ThreatModel:
    """The threat model of D2 text, kept for the next job: a version's model is the next
    edit's previous one, so the edit compiles one diagram, not two (the D2 compile is most
    of the stage's cost). Models are read, never changed, by everything that uses them."""
    return analyze_text(d2)


def _analyse(d2: str) -> ThreatModel:
    try:
        return model_of(d2)
    except D2Error as exc:  # validate passed it: the two disagree, which is a bug of ours
        raise StageFailed(
            "The validated diagram could not be analysed.", error_code="THREATS_FAILED"
        ) from exc


def _previous(d2: str | None) -> ThreatModel | None:
    if not d2:
        return None
    try:
        return model_of(d2)
    except D2Error:  # a stored version that no longer compiles: nothing to compare with
        return None


def change_name(before: ThreatModel | None, after: ThreatModel) -> str:
    """How the diff sentence names the change: the elements added (or else removed) by
    label ("adding WAF and Identity provider"), or "" ("This change")."""
    if before is None:
        return ""
    old = {e.id for e in before.elements if e.kind != "trust_boundary"}
    new = {e.id for e in after.elements if e.kind != "trust_boundary"}
    for verb, ids, model in (("adding", new - old, after), ("removing", old - new, before)):
        labels = [e.label for e in model.elements if e.id in ids]
        if labels:
            named = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" and {labels[-1]}"
            if len(labels) > 3:
                named = ", ".join(labels[:3]) + f" and {len(labels) - 3} more"
            return f"{verb} {named}"
    return ""


WARM_UP = "users: Users {shape: person}\napp: App\ndb: Customer DB {shape: cylinder}\n" + (
    "users -> app: HTTPS\napp -> db"
)


def warm_up() -> None:
    """Load the knowledge base, the signal words and the rule catalogue with the worker, so
    the first job does not pay for them."""
    analyze_text(WARM_UP)
