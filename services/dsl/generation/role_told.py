"""A role a part needs, filled by the part added right after it: "rsvp-responses needs a
dedicated consumer: add an RSVP worker that writes the guest list" is one request, the
worker being that consumer ("add an RSVP worker that consumes rsvp-responses and writes the
guest list"), not a second new part named "Dedicated consumer". Pure text rewrite."""

from __future__ import annotations

import re

#: a role -> what the part in it does to the one that needs it
_ROLES = {
    "consumer": "consumes",
    "subscriber": "consumes",
    "reader": "reads",
    "listener": "consumes",
    "poller": "reads",
}
_NEED = re.compile(
    r"(?P<x>[\w][\w\-. ]*?)\s+(?:needs|requires|wants|should\s+have|must\s+have|gets)\s+"
    r"(?:an?\s+|its\s+own\s+|one\s+)(?:(?:dedicated|separate|own|proper|new|single)\s+)*"
    r"(?P<role>" + "|".join(_ROLES) + r")s?\s*[:\-–—]+\s*(?:so\s+)?(?:please\s+)?"
    r"(?P<add>add|create|introduce|put\s+in)\s+(?P<what>(?:an?|the|one)\s+[^,.;:]+?)"
    r"(?:\s+(?P<rel>that|which|who)\s+|(?=\s*(?:[,.;]|$|\s+and\s)))",
    re.I,
)


def role_told(query: str) -> str:
    """`query` with a needed role and the part added for it said as one addition."""

    def put(m: re.Match[str]) -> str:
        does = f"{_ROLES[m.group('role').lower()]} {m.group('x').strip()}"
        head = f"{m.group('add')} {m.group('what')} that {does}"
        return f"{head} and " if m.group("rel") else head

    return _NEED.sub(put, query)
