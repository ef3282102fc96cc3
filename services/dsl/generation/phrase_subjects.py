"""The subject that opens a clause and its verb, read from where the words stand.

People state who does what as SUBJECT VERB OBJECT, whatever their voice: "pet owners book
appointments through a website", "notaries submit transfers via an API", "the phone uploads
workouts to our sync API", "Veeam backs up the VMs", "trainers post schedules". When the verb is
a noun too ("book", "review", "file", "post", "search", "uploads") and its object is a bare
noun, or when the subject is a role the people lexicon does not list ("notaries", "drafters",
"polling stations"), the reader took the whole clause for one name ("Pet owners book
appointments") or lost the subject. This module reads the verb from its place instead of from a
word list:

- the run before the word opens its clause (the request's start, after ".", ",", ";", "and",
  "where", "which"..., articles and possessives between) and is at most three words long;
- the word can be a verb (lemminflect) agreeing with the run's last word as its subject: the
  base form after a plural, the "-s" form after a singular, a past form after either;
- what follows is where a verb's object stands: a determiner, a preposition, a particle
  ("backs *up* the VMs"), or a bare object of at most three words closed by what closes an
  object (a preposition, a list separator, a conjunction, the end of the clause).

A compound of the trade stays a name: a word that is itself a component head ("inverters
*feed*", "events *stream* processor") is left to the relation reader (after a role the people
lexicon lists it is a verb: "tenants *log* faults"), and a bare object that
ends in a component head ("logs search UI") makes a name unless a person (or an agent noun,
"drafters", "importers") is its subject. :func:`agent` is that agent-noun test: a role the
people lexicon lists, or a noun made from a verb by "-er"/"-or"/"-ist"/"-ant"/"-ent"
("drafter" from "draft", "coordinator" from "coordinate") that names no component kind.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas

from services.dsl.generation.phrase_verbs import agrees, verb_tags
from services.dsl.generation.phrase_vocab import (
    CLAUSE_END,
    LIST_SEP,
    NOT_VERBS,
    Vocabulary,
    readings,
    singular,
    word_set,
)

#: words that may stand between a clause opener and its subject ("and *the* couriers")
_LEADS = frozenset({"the", "our", "their", "its", "a", "an", "all", "each", "every", "some",
                    "most", "many", "any", "his", "her", "my", "your", "then", "also",
                    "basically", "usually", "typically", "normally", "now", "today", "currently",
                    "first", "finally", "later", "just", "only", "mostly", "often"})  # fmt: skip
#: words after which a run opens its clause
_OPENERS = frozenset({"", ".", ",", ";", ":", "!", "?", "and", "then", "where", "which", "while",
                      "when", "so", "also", "but", "-", "whereas", "who", "plus", "that",
                      "if", "once", "after", "before", "until"})  # fmt: skip
#: words that open a verb's object right after it
_OBJECT_OPEN = frozenset({"the", "a", "an", "each", "every", "its", "their", "them", "it", "our",
                          "any", "all", "his", "her", "my", "your", "this", "these", "those",
                          "some", "new", "incoming", "both", "one", "two", "three"})  # fmt: skip
#: prepositions (and adverbs of manner) that follow an intransitive verb or close an object
_CLOSERS = frozenset({"to", "into", "onto", "from", "in", "on", "through", "thru", "via", "with",
                      "over", "at", "across", "by", "for", "using", "online", "before", "after",
                      "when", "which", "that", "then", "and", "or", "while", "daily",
                      "nightly", "weekly", "monthly", "overnight", "directly", "automatically",
                      "->", "-->", "=>", "→"})  # fmt: skip
#: what goes on after a plural noun in a list or a flow, never after a verb
_LIST_GOES_ON = frozenset({"and", "or", "->", "-->", "=>", "→", "then", "which", "that", "when"})
#: particles of phrasal verbs ("back up", "kick off", "sign in")
_PARTICLES = frozenset({"up", "off", "out", "in", "back", "down"})
#: the longest bare object a verb carries
_OBJECT_WORDS = 3
#: the longest subject run
_SUBJECT_WORDS = 3
#: agent-noun endings and the verb stems they come from ("drafter" <- "draft")
_AGENT_ENDINGS = (("ers", "er"), ("ors", "or"), ("er", ""), ("or", ""), ("ist", ""), ("ant", ""),
                  ("ent", ""))  # fmt: skip


@lru_cache(maxsize=4096)
def _verb_stem(stem: str) -> bool:
    """Is `stem` (or `stem` + "e", "drafter"/"coordinator") a verb English knows?"""
    for candidate in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else ""):
        if candidate and len(candidate) >= 3 and getAllLemmas(candidate, upos="VERB"):
            return True
    return False


def agent(word: str, vocab: Vocabulary) -> bool:
    """A person or actor named by its role: listed among the people, or a noun made from a
    verb ("drafters", "importers", "coordinators") that names no component of the trade."""
    one = singular(word)
    if one in vocab.people:
        return True
    if not one.isalpha() or one in vocab.heads or one in word_set(vocab) or len(one) < 5:
        return False
    for ending, _ in _AGENT_ENDINGS:
        if one.endswith(ending) and _verb_stem(one[: -len(ending)]):
            return True
    return False


def _opens_clause(tokens: list[str], run: list[int]) -> bool:
    k = run[0] - 1
    while k >= 0 and tokens[k] in _LEADS:
        k -= 1
    return (tokens[k] if k >= 0 else "") in _OPENERS


def _object_closes(
    tokens: list[str], j: int, vocab: Vocabulary, person: bool, verb_only: bool
) -> bool:
    """A bare object of at most three words starts at `j` and something that closes an
    object follows it; an object ending in a component head needs a person as subject."""
    k = j
    while k < len(tokens) and k - j <= _OBJECT_WORDS:
        tok = tokens[k]
        if tok in CLAUSE_END or tok in LIST_SEP or tok in _CLOSERS or tok in ("(", "["):
            break
        if tok in vocab.stop and k > j:
            break
        k += 1
    else:
        if k < len(tokens):
            return False  # a long run: a name, or more than an object
    if k == j or k - j > _OBJECT_WORDS:
        return False
    if any(readings(t) == {"VERB"} for t in tokens[j : k + 1]):
        return False  # "telematics control unit sends to X": the verb comes later
    last = tokens[k - 1]
    # "events stream processor": a name ending in its head noun, unless a person acts
    headed = last in vocab.heads or singular(last) in vocab.heads
    return not headed or person or verb_only


def verb_width(
    tokens: list[str], originals: list[str], i: int, run: list[int], vocab: Vocabulary
) -> int:
    """How many tokens from tokens[i] make the verb of the run before it (the subject opening
    its clause, see the module docstring): 0 when it is no such verb, 2 with a particle that
    stands before the verb's object ("Veeam backs *up* the VMs")."""
    if not subject_verb(tokens, originals, i, run, vocab):
        return 0
    particle = i + 2 < len(tokens) and tokens[i + 1] in _PARTICLES
    return 2 if particle and tokens[i + 2] in _OBJECT_OPEN else 1


