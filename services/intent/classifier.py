"""The intent cascade: patterns and decisive frames -> embeddings kNN (+ session context,
checked by the frames' policy) -> LLM -> CLARIFY.

`get_classifier().classify(query, has_diagram=..., last_intent=...)` is the public facade the
pipeline calls; `explain()` also names the rule that decided (policy.py). The model and the
FAISS index load on first use, once per process. Without an LLM, an unsure decision that
would change the diagram becomes CLARIFY rather than a guessed edit.

Context rules (applied to the kNN decision, before the thresholds decide):
- A follow-up ("and make it blue", "also the database", "same for the worker", "what about
  the api?") continues the previous intent when the message alone is not decisive: after a
  create or an update it is an update (the diagram now exists), after a view change a view
  change, after a question a question.
- When the vote is split between creating and updating, the session decides: with a diagram,
  an update; without one, a new diagram.
Labels are what the user wants, so "add a cache to my diagram" stays DSL_UPDATE even when the
session has no diagram; the pipeline answers it helpfully.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from services.intent import diagram_reading, framings, llm_stage, operations, patterns, policy
from services.intent.bank import load_bank
from services.intent.frames import Frames, analyse
from services.intent.gloss import gloss
from services.intent.lexicon import canonical
from services.intent.references import MentionLinker
from services.intent.text import normalise
from services.intent.vector import VectorDecision, VectorStage
from shared.contracts import Intent, IntentResult, IntentSource
from shared.settings import IntentSettings, app_settings, intent_settings

FALLBACK_CONFIDENCE = 0.3
# Rules after the embeddings that the open diagram never overrides: about the assistant itself,
# or a question about attacks (policy.diagram_edit lists the frames it respects).
_NOT_FROM_DIAGRAM = frozenset(["assistant-identity", "attack-question"])

_FOLLOW_UP = re.compile(
    r"^(and|also|plus|then|next|now|same|do the same|again|what about|how about|and what about)\b"
    r"|\b(too|as well|also)[\s.!?]*$"
    # "bit more", "a little less", "even more": more of what the last turn did
    r"|^(a |even |just )?(bit|little|tad|touch|lot|little bit)? ?(more|less|further)[\s.!?]*$"
)
_EDIT_VERB = re.compile(
    r"\b(add|remove|delete|drop|put|insert|replace|swap|rename|connect|link|move|make|"
    r"change|colou?r|create|split|merge|encrypt|use|switch)\b"
)
_CONTINUES: dict[Intent, Intent] = {
    Intent.DSL_CREATE: Intent.DSL_UPDATE,
    Intent.DSL_UPDATE: Intent.DSL_UPDATE,
    Intent.VIEW_TOGGLE: Intent.VIEW_TOGGLE,
    Intent.EXPERT_QA: Intent.EXPERT_QA,
}


def apply_context(
    d: VectorDecision, text: str, *, has_diagram: bool, last_intent: Intent | None
) -> VectorDecision:
    """Adjust a kNN decision with what the session knows (pure)."""
    t = normalise(text)
    base = _CONTINUES.get(last_intent) if last_intent else None
    if base is not None and _FOLLOW_UP.search(t) and d.intent != Intent.OUT_OF_SCOPE:
        undecided = not d.confident or d.intent == Intent.CLARIFY
        # "and the database?" after a question is a question, unless it asks for an edit.
        qa_follow_up = base == Intent.EXPERT_QA and not _EDIT_VERB.search(t)
        # "and a redis cache" after a create adds to the diagram just made.
        edit_follow_up = base == Intent.DSL_UPDATE and d.intent == Intent.DSL_CREATE
        if undecided or qa_follow_up or edit_follow_up:
            return replace(d, intent=base, confidence=max(d.confidence, 0.75), confident=True)
    ranked = sorted(d.probs.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) >= 2 and {ranked[0][0], ranked[1][0]} == {
        Intent.DSL_CREATE,
        Intent.DSL_UPDATE,
    }:
        pair_share = ranked[0][1] + ranked[1][1]
        if not d.confident and pair_share >= 0.8:
            winner = Intent.DSL_UPDATE if has_diagram else Intent.DSL_CREATE
            return replace(d, intent=winner, confidence=pair_share / 2, confident=True)
    return d


@dataclass(frozen=True)
class Decision:
    result: IntentResult
    rule: str  # the pattern, frame or policy rule that decided (see policy.py)


class IntentClassifier:
    """Three-stage classifier; cheap to construct, loads the model and index lazily."""

    def __init__(
        self,
        settings: IntentSettings | None = None,
        *,
        use_llm: bool | None = None,
        gateway_factory: Callable[[], llm_stage.Gateway | None] = llm_stage.get_gateway,
        stage: VectorStage | None = None,
        linker: MentionLinker | None = None,
    ):
        self.settings = settings or intent_settings()
        self.use_llm = self.settings.use_llm if use_llm is None else use_llm
        self.gateway_factory = gateway_factory
        self.linker = linker  # None: the knowledge base's linker (references.py)
        self._stage: VectorStage | None = stage  # shared model + index (tests, benches)
        self._lock = threading.Lock()

    @property
    def stage(self) -> VectorStage:
        if self._stage is None:
            with self._lock:
                if self._stage is None:
                    from shared.embeddings import encode

                    self._stage = VectorStage(
                        load_bank(),
                        encode,
                        self.settings,
                        cache_dir=Path(app_settings().data_dir) / "cache",
                    )
        return self._stage

    def warm_up(self) -> None:
        """Load the model and index now (worker start) rather than on the first message."""
        self.vector_decision("warm up", has_diagram=False, last_intent=None)
        operations.finds_operation("add a cache between the api and the database")

    def frames(self, text: str) -> tuple[str, Frames]:
        canon = canonical(text)
        return canon, analyse(canon, self.linker)

    def vector_decision(
        self, query: str, *, has_diagram: bool, last_intent: Intent | None
    ) -> VectorDecision:
        """The embedding decision with the session context, before the frames check it."""
        s = self.settings
        canon, fr = self.frames(query)
        d = self.stage.decide(query, canon, fr, min_score=s.min_score, min_margin=s.min_margin)
        return apply_context(d, query, has_diagram=has_diagram, last_intent=last_intent)

    def classify(
        self,
        query: str,
        *,
        has_diagram: bool,
        last_intent: Intent | None = None,
        diagram: str | None = None,
    ) -> IntentResult:
        return self.explain(
            query, has_diagram=has_diagram, last_intent=last_intent, diagram=diagram
        ).result

    def explain(
        self,
        query: str,
        *,
        has_diagram: bool,
        last_intent: Intent | None = None,
        diagram: str | None = None,
    ) -> Decision:
        """The result and the rule that produced it (the evaluation counts rules).

        `diagram`: the session's current D2, when the caller has it; the message is then also
        read against its shapes (policy.diagram_edit). None decides exactly as without it."""
        decision = self._explain(query, has_diagram=has_diagram, last_intent=last_intent)
        if not diagram or decision.result.source is IntentSource.PATTERN:
            return decision
        if decision.result.intent is Intent.DSL_UPDATE or decision.rule in _NOT_FROM_DIAGRAM:
            return decision
        text = query[: self.settings.max_query_chars]
        if patterns.is_injection(text) or patterns.is_injection(canonical(text)):
            return decision
        fr = analyse(canonical(text), self.linker)
        reading = diagram_reading.read(text, diagram)
        # "+guess", "+abstain", "+fallback": the cascade was not sure of its decision
        unsure = "+" in decision.rule or decision.result.source is IntentSource.FALLBACK
        verdict = policy.diagram_edit(decision.result.intent, fr, reading, unsure=unsure)
        if verdict is None:
            return decision
        return self._decision(verdict.intent, verdict.confidence, IntentSource.VECTOR, verdict.rule)

    def _explain(
        self, query: str, *, has_diagram: bool, last_intent: Intent | None = None
    ) -> Decision:
        """The cascade without the diagram's shapes."""
        text = written = query[: self.settings.max_query_chars]
        canon = canonical(text)
        hit = patterns.match(text, canon)
        if hit is None and (english := gloss(text)) != text:
            # A Spanish message, with no attack as written: the English stages read its gloss
            text, canon = english, canonical(english)
            hit = patterns.match(text, canon)
        if hit is not None:
            return self._decision(hit.intent, hit.confidence, IntentSource.PATTERN, hit.rule)
        fr = analyse(canon, self.linker)
        verdict = policy.frame_rule(fr, has_diagram=has_diagram, last_intent=last_intent)
        if verdict is not None:
            return self._decision(
                verdict.intent, verdict.confidence, IntentSource.PATTERN, verdict.rule
            )
        s = self.settings
        d = self.stage.decide(text, canon, fr, min_score=s.min_score, min_margin=s.min_margin)
        d = apply_context(d, text, has_diagram=has_diagram, last_intent=last_intent)
        d, rule = policy.settle(
            d,
            fr,
            has_diagram=has_diagram,
            last_intent=last_intent,
            support_margin=s.support_margin,
        )
        rule = rule or "embeddings"
        if framings.asks_identity(text) and not fr.instruction:
            # "which model are you running on?": about the assistant, not about architecture
            d, rule = _settled(d, Intent.OUT_OF_SCOPE), "assistant-identity"
        elif d.intent is Intent.VIEW_TOGGLE and framings.attacker_question(text):
            d, rule = _settled(d, Intent.EXPERT_QA), "attack-question"
        elif d.intent is Intent.OUT_OF_SCOPE:
            # no attack was found: a question about attacks on an LLM app asks for advice, and
            # an edit of parts named after prompts and jailbreaks is an edit (framings.py)
            if framings.attack_question(text, patterns.is_injection):
                d, rule = _settled(d, Intent.EXPERT_QA), "attack-question"
            elif fr.instruction and framings.names_attack_parts(text):
                d, rule = _settled(d, Intent.DSL_UPDATE), "llm-app-edit"
        if d.confident:
            return self._decision(d.intent, d.confidence, IntentSource.VECTOR, rule)
        if self.use_llm:
            gateway = self.gateway_factory()
            if gateway is not None:
                answer = llm_stage.classify(
                    gateway, written, has_diagram=has_diagram, last_intent=last_intent
                )
                if answer is not None:
                    return self._decision(answer.intent, answer.confidence, IntentSource.LLM, "llm")
        # No LLM answer. An unsure decision that would change the diagram becomes CLARIFY:
        # asking back costs a turn, a guessed edit changes the user's diagram.
        if rule in ("edit-frames", "placed-between"):
            return self._decision(d.intent, d.confidence, IntentSource.VECTOR, f"{rule}+frames")
        ranked = sorted(d.probs, key=lambda i: d.probs[i], reverse=True)[:2]
        if (
            d.intent is Intent.DSL_UPDATE
            and policy.may_act(fr)
            and (policy.edit_supported(fr, last_intent) or operations.finds_operation(text))
        ):
            # Unsure vote, but the message is an instruction (or a polite request) with a
            # concrete operation on something resolvable, or the architect reads an operation
            # it can carry out in it, and it asks nothing else: an edit, not a question back.
            return self._decision(
                d.intent, max(d.confidence, 0.6), IntentSource.VECTOR, f"{rule}+operation"
            )
        replaces_diagram = d.intent is Intent.DSL_CREATE and has_diagram
        if (
            d.intent is Intent.DSL_UPDATE
            or (replaces_diagram and Intent.DSL_UPDATE in ranked)
            or rule == "unsupported-create"
        ):
            return self._decision(
                Intent.CLARIFY, FALLBACK_CONFIDENCE, IntentSource.FALLBACK, f"{rule}+abstain"
            )
        if d.margin >= self.settings.fallback_margin:
            return self._decision(d.intent, d.confidence, IntentSource.VECTOR, f"{rule}+guess")
        return self._decision(
            Intent.CLARIFY, FALLBACK_CONFIDENCE, IntentSource.FALLBACK, f"{rule}+fallback"
        )

    @staticmethod
    def _decision(intent: Intent, confidence: float, source: IntentSource, rule: str) -> Decision:
        result = IntentResult(
            intent=intent, confidence=round(min(max(confidence, 0.0), 1.0), 4), source=source
        )
        return Decision(result, rule)


def _settled(d: VectorDecision, intent: Intent) -> VectorDecision:
    """`d` moved to `intent` by a rule, confident."""
    return replace(d, intent=intent, confidence=max(d.probs.get(intent, 0.0), 0.7), confident=True)


_classifier: IntentClassifier | None = None
_classifier_lock = threading.Lock()


def get_classifier() -> IntentClassifier:
    """The process-wide classifier (model and index load on its first message)."""
    global _classifier
    if _classifier is None:
        with _classifier_lock:
            if _classifier is None:
                _classifier = IntentClassifier()
    return _classifier
