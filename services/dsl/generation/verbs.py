"""Verb classes: a verb the detectors have never seen is read as the plain verb of its class.

The detectors of :mod:`ops_parts`, :mod:`links` and :mod:`retire` know a few plain verbs
("remove", "swap", "migrate", "add", the sending verbs of ``links.FORWARD``). People use
many more ("deprecate the X", "the controller points it", "we substituted X with Y"), in any
tense and often misspelt ("swaped"). Each word is lemmatised (``lemminflect``, which knows
English inflection without a corpus), its lemma looked up in a class lexicon sized like a
thesaurus entry, and the word rewritten as the class's plain verb in the same inflection
("substituted" -> "swapped", "points" -> "signals"), so tense, which tells news from a
request, is kept. A word no dictionary knows is repaired to the nearest inflected verb of
the lexicon (``rapidfuzz``, one edit); a clause that starts with a short non-verb ("ad a
X", "mege A and B") has that word repaired to the nearest plain verb. Pure functions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas, getInflection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.generation.spelling import speller


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: class verb -> the lemmas read as it. The class verb is one the detectors know already; a
#: class whose verb they read in one form only ("remove") flattens every inflection to it.
CLASSES: dict[str, tuple[str, ...]] = {
    "remove": _words(
        "deprecate decommission retire eliminate erase purge discard scrap ditch axe nuke "
        "trash junk excise expunge obliterate abolish cull dismantle uninstall deprovision "
        "deregister offboard sunset wipe delete remove eradicate jettison"
    ),
    "swap": _words("swap exchange trade substitute supplant"),
    "migrate": _words("migrate port transition rehost replatform"),
    "add": _words(
        "add install provision incorporate onboard deploy introduce include insert append"
    ),
    # a verb of one component acting on another: the detectors read "signal" as sending
    "signal": _words(
        "point command control steer instruct inform message communicate interact "
        "drive order ask tell query notify contact consult ping poll invoke call"
    ),
}
_FLAT = {"remove"}
_OF: dict[str, str] = {lemma: verb for verb, lemmas in CLASSES.items() for lemma in lemmas}
#: a lemma kept as written (the detectors read its own forms better than the class verb's)
_KEEP = frozenset({"remove", "swap", "migrate", "add", "call", "ask", "tell", "notify", "poll"})
#: every inflected form of the lexicon's verbs, the targets of a typo repair
_FORMS = sorted(
    {
        form
        for lemma in _OF
        for forms in getAllInflections(lemma, upos="VERB").values()
        for form in forms
    }
    | {"merge", "merged", "split", "group", "rename", "renamed", "connect", "connected"}
)
#: every form a word may take when made plain (what a name's words may have been turned into)
PLAIN_FORMS = frozenset(
    form
    for verb in CLASSES
    for forms in getAllInflections(verb, upos="VERB").values()
    for form in forms
)
_BASE = sorted(set(_OF) | {"merge", "split", "group", "rename", "connect", "put", "move"})
#: short words that are not misspelt verbs at the start of a clause
_SHORT_OK = frozenset(
    _words(
        "a an the we i it so ok pls plz and but or also now then this that these those all any "
        "each both some no not our my your his her its their who what when how why can could "
        "would will shall may must do does did is are was were be has have had for from to in "
        "on at by of off out up with via per yes hey hi oh yo one two new old nb fyi btw imo "
        "as if like just only once than into onto"
    )
)


@lru_cache(maxsize=16384)
def _verb_lemma(word: str) -> str | None:
    lemmas = getAllLemmas(word).get("VERB")
    return lemmas[0] if lemmas else None


@lru_cache(maxsize=16384)
def _tag(word: str, lemma: str) -> str | None:
    for tag, forms in getAllInflections(lemma, upos="VERB").items():
        if word in forms:
            return tag
    return None


@lru_cache(maxsize=16384)
def plain(word: str) -> str:
    """`word` as the plain verb of its class in the same inflection (itself if none)."""
    lemma = _verb_lemma(word)
    if lemma is None or lemma not in _OF or lemma in _KEEP:
        return word
    verb = _OF[lemma]
    if verb in _FLAT:
        return verb
    tag = _tag(word, lemma)
    forms = getInflection(verb, tag=tag) if tag else None
    return forms[0] if forms else verb


@lru_cache(maxsize=16384)
def repair(word: str) -> str:
    """A word no dictionary knows, as the inflected lexicon verb one edit away ("swaped")."""
    if len(word) < 5 or _verb_lemma(word) or getAllLemmas(word):
        return word
    if speller().known([word]):
        return word  # a word of the dictionary the lemmatizer lacks ("notifier"): no typo
    hit = process.extractOne(word, _FORMS, scorer=OSA.distance, score_cutoff=1)
    return str(hit[0]) if hit else word


def repair_first(text: str) -> str:
    """ "ad a X", "mege A and B": a clause's first word that is no verb, one edit from one."""
    m = re.match(r"([a-z]{2,4})\b(?=\s)", text)
    if not m or m.group(1) in _SHORT_OK or _verb_lemma(m.group(1)):
        return text
    hit = process.extractOne(m.group(1), _BASE, scorer=OSA.distance, score_cutoff=1)
    return str(hit[0]) + text[m.end() :] if hit else text


