"""What people do in an application, drawn as the part that lets them do it.

"readers can comment on articles" calls for a comments service, "members book classes in
the app" for bookings, "managers approve expenses" for approvals: a verb of the ``features:``
lexicon (``data/phrases.yaml``, lemma -> the name of its part) read as a verb, i.e. after
people ("members book"), a modal or "to" ("can comment", "able to review", "lets shoppers
rate") or "and" after such a verb ("comment and vote"). A feature the request already names
("a comments service", "booking api") is not added twice. Create path only.
"""

from __future__ import annotations

from functools import lru_cache

import yaml
from lemminflect import getAllLemmas

from services.dsl.generation.kb import DATA_DIR
from services.dsl.generation.phrase_mentions import Mention
from services.dsl.generation.phrase_vocab import DASH, TOKEN, singular

#: words after which a verb of the lexicon is what people do: modals, "to", "and"
_BEFORE_VERB = frozenset({"can", "could", "should", "will", "must", "may", "to", "and", "or"})
_DETERMINERS = frozenset(
    {"the", "a", "an", "their", "our", "my", "his", "her", "its", "your", "each", "every"}
)
_CLAUSE_END = frozenset({".", ";", "!", "?", ":"})
#: how far before the verb its people may stand ("members can also book")
_REACH = 3


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str]]:
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    features = {str(k): str(v) for k, v in raw["features"].items()}
    return features, frozenset(str(w) for w in raw["people"])


def _verb(tok: str) -> str | None:
    lemmas = getAllLemmas(tok).get("VERB", ())
    return lemmas[0] if lemmas else None


def _done_by_people(toks: list[str], k: int, people: frozenset[str]) -> bool:
    """The verb at k is something people do: people, a modal or "to" stand just before it
    (a determiner just before it makes it a noun: "when their order ships")."""
    if k > 0 and toks[k - 1] in _DETERMINERS:
        return False
    for j in range(k - 1, max(-1, k - 1 - _REACH), -1):
        tok = toks[j]
        if tok in _CLAUSE_END or tok == ",":
            return False
        if tok in _BEFORE_VERB or singular(tok) in people:
            return True
    return False


def feature_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """The parts the people's verbs call for that the request does not name otherwise."""
    features, people = _lexicon()
    toks = [t.lower() for t in TOKEN.findall(DASH.sub(" , ", text))]
    named = {singular(w) for m in mentions for w in m.words}
    clause, out, seen = 0, [], set()
    for k, tok in enumerate(toks):
        if tok in _CLAUSE_END:
            clause += 1
            continue
        lemma = _verb(tok) if tok.isalpha() else None
        if lemma not in features or lemma in seen:
            continue
        part = features[lemma]
        stem = part.split()[0].lower()
        if lemma in named or singular(stem) in named or not _done_by_people(toks, k, people):
            continue
        seen.add(lemma)
        words = tuple(part.lower().split())
        out.append(Mention(part, words, None, "service", clause, k, headed=True))
    return out
