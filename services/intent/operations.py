"""Does the architect read a concrete operation in the message? (issue 12)

The architect's edit understanding (services/dsl/generation: clauses, mentions, the
operation finder and the edits) is what will carry out a DSL_UPDATE. When it can read an
operation in a message — "we moved from Twilio to Vonage", "render the registry as a
cylinder", "add sqs between orders and shipping" — the message is an instruction it can act
on, which is strong evidence for DSL_UPDATE: such a message should not abstain to CLARIFY
when the embedding vote is merely unsure.

The classifier never sees the session's diagram, so the edit is tried on a stand-in: one box
for each component the message names (references.py), so that "the vector DB and the
embedding service merged into one box" has its two boxes to merge. The result of the edit is
thrown away; only "an operation was read" is kept. Questions are not sent here: "why do we
need a WAF?" reads as "add a WAF" to the architect, and the frames settle questions first.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from services.dsl.d2 import D2Error
from services.dsl.generation.edit_state import Clarify
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.update import apply_edits
from services.intent.references import MentionLinker, references

log = logging.getLogger(__name__)

_KINDS = ("kb", "named", "quoted", "definite")
_UNSAFE = re.compile(r"[^\w .,/+&()-]")
# Boxes an edit places something among: "between billing and invoicing", "from cart to
# pricing", "in front of the uploader" — the session's diagram would hold them.
_PLACES = re.compile(
    r"\b(?:between|from) (?:the )?([\w-]+(?: [\w-]+)?) (?:and|to) (?:the )?([\w-]+)"
    r"|\b(?:in front of|behind|next to|after|before) (?:the )?([\w-]+)"
)


def stand_in(text: str, linker: MentionLinker | None = None) -> str:
    """A D2 diagram with one box per component the message names."""
    seen: list[str] = []
    for m in references(text, linker).mentions:
        label = " ".join(_UNSAFE.sub(" ", m.text).split())
        if m.source in _KINDS and label and label not in seen:
            seen.append(label)
    for place in _PLACES.finditer(text):
        for name in place.groups():
            if name and name not in seen:
                seen.append(name)
    return "\n".join(f'n{i}: "{label}"' for i, label in enumerate(seen))


@lru_cache(maxsize=4096)
def finds_operation(text: str) -> bool:
    """Whether the architect's update path reads at least one operation in `text`."""
    try:
        _, done = apply_edits(knowledge_base(), stand_in(text.lower()), text)
    except (Clarify, D2Error):
        return False
    except Exception:  # the stand-in is only evidence: a failure there must not fail intent
        log.debug("intent: architect could not read %r", text, exc_info=True)
        return False
    return bool(done)
