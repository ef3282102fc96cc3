"""Migrations told as news: "we ditched X, Y does that now", "X is being retired, Y takes
over", "Y does what X did", "we changed from our old X to Y".

Part of the operation finder (:mod:`finder`); reads the abstract of :mod:`ops` (slang verbs
are already plain there: "ditched" is ``remove``, "moved off" is ``migrate``). People tell a
replacement as two facts rather than a command: one component leaves (a verb of retiring
with the shape after it, or a shape with a retiring participle) and another takes its work
(a phrase followed by a verb of doing or taking over). Both facts may stand in any order,
with fillers, times ("last quarter") and reasons between them. The result is a ``replace``:
the new component takes the old one's place and keeps its links. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import Abstract, Op

#: a verb that makes the shape after it leave ("we sunset X", "we moved off X")
RETIRE = (
    r"(?:remove|migrate(?:\s+(?:off|away\s+from|from))?|sunset\w*|retire\w*|replac\w*|"
    r"chang\w*\s+from|switch\w*\s+from|mov\w*\s+(?:off|away\s+from|from)|"
    r"phas\w*\s+out|deprecat\w*|shut\w*\s+down|turn\w*\s+off|dump\w*|"
    r"left|leav\w*|got\s+off|abandon\w*|outgrew|kill\w*|stop\w*\s+using)"
)
#: the participle after the shape ("X is being retired", "X got decommissioned")
RETIRED = (
    r"(?:is|are|was|were|has\s+been|have\s+been|got|gets|is\s+being|are\s+being|will\s+be)\s+"
    r"(?:now\s+)?(?:remove|retired|sunset\w*|deprecated|phased\s+out|replaced|gone|"
    r"shut\s+down|turned\s+off|going\s+away|dead|history)"
)
#: the words between a verb and its shape that are not a name ("our old", "the legacy")
_DET = (
    r"(?:(?:the|our|my|their|old|legacy|current|existing|previous|in-house|inhouse|"
    r"homegrown|home-grown|self-hosted|on-prem|entire|whole)\s+)*"
)
#: the new component's phrase and the verb of taking the old one's work
_TAKER = (
    r"(?P<y>[^@,;:—–()]*?(?:@\d+[^@,;:—–()]*?)?)\s+(?:now\s+|also\s+)?"
    r"(?:does|do|handles?|covers?|runs?|is\s+doing|takes?\s+over|took\s+over|"
    r"has\s+taken\s+over|is\s+(?:now\s+)?live|went\s+live|is\s+in|is\s+(?:now\s+)?(?:used|"
    r"handling|doing|running|in\s+charge)|replaces?|is\s+the\s+(?:new|replacement)|"
    r"will\s+(?:do|handle|take))\b"
)
_EMPTY = re.compile(r"(?:it|that|this|them|they|there|which|who|we|i|you|now|instead)?")


def _new_name(ab: Abstract, phrase: str, old: str) -> str | None:
    """The new component's name in the user's words, or None when `phrase` names nothing
    new (a pronoun, the old shape again, nothing but an existing shape)."""
    y = re.sub(r"^(?:and|but|so|now|instead|the|a|an|our|we\s+use)\s+", "", phrase.strip())
    y = re.sub(r"\s+(?:now|instead|these days|already)$", "", y).strip()
    if _EMPTY.fullmatch(y) or y == old:
        return None
    refs = re.findall(r"@\d+", y)
    if refs and not re.sub(r"@\d+|\s", "", y):
        # only shapes: a new product is a name no other shape carries in full (a product of
        # the old one's kind may be linked to the old shape: that is still the new one)
        gone = {s.id for s in ab.m(old).shapes}
        if any(ab.m(r).tier >= 3 and {s.id for s in ab.m(r).shapes} - gone for r in refs):
            return None
    return ab.words(y) or None


def migration(ab: Abstract) -> list[Op] | None:
    """One shape leaves and a phrase takes over its work: a replace."""
    return _retired_then_taker(ab) or _taker_first(ab)


def _retired_then_taker(ab: Abstract) -> list[Op] | None:
    t = ab.text
    left = re.search(r"\b" + RETIRE + r"\s+" + _DET + r"(@\d+)", t) or re.search(
        r"(@\d+)\s+" + RETIRED + r"\b", t
    )
    if left is None:
        return None
    x = left.group(1)
    after = t[left.end() :]
    taker = re.search(r"(?:^|[,;:—–(]|\band\b|\bbut\b|\bnow\b)\s*" + _TAKER, after)
    if taker:
        y = _new_name(ab, taker.group("y"), x)
        if y:
            return [Op("replace", [ab.m(x)], new=y)]
    # "we changed from our old X to Y (since last month)"
    to = re.match(r"\s*(?:to|for|with|onto|over to)\s+(?:the\s+)?(?P<y>[^,;:—–()]+)", after)
    if to and re.search(r"(?:from|off)\s+" + _DET + r"$", t[: left.end() - len(x)]):
        y = re.sub(
            r"\s+(?:since|last|this|from|in|as of|starting|for|because|so|a while|recently)"
            r"\b.*$",
            "",
            to.group("y"),
        )
        name = _new_name(ab, y, x)
        if name:
            return [Op("replace", [ab.m(x)], new=name)]
    return None


def _taker_first(ab: Abstract) -> list[Op] | None:
    """ "Y does what X did", "Y took over from X", "Y replaces the old X"."""
    m = re.search(
        r"^(?:(?:so|now|and)\s+)?(?P<y>[^,;]+?)\s+(?:now\s+)?(?:does|handles|covers|is doing)\s+"
        r"(?:what|the work|the job|everything|all)\s+(?:that\s+)?(?:the\s+)?"
        + _DET
        + r"(?P<x>@\d+)\s+(?:did|does|used to|was doing|handled)\b|"
        r"^(?:(?:so|now|and)\s+)?(?P<z>[^,;]+?)\s+(?:took over from|takes over from|"
        r"replaced|replaces|supersedes|is replacing|will replace)\s+(?:the\s+)?"
        + _DET
        + r"(?P<w>@\d+)",
        ab.text,
    )
    if m is None:
        return None
    x = m.group("x") or m.group("w")
    name = _new_name(ab, m.group("y") or m.group("z") or "", x)
    return [Op("replace", [ab.m(x)], new=name)] if name else None
