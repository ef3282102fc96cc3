"""No clause left behind: what the later clauses of a request state, read with its context.

People put the edit first and the facts the edited diagram must show after it, in whatever
words they have: "... and it keeps the comments in its own database", "remove his link to
the web app, he uses only the fraud tool now", "drop X's arrow to Y". This module holds the
small discourse readings that let those clauses be read by the ordinary clause reader:

- **its own store**: "its own database/cache/queue/redis" is a new part of that kind named
  after its owner ("Comments Service" + "database" -> "Comments DB"), linked owner -> store;
- **personal pronouns**: "he", "she", "him", "his", "her" mean the person the request
  named last (a shape drawn as a person), written out as that person's words, so "remove
  his link to X" is the person's link even when "it" would be the shape just touched;
- **a shape acting on another**: "let the preparer approve in the review workflow" links
  the two (any verb but one of placing; "from" and receiving verbs point the other way);
- **a possessive link**: "remove X's link to Y", "cut its arrow to Y", "delete their
  connection with Y" is the link between X and Y, not X itself.

Pure functions over plain text and shapes; :mod:`update` and :mod:`edit_shapes` call them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lemminflect import getAllLemmas

from services.dsl.d2.model import Shape
from services.dsl.generation.mentions import Mention, words_of
from services.dsl.generation.ops import Abstract
from services.dsl.generation.relation_words import direction, verb_lemma

#: words at the end of an owner's name that say what it is, not whose it is
_HEADS = frozenset(
    re.findall(
        r"\w+",
        "service services svc api app application server worker engine system manager module "
        "backend component platform tool",
    )
)
#: a store's kind as people write it, and how its name is written after the owner's word
_STORE_WORDS = {
    "database": "DB",
    "db": "DB",
    "datastore": "Store",
    "data store": "Store",
    "store": "Store",
    "cache": "Cache",
    "queue": "Queue",
    "bucket": "Bucket",
    "table": "Table",
    "schema": "Schema",
    "topic": "Topic",
    "storage": "Storage",
}


#: stores named by their product ("its own redis")
_STORES = ("redis", "postgres", "postgresql", "mysql", "mongo", "mongodb", "sqlite", "dynamodb")


def own_name(owner: Shape, phrase: str) -> str:
    """The name of the store `owner` is said to have of its own ("its own database" of the
    Comments Service: "Comments DB"; "its own redis" of Presence: "Presence Redis"); the
    phrase itself when the owner's name has no word of its own or already names it."""
    said = re.sub(r"^(?:(?:its|their|his|her)\s+)?own\s+", "", phrase.strip(), flags=re.I)
    said = re.sub(r"^(?:new|small|little|separate|dedicated|private)\s+", "", said, flags=re.I)
    words = (owner.label or owner.id).split()
    while len(words) > 1 and words[-1].lower() in _HEADS:
        words = words[:-1]
    if not words or words[-1].lower() in _HEADS:
        return phrase
    stem = " ".join(words)
    low = said.lower()
    if stem.lower() in low or low.split()[-1:] not in [[w] for w in (*_STORE_WORDS, *_STORES)]:
        return said  # "its own rule engine": no store, its own name as said
    kind = _STORE_WORDS.get(low) or (said if said[:1].isupper() else said.title())
    return f"{stem} {kind}"


def made_again(new: str, made: list[Shape]) -> Shape | None:
    """The part this request already added that an add names again ("... write in its own
    database, please add one Escrow DB for it" after "Escrow DB" was made): the same words,
    not a second part."""
    said = words_of(re.sub(r"^(?:an?|one|the|new|a\s+new)\s+", "", new.strip(), flags=re.I))
    if len(said) < 2:
        return None  # "add a cache" twice may well be two caches
    for shape in made:
        have = words_of(shape.label or shape.id)
        # "Dosage DB" for the "Dosage Checker DB" just made: its words, the same kind
        if have == said or (have[-1:] == said[-1:] and set(said) <= set(have)):
            return shape
    return None


#: what a link is called when it is someone's ("his link", "X's arrows")
_LINK_NOUN = r"(?:links?|connections?|arrows?|edges?|lines?|access|calls?|path)"
#: a word after "her" that makes it a possessive ("her link", "her access")
_OWNED_NOUN = re.compile(r"\s+(?:own\s+)?" + _LINK_NOUN + r"\b", re.I)
_PERSONAL = re.compile(r"\b(?P<w>he|she|him|his|her|hers)\b", re.I)


def is_person(shape: Shape) -> bool:
    """A shape drawn as a person (or of a person's class)."""
    return shape.shape == "person" or any(c in ("person", "actor", "user") for c in shape.classes)


def person_named(mentions: list[Mention]) -> str | None:
    """The words of the last person a clause names by name (one shape, not a pronoun)."""
    people = [
        m.text
        for m in mentions
        if not m.pronoun and len(m.shapes) == 1 and is_person(m.shapes[0]) and m.text
    ]
    return people[-1] if people else None