#: what follows a word used as a verb ("exchange stripe for ...", "points it"), not as a noun
#: of a name ("the message queue", "an order service")
_OBJECT = re.compile(
    r"\s+(?:it|them|its|their|this|that|those|these|the|a|an|@\d+|qt\d+|to|from|with|out|off|"
    r"over|for|by|on|in|into|up|away|directly|also|too|now)\b|\s*(?:[,;.]|$)"
)


#: what stands before a word used as a verb: a subject, a modal, "to", a conjunction
_SUBJECT = re.compile(
    r"(?:^|[,;:—–]|@\d+|\b(?:it|they|that|which|who|we|i|you|should|must|can|could|will|would|"
    r"shall|may|might|to|also|then|and|please|pls|not|never|now|still|just|directly|"
    r"\w+ly))\s*$"
)


def _plain_at(text: str, w: re.Match[str]) -> str:
    word = repair(w.group(0))
    lemmas = getAllLemmas(word)
    if "VERB" not in lemmas or _verb_lemma(word) not in _OF:
        return word
    if set(lemmas) - {"VERB"}:
        # a word that is also a noun or adjective is a verb only between a subject and an
        # object ("the X orders it"), not in a name ("an order desk", "to orders api")
        before = text[: w.start()]
        base = word in getAllInflections(lemmas["VERB"][0], upos="VERB").get("VB", ())
        if not _OBJECT.match(text, w.end()) or not _SUBJECT.search(before):
            return word
        if re.search(r"\bto\s*$", before) and not base:
            return word
    return plain(word)


#: two small words written as one ("inbetween", "infront")
_JOINED = re.compile(r"\b(in|on|out|up|next)(between|front|to|side|of)\b", re.I)
_REAL = frozenset(("into", "onto", "inside", "outside", "upside"))


def split_joined(text: str) -> str:
    """ "inbetween" -> "in between": two small words written as one (a real word stays)."""
    return _JOINED.sub(
        lambda m: (
            m.group(0)
            if m.group(0).lower() in _REAL or getAllLemmas(m.group(0).lower())
            else f"{m.group(1)} {m.group(2)}"
        ),
        text,
    )


def plain_verbs(text: str) -> str:
    """Every verb of `text` (lower case) as its class's plain verb, misspelt ones repaired."""
    text = split_joined(repair_first(text))
    out = re.sub(r"\b[a-z]{3,}\b", lambda w: _plain_at(text, w), text)
    # "wipe out X", "strip off X": the particle of a flattened verb goes with it
    return re.sub(r"\bremove\s+(?:out|off|away)\b(?!\s+(?:of|from)\b)", "remove", out)
