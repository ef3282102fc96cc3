"""Components named as a group and then one by one.

- A fan-out: "events go to kafka, then two consumers: one for alerts, one writing to
  clickhouse". Each branch ("one for ...") hangs off what feeds the group: the group itself
  when it is named (a product, a named service), else its upstream, and an unnamed group
  ("two consumers") is dropped for its branches.
- A store in parentheses after an application: "uploads (s3)", "pacing (aerospike)" name
  the store the application uses, drawn as its own shape, not merged into the application.
- Members in parentheses: "commerce microservices (catalog, cart, checkout)". An unnamed
  plural host is replaced by its members, each taking the host's links.

A dropped mention becomes a region, which the planner never draws (the convention of
``phrase_counts``).
"""

from __future__ import annotations

import re

from services.dsl.generation.phrase_mentions import Mention
from services.dsl.generation.phrase_relations import Link
from services.dsl.generation.phrase_vocab import (
    DASH,
    HUB_CATEGORIES,
    TOKEN,
    USED_CATEGORIES,
    singular,
)

_SENTENCE_END = frozenset({".", "!", "?", ";"})

DROPPED = "region"


def collective(m: Mention) -> bool:
    """An unnamed group of components: "consumers", "two workers", "microservices"."""
    generic = m.kind is None or m.kind.generic
    plural = singular(m.words[-1]) != m.words[-1] or m.count > 1
    return generic and not m.proper and (plural or m.kind is not None)


def fan_source(mentions: list[Mention], links: list[Link], last: int) -> int:
    """The component the branches of a fan-out hang off, `last` being the mention named just
    before the first branch; an unnamed group with an upstream gives way to that upstream."""
    group = mentions[last]
    if not collective(group):
        return last
    upstream = [x.src for x in links if x.dst == last and not x.weak]
    if not upstream:
        return last
    group.category = DROPPED
    return upstream[-1]


def expand_members(
    mentions: list[Mention], links: list[Link], members: dict[int, list[int]]
) -> list[Link]:
    """Links of an unnamed host moved to each of its members ("microservices (a, b)")."""
    out = []
    for link in links:
        if link.src in members:
            out += [Link(m, link.dst, link.via, link.weak, link.near) for m in members[link.src]]
        elif link.dst in members:
            out += [Link(link.src, m, link.via, link.weak, link.near) for m in members[link.dst]]
        else:
            out.append(link)
    for host in members:
        mentions[host].category = DROPPED
    return [x for x in out if x.src != x.dst]


def uses(host: Mention, note: Mention) -> bool:
    """ "prescription uploads (s3)": an unnamed application and the store it uses."""
    if host.kind is not None or note.kind is None or host.category not in HUB_CATEGORIES:
        return False
    return note.category in USED_CATEGORIES and note.category != host.category


#: "X in front" with no "of": X fronts the sentence's first part ("a cluster ..., X in front")
_IN_FRONT = re.compile(r"\b(?:in|at the) front\b(?!\s+of\b)")


def in_front(text: str, mentions: list[Mention], links: list[Link]) -> list[Link]:
    """ "Patroni cluster, 3 PG nodes, PgBouncer in front": the part named just before "in
    front" sits before the first part of its sentence and sends to it."""
    toks = [t.lower() for t in TOKEN.findall(DASH.sub(" , ", text))]
    out = list(links)
    joined = " ".join(toks)
    for match in _IN_FRONT.finditer(joined):
        at = joined[: match.start()].count(" ")  # the token index of "in" / "at"
        start = max((k for k in range(at) if toks[k] in _SENTENCE_END), default=-1)
        named = [
            i
            for i, m in enumerate(mentions)
            if start < m.index < at and m.category != DROPPED and m.category != "client"
        ]
        if len(named) < 2:
            continue
        front, first = named[-1], named[0]
        pair = {front, first}
        if any({x.src, x.dst} == pair and not (x.weak or x.near) for x in out):
            continue  # a relation word already joins them
        # a side-by-side guess between the two gives way to the stated direction
        out = [x for x in out if {x.src, x.dst} != pair]
        out.append(Link(front, first))
    return out
