"""A create request as clauses of content-word runs ("pieces").

Clauses split at sentence ends and ``:``. Inside a clause, relation words ("talks to", "->",
"behind", "through"...), list separators and stop words end a run; each run remembers what
ended the run before it (a relation, a list separator, a parenthesis), which is how the
relation reader (``phrases.read``) links the components the runs name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas

from services.dsl.generation.phrase_framing import (
    PREDICATES,
    WANTS,
    aim_marker,
    asking_verb,
    introduces_self,
    lead,
    payload_item,
    qualifies_frame,
    role_verb,
)
from services.dsl.generation.phrase_subjects import verb_width
from services.dsl.generation.phrase_verbs import (
    coordinated_verb,
    direct_object,
    relative_object,
    verb_after,
)
from services.dsl.generation.phrase_vocab import (
    CLAUSE_END,
    CONJUNCTIONS,
    DASH,
    LIST_SEP,
    NOT_VERBS,
    NUMBERS,
    PRONOUNS,
    QUANTIFIERS,
    SUBJECT_START,
    SUBJECTS,
    TOKEN,
    Vocabulary,
    correct,
    readings,
    singular,
    verb_only,
    word_set,
)


def starts(tokens: list[str], i: int, seqs: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest sequence of `seqs` starting at tokens[i] (0 if none)."""
    for s in seqs:
        if tuple(tokens[i : i + len(s)]) == s:
            return len(s)
    return 0


@dataclass
class Piece:
    """A maximal run of content words, with what ended the run before it."""

    words: list[str]
    originals: list[str]
    start: int
    before: str  # "list", "forward", "backward", "through", "stop", "clause", "paren"
    in_paren: bool
    after_pronoun: bool = False
    fan: bool = False  # an item of a fan-out: "two consumers: one for X, one writing to Y"
    shared: bool = False  # after "all"/"both": "A, B and C all run on D" (every item -> D)
    subject: bool = False  # after a subject "it" ("It publishes to X."): the component before
    coordinated: bool = False  # "it writes to A and calls B": B's source is the subject
    article: bool = False  # introduced by "a"/"an": a new thing ("..., a forecast for ...")
    opener: bool = False  # right after "with"/"including": a list of parts may begin here
    relative: bool = False  # "X, which Kibana reads": the subject of a relative, X its object
    plain: bool = False  # after a verb read by its grammar, not a relation word ("hit the API")
    prev: str = ""  # the token right before the run ("nothing" in "nothing fancy")
    frames: bool = False  # qualifies the picture asked for ("a reference architecture")
    payload: bool = False  # the fan-out is the clause subject's sending: "logs to Loki"
    place: bool = False  # after "at"/"on" (+ "the", "every"...): where the part before stands


#: words that open one branch of a fan-out ("one for alerts, another for audit")
FAN_WORDS = frozenset({"one", "another", "other"})


def _fan(tokens: list[str], i: int, vocab: Vocabulary) -> bool:
    """ "one for X", "another writing to Y", "the other for Z": a branch word at an item's
    start followed by a relation or function word, not by its noun ("one controller")."""
    if tokens[i] not in FAN_WORDS or i + 1 >= len(tokens):
        return False
    before = tokens[i - 1] if i > 0 else ":"
    if before not in LIST_SEP and before not in CLAUSE_END and before != "the":
        return False
    nxt = tokens[i + 1]
    rels = (*vocab.forward, *vocab.assoc, *vocab.backward, *vocab.through)
    return nxt in vocab.stop or bool(starts(tokens, i + 1, rels))


#: verbs between a list and its "all"/"both" ("A and B are all ...")
AUXILIARIES = frozenset({"are", "were", "will", "would", "should", "must", "can", "could", "do"})
#: arrows, relations whatever stands before them
ARROWS = frozenset({"->", "-->", "=>", "→", "<-", "<--", "<---", "←"})
#: words before which a one-word relation is a noun ("a reading", "the calls")
DETERMINERS = frozenset({"a", "an", "the", "each", "every", "per"})
#: shorthand people write for "with" / "without" ("feature store w/ redis")
_SHORTHAND = ((re.compile(r"\bw/o\b", re.I), " without "), (re.compile(r"\bw/", re.I), " with "))


