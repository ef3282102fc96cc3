"""Fan-outs and fan-ins written with arrows: "collectors -> Tempo (traces), Loki (logs), Mimir
(metrics)", "EDR alerts + CloudTrail into Sentinel".

The phrase reader links the first item after an arrow and reads the rest of the list as peers
of it; the edit path's reader (:mod:`told_links`) reads no list after an arrow at all. Here a
clause's abstract is cut at its arrows ("->", and "into" after a list of two or more): each
side is a list of items (split at commas, "and", "&", "or"), an item stands for the first
shape it names, and every item of one side is linked to every item of the next when one of
the two sides is a single item (a grid of many by many is a misread, not a fan).

Reads a clause's abstract (mentions as ``@N``) and returns (source, target) node ids.
"""

from __future__ import annotations

import itertools

from services.dsl.generation.design import Design
from services.dsl.generation.ops import Abstract

_ARROWS = frozenset({"->", "→", "=>"})
_SEPARATORS = frozenset({",", "and", "&", "or", "+"})
#: the most items a fanned side may have (more is a list of parts, not a flow)
MAX_FAN = 4


def arrow_links(ab: Abstract, design: Design) -> list[tuple[str, str]]:
    """The (source, target) links of the clause's arrows (see the module docstring)."""
    words = ab.text.replace(",", " , ").replace("→", " -> ").split()
    cut = _sides(words)
    sides = [_items(ab, design, side) for side in cut]
    if "into" in words and not _ARROWS & set(words) and len(sides) == 2:
        sides[1] = sides[1][:1]  # "A and B into C, C rules ...": the sink is C alone
    out: list[tuple[str, str]] = []
    for left, right in itertools.pairwise(sides):
        if not left or not right or min(len(left), len(right)) > 1:
            continue
        if max(len(left), len(right)) > MAX_FAN:
            continue
        out += [(a, b) for a in left for b in right if a != b and (a, b) not in out]
    return out


def _sides(words: list[str]) -> list[list[str]]:
    """The clause cut at its arrows, and at "into" after a list ("A and B into C")."""
    sides: list[list[str]] = [[]]
    for word in words:
        listed = any(w in _SEPARATORS for w in sides[-1])
        if word in _ARROWS or (word == "into" and listed and len(sides) == 1):
            sides.append([])
        else:
            sides[-1].append(word)
    return sides if len(sides) > 1 else []


def _items(ab: Abstract, design: Design, side: list[str]) -> list[str]:
    """The shapes a side lists: the first shape of each item, in order."""
    found: list[str] = []
    item_done = False
    for word in side:
        if word in _SEPARATORS:
            item_done = False
            continue
        node = _node(ab, design, word)
        if node is not None and not item_done:
            if node not in found:
                found.append(node)
            item_done = True
    return found


def _node(ab: Abstract, design: Design, word: str) -> str | None:
    """The one node a ``@N`` word names, or None."""
    token = word.strip("()")
    if not token.startswith("@") or not token[1:].isdigit():
        return None
    mention = ab.m(token)
    if mention.pronoun or len(mention.ids) != 1 or mention.ids[0] not in design.nodes:
        return None
    return mention.ids[0]
