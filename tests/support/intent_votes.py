"""Made-up embedding votes and the policy that settles them, for testing frames and rules
alone (no model): the intent round tests share these."""

from __future__ import annotations

from services.intent import policy
from services.intent.frames import Frames, analyse
from services.intent.lexicon import canonical
from services.intent.patterns import match
from services.intent.vector import VectorDecision
from shared.contracts import Intent


def frames(text: str) -> Frames:
    return analyse(canonical(text))


def vote(intent: Intent, *, confident: bool = False, margin: float = 0.05) -> VectorDecision:
    """An unsure vote for `intent` (a confident one with ``confident=True``)."""
    probs = dict.fromkeys(Intent, 0.02)
    probs[intent] = 0.5
    return VectorDecision(intent, 0.5, 0.7, margin, confident, probs)


def settle(
    text: str, d: VectorDecision, *, has_diagram: bool = True, last: Intent | None = None
) -> tuple[VectorDecision, str]:
    return policy.settle(
        d, frames(text), has_diagram=has_diagram, last_intent=last, support_margin=0.1
    )


def caught_as_injection(text: str) -> bool:
    """Whether the pattern stage itself refuses `text` as OUT_OF_SCOPE (the injection rule)."""
    hit = match(text, canonical(text))
    return hit is not None and hit.intent is Intent.OUT_OF_SCOPE