def pieces(text: str, vocab: Vocabulary) -> list[list[Piece]]:
    """Clauses of content-word runs."""
    for pattern, word in _SHORTHAND:
        text = pattern.sub(word, text)
    originals = TOKEN.findall(DASH.sub(" , ", text))
    tokens = [correct(t.lower(), vocab) for t in originals]
    clauses: list[list[Piece]] = [[]]
    run: list[int] = []
    pending = "clause"
    paren = False
    pronoun = False
    fan = shared = subject = coordinated = relative = framing = payload = False
    verb_at = -1  # where the last verb read by its grammar stands

    def close(next_before: str) -> None:
        nonlocal run, pending, pronoun, fan, shared, subject, coordinated, relative, framing
        nonlocal payload
        if run:
            words = [tokens[k] for k in run]
            originals_ = [originals[k] for k in run]
            # a plain verb relates like "forward"; the piece remembers it was no relation word
            before = "forward" if pending == "verb" else pending
            piece = Piece(words, originals_, run[0], before, paren, pronoun, fan, shared)
            # only the verb's own object is plain ("admits them and they talk by video": the
            # video is no object of "admits")
            piece.plain = pending == "verb" and direct_object(tokens, verb_at, run[0])
            piece.subject, piece.coordinated = subject, coordinated
            piece.article = run[0] > 0 and tokens[run[0] - 1] in ("a", "an")
            piece.opener = run[0] > 0 and tokens[run[0] - 1] in _LIST_OPENERS
            piece.place = _placed(tokens, run[0])
            piece.relative = relative
            piece.prev = lead(tokens, run[0])
            last = clauses[-1][-1] if clauses[-1] else None
            joined = last is not None and last.start + len(last.words) == run[0] - 1
            if joined and last is not None and piece.prev in ("and", ",", "or"):
                piece.prev = (
                    last.prev if last.prev in PREDICATES else piece.prev
                )  # "legit and secure"
            piece.frames = framing or introduces_self(tokens, run[0])
            piece.payload = payload
            clauses[-1].append(piece)
            run = []
            # the verb of a relative with its object before it relates nothing after it
            pending = "stop" if relative else next_before
            pronoun = fan = shared = subject = coordinated = relative = framing = False
            payload = False
        elif rank(next_before) > rank(pending):
            pending = next_before

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in CLAUSE_END:
            close("clause")
            clauses.append([])
            pending = "clause"
            i += 1
            continue
        if tok in ("(", "["):
            close("paren")
            paren = True
            i += 1
            continue
        if tok in (")", "]"):
            close("list")
            paren = False
            i += 1
            continue
        if not run and payload_item(tokens, i, vocab):
            # "collectors ..., traces to Tempo, logs to Loki": what the subject sends where
            close("list")
            fan = payload = True
            i += 1
            continue
        n = starts(tokens, i, vocab.kb_phrases.get(tok, ()))
        if n:  # a phrase the knowledge base knows ("load balancer") is never broken up
            run.extend(range(i, i + n))
            i += n
            continue
        if aim_marker(tokens, i) or asking_verb(tokens, i, vocab):
            # "we want to launch ...", "Please produce a diagram": the request's own asking
            if run and tokens[run[-1]] in WANTS:
                run.pop()  # "we are hoping to ...": "hoping" is no name
            close("stop")
            i += 1
            continue
        n = starts(tokens, i, vocab.through)
        kind = "through"
        if not n:
            n, kind = starts(tokens, i, vocab.backward), "backward"
        if not n:
            n, kind = starts(tokens, i, vocab.forward), "forward"
        if not n:
            n, kind = starts(tokens, i, vocab.assoc), "assoc"
        plural_passive = False
        if not n and passive(tokens, i):
            n, kind = 2, "backward"  # "logs collected by a forwarder": the doer comes after
            # "A, B and C are collected by X": the plural verb makes the list its subject
            plural_passive = i > 0 and tokens[i - 1] in ("are", "were")
        noun = n == 1 and tok not in ARROWS and i > 0 and tokens[i - 1] in DETERMINERS
        # "Fluentd feeds Elasticsearch": a relation verb that is also a head noun, its subject
        # before it and its object after it, is the verb
        name_part = run and tok in vocab.heads and n == 1 and tok not in ARROWS
        name_part = name_part and not verb_after(tokens, originals, i, run, vocab)
        if n and not noun and not name_part:
            relative = kind != "through" and relative_object(tokens, run, i + n)
            close(kind)
            shared = shared or plural_passive
            # "... and calls B": a second verb of the same subject
            verb = tok.isalpha() and tok not in NOT_VERBS and kind != "assoc"
            coordinated = coordinated or (verb and i > 0 and tokens[i - 1] in ("and", "then"))
            i += n
            if verb and kind == "forward":
                i += _payload(tokens, i, vocab)  # "publishes order events to X": what flows
            continue
        if tok in LIST_SEP:
            close("and" if tok in CONJUNCTIONS else "list")
            i += 1
            continue
        if _name_goes_on(originals, run, i):  # "Spark Structured Streaming", "Fluent Bit"
            run.append(i)
            i += 1
            continue
        if tok[0].isdigit() and tok not in NUMBERS:  # a quantity and its unit ("1m dau")
            close("stop")
            unit = i + 1 < len(tokens) and tokens[i + 1] not in vocab.stop
            # "~1m meters", "500 kiosks": a great many things to draw once, not a unit
            i += 2 if unit and not _counted_things(tokens[i + 1], vocab) else 1
            continue
        if _fan(tokens, i, vocab):
            close("list")
            fan = True
            i += 1
            continue
        if tok in PRONOUNS:  # "put it behind a load balancer": "it" is the whole design
            # "A, B and C all write to D", "A, B, all on D"
            after_list = i > 0 and tokens[i - 1] in LIST_SEP
            # "A, B and C are all feeding D": an auxiliary between the list and "all"
            after_aux = i > 1 and tokens[i - 1] in AUXILIARIES and bool(clauses[-1])
            quantifier = tok in QUANTIFIERS and (bool(run) or after_list or after_aux)
            close("stop")
            shared = quantifier
            # "the ingest service, it publishes to X": a subject pronoun, the component before
            subject = _subject(tokens, i, vocab)
            pronoun = not quantifier and not subject
            i += 1
            continue
        if not run and coordinated_verb(tokens, i, verb_at, vocab):
            verb_at = i  # "... register and pay the fee": the object is still the subject's
            i += 1
            continue
        width = (
            1 if role_verb(tokens, i, run, vocab) else verb_width(tokens, originals, i, run, vocab)
        )
        if width:  # "judges review them", "notaries submit transfers via X": the subject's verb
            close("verb")
            verb_at = i + width - 1
            i += width
            if tokens[i] in ("them", "it") and starts(tokens, i + 1, vocab.assoc):
                i += 1  # "judges review them in the case system": the judges use it
            continue
        if tok not in vocab.stop and verb_after(tokens, originals, i, run, vocab):
            # "clients hit the API", "the adjuster reviews it": any verb of the phrase before
            # it states a link to its object; "connect via X", "sign in through Y": the
            # relation word after the verb states it
            rels = (*vocab.forward, *vocab.backward, *vocab.through)
            relative = relative_object(tokens, run, i + 1)
            close("stop" if starts(tokens, i + 1, rels) else "verb")
            verb_at = i
            i += 1
            continue
        known = tok in vocab.heads or tok in word_set(vocab)
        if i > 0 and tokens[i - 1] in SUBJECTS and not known and not n:
            close("stop")  # "we coach ...", "i run ...": the word after a subject is its verb
            i += 1
            continue
        participle = len(tok) > 5 and tok.endswith("ed") and tok not in word_set(vocab)
        if _list_item(tokens, i, vocab):  # "feed, stories, likes": a verb-like noun alone
            run.append(i)
            i += 1
            continue
        # a verb-only word ends the phrase ("the scorer computes ..."), unless the request
        # capitalised it mid-clause as a name
        first = i == 0 or tokens[i - 1] in CLAUSE_END
        modifier = i + 1 < len(tokens) and tokens[i + 1] in vocab.heads  # "redirect service"
        verb = verb_only(tok, vocab) and (originals[i].islower() or first) and not modifier
        verb = verb or _verb_after_head(tokens, i, run, vocab)
        known_run = any(starts(tokens, k, vocab.kb_phrases.get(tokens[k], ())) for k in run)
        known_run = known_run or any(tokens[k] in vocab.heads for k in run)
        # "a reference architecture", "a ground segment diagram": the picture's own words
        framing = framing or qualifies_frame(tok, run, known_run)
        if tok in vocab.stop or verb or (participle and tok not in vocab.heads):  # "memcached"
            if run and tok in vocab.heads:  # "event store": a head that is also a verb
                run.append(i)
                nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
                if nxt in vocab.heads and nxt not in vocab.stop:  # "news feed service"
                    i += 1
                    continue
            close("stop")
            i += 1
            skip = _payload(tokens, i, vocab) if _sends(tok, vocab) else 0
            if skip:  # "... and publish settlement events to X": the subject's second verb
                coordinated = coordinated or (i > 1 and tokens[i - 2] in ("and", "then"))
                i += skip
            continue
        run.append(i)
        i += 1
    close("clause")
    return [c for c in clauses if c]


