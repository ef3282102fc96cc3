"""Detectors of structure: group into a container, ungroup, move into or out of one, merge
several shapes into one and split one into several.

Each reads an :class:`~services.dsl.generation.ops.Abstract` and gives operations or None; the
order they are tried in is in :mod:`finder`. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.ops import (
    LIST,
    Abstract,
    Op,
    new_phrase,
    quote_of,
    singular_word,
)


def ungroup(ab: Abstract) -> list[Op] | None:
    if not re.search(r"\b(?:dissolve|ungroup|flatten|unwrap|unbox|remove|disband)\b", ab.text):
        return None
    if not re.search(
        r"\b(?:keep\w*|retain\w*|remain|stay|ungroup|dissolve|flatten|unwrap|leave|"
        r"unbox|disband|contents?|children)\b|\bwithout\s+(?:the|a|any)\s+(?:box|group\w*|"
        r"container|zone|frame|boundary)\b|\bas (?:they|it) (?:are|is)\b",
        ab.text,
    ):
        return None
    conts = [m for m in ab.mentions if any(s.children for s in m.shapes)]
    return [Op("ungroup", conts[:1])] if conts else None


_MERGED_NEWS = (
    r"\b(?:we|they|i|team|someone)\s+(?:\w+\s+)?(?:merged|combined|folded|consolidated|"
    r"squashed|fused|collapsed)\b"
)
_MERGE_ASK = r"\b(?:merge|combine|fold|consolidate|squash|fuse|collapse|unify)\b"


def merge(ab: Abstract) -> list[Op] | None:
    """ "merge A and B into one 'X'", "squash them into one box called X"; a past "we merged
    them last quarter" before the request is news, the last reading wins."""
    if re.search(_MERGED_NEWS, ab.original, re.I) and not re.search(_MERGE_ASK, ab.original, re.I):
        return None  # "we merged them in the last refactor": news, the request comes after
    found = list(
        re.finditer(
            r"\bmerge\s+(?:the\s+)?("
            + LIST
            + r")(?:\s+(?:into|with|in|together)\s+(?:one\s+|a single\s+|the\s+)?"
            r"((?:(?!\bmerge\b).)+))?",
            ab.text,
        )
    )
    for m in reversed(found):
        parts = ab.many(m.group(1))
        into = m.group(2) or ""
        one = re.search(r"\b(?:one|a single|a new|single)\s+" + re.escape(into) + "$", m.group(0))
        target = None if one else re.match(r"(@\d+)", into)
        if target:
            return [Op("merge", parts, [ab.m(target.group(1))])]
        if sum(len(p.shapes) for p in parts) < 2:
            continue
        named = quote_of(ab, into) or ""
        called = re.search(
            r"\b(?:called|named|titled|labell?ed|as)\s+([^@]+?)(?:\s+(?:please|now))?$", into
        )
        if not named and called:  # "into one box called SiteMinder"
            named = ab.words(called.group(1))
        new = ab.words(new_phrase(into)[0]) if into else ""
        return [Op("merge", parts, new=new, label=named)]
    return None


#: words that make a part of a split a copy of the whole in a role ("a primary and a hot
#: standby", "read and write paths"), not a component of its own
_ROLE_TEXT = (
    "primary secondary standby hot warm cold replica active passive leader follower main "
    "backup failover shadow read write reader writer blue green canary stable online offline "
    "batch realtime real-time internal external public private ingest query east west north "
    "south a b 1 2"
)
ROLE_WORDS = frozenset(re.split(r"\s+", _ROLE_TEXT))
_GENERIC_PART = r"(?:paths?|sides?|instances?|nodes?|copies|copy|halves|half|parts?|pools?|tiers?)"


def _role_parts(parts: list[str], whole: str) -> list[str] | None:
    """ "a primary and a hot standby" of the Matching Engine: "Matching Engine Primary",
    "Matching Engine Hot Standby" (None when a part names a component of its own)."""
    noun = re.search(r"\s+(" + _GENERIC_PART + r")$", parts[-1])
    tail = singular_word(noun.group(1)) if noun else ""
    bare = [re.sub(r"\s+" + _GENERIC_PART + "$", "", p) for p in parts]
    if not all(b and set(b.lower().split()) <= ROLE_WORDS for b in bare):
        return None
    return [f"{whole} {b.title()}{' ' + tail.title() if tail else ''}" for b in bare]


