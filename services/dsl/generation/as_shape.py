"""A new part said to be drawn as a D2 shape: "add a billing vendor as an external cloud",
"push notifier needs APNs egress, add that as an external cloud", "add audit-log as a
queue".

The add is read as it would be without the "as ..." words, and the shape comes after it as
its own clause ("make the billing vendor a cloud"). "Add that as a cloud" names no new part:
it says how the part the clause before added is drawn ("make it a cloud"), so it is read so
only right after an add. Words of being outside ("external", "third-party", "hosted") are
what a cloud says already. Pure text functions, called by :mod:`update` per clause.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import SHAPES

_AS_SHAPE = re.compile(
    r"\b(?P<add>(?:add|create|introduce|include|insert|draw)\s+(?P<x>(?:(?:an?|one|new)\s+)*"
    r"[\w][\w .'/-]{0,40}?))\s+as\s+(?:an?\s+)?(?:(?:external|outside|third[- ]party|hosted|"
    r"managed|separate|new)\s+)*(?P<kind>" + "|".join(SHAPES) + r")(?P<end>\b(?!\s+\w))",
    re.I,
)
_PRONOUN = re.compile(r"(?:it|that|this|them|those)", re.I)


def as_shape(text: str, *, just_added: str | None) -> tuple[str, list[str]]:
    """(`text` without its "as a <shape>", the clauses that draw the part so); `text` as it
    is when it says no shape, or points back with no part just added. `just_added` is the
    label of the part the clause before added: named again ("needs a tax service, add a tax
    service as a cloud", a pronoun written out), it is that part, not a second one."""
    m = _AS_SHAPE.search(text)
    if m is None:
        return text, []
    kind = m.group("kind").lower()
    part = m.group("x")
    name = re.sub(r"^(?:(?:an?|one|new)\s+)*", "", part, flags=re.I)
    if _PRONOUN.fullmatch(part) or (just_added and name.lower() == just_added.lower()):
        if not just_added:
            return text, []
        return f"{text[: m.start()]}make it a {kind}{text[m.end() :]}", []
    return f"{text[: m.start()]}{m.group('add')}{text[m.end() :]}", [f"make the {name} a {kind}"]