def _name_goes_on(originals: list[str], run: list[int], i: int) -> bool:
    """A capitalised word right after a capitalised word of the run goes on the same proper
    name ("Spark Structured Streaming", "Fluent Bit", "Azure Event Hubs"): a product's name is
    never cut at a word that would end a common noun phrase (a participle, a stop word)."""
    if not run or run[-1] != i - 1:
        return False
    word, before = originals[i], originals[i - 1]
    if not word[:1].isupper() or not before[:1].isupper() or word in ("I", "A"):
        return False
    return word.replace("-", "").replace(".", "").isalnum()


#: the prepositions that end a sending verb's object: "writes <object> to|into|from X"
_OBJECT_END = frozenset({"to", "into", "onto", "from", "->", "-->", "=>", "→"})
#: head categories of an object that is a component itself ("calls the fraud service to ...")
_COMPONENT_HEADS = frozenset({"service", "web", "client", "external", "idp"})
#: the longest object a sending verb carries before its preposition
_PAYLOAD_WORDS = 4


def _sends(tok: str, vocab: Vocabulary) -> bool:
    """A verb that sends something somewhere ("write", "publish"): a relation of the lexicon
    whose verb is followed by a preposition ("write to", "publish into")."""
    return tok.isalpha() and any(
        len(seq) == 2 and seq[0] == tok and seq[1] in _OBJECT_END for seq in vocab.forward
    )


