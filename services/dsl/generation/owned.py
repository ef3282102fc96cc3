"""Parts said to belong to a drawn component: "billing needs a DLQ", "give the worker a
dead-letter queue", "add a DLQ for the ingest consumer; failed events land in ingest-dlq".

A dead-letter queue named with its owner is a box of its own (queue-shaped, wired from the
owner), not a note on the owner: the owner's failed messages go somewhere a reader of the
diagram should see. "DLQ it" alone stays a property (:mod:`ops_props`). Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import Abstract, Op

#: the words of a dead-letter queue
DLQ = (
    r"(?:dlq|dead[\s-]?letter(?:[\s-](?:queue|topic|q))?|poison(?:[\s-]message)?[\s-]queue|"
    r"parking[\s-]lot[\s-]queue)"
)
_OWNED = re.compile(
    r"^(?:and\s+|also\s+|so\s+)*(?:the\s+)?(?P<x>@\d+)\s+(?:(?:also|really|now|should|must|will|"
    r"definitely|still)\s+)*(?:needs?|wants?|requires?|gets?|has|have|deserves?|should\s+have|"
    r"must\s+have)\s+(?:an?|its\s+own|one|some|their\s+own)\s+(?:own\s+)?(?:new\s+)?"
    r"(?P<q>" + DLQ + r")s?\b(?P<rest>.*)$"
)
_FOR = re.compile(
    r"\b(?:add|create|attach|set\s+up|introduce|wire\s+up)\s+(?:an?|one|some)\s+(?:new\s+)?"
    r"(?P<q>" + DLQ + r")s?\s+(?:for|to|on|behind|after|of)\s+(?:the\s+)?(?P<x>@\d+)"
    r"(?P<rest>.*)$|"
    r"\bgive\s+(?:the\s+)?(?P<x2>@\d+)\s+(?:an?|its\s+own|one)\s+(?:new\s+)?(?P<q2>" + DLQ + r")"
    r"s?\b(?P<rest2>.*)$"
)
#: "failed events land in billing-dlq", "call it orders-dlq": the name the user gives it
_NAME = re.compile(
    r"\b(?:land|lands|go|goes|end\s+up|ends\s+up|are\s+sent|get\s+sent|are\s+routed|routed|"
    r"move|moves|are\s+moved|parked)\s+(?:in|into|to|on)\s+(?:the\s+|a\s+)?(?P<n>[a-z][\w.-]*)|"
    r"\b(?:called|named|call\s+it)\s+(?P<m>[a-z][\w.-]*)"
)


def dead_letter(ab: Abstract) -> list[Op] | None:
    """A dead-letter queue for one drawn component: a queue box wired from it."""
    m = _OWNED.search(ab.text)
    x = rest = None
    if m:
        x, rest = m.group("x"), m.group("rest")
    else:
        f = _FOR.search(ab.text)
        if f is None:
            return None
        x = f.group("x") or f.group("x2")

        rest = f.group("rest") if f.group("x") else f.group("rest2")
    owner = ab.m(x)
    if owner.pronoun or not owner.shapes:
        return None
    named = _NAME.search(rest or "")
    name = (named.group("n") or named.group("m")) if named else None
    if name and (name in ("it", "them", "there") or name.startswith("@")):
        name = None
    said = ab.words(name) if name else f"{owner.shapes[0].label} DLQ"
    return [Op("add", [owner], new=f"dead-letter queue called {said}", rel="for")]