def personal(text: str, person: str | None) -> str:
    """ "remove his link to X, he uses only Y": "he"/"him"/"his"/"her" written as the person
    the request named last ("the moderator's link", "the moderator uses")."""
    if not person:
        return text

    def put(m: re.Match[str]) -> str:
        word = m.group("w").lower()
        possessive = word in ("his", "hers") or (
            word == "her" and _OWNED_NOUN.match(text, m.end()) is not None
        )
        said = f"the {person}'s" if possessive else f"the {person}"
        return said[0].upper() + said[1:] if m.group("w")[0].isupper() else said

    return _PERSONAL.sub(put, text)


#: "remove X's link to Y", "cut its arrow to Y", "drop their connection with Y" (the "'s" may
#: be gone: the clause reader drops it)
_POSSESSED_LINK = re.compile(
    r"\b(?P<v>remove|delete|drop|cut|kill|ditch|take\s+out|get\s+rid\s+of|break|erase)\s+"
    r"(?:(?P<x>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,4}?)(?P<s>'s|’s|s')?|(?P<p>its|their))\s+"
    r"(?:own\s+|direct\s+|old\s+|existing\s+)*" + _LINK_NOUN + r"\s+"
    r"(?:to|with|into|from|towards|toward|on)\s+(?P<y>[^,;.!?]+)",
    re.I,
)


def possessed_link(text: str, names_shape: Callable[[str], bool]) -> str:
    """ "remove the moderator's link to the web app" -> "disconnect the moderator from the
    web app": the link between the owner and the far end, not the owner itself. Without the
    "'s", the words before "link" must name a shape (`names_shape`): "remove the old link to
    X" is no owner's."""

    def put(m: re.Match[str]) -> str:
        if m.group("x") and not m.group("s") and not names_shape(m.group("x")):
            return m.group(0)
        owner = m.group("x") or ("them" if m.group("p").lower() == "their" else "it")
        return f"disconnect {owner} from {m.group('y')}"

    return _POSSESSED_LINK.sub(put, text)


#: "split it to A and B": the parts after "to", as "into" says
_SPLIT_TO = re.compile(
    r"\b(?P<v>split|splitting|divide|dividing|separate|separating|break\s+up|breaking\s+up)\s+"
    r"(?P<x>(?:it|them|that|this|the\s+[^,;.()]{1,40}?|[A-Z][^,;.()]{0,40}?))\s+to\s+"
    r"(?=(?:an?\s+|one\s+|two\s+|the\s+)?[A-Za-z])",
)


def split_to(text: str) -> str:
    """ "please split it to Return Editor and Return Validator": the parts, as after "into"
    (a non-native "to" that would otherwise read as the target of a link)."""
    return _SPLIT_TO.sub(lambda m: f"{m.group('v')} {m.group('x')} into ", text)


#: words between a subject and its verb that keep the clause a plain fact or wish
_AUX = (
    r"(?:should|must|can|could|will|shall|would|may|might|has\s+to|have\s+to|needs?\s+to|"
    r"is\s+to|are\s+to|got\s+to|now|also|only|then|just|instead|still|directly|always|will\s+now)"
)
#: verbs that say where a part is, not what it talks to ("X runs in Y": Y holds X)
_PLACING = frozenset(
    re.findall(
        r"\w+",
        "be sit live run reside stay belong remain fit appear show move put stand lie go come "
        "host deploy locate keep place look seem feel become get",
    )
)
#: "let the preparer approve in the review workflow", "the kiosk should work with X now":
#: one shape acting on another through a preposition, with no verb the finder knows
_ACTS_ON = re.compile(
    r"^(?:(?:so|and|then|also|now|ok|okay)\s+)*(?:(?:let|have|make)\s+)?(?:the\s+)?"
    r"(?P<a>@\d+)\s+(?:" + _AUX + r"\s+)*(?P<v>[a-z]+)(?:\s+(?:off|up|out|back|in))?\s+"
    r"(?P<p>in|into|on|at|to|with|through|via|from|against|inside|towards)\s+(?:the\s+)?"
    r"(?P<b>@\d+)(?:\s+(?:instead|now|too|also|as\s+well|directly|only|first|then|from\s+now"
    r"\s+on|going\s+forward|please))*\s*[.!]?$"
)


def acts_on(ab: Abstract, said: Callable[[str], str]) -> str | None:
    """ "let the preparer approve in the review workflow instead": a shape said to act on
    another (any verb but one of placing) is linked to it — "connect A to B", or "B to A"
    when the verb or "from" says B is the source. Nothing for a negated or placing verb, or
    two mentions of one shape."""
    m = _ACTS_ON.match(ab.text)
    if m is None:
        return None
    verb = m.group("v")
    lemmas = getAllLemmas(verb).get("VERB", ())
    if not lemmas or set(lemmas) & _PLACING or verb in ("not", "never", "no"):
        return None
    a, b = ab.m(m.group("a")), ab.m(m.group("b"))
    if a.pronoun or b.pronoun or not a.shapes or not b.shapes or a.ids == b.ids:
        return None
    lemma = verb_lemma(verb) or lemmas[0]
    src, dst = m.group("a"), m.group("b")
    if direction(lemma, [m.group("p")]) == "in":
        src, dst = dst, src
    return f"connect the {said(src)} to the {said(dst)}"
