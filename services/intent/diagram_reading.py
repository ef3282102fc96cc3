"""The message read against the open diagram: does it name its shapes and ask to change them?

The classifier alone sees only words: "triton -> kserve", "orders_db: PITR on", "erp as
cloud" look like fragments or a new diagram to it, because nothing says that "triton" and
"orders_db" are boxes of the user's diagram. The pipeline has that diagram, and the architect
that will carry out a DSL_UPDATE already knows how to read a request against it: its mention
linker (services/dsl/generation/mentions.py, `scan`) links phrases to the diagram's shapes,
and its update path (services/dsl/generation/update.py, `apply_edits`) reads the operations
and applies them. This module asks both, on the real diagram, and keeps only the answer:
which shapes the message names and which operations the architect read. The edited diagram
is thrown away. Pure functions of (message, D2 text); policy.diagram_edit decides with them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from services.dsl.d2 import D2Error
from services.dsl.generation.clauses import clauses
from services.dsl.generation.edit_state import Clarify, compile_shared
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.mentions import scan
from services.dsl.generation.update import apply_edits
from services.intent.lexicon import canonical

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiagramReading:
    """What the architect made of a message over one diagram."""

    named: tuple[str, ...] = ()  # ids of the diagram's shapes the message names (no pronouns)
    operations: tuple[str, ...] = ()  # the edits the architect read and could carry out
    # asked as a request: politely ("could you …", "would you mind …", "please") or as what a
    # shape of the diagram could do ("could the billing api also send receipts to …?")
    asked: bool = False
    # a link written as diagram syntax between shapes it names: "cut storefront -> recipes"
    link_syntax: bool = False
    # it asks for something other than a change of these shapes, though the architect would
    # read one in it: whether a shape is reachable or exposed ("could you confirm whether the
    # admin ui is reachable from outside?"), another diagram, a direction, a hiding that keeps
    # the shape in the design ("stop showing me X, don't delete it"), an opinion ("good idea")
    asks_otherwise: bool = False
    # a colour or a line style is named: "highlighted in red", not "highlight the parts"
    styled: bool = False

    @property
    def reshapes(self) -> bool:
        """The architect merged, moved, restyled or reshaped a shape: what "fold X into Y" or
        "X highlighted in red" mean on a diagram, though view words say them."""
        moved = ("merged ", "moved ", "made ")
        return any(
            op.startswith(moved) or (self.styled and op.startswith("gave "))
            for op in self.operations
        )

    @property
    def concrete_edit(self) -> bool:
        """Names shapes of this diagram and reads as an operation the architect can do."""
        return bool(self.named) and bool(self.operations)


NOTHING = DiagramReading()
_OTHERWISE = re.compile(
    r"\b(?:reach(?:ed|able)?|exposed|accessible)\b"
    r"|\b(?:confirm|check|verify|tell me|know) (?:whether|if)\b"
    r"|\b(?:an?other|one other|second|separate|different) (?:diagram|design|drawing|picture)\b"
    r"|\b(?:top to (?:the )?bottom|bottom to (?:the )?top|left to right|right to left)\b"
    r"|\b(?:don'?t|do not|without) (?:delet|remov|drop)\w*|\bstop showing\b"
    r"|\bkeep (?:it|them) in the (?:design|diagram|model)\b"
    # advice asked without a question mark: "swapping X for Y, good idea or not"
    r"|\b(?:good|bad) idea\b|\bworth it\b|\bmakes? sense\b",
    re.I,
)
_STYLED = re.compile(
    r"\b(?:red|green|blue|yellow|orange|purple|pink|gr[ae]y|black|white|dashed|dotted|bold|"
    r"thick(?:er)?|border|fill|colou?r(?:ed)?)\b",
    re.I,
)


# A kind word alone ("the database", "customers") is tier 1: it names whatever shape has that
# kind, which any diagram has; a shape's own label, id or words (tier 2 and up) name THIS one.
_OWN_NAME_TIER = 2
_POLITE = re.compile(
    r"\b(?:can|could|would|will) (?:you|u|ya|we|someone)\b|\bmind\b|\bmight i ask\b"
    r"|\bplease\b|\bpls\b|\bplz\b|\bkindly\b|\bi'?d (?:like|love)\b"
)
_LINK_SYNTAX = re.compile(r"-+>|→|=>|<-+>")
# What the architect says when a clause changed nothing ("why does A call B directly?" reads
# as "connect A to B", which is there already): no operation.
_NO_CHANGE = re.compile(r"(?:kept the existing|found no )")
# An add whose new part is a placeholder ("can we add a few more things for the customers?"
# reads as adding "Few more things"): nothing concrete was asked for.
_PLACEHOLDER_ADD = re.compile(
    r"added (?:(?:a|an|few|more|couple|of|some|extra|other|additional|several|nice|new|useful|"
    r"missing)\s+)*(?:things?|stuff|something|anything|bits?|pieces?|whatever)\b"
    # a part picked by a judgement nobody said: "add the customary components"
    r"|added (?:the )?(?:customary|usual|standard|typical|necessary|needed|required|relevant|"
    r"obvious|right)\b",
    re.I,
)
_MODAL_OPENING = re.compile(r"^\W*(?:could|can|would|will) (?:the )?", re.I)


def named_shapes(message: str, d2: str) -> tuple[str, ...]:
    """The ids of the shapes of `d2` that `message` names by their own names, in order."""
    diagram = compile_shared(d2)
    found: list[str] = []
    for clause in clauses(message):
        _, mentions = scan(knowledge_base(), diagram, d2, clause.text, None, clause.quotes)
        for m in mentions:
            if not m.pronoun and m.tier >= _OWN_NAME_TIER:
                found.extend(i for i in m.ids if i not in found)
    return tuple(found)


def asked_as_request(message: str, d2: str) -> bool:
    """A polite request, or a question about what a shape of `d2` could do: "could the
    presence service publish status changes?" (its subject is a box of this diagram; "could
    an attacker reach the database?" asks about a threat, not for a change)."""
    if _POLITE.search(message.lower()):
        return True
    opening = _MODAL_OPENING.match(message)
    if opening is None:
        return False
    rest = message[opening.end() :]
    _, mentions = scan(knowledge_base(), compile_shared(d2), d2, rest, None, ())
    return bool(mentions) and mentions[0].start == 0 and mentions[0].tier >= _OWN_NAME_TIER