def _payload(tokens: list[str], j: int, vocab: Vocabulary) -> int:
    """How many tokens after a sending verb are what it sends, not a component: "writes every
    transaction to X", "publishes settlement events to Y", "pulls the files from Z". The
    object runs up to a preposition that names the far end; an object that names a product
    or ends in a component's head noun ("calls the fraud service to ...") is kept."""
    for k in range(j, min(j + _PAYLOAD_WORDS + 1, len(tokens))):
        tok = tokens[k]
        if tok in _OBJECT_END:
            words = [t for t in tokens[j:k] if t not in vocab.stop]
            if not words or any(w in vocab.named for w in words):
                return 0
            if vocab.heads.get(words[-1]) in _COMPONENT_HEADS:
                return 0
            return k - j
        if tok in LIST_SEP or tok in CLAUSE_END or tok in ("(", "[") or tok in vocab.kb_phrases:
            return 0
    return 0


#: words that open a verb's object ("the scorer tallies *the* votes")
OBJECT_START = frozenset({"the", "a", "an", "each", "every", "its", "their", "all", "them", "it",
                          "our", "any", "incoming", "new"})  # fmt: skip


def _verb_after_head(tokens: list[str], i: int, run: list[int], vocab: Vocabulary) -> bool:
    """A third-person verb after a component's head noun, its object following ("the score
    service tallies the votes"): "tallies" is a noun too, but not in that place."""
    tok = tokens[i]
    if not run or tokens[run[-1]] not in vocab.heads or not tok.endswith("s") or len(tok) < 4:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
    return nxt in OBJECT_START and "VERB" in readings(tok)


