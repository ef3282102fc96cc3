"""Links named by what they carry: "Stripe sends a webhook back into the tracker", "the
tracker receives webhooks from Stripe", "X fires a callback to Y".

A message noun (webhook, callback, notification, event ...) after a verb of sending is what
flows along the link, not a new component, and it is the link's label; the sender is where
the arrow starts, whichever way a drawn link between the two already runs (a webhook back
into a service that calls the provider is a second arrow, the other way). Part of the
operation finder (:mod:`finder`); pure functions over the abstract of :mod:`ops`.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import Abstract, Op

#: what a link carries, said as a thing sent
_PAYLOAD = (
    r"(?P<p>webhooks?|web\s+hooks?|callbacks?|call-backs?|postbacks?|notifications?|"
    r"push\s+notifications?|events?|messages?|alerts?|pings?)"
)
_SEND = (
    r"(?:sends?|sending|fires?|firing|posts?|posting|pushes|pushing|emits?|emitting|"
    r"triggers?|triggering|delivers?|delivering|raises?|will\s+send|should\s+send|"
    r"must\s+send|calls?\s+back\s+with)"
)
_AUX = r"(?:(?:now|also|then|will|should|must|can|just|always)\s+)*"
_DET = r"(?:(?:an?|the|its|their|one|some)\s+)?"
_TAIL = r"(?:\s+(?:too|as\s+well|also|now|again|then|directly))*\s*$"
_SENDS = re.compile(
    r"^(?:(?:and|also|then|oh)\s+)*(?:the\s+)?(?P<s>@\d+|it|they)\s+"
    + _AUX
    + _SEND
    + r"\s+"
    + _DET
    + _PAYLOAD
    + r"\s+(?:back\s+|over\s+|out\s+)?(?:to|into|at|onto|towards?)\s+(?:the\s+)?(?P<d>@\d+)"
    + _TAIL
)
_GETS = re.compile(
    r"^(?:(?:and|also|then|oh)\s+)*(?:the\s+)?(?P<d>@\d+|it|they)\s+"
    + _AUX
    + r"(?:receives?|gets?|takes?|accepts?|listens\s+(?:to|for)|consumes?|is\s+sent)\s+"
    + _DET
    + _PAYLOAD
    + r"\s+(?:back\s+)?from\s+(?:the\s+)?(?P<s>@\d+)"
    + _TAIL
)


def _label(word: str) -> str:
    w = re.sub(r"\s+", " ", word.lower())
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def payload_link(ab: Abstract) -> list[Op] | None:
    """ "X sends a webhook (back) into Y": X -> Y labelled with what it carries."""
    m = _SENDS.search(ab.text) or _GETS.search(ab.text)
    if m is None:
        return None
    ends = []
    for g in ("s", "d"):
        ref = m.group(g)
        if not ref.startswith("@"):
            refs = [f"@{k}" for k, x in enumerate(ab.mentions) if x.pronoun]
            if len(refs) != 1:
                return None
            ref = refs[0]
        ends.append(ab.m(ref))
    if not all(e.shapes for e in ends):
        return None
    return [Op("connect", [ends[0]], [ends[1]], label="directed", edge=_label(m.group("p")))]


#: "X failures land there", "X's errors end up in it": what fails in X goes to the part just
#: named (a dead-letter queue, an error log)
_LANDS = re.compile(
    r"^(?:(?:and|so|then|also)\s+)*(?:the\s+|all\s+)?(?P<s>@\d+)(?:'s)?\s+(?:[a-z]+\s+)?"
    r"(?:failures|errors|rejects|rejections|dead\s+letters|poison\s+(?:messages|pills)|"
    r"failed\s+(?:jobs|messages|events|calls|tasks|items))\s+(?:should\s+|will\s+|must\s+)?"
    r"(?:land|go|end\s+up|get\s+parked|are\s+parked|get\s+sent|are\s+sent|be\s+sent|drop|"
    r"get\s+dropped|are\s+dropped|flow)\s+(?:there|in\s+(?:there|it)|into\s+it|to\s+it|"
    r"(?:(?:in|into|to|on)\s+)?(?P<d>@\d+))\b"
)


def failures_land(ab: Abstract) -> list[Op] | None:
    """ "X needs a DLQ; indexer failures land there": the indexer sends to it."""
    m = _LANDS.search(ab.text)
    if m is None or not ab.m(m.group("s")).shapes:
        return None
    dst = [ab.m(m.group("d"))] if m.group("d") else []
    if dst and not dst[0].pronoun:
        return None  # "X failures go to Y": a stated link the link readers take
    return [Op("connect", [ab.m(m.group("s"))], dst, label="directed")]
