"""Verbs of communication, and the direction of the link each states.

One lexicon for the create and the edit readers: the relation verbs of ``data/phrases.yaml``
(the create reader's ``relations``: "talks to", "writes into", "fed by"...) and the further
verbs of ``relation_verbs`` there ("embeds", "submits to", "receives from"), each read by its
lemma (``lemminflect``), so every tense and person is known ("embedded", "submitting"), and a
misspelt verb repaired to the nearest form of the lexicon (``rapidfuzz``, one edit: "recieves",
"sumbits"). :func:`direction` says which way a verb and the particle after it point: "A calls
B", "A writes to B", "A embeds B" go from A to B; "A receives from B", "A consumes B", "A is
called by B", "A gets X from B", "A reads from B" go from B to A. Pure functions.
"""

from __future__ import annotations

from functools import lru_cache

import yaml
from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.generation.kb import DATA_DIR

#: particles after a verb that make the named shape the source ("pulls from", "called by")
SOURCE_PARTICLES = frozenset({"from", "by"})
#: auxiliaries of a passive ("is called by X")
PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "gets", "get", "got"})


#: lemmas of the create reader's relation words that say no sending ("backed by", "fronts",
#: "fed" read as "fee"), or that an edit uses in other senses ("keep the cache", "put X in Y")
_NOT_SENDING = frozenset({"back", "front", "fee", "fan", "come", "on", "to", "in", "keep",
                          "place", "put"})  # fmt: skip


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(lemmas that send to their object, lemmas that receive from their object)."""
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out: set[str] = set()
    for phrase in raw["relations"]["forward"]:
        first = str(phrase).split()[0]
        out.update(lemma for lemma in _lemmas(first) if lemma not in _NOT_SENDING)
    extra = raw.get("relation_verbs", {})
    out.update(str(v) for v in extra.get("out", []))
    into = {str(v) for v in extra.get("in", [])}
    return frozenset(out - into), frozenset(into)


def _lemmas(word: str) -> tuple[str, ...]:
    return tuple(getAllLemmas(word).get("VERB", ()))


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    """Every inflected form of the lexicon's verbs -> its lemma (the targets of a repair)."""
    sends, takes = _lexicon()
    forms: dict[str, str] = {}
    for lemma in sends | takes:
        forms[lemma] = lemma
        # "text", "email": verbs lemminflect's lexicon knows as nouns only, inflected by rule
        known = getAllInflections(lemma, upos="VERB") or getAllInflectionsOOV(lemma, upos="VERB")
        for inflected in known.values():
            for form in inflected:
                forms.setdefault(form, lemma)
    return forms


@lru_cache(maxsize=16384)
def verb_lemma(word: str) -> str | None:
    """The lexicon lemma `word` is a form of ("submitting" -> submit, "recieves" ->
    receive), or None when it is no verb of communication."""
    word = word.lower()
    forms = _forms()
    if word in forms:
        return forms[word]
    for lemma in _lemmas(word):
        if lemma in forms:
            return lemma
    if len(word) < 5 or getAllLemmas(word):
        return None  # an English word of another kind is not a misspelt verb
    hit = process.extractOne(word, list(forms), scorer=OSA.distance, score_cutoff=1)
    return forms[str(hit[0])] if hit else None


def direction(lemma: str, after: list[str], before: list[str] | None = None) -> str:
    """ "out" (subject -> object) or "in" (object -> subject) for a verb of the lexicon,
    from the verb itself, the words after it up to its object (`after`: "from", "by"), and
    the words before it (`before`: a passive's "is", "gets")."""
    _, takes = _lexicon()
    particles = set(after)
    if particles & {"to", "into", "onto", "towards"} and not particles & SOURCE_PARTICLES:
        return "out"
    if "by" in particles and before and set(before[-2:]) & PASSIVE:
        return "in"  # "is called by X": X calls it
    if lemma in takes or particles & SOURCE_PARTICLES:
        return "in"
    return "out"
