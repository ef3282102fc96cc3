"""The create reader's vocabulary: tokens, number words, spelling correction, inflections.

``data/phrases.yaml`` gives the head nouns (and the KB category of an unknown component of
each), stop words, fillers and relation words; the knowledge base adds its multiword names
("load balancer"), which the reader never breaks up. Misspelt words are corrected towards the
vocabulary with rapidfuzz; relation verbs are read in every inflection (``verb_forms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import inflect
import yaml
from lemminflect import getAllInflections, getAllLemmas
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from services.dsl.generation.kb import DATA_DIR, KnowledgeBase

NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "dual": 2, "twin": 2, "pair": 2,
}  # fmt: skip
MAX_COUNT = 8
#: head nouns that make a phrase an application whatever kind its first words name
APP_HEADS = frozenset(
    {
        "api",
        "service",
        "microservice",
        "app",
        "application",
        "portal",
        "frontend",
        "ui",
        "website",
        "site",
        "bot",
        "svc",
    }
)
#: an application of a clause, and what it uses (the planner's role rules decide the rest)
HUB_CATEGORIES = frozenset({"service", "api", "function", "worker", "web", "etl", "ml", "realtime"})
USED_CATEGORIES = frozenset(
    {
        "database", "storage", "cache", "data_lake", "warehouse", "timeseries", "vector_db",
        "search", "queue", "stream", "payment", "email", "sms", "external", "llm",
    }
)  # fmt: skip
#: generic kinds a request names as a thing of their own, never as a payload ("sends email to")
NAMED_GENERIC = frozenset({"email", "sms", "payment", "notifications", "external", "idp"})
APP_CATEGORIES = frozenset(("api", "service", "web", "function", "realtime"))
LIST_ITEM_WORDS = 4
TOKEN = re.compile(
    r"<-+|←|->|-->|=>|→|[a-z0-9][a-z0-9.+#/_'-]*[a-z0-9+#]|[a-z0-9]|[,;:.!?()\[\]&+/]", re.I
)
DASH = re.compile(r"\s[-–—]+\s|[–—]")  # a spaced dash sets off list items like a comma
CLAUSE_END = {".", ";", "!", "?", ":"}
STATED = ("forward", "backward", "through")
PRONOUNS = {"it", "them", "everything", "all"}
QUANTIFIERS = {"all", "both"}
SUBJECTS = frozenset({"i", "we", "you", "they", "he", "she"})
SUBJECT_START = frozenset({",", "and", "then", "which", "that", "so"})
CONJUNCTIONS = {"and", "&", "+", "or", "plus"}
LIST_SEP = {",", "and", "&", "+", "/", "or", "plus", "also", "as", "well"}


@dataclass(frozen=True, eq=False)
class Vocabulary:
    heads: dict[str, str]  # head noun -> KB category
    people: frozenset[str]  # "driver app": a person's client app
    places: frozenset[str]  # "4 factories, each with ...": places holding components
    stop: frozenset[str]
    fillers: frozenset[str]
    forward: tuple[tuple[str, ...], ...]  # token sequences, longest first
    assoc: tuple[tuple[str, ...], ...]
    backward: tuple[tuple[str, ...], ...]
    through: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]  # every known word, for spelling correction
    kb_phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> multiword KB phrases
    #: words that name a component on their own: a product, or a kind people name as a
    #: thing rather than as what flows ("email", "sms")
    named: frozenset[str] = frozenset()
    #: countries and cities a request is set in ("a hospital in Kenya"): no component
    countries: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    heads = {str(w): cat for cat, words in raw["heads"].items() for w in words}
    rel = raw["relations"]

    def seqs(items: list[str]) -> tuple[tuple[str, ...], ...]:
        out = {tuple(str(i).split()) for i in items}
        out |= {(form, *seq[1:]) for seq in list(out) for form in verb_forms(seq[0])}
        out |= {(form, *seq[1:]) for seq in list(out) for form in lemma_forms(seq[0], len(seq))}
        return tuple(sorted(out, key=len, reverse=True))

    stop = {str(w) for w in raw["stop"]}
    known = set(heads) | stop | {str(w) for w in raw["words"]}
    multi: dict[str, list[tuple[str, ...]]] = {}
    named: set[str] = set()
    for kind in kb.kinds.values():
        for syn in kind.synonyms:
            parts = tuple(TOKEN.findall(syn))
            known.update(parts)
            if not kind.generic or kind.category in NAMED_GENERIC:
                named.update(p for p in parts if p not in stop)
            if len(parts) > 1:
                multi.setdefault(parts[0], []).append(parts)
    return Vocabulary(
        heads=heads,
        people=frozenset(str(w) for w in raw["people"]),
        places=frozenset(str(w) for w in raw["places"]),
        stop=frozenset(str(w) for w in raw["stop"]),
        fillers=frozenset(raw["fillers"]),
        forward=seqs(rel["forward"]),
        assoc=seqs(rel["assoc"]),
        backward=seqs(rel["backward"]),
        through=seqs(rel["through"]),
        # a misspelling is corrected to a word of the trade, never to a stop word
        words=tuple(sorted(w for w in known - stop if len(w) >= 4 and w.isalpha())),
        kb_phrases={k: tuple(sorted(v, key=len, reverse=True)) for k, v in multi.items()},
        named=frozenset(named),
        countries=frozenset(str(w) for w in raw.get("countries", ())),
    )


#: past forms the regular rules miss, for the relation verbs of ``phrases.yaml``
_IRREGULAR_PAST = {
    "send": ("sent",), "write": ("wrote", "written"), "feed": ("fed",), "read": ("read",),
    "go": ("went", "gone"), "hit": ("hit",), "put": ("put",), "run": ("ran",),
    "fan": ("fanned",), "ship": ("shipped",), "sit": ("sat",),
}  # fmt: skip
NOT_VERBS = frozenset({"to", "into", "onto", "then", "in", "on", "over", "with", "for", "from",
                        "through", "thru", "via", "behind", "by", "and", "fronting"})  # fmt: skip


@lru_cache(maxsize=1)
def _inflector() -> inflect.engine:
    return inflect.engine()


def verb_forms(word: str) -> tuple[str, ...]:
    """The inflected forms of a relation verb, so the lexicon reads "feeding", "fed",
    "sends", "is written to" as it reads "feed", "send", "write" (-> forms of the lemma);
    prepositions, arrows and already inflected words give nothing."""
    inflected = word.endswith(("s", "ing")) or (word.endswith("ed") and word not in _IRREGULAR_PAST)
    if word in NOT_VERBS or not word.isalpha() or inflected:
        return ()
    stem = word[:-1] if word.endswith("e") else word
    forms = {
        _inflector().present_participle(word),
        word + ("es" if word.endswith(("sh", "ch", "x", "o")) else "s"),
        stem + "ed" if not word.endswith("y") else word[:-1] + "ied",
        *_IRREGULAR_PAST.get(word, ()),
    }
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    # the lexicon's forms (irregular pasts, doubled consonants: "fanned", "sat", "ran")
    forms.update(f for fs in getAllInflections(word, upos="VERB").values() for f in fs)
    return tuple(sorted(f for f in forms if f and f != word))


def lemma_forms(word: str, size: int) -> tuple[str, ...]:
    """The other tenses of a relation verb the lexicon lists inflected ("feeds", "calls",
    "stored in"): its lemma's present and progressive forms ("feeding", "calling", "storing
    in"); past forms only before a preposition, since a lone participle also names ("a service
    called Foo"). The bare lemma is left out when English also reads it as a noun ("feed")."""
    if not word.isalpha() or word in NOT_VERBS or not word.endswith(("s", "ing", "ed")):
        return ()
    lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
    out: set[str] = set()
    for lemma in lemmas:
        if lemma == word:
            continue
        forms = getAllInflections(lemma, upos="VERB")
        keep = {"VBZ", "VBG"} | ({"VBD", "VBN", "VB", "VBP"} if size > 1 else set())
        out.update(f for tag, fs in forms.items() if tag in keep for f in fs)
        if size > 1 or "NOUN" not in readings(lemma):
            out.add(lemma)
    out.discard(word)
    return tuple(sorted(out))


