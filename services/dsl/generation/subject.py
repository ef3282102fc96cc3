"""The system a create request asks for, and who asks, are not boxes of its diagram.

"We're a magazine and need a podcast platform: authors upload audio, ..." names the whole
being designed ("podcast platform") and the asker ("magazine") besides its components. Drawn
as boxes they swell the diagram and pull links to themselves. A mention is the request's
*subject* when a design verb or "we are" introduces it ("need a ... platform", "design an
integration layer", "we are a bank"), or when it titles the request ("SOC pipeline: ..."),
and its head noun is one that names a whole system or an organisation, not a component
("platform", "system", "store", "company"; never "portal" or "database"). It is dropped only
when the request names at least :data:`OTHERS_NEEDED` other components, so "a booking
platform" alone still gets its diagram. Pure functions over :mod:`phrases` data.
"""

from __future__ import annotations

import re

from services.dsl.generation.phrases import Link, Mention

#: head nouns that name a whole system being designed, or the organisation asking
SYSTEM_HEADS = frozenset(
    [
        "platform",
        "solution",
        "architecture",
        "clone",
        "setup",
        "modernisation",
        "modernization",
        "business",
        "company",
        "startup",
        "practice",
        "agency",
        "consultancy",
        "magazine",
        "bank",
        "hospital",
        "school",
    ]
)
#: heads that also name components ("ERP system", "BFF layer", "feature store"): the subject
#: goes only when other mentions carry its qualifying words ("exam system" / "exam service")
SHARED_HEADS = frozenset(["system", "systems", "layer", "store", "shop", "marketplace", "network"])
#: qualifiers that say nothing about what the system is
PLAIN = frozenset(
    ["online", "new", "little", "small", "simple", "whole", "entire", "internal", "our"]
)
#: words that introduce what is designed ("need a ...") or who asks ("we are a ...")
_INTRO = re.compile(
    r"(?:\b(?:build|building|built|design|designing|need|needs|want|wants|make|making|"
    r"create|creating|draft|sketch|architecture|architect|for|are|we're|i'm|am|is|"
    r"run|running|have|develop|developing|plan|planning)\s+"
    r"(?:(?:a|an|the|our|my|new|little|small|simple)\s+)*)$"
)
#: heads of a request's headline ("Conference app for our summit: ...") that name the whole
#: being asked for or the asker; a headline is at most HEADLINE_WORDS words before its colon
HEADLINE_HEADS = (
    SYSTEM_HEADS
    | SHARED_HEADS
    | frozenset(["app", "application", "tool", "system", "co", "program", "stack"])
)
HEADLINE_WORDS = 8
#: mentions a request needs beside its headline for the headline to be dropped
HEADLINE_OTHERS = 5
#: components a request must name besides its subject for the subject to be dropped
OTHERS_NEEDED = 3
#: how far before a mention the introducing words are looked for (characters)
WINDOW = 60


def _intro_before(text: str, m: Mention) -> bool:
    """Is `m` introduced by a design verb ("need a", "design an") or "we are"?"""
    first = re.search(r"\b" + re.escape(m.words[0]) + r"\b", text)
    if first is None:
        return False
    before = text[max(0, first.start() - WINDOW) : first.start()]
    cut = max(before.rfind("."), before.rfind(":"), before.rfind(","), before.rfind("!"))
    if cut >= 0:
        before = before[cut + 1 :]
    # the adjectives between the article and the head ("a little online store") belong to
    # the mention or are words it did not keep: accept up to two of them
    return bool(re.search(_INTRO.pattern[:-1] + r"(?:[\w-]+\s+){0,2}$", before))


def _titles(text: str, m: Mention) -> bool:
    """ "SOC pipeline: ..." — the request opens with the mention and a colon."""
    return bool(re.match(r"\s*" + r"\W+".join(map(re.escape, m.words)) + r"\s*:", text))


def _headline(text: str, m: Mention) -> bool:
    """ "Conference app for our annual summit: ..." / "Utility co here, ..." — the mention
    opens the request and a colon (or "here") closes that opening within a few words: it
    names the whole being asked for, or the asker, whatever its head noun."""
    opening = re.match(r"\s*(?:(?:hi|hello|hey)\W+)?([^:.!?]{0,80}?)(?::|\s+here\b)", text)
    if opening is None or len(opening.group(1).split()) > HEADLINE_WORDS:
        return False
    words = re.findall(r"[\w/-]+", opening.group(1))
    # the headline's first words, or its words after one leading word ("Parking garage
    # system" read as "garage system")
    return any(words[k : k + len(m.words)] == list(m.words) for k in (0, 1))


def is_subject(text: str, m: Mention, others: list[Mention]) -> bool:
    """Is `m` the system the request asks for, or its asker (`others`: the other mentions)?"""
    if m.kind is not None and not m.kind.generic:
        return False  # a named technology is a component, whatever introduces it
    if m.words and m.words[-1] in HEADLINE_HEADS and _headline(text, m):
        return len(others) > HEADLINE_OTHERS
    if not m.words or m.words[-1] not in SYSTEM_HEADS | SHARED_HEADS:
        return False
    if m.words[-1] in SHARED_HEADS:
        said = {w for o in others if o is not m for w in o.words}
        if not set(m.words[:-1]) - PLAIN <= said:
            return False
    if re.search(
        r"\b"
        + r"\W+".join(map(re.escape, m.words))
        + r"\s+(?:that|which|between|connecting|linking)\b",
        text,
    ):
        return False  # "a payroll platform that ingests ...": it acts, it is a component
    return _intro_before(text, m) or _titles(text, m)


def drop_subject(
    query: str, mentions: list[Mention], links: list[Link]
) -> tuple[list[Mention], list[Link]]:
    """`mentions` and `links` without the request's subject (see the module docstring)."""
    text = " ".join(query.lower().split())
    # a subject the request joins to its parts by a stated link acts as their hub ("a payroll
    # platform that ingests from the HRIS"): it stays
    joined = {i for k in links if not k.weak and not k.near for i in (k.src, k.dst)}
    gone = {i for i, m in enumerate(mentions) if i not in joined and is_subject(text, m, mentions)}
    if not gone or len(mentions) - len(gone) < OTHERS_NEEDED:
        return mentions, links
    new = {}
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        if i not in gone:
            new[i] = len(kept)
            kept.append(m)
    moved = [
        Link(new[k.src], new[k.dst], k.via, k.weak, k.near)
        for k in links
        if k.src in new and k.dst in new
    ]
    return kept, moved