def split(ab: Abstract) -> list[Op] | None:
    text = re.sub(  # "X should be split into ...": the passive said as a command
        r"(?:the\s+)?(@\d+)\s+(?:\w+\s+){0,3}(?:be\s+|is\s+|gets?\s+|getting\s+)split\b",
        r"split \1",
        ab.text,
    )
    m = re.search(
        r"\bsplit\s+(?:up\s+)?(?:the\s+)?(@\d+)\s+(?:up\s+)?(?:in(?:to)?\s+(?:two|"
        r"three|2|3)\s+[^:,]{1,30}[:,]|in(?:to)?\s+(?:two|"
        r"three|2|3)?\s*(?:parts|pieces|things)?\s*:?|into|:)\s*(.+)",
        text,
    )
    if not m:
        return None
    head = re.search(r"(?:two|three|2|3)\s+([^:,]+?)\s*[:,]", m.group(0))
    heading = ab.words(head.group(1)).split() if head else []
    kind = singular_word(heading[-1].lower()) if heading else ab.m(m.group(1)).text
    news, said, follow = [], [], ""
    for p in re.split(r"\s*(?:,|\band\b|;)\s*", m.group(2)):
        p = p.strip()
        if not p or re.match(r"(?:both|all|each|which|that|so)\b", p):
            continue
        if p.startswith("@"):  # "..., stripe calls the webhook one": read next
            follow = ab.source(m.group(2)[m.group(2).index(p) :])
            break
        p = re.sub(r"^(?:one|a|an|two|the)\s+", "", p)
        aim = re.match(r"(?:for|of)\s+(.+)", p)  # "one for CPU": a CPU <kind>
        said.append(new_phrase(p)[0])
        news.append(f"{ab.words(aim.group(1))} {kind}" if aim else ab.words(new_phrase(p)[0]))
    whole = ab.m(m.group(1))
    roles = _role_parts(said, whole.shapes[0].label) if said and whole.shapes else None
    news = [n for n in (roles or news) if n][:4]
    if len(news) < 2:
        return None
    # copies of the whole in roles each keep the whole's links
    return [Op("split", [whole], label="|".join(news), rest=follow, rel="share" if roles else "")]


def group(ab: Abstract) -> list[Op] | None:
    t = ab.text
    if not re.search(
        r"\b(?:group|together|box|container|zone|segment|namespace|enclave|boundary|subnet|vpc)\b",
        ab.full,
    ):
        return None
    found = [
        re.search(
            r"\b(?:group|put|place|move|gather|organi[sz]e|collect|keep|placed|"
            r"grouped|be grouped)\b[^@]*?(" + LIST + r")",
            t,
        ),
        re.search(r"^(?:the\s+)?(" + LIST + r")\s+(?:\w+\s+){0,3}(?:group|placed|put|together)", t),
    ]
    m = next(
        (
            f
            for f in found
            if f
            and (
                "together" in t
                or re.search(r"\b(?:new|own|a|an|dedicated|separate|qt\d+)\b", t[f.end(1) :])
            )
        ),
        None,
    )
    if not m:
        return None
    members = ab.many(m.group(1))
    after = t[m.end(1) :]
    named = quote_of(ab, after)
    if named is None:
        n = re.search(
            r"\b(?:called|named|as)\s+([^@,]+?)(?:\s+(?:group|box|container|zone|"
            r"inside|within|in)\b|$)",
            after,
        ) or re.search(
            r"\b(?:a|an|new|own|dedicated)\s+([^@,]+?)\s+(?:group|box|container|"
            r"zone|segment|namespace|enclave)\b",
            after,
        )
        named = ab.words(n.group(1)) if n else None
    parent = re.search(r"\b(?:inside|within|in|under)\s+(?:the\s+)?(@\d+)", after)
    p = (
        ab.m(parent.group(1))
        if parent and any(s.children for s in ab.m(parent.group(1)).shapes)
        else None
    )
    if len(members) < 2 and named is None:
        return None
    return [Op("group", members, [p] if p else [], label=named or "Group")]


def move(ab: Abstract) -> list[Op] | None:
    t = ab.text
    out = re.search(
        r"(" + LIST + r")?[^@]*?\bout\s+(?:of|from)\s+(?:the\s+)?(@\d+)", t
    ) or re.search(r"\b(?:remove|move|take|pull)\s+(" + LIST + r")\s+from\s+(?:the\s+)?(@\d+)", t)
    if out and any(s.children for s in ab.m(out.group(2)).shapes):
        who = (
            ab.many(out.group(1) or "")
            or [m for m in ab.mentions if m is not ab.m(out.group(2))][:1]
        )
        return [Op("move_out", who, [ab.m(out.group(2))])] if who else None
    into = re.search(
        r"(" + LIST + r")[^@]*?\b(?:into|inside|in|to|under|within)\s+(?:the\s+)?(@\d+)", t
    )
    if into and re.search(
        r"\b(?:move\w*|put|place\w*|shift|relocate|belongs?|bring|drag|go|goes|"
        r"live|sit)\b|^@\d+\s+into\s+@\d+$",
        t,
    ):
        c = ab.m(into.group(2))
        if any(s.children for s in c.shapes):
            return [Op("move", ab.many(into.group(1)), [c])]
    return None
