"""Where a verb stands between two component mentions, read from the grammar, not a word list.

The relation lexicon (``phrases.yaml``) knows the verbs of data flow ("calls", "writes to");
people also state a link with any other verb ("clients hit the API", "freelancers offer
services", "the adjuster reviews it") and with verbs that are nouns too ("Fluentd feeds
Elasticsearch", "researchers log in"). A word is read as the verb of the noun phrase before it
when it can be a verb (lemminflect), agrees with that noun as its subject (a singular noun or a
name before a third-person form, a plural noun before the base form, any noun before a past
form) and what follows opens an object: a determiner or pronoun, a proper name, a preposition.
A word of the trade ("feeds", "log", "file") needs the stronger sign; a word that is no part of
a component's name (a verb English also reads as a noun, "offer", "hire") the weaker one.

Such a verb is no relation word: its subject is drawn, but its own object (right after it,
determiners between at most) is a component only if it names one by itself ("clients hit the
API"; not "members renew their subscription"). A plural after "a"/"an" names a kind and has no
verb ("a members board").

A relative clause with its object before the verb ("Elasticsearch, which Kibana reads") is
recognised here too: the relative's subject links to the phrase before "which".
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas

from services.dsl.generation.phrase_vocab import (
    CLAUSE_END,
    LIST_SEP,
    NOT_VERBS,
    Vocabulary,
    readings,
    singular,
    word_set,
)

#: words that open a verb's object ("hit *the* API", "reviews *it*")
_DETERMINERS = frozenset({"the", "a", "an", "each", "every", "its", "their", "them", "it", "our",
                          "any", "all", "his", "her", "my", "your", "this", "these", "those",
                          "some", "incoming", "new"})  # fmt: skip
#: prepositions after an intransitive or phrasal verb ("log in", "pass through", "sign up")
_PREPOSITIONS = frozenset({"to", "into", "onto", "from", "in", "on", "through", "thru", "via",
                           "with", "over", "out", "up", "off", "at", "back", "across"})  # fmt: skip
#: particles of phrasal verbs ("log in", "sign up", "check out")
_PARTICLES = frozenset({"in", "up", "out", "on", "off"})
#: determiners of one thing: a plural noun after them modifies the noun after it
_ONE = frozenset({"a", "an", "each", "every", "another", "one"})
#: relative pronouns whose clause may carry its object first ("X, which Kibana reads")
RELATIVES = frozenset({"which", "that", "whom"})


@lru_cache(maxsize=8192)
def verb_tags(word: str) -> frozenset[str]:
    """The verb tags (VB, VBP, VBZ, VBD, VBN, VBG) `word` is a form of, over all its lemmas."""
    out: set[str] = set()
    for lemma in getAllLemmas(word, upos="VERB").get("VERB", ()):
        for tag, forms in getAllInflections(lemma, upos="VERB").items():
            if word in forms:
                out.add(tag)
    return frozenset(out)


def _plural(word: str, original: str) -> bool:
    """A plural noun ("clients", "pharmacies"), not a name ("Kubernetes") or a mass noun."""
    if not word.isalpha() or (original[:1].isupper() and original[1:].lower() != original[1:]):
        return False  # a possessive ("clinic's"), a product in its own capitals ("DynamoDB")
    return singular(word) != word and word.endswith("s")


def agrees(subject: str, original: str, verb: str) -> bool:
    """`verb` can be the verb of `subject` by its form: a third-person "-s" form after a
    singular noun or a name, the base form after a plural, a past form after either."""
    tags = verb_tags(verb)
    if not tags:
        return False
    plural = _plural(subject, original)
    if "VBZ" in tags and not plural:
        # an "-s" word that is also a plural noun ("offline downloads", "product reviews")
        # is a verb only where its object says so (see verb_after)
        return True
    if "VBD" in tags and verb not in ("used", "based", "managed", "hosted", "called", "named"):
        return True  # "Fluentd fed the index"; participles that name ("managed X") excluded
    return bool({"VBP", "VB"} & tags) and plural and not verb.endswith("ing")


def verb_after(
    tokens: list[str], originals: list[str], i: int, run: list[int], vocab: Vocabulary
) -> bool:
    """tokens[i] is the verb of the noun phrase `run` ends with (see the module docstring)."""
    tok = tokens[i]
    if not run or run[-1] != i - 1 or not tok.isalpha() or len(tok) < 3 or tok in NOT_VERBS:
        return False
    if "VERB" not in readings(tok):
        return False
    subject = run[-1]
    if tokens[subject] in vocab.stop or not agrees(tokens[subject], originals[subject], tok):
        return False
    if _plural(tokens[subject], originals[subject]) and run[0] > 0 and tokens[run[0] - 1] in _ONE:
        return False  # "a members board", "an artists showcase": the plural names the kind
    if {"VBZ", "VBD"} & verb_tags(tokens[subject]) and not originals[subject][:1].isupper():
        return False  # "(that) indexes content from X": the word before is the verb itself
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
    after = tokens[i + 2] if i + 2 < len(tokens) else "."
    nxt_original = originals[i + 1] if i + 1 < len(originals) else "."
    strong = nxt in _DETERMINERS or (nxt_original[:1].isupper() and nxt not in vocab.heads)
    strong = strong or nxt in vocab.named
    if "VBZ" in verb_tags(tok) and "NOUN" in readings(tok) and nxt in vocab.heads:
        return False  # "remote commands API", "user reviews service": a compound before its head
    if strong:
        return True
    if "VBZ" in verb_tags(tok) and "NOUN" in readings(tok):
        return False  # "offline downloads", "Zigbee lights": a plural noun as much as a verb
    if originals[subject][:1].isupper() and subject > 0 and "VBZ" in verb_tags(tok):
        return True  # "Kafka replicates to X": a product's own verb
    if tok in vocab.heads or tok in word_set(vocab):
        # a word of the trade is a verb only with a particle and no noun after it
        # ("researchers log in to X"), never "customers order from X"-ambiguous forms
        ends = _PREPOSITIONS | _DETERMINERS | CLAUSE_END | LIST_SEP
        return nxt in _PARTICLES and after in ends
    # a noun after the word makes a compound ("telematics control unit", "sales team
    # lives"); a preposition or the end of the clause make it a verb ("buyers browse and
    # purchase", "riders sign up with X")
    return nxt in _PREPOSITIONS or nxt in LIST_SEP or nxt in CLAUSE_END


def relative_object(tokens: list[str], run: list[int], end: int) -> bool:
    """ "X, which Kibana reads", "the queue that workers consume from": the run follows a
    relative pronoun and the verb ending at `end` has no object of its own."""
    k = run[0] - 1 if run else -1
    while k > 0 and tokens[k] in _DETERMINERS:
        k -= 1  # "which *the* billing worker consumes"
    if k < 0 or tokens[k] not in RELATIVES:
        return False
    nxt = tokens[end] if end < len(tokens) else "."
    return nxt in CLAUSE_END or nxt in LIST_SEP


def coordinated_verb(tokens: list[str], i: int, verb_at: int, vocab: Vocabulary) -> bool:
    """ "participants register and pay the fee": a second verb of the same subject, joined to
    the verb at `verb_at` by "and"/"or", its object after it."""
    tok = tokens[i]
    if verb_at != i - 2 or tokens[i - 1] not in ("and", "or") or not tok.isalpha():
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
    verbish = bool({"VB", "VBP", "VBZ", "VBD"} & verb_tags(tok))
    return verbish and tok not in vocab.heads and (nxt in _DETERMINERS or nxt in _PREPOSITIONS)


def direct_object(tokens: list[str], verb: int, start: int) -> bool:
    """The phrase at `start` is the object of the verb at `verb`: only determiners between."""
    return verb >= 0 and all(t in _DETERMINERS for t in tokens[verb + 1 : start])