def operations(message: str, d2: str) -> tuple[str, ...]:
    """The operations the architect's update path carries out for `message` on `d2`; none
    when it asks back (an ambiguous or unread request) or the edit would not compile."""
    try:
        _, done = apply_edits(knowledge_base(), d2, message)
    except (Clarify, D2Error):
        return ()
    # typos repaired as the intent frames read them ("some stuf" is a placeholder too)
    return tuple(
        d for d in done if not (_NO_CHANGE.match(d) or _PLACEHOLDER_ADD.match(canonical(d)))
    )


@lru_cache(maxsize=1024)
def read(message: str, d2: str) -> DiagramReading:
    """The message read against the diagram; NOTHING when the diagram does not compile or the
    architect fails on it (the reading is only evidence: it must never fail the intent)."""
    if not d2.strip():
        return NOTHING
    try:
        named = named_shapes(message, d2)
        if not named:
            return NOTHING
        return DiagramReading(
            named,
            operations(message, d2),
            asked=asked_as_request(message, d2),
            link_syntax=len(named) >= 2 and bool(_LINK_SYNTAX.search(message)),
            asks_otherwise=bool(_OTHERWISE.search(message)),
            styled=bool(_STYLED.search(message)),
        )
    except D2Error:
        return NOTHING
    except Exception:
        log.debug("intent: the architect could not read %r on the diagram", message, exc_info=True)
        return NOTHING
