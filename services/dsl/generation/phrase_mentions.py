"""One run of content words to a component mention (or to nothing).

A run is a component when the knowledge base names a kind in it, when it ends in a component
head noun ("... service", "... db", "... queue"), when it is a short item of a list, when it is
the end of a stated relation, or when the request wrote it as a proper name. Prose runs
("generates payment files") and bare head nouns in prose are not components.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.dsl.generation.kb import Kind, KnowledgeBase
from services.dsl.generation.phrase_framing import WHERE, predicate
from services.dsl.generation.phrase_pieces import Piece
from services.dsl.generation.phrase_subjects import agent
from services.dsl.generation.phrase_vocab import (
    APP_CATEGORIES,
    APP_HEADS,
    LIST_ITEM_WORDS,
    MAX_COUNT,
    NUMBERS,
    STATED,
    USED_CATEGORIES,
    Vocabulary,
    readings,
    singular,
    word_set,
)


@dataclass
class Mention:
    """A component the request names: its label, KB kind (if any) and head category."""

    label: str
    words: tuple[str, ...]
    kind: Kind | None
    category: str
    clause: int
    index: int  # token position of its first word
    count: int = 1
    proper: bool = False
    headed: bool = False  # ends in a component head noun ("... cart", "... service")
    per: str = ""  # the place each copy belongs to ("4 factories, each with a gateway")


def title(words: list[str], originals: list[str]) -> str:
    if len(originals) > 1 and all(o[:1].isupper() for o in originals):
        return " ".join(originals)  # a proper name as written: "Spark Structured Streaming"
    out = []
    for w, o in zip(words, originals, strict=True):
        out.append(o if (o.isupper() or any(c.isupper() for c in o[1:])) else w)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _strip(
    words: list[str], originals: list[str], vocab: Vocabulary
) -> tuple[list[str], list[str]]:
    # a capitalised word after another is part of a name, never a filler ("Fluent Bit")
    named = [k > 0 and o[:1].isupper() and originals[k - 1][:1].isupper()
             for k, o in enumerate(originals)]  # fmt: skip
    pairs = zip(words, originals, named, strict=True)
    keep = [(w, o) for w, o, n in pairs if n or w not in vocab.fillers]
    if not keep:
        return [], []
    ws, os_ = zip(*keep, strict=True)
    return list(ws), list(os_)


#: heads of a component that connects to the product named before it
INTEGRATION_HEADS = frozenset({"integration", "connector", "sync", "adapter", "bridge", "feed"})
OUTSIDE = frozenset({"external", "payment", "email", "sms"})


def integrated(m: Mention) -> Mention | None:
    """The outside product of "<product> integration|connector|sync...", as its own mention;
    the mention itself becomes the integration service."""
    kind, name = m.kind, " ".join(m.words[:-1])
    if kind is None or kind.category not in OUTSIDE or len(m.words) < 2:
        return None
    if m.words[-1] not in INTEGRATION_HEADS or (kind.generic and name not in kind.labels):
        return None  # "email sync": no product named
    product = kind.label_for(name)
    m.kind, m.category, m.headed = None, "service", True
    return Mention(product, m.words[:-1], kind, kind.category, m.clause, m.index, proper=True)


def _prose(words: list[str], vocab: Vocabulary) -> bool:
    """An unknown run that reads as a verb phrase is no component: it starts with a gerund or
    a common third-person verb ending ("copying numbers", "applies tax rules", "generates
    files") or ends in an adverb ("happen automatically")."""
    if len(words[-1]) > 4 and words[-1].endswith("ly"):
        return True
    if len(words) < 2:
        return False
    first = words[0]
    if first in word_set(vocab) or first in vocab.heads:
        return False
    verb = len(first) > 5 and first.endswith(("ates", "ects", "izes", "ises"))
    return (len(first) > 4 and first.endswith("ing")) or verb


#: categories a head noun gives a phrase whatever kind its first words name ("users db")
STORE_HEADS = frozenset({"database", "storage", "queue", "cache"})


def _head_wins(kind: Kind, head_cat: str | None, kb: KnowledgeBase) -> bool:
    if head_cat is None or head_cat == kind.category or head_cat not in kb.defaults:
        return False
    return head_cat in STORE_HEADS and kind.category not in USED_CATEGORIES


#: mass nouns for what flows between components ("the data goes to ...")
MASS = frozenset({"data", "info", "information", "traffic", "output", "outputs", "payload",
                  "payloads", "result", "results", "readings", "content"})  # fmt: skip


#: what a list of wants is separated by, for an item introduced by "a"/"an"
_ITEM_BEFORE = frozenset({"list", "and", "clause"})


def _introduced(piece: Piece, words: list[str]) -> bool:
    """An unknown noun phrase in component position: a list item introduced by "a"/"an"
    ("a dashboard, a forecast for tomorrow"), every word a noun or adjective, a noun last."""
    if not piece.article or piece.before not in _ITEM_BEFORE or len(words) > 3:
        return False
    pos = [readings(w) for w in words]
    if any(r and not ({"NOUN", "ADJ"} & r) for r in pos):
        return False
    return "NOUN" in pos[-1]


def _nouns(words: list[str]) -> bool:
    """Every word a noun or adjective, or a word of the trade English does not list, the last
    one no adjective ("rag chatbot", "ledger")."""
    pos = [readings(w) for w in words]
    return all(not r or r & {"NOUN", "ADJ"} for r in pos) and (not pos[-1] or "NOUN" in pos[-1])


def _own_word(kind: Kind, phrase: str, label: str) -> bool:
    """The user named a generic kind with a word of their own (an English noun the kind's
    label does not contain): the shape keeps the user's word before the kind's label."""
    if not kind.generic or phrase in kind.labels or " " in phrase or len(phrase) < 5:
        return False
    low = label.lower()
    # "checkout", "billing"; a word of the trade English does not list ("backend") is a noun
    noun = "NOUN" in readings(phrase) or phrase.endswith("ing") or not readings(phrase)
    return singular(phrase) not in low and phrase not in low and noun


#: head nouns of what a system does or is about, never a part of it ("payment flow")
ABSTRACT_HEADS = frozenset({"flow", "flows", "process", "processes", "journey", "logic",
                            "connectivity", "requirement", "requirements", "experience",
                            "health", "visibility", "inbound", "outbound"})  # fmt: skip
_CONTRACTION = re.compile(r"(i|we|you|they|he|she|it)'[a-z]+")


#: words that end a noun phrase as adverbs of direction or manner ("attachments straight to
#: S3", "a link back to the office"), though English also knows them as nouns
_AFTER_NOUN = frozenset({"straight", "back", "direct", "together", "onward", "onwards"})


def _adverb(word: str, original: str) -> bool:
    """A word English uses only as an adverb ("after", "online"), not an acronym."""
    pos = readings(word)
    return "ADV" in pos and not pos & {"NOUN", "VERB"} and sum(c.isupper() for c in original) < 2


#: words of time: a run ending in one says when, never what ("on a Sunday afternoon",
#: "peak is 50k viewers", "every hour")
_TIME = frozenset({
    "morning", "afternoon", "evening", "night", "day", "days", "week", "weeks", "weekend",
    "month", "months", "year", "years", "hour", "hours", "minute", "minutes", "second",
    "seconds", "today", "tonight", "tomorrow", "yesterday", "peak", "peaks", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekday", "weekdays",
})  # fmt: skip


def _not_a_part(words: list[str], originals: list[str]) -> bool:
    """An unknown run that names no component: a pronoun's contraction ("I'd love"), an
    adverb alone ("After, ...") or a time ("Sunday afternoon")."""
    if any(_CONTRACTION.fullmatch(w) for w in words) or words[-1] in _TIME:
        return True
    return len(words) == 1 and _adverb(words[0], originals[0])


def _gerund(word: str, vocab: Vocabulary) -> bool:
    """A verb in -ing the trade does not use as a noun ("making", but not "billing")."""
    known = word in word_set(vocab) or word in vocab.heads
    return len(word) > 5 and word.endswith("ing") and not known


def _count(piece: Piece) -> tuple[int, list[str], list[str]]:
    words, originals = piece.words, piece.originals
    if words and words[0] in NUMBERS and len(words) > 1:
        return min(NUMBERS[words[0]], MAX_COUNT), words[1:], originals[1:]
    return 1, words, originals


def _of_people(words: list[str], vocab: Vocabulary) -> bool:
    """A count of people or organisations, not of parts: "8 ppl answer", "two companies",
    "3 nurses" (but "2 driver apps" counts apps: the head noun is a part)."""
    head = singular(words[-1])
    if head in _PART_OF_WHOLE and len(words) > 1 and _names_a_product(words[-2], vocab):
        return False  # "3 etcd members", "5 kafka members": the parts of a cluster
    if head in vocab.people:
        return True
    return singular(words[0]) in vocab.people and head not in vocab.heads


#: a head that names the parts of a cluster after a product ("etcd members"), not people
_PART_OF_WHOLE = frozenset({"member", "peer", "voter"})


#: people words that name who the request is by or for, never a role drawn as a person
_NO_ROLE = frozenset({"company", "organisation", "organization", "family", "person", "people",
                      "ppl", "kid", "child", "investor", "partner", "member"})  # fmt: skip


def _acts(words: list[str], vocab: Vocabulary, actor: bool = False) -> bool:
    """A role a person plays ("lawyers", "site investigators", "the sponsor"): drawn as a
    client of the system, as a reader draws the people a request names. A plural agent noun
    the lexicon lacks ("drafters", "notaries") is one when it is the subject of a verb."""
    head = singular(words[-1])
    if len(words) > 2 or head in _NO_ROLE:
        return False
    if head in vocab.people:
        return True
    return (actor or len(words) == 1) and head != words[-1] and agent(words[-1], vocab)


def _names_a_product(word: str, vocab: Vocabulary) -> bool:
    """A word English does not know as a common word, or a word of the trade: "etcd",
    "zookeeper", "raft"; not "club", "family", "staff"."""
    if singular(word) in vocab.people or word in vocab.places:
        return False
    return word in vocab.heads or word in word_set(vocab) or not readings(word)


def _counted(count: int, words: list[str], originals: list[str], vocab: Vocabulary) -> bool:
    """A short run after a number that names things, not people or places ("4 PLCs")."""
    if count < 2 or len(words) > 2 or not words[-1].isalpha():
        return False
    head = singular(words[-1])
    if head in vocab.people or head in vocab.places or words[-1] in vocab.stop:
        return False
    acronym = any(o[:1].isupper() and sum(c.isupper() for c in o) > 1 for o in originals)
    return acronym or "NOUN" in readings(words[-1])


def mention(
    kb: KnowledgeBase,
    vocab: Vocabulary,
    piece: Piece,
    clause: int,
    *,
    listy: bool,
    source: bool = False,
    host: bool = False,
    actor: bool = False,
) -> Mention | None:
    """The component `piece` names, or None. `source`: a stated relation follows the piece;
    `host`: the piece opens its clause and "with"/"using"/"on" follows ("rag bot with X");
    `actor`: the piece is the subject of a verb with its object ("polling stations submit X")."""
    count, words, originals = _count(piece)
    words, originals = _strip(words, originals, vocab)
    # a verb in -ing ending the run ("glue jobs promoting"), unless it names a kind
    cut = len(words) - 1 if len(words) > 1 and _gerund(words[-1], vocab) else None
    if cut is not None and kb.find(" ".join(words[:cut])):
        words, originals = words[:cut], originals[:cut]  # "glue jobs promoting": the jobs
    while len(words) > 2 and _gerund(words[0], vocab):
        words, originals = words[1:], originals[1:]  # "making stock tick stream": the stream
    if count == 1 and len(words) > 1 and words[0] in NUMBERS:
        # "comprising four proctoring workers": the number came after a verb the run dropped
        count, words, originals = min(NUMBERS[words[0]], MAX_COUNT), words[1:], originals[1:]
    pairs = [(w, o) for w, o in zip(words, originals, strict=True) if not w.isdigit()]
    if pairs:  # bare numbers are no part of a name ("3 replicas" -> "replicas")
        words, originals = [w for w, _ in pairs], [o for _, o in pairs]
    if not words or all(w in NUMBERS for w in words):
        return None  # "two (regions)": a count is no component
    if words[0] == "whose" and len(words) > 1:
        # "X, whose results are ...": what X owns is no part, unless it names one ("whose
        # database is Postgres")
        words, originals = words[1:], originals[1:]
        if not kb.find(" ".join(words)) and singular(words[-1]) not in vocab.heads:
            return None
    if all(w in MASS for w in words):
        return None  # "data goes to X": what flows, not a component
    while len(words) > 1 and (_adverb(words[-1], originals[-1]) or words[-1] in _AFTER_NOUN):
        words, originals = words[:-1], originals[:-1]  # "appointment online": the appointment
    if words[-1] in ABSTRACT_HEADS:
        return None  # "payment flow", "network connectivity": what it does, not a part
    phrase = " ".join(words)
    found = kb.find(phrase)
    kind: Kind | None = None
    if found:
        best = sorted(found, key=lambda m: (m.kind.generic, -(m.end - m.start)))[0]
        kind = best.kind
    head = singular(words[-1])
    app = head in APP_HEADS and kind is not None and kind.category not in APP_CATEGORIES
    if app and best.end < len(phrase):
        kind = None  # "search api", "payments portal": an application that uses the kind
    head_cat = vocab.heads.get(words[-1]) or vocab.heads.get(head)
    if kind is not None and best.end < len(phrase) and _head_wins(kind, head_cat, kb):
        kind = kb.generic(str(head_cat))  # "users db", "audit bucket": a store of those
    category = kind.category if kind else head_cat
    if kind is None and category is None and re.fullmatch(r"[a-z]{3,}(db|sql)", head):
        category = "database"  # a product named for what it is: "cockroachdb", "duckdb"
    person_app = len(words) > 1 and head in ("app", "application") and kind is None
    if person_app and singular(words[-2]) in vocab.people:
        category = "client"  # "driver app", "patients app": that person's client
    proper = any(o[:1].isupper() for o in originals) and piece.before != "clause"
    short = len(words) <= LIST_ITEM_WORDS
    if kind is None and category is None and _counted(count, words, originals, vocab):
        category = "service"  # "4 PLCs", "3 kiosks": a number makes the noun a thing to draw
    if kind is None and category is None and _not_a_part(words, originals):
        return None
    where = piece.prev in WHERE and all(w in vocab.countries for w in words)
    if kind is None and (piece.frames or where):
        return None  # "a hospital in Kenya", "3 shops in Poland": where, not what
    if kind is None and category is None and not proper and predicate(piece.prev, words):
        return None  # "make it look legit", "nothing fancy": what the design is like
    if kind is None and category is None and _acts(words, vocab, actor):
        category = "client"  # "lawyers submit filings", "for the adjusters": a person drawn
    heading = clause == 0 and piece.before == "clause"  # "RTB bidder: ...": the request's topic
    if kind is None and category is None and not heading and agent(words[-1], vocab):
        category = "service"  # "the roster optimiser", "central rancher": a part that acts
    if kind is None and category is None:
        # the object of a plain verb ("members renew their subscription") is no component by
        # being the object: a relation word states a part, any other verb only may name one
        told = piece.before in STATED and not piece.plain
        stated = told or source or _introduced(piece, words)
        stated = stated or (host and _nouns(words))
        in_list = listy and (piece.before != "assoc" or piece.opener)
        if not short or not (in_list or proper or stated):
            return None
        if not proper and not actor and _prose(words, vocab):
            return None  # "generates payment files", "copying numbers": what it does
        category = "service"
    counted = count > 1 and _counted(count, words, originals, vocab)
    loose = listy or proper or counted or actor or piece.before != "stop"
    if kind is None and len(words) == 1 and not loose:
        # a bare head noun in prose ("... the jobs") is no component; a counted one is
        # ("the observatory has 4 telescopes")
        return None
    if count > 1 and kind is None and _of_people(words, vocab):
        count = 1  # people are drawn once, whatever their number: no copies of a client
    if kind is not None and (not short or len(words) == 1):
        label = kind.label_for(best.phrase)
        if _own_word(kind, best.phrase, label):  # "checkout" -> "Checkout (Payment provider)"
            label = f"{title(words, originals)} ({label})"
    else:
        # a long prose run keeps only its head phrase ("... an entitlement service")
        if not short:
            words, originals = words[-3:], originals[-3:]
        label = title(words, originals)
    assert category is not None
    headed = words[-1] in vocab.heads or singular(words[-1]) in vocab.heads
    return Mention(label, tuple(words), kind, category, clause, piece.start, count, proper, headed)