def _subject(tokens: list[str], i: int, vocab: Vocabulary) -> bool:
    """ "..., it publishes to X": a pronoun starting a clause, a relation right after it."""
    starting = SUBJECT_START | CLAUSE_END  # "... . It publishes to X": across sentences
    if tokens[i] != "it" or (i > 0 and tokens[i - 1] not in starting):
        return False
    rels = (*vocab.forward, *vocab.backward, *vocab.through)
    return any(starts(tokens, j, rels) for j in (i + 1, i + 2) if j < len(tokens))


_NOT_ITEMS = frozenset(
    {"also", "then", "well", "etc", "more", "less", "only", "just", "please", "thanks", "with"}
)


def _list_item(tokens: list[str], i: int, vocab: Vocabulary) -> bool:
    """A stop word standing alone between list separators is a list item ("posts, likes,")."""
    tok = tokens[i]
    if tok not in vocab.stop or len(tok) < 4 or not tok.isalpha() or tok in _NOT_ITEMS:
        return False
    before = tokens[i - 1] if i > 0 else ":"
    after = tokens[i + 1] if i + 1 < len(tokens) else "."
    ends = LIST_SEP | CLAUSE_END
    # "a clone with feed, stories": "with" opens a list as a separator does
    return (before in ends or before in _LIST_OPENERS) and after in ends


#: words after which a list of parts begins ("an app with feed, likes")
_LIST_OPENERS = frozenset({"with", "including", "featuring"})
#: the words that set where a part stands ("displays at the stops", "locks on the docks")
_PLACE_WORDS = frozenset({"at", "on"})
_PLACE_DETERMINERS = frozenset({"the", "a", "an", "each", "every", "all", "our", "their"})


def _placed(tokens: list[str], start: int) -> bool:
    """Does the run at `start` follow "at"/"on" and a determiner or none ("at the stops")?"""
    j = start - 1
    while j >= 0 and tokens[j] in _PLACE_DETERMINERS:
        j -= 1
    return j >= 0 and tokens[j] in _PLACE_WORDS


def passive(tokens: list[str], i: int) -> bool:
    """ "X is normalised by Y", "rated by", "collected by": a past participle of any verb
    followed by "by" names the doer after it ("by SMS", "by HL7" with no participle are a
    means, not a relation)."""
    if i + 1 >= len(tokens) or tokens[i + 1] != "by":
        return False
    tok = tokens[i]
    if not tok.isalpha() or len(tok) < 3 or tok in NOT_VERBS:
        return False
    return tok in _participles(tok)


@lru_cache(maxsize=4096)
def _participles(tok: str) -> frozenset[str]:
    """The past participles of the verbs `tok` may be a form of."""
    lemmas = getAllLemmas(tok, upos="VERB").get("VERB", ())
    if not lemmas and tok.endswith("ed") and not readings(tok):
        return frozenset({tok})  # a verb English's lexicon lacks ("normalised", "geocoded")
    out: set[str] = set()
    for lemma in lemmas:
        forms = getAllInflections(lemma, upos="VERB")
        out.update(forms.get("VBN", forms.get("VBD", ())))
    return frozenset(out)


def rank(before: str) -> int:
    return {"stop": 0, "list": 1, "and": 1, "clause": 1, "paren": 2, "assoc": 3, "forward": 3,
            "verb": 3, "backward": 3, "through": 4}.get(before, 0)  # fmt: skip


#: what flows or is measured, never a thing to draw, after a large quantity ("1m events")
_FLOWING = frozenset({"event", "message", "request", "record", "row", "transaction", "call"})


def _counted_things(tok: str, vocab: Vocabulary) -> bool:
    """The noun after a large quantity names parts ("~1m meters", "500 kiosks"), not a unit
    or people ("1m dau", "10k users")."""
    one = singular(tok)
    if not tok.isalpha() or one in vocab.people or one in _FLOWING or tok == one:
        return False
    return one in vocab.heads or tok in vocab.heads or tok in word_set(vocab)