def subject_verb(
    tokens: list[str], originals: list[str], i: int, run: list[int], vocab: Vocabulary
) -> bool:
    """Is tokens[i] the verb of the run before it, the subject opening its clause (see the
    module docstring)?"""
    tok = tokens[i]
    if not run or run[-1] != i - 1 or len(run) > _SUBJECT_WORDS or i + 1 >= len(tokens):
        return False
    if not tok.isalpha() or len(tok) < 3 or tok in NOT_VERBS or tok in vocab.stop:
        return False
    if tok.endswith("ing") or "VERB" not in readings(tok):
        return False
    subject = tokens[run[-1]]
    listed = singular(subject) in vocab.people
    if tok in vocab.heads and not listed:
        return False  # "inverters feed SCADA": a word of the trade after a thing
    if subject in vocab.stop or not subject.isalpha() or not _opens_clause(tokens, run):
        return False
    if subject.endswith("ing"):
        return False  # "polling stations", "billing events": the gerund names the kind
    if re.fullmatch(r"[A-Z]{2,}s", originals[run[-1]]):  # "MPs", "PIs": a plural of capitals
        if not {"VB", "VBP", "VBD"} & verb_tags(tok) or tok.endswith("s"):
            return False
    elif not agrees(subject, originals[run[-1]], tok):
        return False
    elif (
        "VBD" in verb_tags(tok) and {"VB", "VBP"} & verb_tags(tok) and singular(subject) == subject
    ):
        return False  # "SSP bid reqs": a past form that is also the base form needs a plural
    nxt = tokens[i + 1]
    if "NOUN" in readings(tok) and tok.endswith("s") and _verb_next(nxt):
        return False  # "polling stations submit ...": the plural is the subject, not a verb
    # "the order service log ...": a component's own noun-verb is the relation reader's
    own = not listed and any(tokens[k] in vocab.heads for k in run) and "NOUN" in readings(tok)
    if own and not (tok.endswith("s") or nxt in _OBJECT_OPEN):
        return False
    if "NOUN" in readings(tok) and tok.endswith("s") and nxt in _LIST_GOES_ON:
        return False  # "Zigbee lights and door sensors", "weather stations -> MQTT"
    person = agent(subject, vocab)
    if nxt in _OBJECT_OPEN:
        return True
    if nxt in _CLOSERS or nxt in _PARTICLES:
        # no object: only a person or an agent acts on its own ("reviewers sign in via X");
        # "deals sync to HubSpot" is what flows
        return person
    nominal = "NOUN" in readings(tok) and (not person or tok.endswith("s"))
    if nxt in vocab.heads and (tok in vocab.heads or nominal):
        return False  # "drivers report service", "telematics control unit": a compound name
    return _object_closes(tokens, i + 1, vocab, person, "NOUN" not in readings(tok))


def _verb_next(word: str) -> bool:
    """A word English knows only as a verb in its base or past form ("submit", "sent")."""
    return bool({"VB", "VBP", "VBD"} & verb_tags(word)) and "NOUN" not in readings(word)
