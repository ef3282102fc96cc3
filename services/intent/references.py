"""What a message points at: components the architect knows, names, and bare pointers.

The intent classifier needs to know whether a message names something an edit could act on
("the orders database", "'Service A'", "the Okta box", "sentry") or only points at nothing
it can resolve ("the part we discussed", "that one", "the usual", "something for the
users"). This module answers that through one small interface, `MentionLinker`, so that the
architect's mention linker (which links phrases to the shapes of the current diagram) can
replace the default one without touching the classifier: anything with a
``mentions(text) -> list[Mention]`` method will do.

The default linker reads the architect's knowledge base (services/dsl/generation/
data/components.yaml, loaded by services/dsl/generation/kb.py) for component kinds and their
synonyms, plus quoted names and "X box / node / service" phrases; it never sees a diagram, so
it tells "names a component" apart from "points at nothing", not which shape is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from services.dsl.generation.kb import knowledge_base

Source = Literal["kb", "quoted", "named", "definite", "pointer", "deictic"]


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    # kb: a known kind; quoted/named: a name; pointer: resolves to nothing; deictic: resolves
    # to what the conversation just touched
    source: Source
    kind: str | None = None  # the knowledge base's kind id, for kb mentions


class MentionLinker(Protocol):
    def mentions(self, text: str) -> list[Mention]: ...


# A name the user gives a box: quoted, or a word or two before a box-like noun.
_QUOTED = re.compile(r"""['"`]([^'"`]{2,40})['"`]""")
_NAMED = re.compile(
    r"\b((?:[a-z0-9][\w-]*\s){0,2}[a-z0-9][\w-]*)\s+"
    r"(box|boxes|node|nodes|shape|component|service|services|server|servers|db|database|"
    r"databases|api|app|queue|topic|bucket|lambda|lambdas|function|job|worker|workers|portal|"
    r"tier|layer|zone|subnet|cluster|gateway|store|stores|vault|provider|system|tool|"
    r"connection|arrow|edge|link|flow|group|container|module|engine|registry|pipeline)\b"
)
# Pointers that nothing in the message or the session resolves: "the part we discussed",
# "the usual", "something", "the thing from the other chat".
_POINTER = re.compile(
    r"\b(the (part|bit|thing|stuff|one|piece|section|change|idea)s? (we|you|i) "
    r"(discussed|talked about|mentioned|said|agreed)"
    r"|the (middle|left|right|top|bottom|usual) (bit|part|one|thing|piece|section|stuff)s?"
    r"|the (item|thing|point|topic|one|part|bit|piece|change|idea)s? (from|of) (earlier|before|"
    r"last time|the (meeting|call|workshop|standup|review))"
    r"|the usual|the thing|the stuff"
    r"|(some|any)(thing|where|one|stuff)|some kind of thing|stuff"
    r"|from (the|my|our) (other|last|previous) (chat|conversation|session|project|time)"
    r"|like (last time|before)|same as (before|last time|prod|production|the other))\b"
)
# Deictic pointers, resolved by what the conversation just touched ("make that one dashed"
# after an edit), by nothing when the conversation has no previous turn.
_DEICTIC = re.compile(r"\b(that one|this one|the other one|the other|those|these|that|it)\b")
# "that" and "it" point at something only as an object: "remove that", "move it to the left".
# As a relative pronoun ("a page that is hosted outside", "everything that runs on aws") or
# an expletive subject ("is it possible to", "it's too slow", "make it so") they point at
# nothing the conversation must resolve.
_NOT_DEICTIC_AFTER = re.compile(
    r"\s*(?:'s|'d|'ll|is|are|was|were|would|will|should|could|can|must|might|may|has|had|"
    r"have|does|did|seems|looks|feels|needs|runs|handles|holds|stores|sends|talks|calls|"
    r"reads|writes|sits|lives|possible|so|true|ok|okay|fine|a bit|really|also|just)\b"
)
_NOT_DEICTIC_BEFORE = re.compile(
    r"\b(?:is|was|isn't|wasn't|would|will|does|did|could|can|should|make sure|sure|so|"
    r"think|guess|know|believe|hope|feel|say|said|mean|seems|like|how|what|when|where|if)\s+$"
)
# "the chatbot", "the legacy ftp server": a definite description names something, unless its
# first word is one of those that point at nothing in particular ("the other one").
_DEFINITE = re.compile(r"\bthe ([a-z0-9][\w-]*)")
_VAGUE_NOUNS = frozenset(
    [
        "item",
        "items",
        "part",
        "parts",
        "bit",
        "bits",
        "thing",
        "things",
        "stuff",
        "one",
        "ones",
        "other",
        "same",
        "usual",
        "whole",
        "rest",
        "necessary",
        "last",
        "next",
        "first",
        "second",
        "diagram",
        "design",
        "architecture",
        "picture",
        "system",
        "view",
        "way",
        "idea",
        "change",
        "changes",
        "best",
        "right",
        "end",
        "start",
        "middle",
        "top",
        "bottom",
        "left",
        "current",
        "new",
        "previous",
        "above",
        "below",
        "following",
    ]
)
_STOP_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "it",
        "my",
        "our",
        "your",
        "their",
        "its",
        "new",
        "one",
        "each",
        "every",
        "all",
        "any",
        "some",
    ]
)


class KnowledgeBaseLinker:
    """Mentions of the architect's component kinds, quoted and named boxes, and pointers."""

    def mentions(self, text: str) -> list[Mention]:
        low = text.lower()
        found = [
            Mention(m.phrase, m.start, m.end, "kb", m.kind.id) for m in knowledge_base().find(low)
        ]
        found += [
            Mention(m.group(1), m.start(1), m.end(1), "quoted") for m in _QUOTED.finditer(low)
        ]
        for m in _NAMED.finditer(low):
            words = [w for w in m.group(1).split() if w not in _STOP_NAMES]
            if words:
                found.append(Mention(m.group(0), m.start(), m.end(), "named"))
        for m in _DEFINITE.finditer(low):
            if m.group(1) not in _VAGUE_NOUNS:
                found.append(Mention(m.group(0), m.start(), m.end(), "definite"))
        found += [
            Mention(m.group(0), m.start(), m.end(), "pointer") for m in _POINTER.finditer(low)
        ]
        found += [
            Mention(m.group(0), m.start(), m.end(), "deictic")
            for m in _DEICTIC.finditer(low)
            if _points(low, m)
        ]
        return sorted(found, key=lambda m: (m.start, -m.end))


def _points(text: str, m: re.Match[str]) -> bool:
    """Whether a deictic word points at something (see _NOT_DEICTIC_AFTER)."""
    if m.group(0) not in ("that", "it"):
        return True
    after = _NOT_DEICTIC_AFTER.match(text, m.end())
    before = _NOT_DEICTIC_BEFORE.search(text[max(0, m.start() - 14) : m.start()])
    return not after and not before


@lru_cache(maxsize=1)
def default_linker() -> MentionLinker:
    return KnowledgeBaseLinker()


@dataclass(frozen=True)
class References:
    mentions: tuple[Mention, ...]

    @property
    def components(self) -> tuple[Mention, ...]:
        """What names something an edit could act on or add."""
        return tuple(m for m in self.mentions if m.source not in ("pointer", "deictic"))

    @property
    def deictic(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.source == "deictic")

    @property
    def pointers(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.source == "pointer")

    @property
    def resolvable(self) -> bool:
        return bool(self.components)


def references(text: str, linker: MentionLinker | None = None) -> References:
    """The mentions in `text` (already canonical: lower case, repaired words)."""
    return References(tuple((linker or default_linker()).mentions(text)))
