"""A role a part needs, filled by the part added right after it: "rsvp-responses needs a
dedicated consumer: add an RSVP worker that writes the guest list" is one request, the
worker being that consumer ("add an RSVP worker that consumes rsvp-responses and writes the
guest list"), not a second new part named "Dedicated consumer"; a part added and at once named
again with more detail ("add donations. just a Donations Service behind the site") is one
addition of the detailed part. Pure text rewrites."""

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


_ADD_SHORT = re.compile(
    r"^\s*(?:please\s+)?(?:add|create|introduce|include)\s+(?:an?\s+|some\s+)?"
    r"(?P<w>[\w\-]+(?:\s+[\w\-]+){0,2})\s*[.!?]?\s*$",
    re.I,
)
_AGAIN = re.compile(
    r"^\s*(?:(?:nothing\s+(?:fancy|big|special|complicated|heavy|much)|ok|okay|so|basically|just|only|simply|i\s+mean|namely|"
    r"like|something\s+like|that\s+is)[,:\s]+)*(?:an?|one)\s+(?P<rest>.+)$",
    re.I,
)
_PLAIN = frozenset(["service", "services", "new", "simple", "small", "little", "basic"])


def _stems(words: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", words.lower()) if w not in _PLAIN}


def named_again(texts: list[str]) -> list[str]:
    """ "add donations. Nothing fancy, just a Donations Service behind the website that
    charges through Stripe": the second clause names the part the first adds, with more
    detail; the two are one addition of the detailed part."""
    out: list[str] = []
    k = 0
    while k < len(texts):
        first = _ADD_SHORT.match(texts[k])
        again = _AGAIN.match(texts[k + 1]) if first and k + 1 < len(texts) else None
        if first and again:
            name = " ".join(again.group("rest").split()[:4])
            if _stems(first.group("w")) & _stems(name):
                out.append(f"add a {again.group('rest')}")
                k += 2
                continue
        out.append(texts[k])
        k += 1
    return out