@lru_cache(maxsize=16384)
def readings(word: str) -> frozenset[str]:
    """The parts of speech English gives `word` (lemminflect's lexicon): "NOUN", "VERB"..."""
    return frozenset(getAllLemmas(word))


def verb_only(word: str, vocab: Vocabulary) -> bool:
    """A word English uses only as a verb ("evaluates", "arrive", "enter", "computes"):
    it ends a noun phrase, so "a fraud service evaluates each payment" names the service,
    not "Fraud service evaluates". Words of the trade ("logs", "deploy") are never cut."""
    if len(word) < 3 or not word.isalpha() or word in vocab.heads or word in word_set(vocab):
        return False
    if singular(word) in vocab.people:
        return False  # "the vets look it up": a role English also reads as a verb ("to vet")
    if word.endswith("ing"):
        return False  # a gerund names an activity ("ticketing", "pricing")
    return _verb_only(word)


@lru_cache(maxsize=8192)
def _verb_only(word: str) -> bool:
    lemmas = readings(word)
    return "VERB" in lemmas and not ({"NOUN", "PROPN", "ADJ"} & lemmas)


def correct(word: str, vocab: Vocabulary) -> str:
    """`word`, or the vocabulary word it misspells ("databse" -> "database")."""
    if len(word) < 5 or not word.isalpha() or word in vocab.stop:
        return word
    return _correct(word, vocab)


@lru_cache(maxsize=4096)
def _correct(word: str, vocab: Vocabulary) -> str:
    if word in vocab.heads or word in word_set(vocab):
        return word
    if readings(word):
        return word  # an English word ("driver", "weather") is no misspelt trade word
    stem = singular(word)
    if stem != word and len(stem) >= 4 and _correct(stem, vocab) == stem:
        return word  # "scores" is the plural of a word, not a misspelt "scorer"
    cutoff = 85 if len(word) > 5 else 90  # "chart" is no misspelt "cart"
    best = process.extractOne(word, vocab.words, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None and len(word) >= 6:  # one swapped or wrong letter: "regoin", "kafak"
        swap = process.extractOne(word, vocab.words, scorer=OSA.distance, score_cutoff=1)
        if swap is not None and len(str(swap[0])) == len(word):
            best = swap
    if best is None or str(best[0]).startswith(word) or best[0][0] != word[0]:
        return word  # another form ("extract", "extractor") or word ("planner", "spanner")
    return str(best[0])


@lru_cache(maxsize=4)
def word_set(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(vocab.words)


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
