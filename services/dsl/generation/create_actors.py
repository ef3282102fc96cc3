"""People who act through a tool: "riders tap cards at validators", "teachers see the flags
on the dashboard", "guests book on our site or via Booking.com".

A clause whose subject is a person (a node of the people kinds) and whose predicate goes on
with a place or means ("at", "on", "in", "through", "via", "from", "using") names the tool
the person works with: the person reaches it. The edit path's reader (:mod:`told_links`)
reads the verb's object ("cards", "the flags") as the other end and, finding no shape there,
draws nothing. Here the first shape after such a preposition is the person's tool, and a
second one joined by "or"/"and" ("on our site or via Booking.com") is another.

Reads a clause's abstract (mentions as ``@N``) and returns (person, tool) node ids.
"""

from __future__ import annotations

from services.dsl.generation.design import Design
from services.dsl.generation.ops import Abstract

#: kinds of the nodes that stand for people
PEOPLE_KINDS = frozenset({"users", "admin"})
#: prepositions naming where or with what a person acts
PLACES = frozenset(
    {"in", "on", "at", "through", "thru", "via", "from", "using", "into", "over", "inside"}
)
#: words that may open a clause before its subject
OPENERS = frozenset(
    {",", "and", "then", "where", "while", "when", "so", "also", "the", "our", "which", "whose"}
)
#: words that may stand between a preposition and the tool's mention
ARTICLES = frozenset({"the", "a", "an", "our", "their", "its", "his", "her", "my", "your"})
#: how many words after the subject the tool may come (a longer predicate is another clause)
WINDOW = 10


def actor_links(ab: Abstract, design: Design) -> list[tuple[str, str]]:
    """The (person, tool) links of a clause's abstract (see the module docstring)."""
    words = ab.text.replace(",", " , ").split()
    out: list[tuple[str, str]] = []
    for k, word in enumerate(words):
        person = _node(ab, design, word)
        if person is None or design.nodes[person].kind not in PEOPLE_KINDS:
            continue
        if k > 0 and words[k - 1] not in OPENERS:
            continue  # not the clause's subject ("data for the riders")
        if k + 1 >= len(words) or _node(ab, design, words[k + 1]) or words[k + 1] in PLACES:
            continue  # no verb after it: a list of parts, or a place of its own
        for tool in _tools(ab, design, words, k + 2):
            # a tool may be of a people kind too ("in the browser", read as users)
            if tool != person and (person, tool) not in out:
                out.append((person, tool))
    return out


def _tools(ab: Abstract, design: Design, words: list[str], start: int) -> list[str]:
    """The shapes after the first place preposition of the predicate starting at `start`,
    and one more joined to it by "or"/"and"."""
    found: list[str] = []
    j = start
    end = min(len(words), start + WINDOW)
    while j < end and words[j] not in (",", ";"):
        if words[j] in PLACES:
            tool, after = _after_place(ab, design, words, j + 1)
            if tool is not None:
                found.append(tool)
                if after + 1 < len(words) and words[after] in ("or", "and"):
                    k = after + 1
                    if words[k] in PLACES:
                        k += 1
                    more, _ = _after_place(ab, design, words, k)
                    if more is not None:
                        found.append(more)
                return found
        j += 1
    return found


def _after_place(ab: Abstract, design: Design, words: list[str], j: int) -> tuple[str | None, int]:
    """The shape written after a preposition (articles skipped) and the index past it."""
    while j < len(words) and words[j] in ARTICLES:
        j += 1
    if j >= len(words):
        return None, j
    return _node(ab, design, words[j]), j + 1


def _node(ab: Abstract, design: Design, word: str) -> str | None:
    """The one node a ``@N`` word of the abstract names, or None."""
    if not word.startswith("@") or not word[1:].isdigit():
        return None
    mention = ab.m(word)
    if mention.pronoun or len(mention.ids) != 1 or mention.ids[0] not in design.nodes:
        return None
    return mention.ids[0]
