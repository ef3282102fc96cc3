"""A relation to a component introduced with an indefinite article adds it: "it receives
updates from an event bus", "the loans service gets its config from a vault", "the worker
will push metrics to a new collector", "it reads from a feature store too".

A drawn shape (or "it", what the clause before touched or added) is the subject; the verb
says which way the link runs (a sending verb: to the new one; a receiving verb, "gets ...
from", "consumes", "is fed by": from it). The new component's phrase ends where its own
relations start (:func:`ops.new_phrase`), and those are read next with it as "it". The
finder tries this after the detectors of links between drawn shapes, so a drawn shape named
with "a" ("a cache" when one is drawn) is still linked, not added again. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.links import BACKWARD, FORWARD
from services.dsl.generation.ops import LIST, Abstract, Op, new_phrase

_MODAL = (
    r"(?:(?:should|must|will|would|can|could|shall|may|needs?\s+to|has\s+to|have\s+to|"
    r"is\s+going\s+to|are\s+going\s+to)\s+)?(?:also\s+|then\s+|now\s+|directly\s+)*"
)
_NEW = r"(?:a|an|one|some|another)\s+(?:new\s+|separate\s+|dedicated\s+|extra\s+)?(?P<new>[^@].*)$"
_SUBJECT = (
    r"^(?:and\s+|also\s+|then\s+)*(?:the\s+|both\s+|all\s+(?:the\s+)?)?(?P<s>" + LIST + r")\s+"
)
_SENDS = re.compile(
    _SUBJECT + _MODAL + FORWARD + r"\s+(?:to|into|onto|through|via|with|on|in)\s+" + _NEW
)
#: receiving verbs with what is received said before the source ("consumes events from")
_RECEIVES = (
    r"(?:" + BACKWARD + r"|(?:consum\w*|subscrib\w*\s+to|listen\w*\s+to|ingest\w*|gets?|"
    r"getting|got|takes?|receiv\w*|pulls?|reads?|fetch\w*|loads?)"
    # what is received may be "its config" (the pronoun a mention)
    r"(?:\s+[^\s]+){0,3}?\s+(?:from|on|off))"
)
_GETS = re.compile(_SUBJECT + _MODAL + _RECEIVES + r"\s+(?:the\s+)?" + _NEW)


def relate_new(ab: Abstract) -> list[Op] | None:
    """The add of the new component and the link the verb gives (its direction kept)."""
    sends = _SENDS.search(ab.text)
    gets = None if sends else _GETS.search(ab.text)
    m = sends or gets
    if m is None:
        return None
    at = ab.loose.find(m.group("new"))
    phrase, tail = new_phrase(ab.loose[at:]) if at >= 0 else new_phrase(m.group("new"))
    if not phrase or "@" in phrase:
        return None
    subject = ab.many(m.group("s"))
    link = (
        Op("connect", subject, [], rest="new") if sends else Op("connect", [], subject, rest="new")
    )
    return [Op("add", new=ab.words(phrase), rest=ab.source(tail) if tail else ""), link]
