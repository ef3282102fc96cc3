"""Link the noun phrases of an edit request to the shapes of the diagram they name.

Words are compared in a canonical form, the same on both sides: lower case, abbreviations
spelt out (``db`` -> database, ``svc`` -> service, ``lb`` -> load balancer), plurals made
singular (``inflect``), and a word that is neither English nor in the diagram repaired to the
nearest word of the diagram (``rapidfuzz``, one or two edits), so "colector" finds the
Collector. A span of words names a shape by its whole label or id (best), by a subset of its
words ("the fulfilment worker", "triton"), or by the kind the knowledge base gives it ("the
database" finds "Orders DB"). Spans are taken longest first, left to right.

A mention says whether it is collective ("both caches", "all three services", "every
lambda", a plural): then all its shapes are meant; otherwise several shapes make it ambiguous
and the caller asks which one. Pure functions over the compiled diagram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import inflect
from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation import phrase_fit
from services.dsl.generation.kb import KnowledgeBase
from services.dsl.generation.refs import shape_kind
from services.dsl.generation.relation_words import verb_lemma
from services.dsl.generation.spelling import speller

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "db": ("database",),
    "svc": ("service",),
    "srv": ("service",),
    "lb": ("load", "balancer"),
    "gw": ("gateway",),
    "mgr": ("manager",),
    "k8s": ("kubernetes",),
    "fn": ("function",),
    "func": ("function",),
    "repo": ("repository",),
    "env": ("environment",),
    "nb": ("notebook",),
    "msg": ("message",),
    "q": ("queue",),
    "cf": ("cloudflare",),
    "psp": ("payment",),
    "infra": ("infrastructure",),
    "lib": ("library",),
    "mq": ("mq",),
    "application": ("app",),
    "storage": ("store",),
    "datastore": ("store",),
}
#: words that never start, end or make up a mention on their own
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "from",
        "in",
        "into",
        "inside",
        "within",
        "on",
        "onto",
        "for",
        "with",
        "by",
        "via",
        "through",
        "thru",
        "at",
        "as",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "it",
        "its",
        "it's",
        "them",
        "they",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "my",
        "me",
        "please",
        "pls",
        "can",
        "could",
        "would",
        "should",
        "must",
        "shall",
        "will",
        "may",
        "might",
        "also",
        "too",
        "as",
        "well",
        "now",
        "new",
        "directly",
        "direct",
        "just",
        "only",
        "both",
        "all",
        "every",
        "each",
        "any",
        "some",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "other",
        "another",
        "same",
        "own",
        "so",
        "not",
        "no",
        "more",
        "anymore",
        "longer",
        "than",
        "then",
        "but",
        "keep",
        "keeping",
        "while",
        "which",
        "who",
        "what",
        "where",
        "when",
        "up",
        "down",
        "out",
        "off",
        "over",
        "back",
        "between",
        "behind",
        "front",
        "after",
        "before",
        "instead",
        "way",
        "real",
        "time",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "get",
        "gets",
        "got",
        "need",
        "needs",
        "needed",
        "make",
        "made",
        "let",
        "lets",
        "want",
        "like",
    ]
)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
COLLECTIVE = frozenset(["both", "all", "every", "each", *NUMBERS])
#: a container said with no name ("the box"): the container the clause before named
_BOX_WORDS = frozenset(["box", "group", "grouping", "container", "zone", "frame", "boundary"])
#: "right now", "right away", "just now": two words of time, never a shape's name
_ADVERB_HEADS = frozenset(["right", "just"])
_ADVERB_TAILS = frozenset(["now", "away", "today", "currently"])
PRONOUNS = frozenset(["it", "them", "they", "this", "that", "these", "those", "its"])
_TOKEN = re.compile(r"@\d+|[a-z0-9]+(?:[.\-][a-z0-9]+)*")

_inflect = inflect.engine()


@lru_cache(maxsize=16384)
def singular(word: str) -> tuple[str, bool]:
    """(singular form, was plural) of one lower-case word."""
    if len(word) < 4 or not word.isalpha() or word.endswith(("ss", "us", "is", "ys")):
        return word, False
    one = _inflect.singular_noun(word)
    return (one, True) if isinstance(one, str) and one else (word, False)


@lru_cache(maxsize=16384)
def canon(word: str) -> tuple[tuple[str, ...], bool]:
    """The canonical words of one token, and whether it was a plural."""
    word = word.lower()
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word], False
    one, plural = singular(word)
    if one in ABBREVIATIONS:
        return ABBREVIATIONS[one], plural
    if word.endswith("s") and word[:-1] in ABBREVIATIONS:
        # "dbs", "svcs": an abbreviation's plural (too short for the inflect engine)
        return ABBREVIATIONS[word[:-1]], True
    return (one,), plural


def words_of(text: str) -> list[str]:
    return [w for t in _TOKEN.findall(text.lower().replace("_", " ")) for w in canon(t)[0]]


@dataclass
class Named:
    """The canonical names of one shape."""

    shape: Shape
    full: list[tuple[str, ...]]  # label, then id
    words: set[str]
    kind: str | None
    category: str | None


@dataclass
class Index:
    shapes: list[Named]
    vocab: list[str]
    #: initials of a label or id of several content words -> the shapes they abbreviate
    initials: dict[str, list[Shape]] = field(default_factory=dict)

    @property
    def vocab_set(self) -> frozenset[str]:
        return frozenset(self.vocab)


_INDEX: dict[str, Index] = {}
_KINDS: dict[tuple[str, str], Any] = {}


def _kind_of(kb: KnowledgeBase, s: Shape) -> Any:
    """``shape_kind``, remembered per (label, name): an edit changes few shapes."""
    key = (s.label, s.name)
    if key not in _KINDS:
        if len(_KINDS) > 4096:
            _KINDS.clear()
        _KINDS[key] = shape_kind(kb, s)
    return _KINDS[key]


def index(kb: KnowledgeBase, diagram: Diagram, key: str) -> Index:
    """The names of every shape of `diagram` (cached per D2 text `key`)."""
    found = _INDEX.get(key)
    if found is not None:
        return found
    named = []
    vocab: set[str] = set()
    for s in diagram.shapes:
        label = tuple(words_of(s.label))
        name = tuple(words_of(s.name))
        kind = _kind_of(kb, s)
        words = set(label) | set(name)
        # "Booking-cmd" is named "the cmd" too: the parts of a hyphenated word
        words |= {p for w in words if "-" in w for p in w.split("-") if len(p) > 1}
        vocab |= words
        named.append(
            Named(
                s, [label, name], words, kind.id if kind else None, kind.category if kind else None
            )
        )
    initials: dict[str, list[Shape]] = {}
    for s in diagram.shapes:
        for short in {*initials_of(s.label), *initials_of(s.name)}:
            initials.setdefault(short, []).append(s)
    if len(_INDEX) > 64:
        _INDEX.clear()
    _INDEX[key] = Index(named, sorted(vocab), initials)
    return _INDEX[key]


#: little words a label's initials leave out ("Record of Audit Events" is the RAE)
_NOT_INITIALED = frozenset(["of", "and", "the", "for", "to", "a", "an", "in", "on", "&"])


def initials_of(name: str) -> list[str]:
    """The initials of the content words of a label or id ("Lab Information System": "lis",
    ``content_management_service``: "cms"), also without the last word ("Electronic Health
    Record Core" is the EHR); none for fewer than two words."""
    words = re.sub(r"\([^)]*\)", " ", name).replace("_", " ").replace("-", " ").lower().split()
    content = [w for w in words if w not in _NOT_INITIALED and w[0].isalnum()]
    whole = "".join(w[0] for w in content)
    return [whole[:n] for n in (len(whole), len(whole) - 1) if n >= 2 and len(whole) >= 2]


def by_initials(ix: Index, written: str) -> list[Shape]:
    """The one shape a token written as initials names ("EHR", "cms"), or none: the initials
    must belong to a single shape, and written in lower case they must be no English word
    ("lis" is one; "LIS" in capitals is meant as initials)."""
    word = written.lower()
    if not (2 <= len(word) <= 5 and word.isalpha()) or word in STOP or word in PRONOUNS:
        return []
    if not written.isupper() and (len(word) < 3 or speller().known([word])):
        return []
    shapes = ix.initials.get(word, [])
    return shapes if len(shapes) == 1 else []


def repair(word: str, ix: Index) -> str:
    """A misspelt word of the diagram's vocabulary ("elasticserach") as the diagram spells it;
    a hyphenated one ("projct-service") part by part, when that spells a word of the diagram."""
    if "-" in word and word not in ix.vocab_set:
        whole = "-".join(repair(p, ix) for p in word.split("-"))
        return whole if whole in ix.vocab_set else word
    if len(word) < 5 or not word.isalpha() or word in ix.vocab_set or word in STOP:
        return word
    if speller().known([word]):
        return word
    limit = 1 if len(word) <= 6 else 2
    hit = process.extractOne(word, ix.vocab, scorer=OSA.distance, score_cutoff=limit)
    return hit[0] if hit else word


@dataclass
class Mention:
    start: int  # token positions in the clause
    end: int
    text: str
    shapes: list[Shape]
    collective: bool = False
    count: int | None = None
    pronoun: bool = False
    tier: int = 3
    ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ids = [s.id for s in self.shapes]

    @property
    def ambiguous(self) -> bool:
        return len(self.shapes) > 1 and not self.collective


def _match(
    kb: KnowledgeBase, ix: Index, words: tuple[str, ...], raw: str
) -> tuple[list[Shape], int]:
    """The shapes a span of canonical words names, best tier only, and the tier (3: a whole
    label, 2: a whole id or some of a shape's words, 1: its kind)."""
    if not words:
        return [], 0
    exact = [n.shape for n in ix.shapes if words == n.full[0]]
    if exact:
        return exact, 3
    if any(w in STOP for w in words):
        return [], 0
    glued = _glued(ix, raw)
    if glued:
        return glued, 2
    subset = [n.shape for n in ix.shapes if set(words) <= n.words]
    by_id = [n.shape for n in ix.shapes if words in n.full]
    if len(by_id) == 1 and len(subset) > 1:
        # "the cms": the shape whose id it is and whose label it heads ("Headless CMS"), not
        # the one it only qualifies ("CMS Postgres")
        heads = [s for s in subset if _head(s.label) == words[-1]]
        if heads == by_id:
            return by_id, 2
    if subset and (len(words) > 1 or words[0] not in VERBISH):
        found = list({s.id: s for s in [*by_id, *subset]}.values())
        kind = kb.kind_for(raw) if len(words) == 1 else None
        if (
            kind is not None
            and kind.generic
            and kind.category == kind.cls
            and words[0] in (kind.id, kind.category)
        ):
            # "the database" names Oracle DB by its words and Azure SQL by its kind: both
            found += [s for s in _of_kind(ix, kind) if s.id not in {f.id for f in found}]
        return found, 2
    if by_id:
        return by_id, 2
    if len(words) > 1 and (head := kb.kind_for(words[-1])) is not None:
        # "the booking queue" for booking-events: the words before the kind name one
        # shape of that kind (the other "booking" shapes are no queue)
        some = [n.shape for n in ix.shapes if set(words[:-1]) <= n.words]
        drawn = {s.id for s in _of_kind(ix, head)}
        narrowed = [s for s in some if s.id in drawn or s.shape == DRAWN.get(head.cls, "-")]
        if len(narrowed) == 1:
            return narrowed, 2
    kind = kb.kind_for(raw) or kb.kind_for(" ".join(words))
    if kind is not None:
        return _of_kind(ix, kind), 1
    return [], 0


def _noun_subject(tokens: list[str], i: int) -> bool:
    """A word of :data:`VERBISH` opening a predicate ("query reads it", "the write calls
    X"): followed by a verb in its third person, it is a subject, so a name."""
    if tokens[i] not in VERBISH or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return (
        (i == 0 or tokens[i - 1] in ("the", "and", "then"))
        and nxt.endswith("s")
        and bool(verb_lemma(nxt))
    )


def _written_id(
    ix: Index, text: str, found: list[re.Match[str]], i: int
) -> tuple[int, list[Shape]] | None:
    """The tokens from `i` joined by underscores as one word ("vehicles_db", "ingest_q"),
    when that word is a shape's own id (the end of its path): the span and that shape.
    The tokenizer splits at "_", so without this "vehicles_db" reads as "vehicles" and
    "db" and every database becomes a candidate."""
    k = i
    while k + 1 < len(found) and text[found[k].end() : found[k + 1].start()] == "_":
        k += 1
    for end in range(k, i, -1):
        word = text[found[i].start() : found[end].end()].lower()
        shapes = [n.shape for n in ix.shapes if n.shape.name.lower() == word]
        if len(shapes) == 1:
            return end + 1, shapes
    return None


def _ampersand(ix: Index, span: tuple[str, ...]) -> list[Shape]:
    """The shapes whose label joins words with "&" and is the span whole ("billing and crm"
    for "Billing & CRM"; the label's words leave the "&" out)."""
    words = tuple(w for w in span if w not in ("and", "&"))
    return [n.shape for n in ix.shapes if "&" in n.shape.label and words == n.full[0]]


def _drawn_as_kind(kb: KnowledgeBase, ix: Index, m: Mention) -> None:
    """ "every database": also each shape drawn as one (a cylinder) whatever its name says
    ("Recipe Vault" drawn as a cylinder is one of the databases)."""
    kind = kb.kind_for(m.text.split()[-1])
    if kind is None or not kind.generic or kind.cls not in DRAWN or kind.category != kind.cls:
        return
    ids = {s.id for s in m.shapes}
    more = [
        n.shape
        for n in ix.shapes
        if n.shape.shape == DRAWN[kind.cls] and not n.shape.children and n.shape.id not in ids
    ]
    m.shapes = [*m.shapes, *more]
    m.ids = [s.id for s in m.shapes]


def _one_of_many(kb: KnowledgeBase, ix: Index, shapes: list[Shape], raw: str) -> list[Shape]:
    """ "the db" naming a box labelled "Databases": one of the databases it holds (which one,
    the caller asks), not the box; a plural label names its members' kind."""
    if len(shapes) != 1 or not shapes[0].children:
        return shapes
    label = shapes[0].label.split()
    kind = kb.kind_for(raw)
    if not label or not singular(label[-1].lower())[1] or kind is None or not kind.generic:
        return shapes
    held = [s for s in _of_kind(ix, kind) if s.id.startswith(shapes[0].id + ".")]
    return held or shapes


def _glued(ix: Index, raw: str) -> list[Shape]:
    """The shapes whose id is the span written as one word: "rx db" names ``rxdb``, "order
    svc" ``ordersvc`` (ids glue the short forms a label spells out)."""
    parts = raw.split()
    if len(parts) < 2:
        return []
    glued = "".join(parts)
    return [n.shape for n in ix.shapes if n.shape.name.lower().replace("_", "") == glued]


#: the D2 shape a generic kind is drawn with when nothing else tells a shape's kind
DRAWN = {"client": "person", "database": "cylinder", "queue": "queue"}


def _of_kind(ix: Index, kind: Any) -> list[Shape]:
    same = [n.shape for n in ix.shapes if n.kind == kind.id]
    same = same or [n.shape for n in ix.shapes if n.category == kind.category]
    if not same and kind.generic and kind.cls != "process":
        same = [n.shape for n in ix.shapes if kind.cls in n.shape.classes]
    if kind.generic and kind.cls in DRAWN and kind.category == kind.cls:
        # a shape drawn as that kind is one ("Archive" drawn as a cylinder is a database)
        ids = {s.id for s in same}
        same += [
            n.shape
            for n in ix.shapes
            if n.shape.shape == DRAWN[kind.cls] and n.kind is None and n.shape.id not in ids
        ]
    return same


def _head(label: str) -> str:
    """The last word of a label, without what it adds in parentheses."""
    ws = words_of(re.sub(r"\([^)]*\)", " ", label))
    return ws[-1] if ws else ""


#: words that also name shapes ("Write API") but in a request are mostly verbs
VERBISH = frozenset(
    [
        "add",
        "remove",
        "call",
        "read",
        "write",
        "send",
        "push",
        "pull",
        "query",
        "scrape",
        "fetch",
        "route",
        "sync",
        "run",
        "use",
        "go",
        "label",
        "name",
        "move",
        "put",
        "connect",
        "link",
        "split",
        "merge",
        "group",
        "box",
        "hook",
        "feed",
        "forward",
    ]
)


def scan(
    kb: KnowledgeBase,
    diagram: Diagram,
    key: str,
    text: str,
    context: list[Shape] | None = None,
    quotes: tuple[str, ...] = (),
) -> tuple[list[re.Match[str]], list[Mention]]:
    """The tokens of `text` and the mentions of shapes among them, left to right.

    `context`: what "it"/"them" refer to (the shapes the previous clause touched)."""
    ix = index(kb, diagram, key)
    found = list(_TOKEN.finditer(text.lower()))
    tokens = [m.group(0) for m in found]
    canon_tokens: list[tuple[str, ...]] = []
    plural: list[bool] = []
    for t in tokens:
        ws, pl = canon(t)
        fixed = tuple(repair(w, ix) for w in ws)
        if len(fixed) == 1 and "-" in fixed[0] and fixed[0] not in ix.vocab_set:
            # "patiens-db" for "Patients DB": the parts, each put right, when the diagram
            # knows every one of them
            parts = tuple(repair(w, ix) for p in fixed[0].split("-") for w in canon(p)[0])
            fixed = parts if all(w in ix.vocab_set for w in parts) else fixed
        canon_tokens.append(fixed)
        plural.append(pl)
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        listed = _antecedents(text, found, out) if tok in PLURAL_PRONOUNS else []
        if listed:
            # "the A and the B are one deployable now, merge them": the list before it
            out.append(Mention(i, i + 1, tok, listed, collective=True, pronoun=True))
            i += 1
            continue
        if (
            tok in ("both", "each")
            and context
            and len(context) >= 2
            and i == 0
            and i + 1 < len(tokens)
            and tokens[i + 1] in _BOTH_THEN
        ):
            # "both should go through X" opening a clause: the two things just touched
            out.append(Mention(i, i + 1, tok, list(context), collective=True, pronoun=True))
            i += 1
            continue
        boxes = [s for s in context or [] if s.children]
        if (
            tok in _BOX_WORDS
            and tok not in ix.vocab_set
            and boxes
            and i > 0
            and tokens[i - 1] in ("the", "that", "this")
        ):
            # "the In-Venue box doesn't add much. get rid of the box": the box just named
            out.append(Mention(i, i + 1, tok, boxes[-1:], collective=True, pronoun=True))
            i += 1
            continue
        if tok in PRONOUNS and context and (tok != "that" or _pronoun_that(tokens, i)):
            shapes = context if tok in ("them", "they", "these", "those") else context[-1:]
            if len(shapes) > 1:
                # "them" after "put A and B in a new box": the two, not the box around them
                shapes = [s for s in shapes if not any(o.parent == s.id for o in shapes)]
            out.append(Mention(i, i + 1, tok, list(shapes), collective=True, pronoun=True))
            i += 1
            continue
        q = re.fullmatch(r"qt(\d+)", tok)
        if q and int(q.group(1)) < len(quotes):
            named = tuple(words_of(quotes[int(q.group(1))]))
            shapes = [n.shape for n in ix.shapes if named and named in n.full]
            if shapes:
                out.append(Mention(i, i + 1, quotes[int(q.group(1))], shapes))
            i += 1
            continue
        if tok in _ADVERB_HEADS and i + 1 < len(tokens) and tokens[i + 1] in _ADVERB_TAILS:
            i += 2  # "right now", "just now": an adverb of time, not the Rights API
            continue
        if tok == "part" and tokens[i + 1 : i + 2] == ["of"] and tokens[i - 1 : i] != ["the"]:
            i += 1  # "X is not part of the workshop": belonging, not the Parts service
            continue
        written = _written_id(ix, text, found, i)
        if written is not None:
            # "vehicles_db: two replicas": an id typed out whole names that shape alone
            j, shapes = written
            out.append(Mention(i, j, " ".join(tokens[i:j]), shapes, tier=3))
            i = j
            continue
        best = None
        for j in range(min(len(tokens), i + 6), i, -1):
            between = {text[found[k].end() : found[k + 1].start()].strip() for k in range(i, j - 1)}
            if between - {"", "&"}:
                continue  # a span does not cross punctuation ("a -> b", "a, b")
            span = tuple(w for ct in canon_tokens[i:j] for w in ct)
            raw = " ".join(tokens[i:j])
            shapes, tier = _match(kb, ix, span, raw)
            if tier < 3 and ("&" in between or "and" in tokens[i + 1 : j - 1]):
                # "Billing & CRM" (or "and", as the request was normalised) is one label
                # whole; otherwise "A & B" names two
                shapes, tier = _ampersand(ix, span), 3
                if not shapes:
                    continue
            if shapes:
                best = (j, shapes, tier)
                break
        short = by_initials(ix, text[found[i].start() : found[i].end()])
        if short and (
            best is None
            or (
                len(best[1]) > 1
                and best[2] < 3
                and best[0] == i + 1
                and kb.kind_for(tok) is None  # "the DB", "the UI" stay words of their kind
            )
        ):
            # "the EHR", "the psp": initials of one shape's label or id name it, before a
            # word several shapes share that they happen to spell out ("psp": "payment")
            best = (i + 1, short, 2)
        if best is None and _noun_subject(tokens, i):
            # "query reads it": a verb-like word before a verb is its subject, a name
            word = canon_tokens[i]
            shapes = [n.shape for n in ix.shapes if set(word) <= n.words]
            best = (i + 1, shapes, 2) if shapes else None
        if best is None:
            i += 1
            continue
        j, shapes, tier = best
        if tier < 3 and _indefinite(text, found, tokens, i):
            # "a new payment service", "an exam proctoring service": a phrase introduced
            # with an indefinite article names something new, whatever words it shares
            i = _phrase_end(text, found, tokens, j)
            continue
        j = _generic_head(kb, ix, text, found, tokens, canon_tokens, j, shapes)
        if not plural[j - 1] and i > 0 and tokens[i - 1] in ("the", "that", "this"):
            # "the db" (one of them), not "every link to a database" (the box will do)
            shapes = _one_of_many(kb, ix, shapes, " ".join(tokens[i:j]))
        mention = Mention(i, j, " ".join(tokens[i:j]), shapes, tier=tier)
        _collective(mention, tokens, plural)
        if mention.collective and mention.tier < 3:
            _drawn_as_kind(kb, ix, mention)
        out.append(mention)
        i = j
    out = _products_not_pronouns(kb, out)
    out = _members_of(tokens, _everything_in(tokens, out, ix, context or []), ix)
    out = _outside_class(tokens, out, ix)
    out = _except(tokens, out)
    _not_named_here(out, context or [])
    gaps = [text[found[k].end() : found[k + 1].start()] for k in range(len(found) - 1)]
    out = phrase_fit.carried(tokens, [*gaps, ""], out)
    phrase_fit.misspelt_lead(
        tokens,
        out,
        [(n.shape, n.shape.label.lower()) for n in ix.shapes],
        lambda w: bool(speller().known([w])),
        STOP,
    )
    phrase_fit.narrow(tokens, out, words_of, STOP)
    return found, _drop_redundant(out)


def _products_not_pronouns(kb: KnowledgeBase, out: list[Mention]) -> list[Mention]:
    """ "add an SMS notifier, Twilio behind it": a product named only by its kind (tier 1)
    that would be the very shape "it" stands for in the same clause is another, new one."""
    meant = {i for m in out if m.pronoun for i in m.ids}
    if not meant:
        return out

    def product(m: Mention) -> bool:
        kind = kb.kind_for(m.text)
        return kind is not None and (not kind.generic or m.text.lower() in kind.labels)

    return [m for m in out if m.pronoun or m.tier != 1 or not set(m.ids) <= meant or not product(m)]


def _not_named_here(out: list[Mention], context: list[Shape]) -> None:
    """A singular pronoun never means a shape its own clause names plainly: "wire A and B to
    it" after "add K next to A" is K, "connect it to B" after touching A and B is A."""
    for m in out:
        if not m.pronoun or m.text not in ("it", "its", "this", "that") or len(m.shapes) != 1:
            continue
        # only what the clause named before it: "call it Fleet Manager" names what "it" is
        plain = {
            s.id
            for n in out
            if n.end <= m.start and not n.pronoun and not n.ambiguous
            for s in n.shapes
        }
        if m.shapes[0].id not in plain:
            continue
        other = [s for s in context if s.id not in plain]
        if other:
            m.shapes = other[-1:]
            m.ids = [other[-1].id]


_EVERY = frozenset(["everything", "all", "every", "each", "anything", "whatever"])
_INSIDE = frozenset(["in", "inside", "within", "of", "under", "from"])
#: words between "all" and "in <container>" that add nothing ("all the services in core"
#: means what core holds, not only the shapes labelled "service")
_FILL = frozenset(
    [
        "the",
        "of",
        "is",
        "things",
        "thing",
        "stuff",
        "components",
        "component",
        "parts",
        "part",
        "boxes",
        "box",
        "services",
        "service",
        "apps",
        "app",
        "nodes",
        "node",
        "shapes",
        "items",
        "elements",
        "systems",
        "pieces",
        "members",
        "children",
    ]
)
_EXCEPT = frozenset(["except", "excluding", "besides", "apart", "other", "save", "but"])


def _everything_in(
    tokens: list[str], out: list[Mention], ix: Index, context: list[Shape]
) -> list[Mention]:
    """ "everything in core", "all the caches inside the data zone", "the rest of core": one
    collective mention of what the container holds (its direct members; of a kind when the
    phrase names one; the rest: those the clause and the one before did not name)."""
    for k in range(len(out) - 1, -1, -1):
        c = out[k]
        if len(c.shapes) != 1 or not c.shapes[0].children or c.pronoun:
            continue
        i = c.start - 1
        while i >= 0 and tokens[i] == "the":
            i -= 1
        if i < 0 or tokens[i] not in _INSIDE:
            continue
        i -= 1
        kind: Mention | None = None
        while i >= 0 and (tokens[i] in _FILL or (k > 0 and out[k - 1].end - 1 == i)):
            prev = out[k - 1] if k > 0 else None
            if (
                prev is not None
                and prev.end - 1 == i
                and kind is None
                and not prev.pronoun
                and not all(w in _FILL for w in tokens[prev.start : prev.end])
            ):
                kind = prev
                i = kind.start
            i -= 1
        rest = i >= 0 and tokens[i] == "rest"
        if i < 0 or not (tokens[i] in _EVERY or tokens[i] == "both" or rest):
            continue
        start = i - 1 if rest and i > 0 and tokens[i - 1] == "the" else i
        cid = c.shapes[0].id
        members = [n.shape for n in ix.shapes if n.shape.parent == cid]
        if kind is not None and len(kind.shapes) < 2 and kind.tier > 1:
            # "all internal applications in C": a plural naming one shape by its words
            # describes what C holds, it does not pick that one
            kind = None
            members = [n.shape for n in ix.shapes if n.shape.id.startswith(cid + ".")]
            members = [s for s in members if not s.children]
        if kind is not None:
            members = [s for s in members if s.id in set(kind.ids)]
        if rest:
            named = {s.id for m in out if m is not c and m is not kind for s in m.shapes}
            named |= {s.id for s in context}
            members = [s for s in members if s.id not in named]
        if not members:
            continue
        whole = Mention(start, c.end, " ".join(tokens[start : c.end]), members, collective=True)
        whole.tier = c.tier
        first = next(n for n, m in enumerate(out) if m.start >= start)
        out[first : k + 1] = [whole]
    return out


def _members_of(tokens: list[str], out: list[Mention], ix: Index) -> list[Mention]:
    """ "every vendor box", "all the third party boxes", "each print partner": a quantifier
    straight before a container's name means the shapes it holds (its leaves), not the box
    itself; the nouns after the name ("boxes", "services") add nothing."""
    for k, c in enumerate(out):
        if len(c.shapes) != 1 or not c.shapes[0].children or c.pronoun:
            continue
        i = c.start - 1
        while i >= 0 and tokens[i] in ("the", "of"):
            i -= 1
        if i < 0 or tokens[i] not in ("all", "every", "each", "both"):
            continue
        if c.end < len(tokens) and tokens[c.end] in _INSIDE:
            continue  # "all the caches in core" is read by _everything_in
        cid = c.shapes[0].id
        members = [n.shape for n in ix.shapes if n.shape.id.startswith(cid + ".")]
        members = [s for s in members if not s.children]
        if len(members) < 2 or (tokens[i] == "both" and len(members) != 2):
            continue
        end = c.end
        while end < len(tokens) and tokens[end] in _FILL and tokens[end] != "of":
            end += 1
        if any(m.start < end for m in out[k + 1 :]):
            continue
        whole = Mention(i, end, " ".join(tokens[i:end]), members, collective=True)
        whole.tier = c.tier
        out[k] = whole
    return out


#: words that say a part is run by someone else ("external", "third-party", "vendor")
_OUTSIDE = frozenset(
    re.split(r"\s+", "external third-party 3rd-party third 3rd party outside vendor vendors saas")
)
#: the nouns such a class phrase ends on ("services", "systems", "apis", "dependencies")
_OUTSIDE_NOUN = frozenset(
    re.split(
        r"\s+",
        "service services system systems api apis dependency dependencies provider providers "
        "vendor vendors integration integrations component components one ones party parties "
        "tool tools box boxes",
    )
)


def _outside_class(tokens: list[str], out: list[Mention], ix: Index) -> list[Mention]:
    """ "all external third-party services", "every outside system", "each vendor API": a
    quantifier before words saying a part is someone else's means every such shape drawn
    here (a cloud shape or one of the external class), not the one whose words match."""
    for i, tok in enumerate(tokens):
        if tok not in ("all", "every", "each", "any"):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j] in ("the", "of", "our"):
            j += 1
        k = j
        while k < len(tokens) and tokens[k] in _OUTSIDE:
            k += 1
        if k == j:
            continue
        end = k
        if end < len(tokens) and tokens[end] in _OUTSIDE_NOUN:
            end += 1
        elif tokens[k - 1] not in ("vendors", "parties"):
            continue
        members = [
            n.shape
            for n in ix.shapes
            if not n.shape.children and (n.shape.shape == "cloud" or "external" in n.shape.classes)
        ]
        if len(members) < 2:
            continue
        whole = Mention(i, end, " ".join(tokens[i:end]), members, collective=True)
        kept = [m for m in out if m.end <= i or m.start >= end]
        first = next((n for n, m in enumerate(kept) if m.start >= end), len(kept))
        return [*kept[:first], whole, *kept[first:]]
    return out


def _except(tokens: list[str], out: list[Mention]) -> list[Mention]:
    """ "all the services except the loans service", "everything in core but search": the
    collective without the shapes named after the exception word."""
    k = 0
    while k < len(out) - 1:
        whole = out[k]
        gap = tokens[whole.end : out[k + 1].start]
        if not whole.collective or whole.pronoun or not gap or gap[0] not in _EXCEPT:
            k += 1
            continue
        if not all(w in _EXCEPT or w in ("for", "from", "than", "not", "the") for w in gap):
            k += 1
            continue
        j = k + 1
        drop = set(out[j].ids)
        while j + 1 < len(out) and all(
            w in ("and", "or", "the", "nor") for w in tokens[out[j].end : out[j + 1].start]
        ):
            j += 1
            drop |= set(out[j].ids)
        kept = [s for s in whole.shapes if s.id not in drop]
        if kept:
            merged = Mention(whole.start, out[j].end, whole.text, kept, collective=True)
            merged.tier = whole.tier
            out[k : j + 1] = [merged]
        k += 1
    return out


def _drop_redundant(out: list[Mention]) -> list[Mention]:
    """An ambiguous word whose every reading the clause names plainly elsewhere is a modifier,
    not a reference ("the catalog service reads course content from the course db")."""
    plain = {s.id for m in out if not m.ambiguous and not m.pronoun for s in m.shapes}
    return [
        m
        for m in out
        if not (m.ambiguous and not m.pronoun and all(s.id in plain for s in m.shapes))
    ]


PLURAL_PRONOUNS = frozenset(["them", "they", "these", "those"])
#: what follows a "both"/"each" that stands alone as a subject ("both should …", "each needs …")
_BOTH_THEN = frozenset(
    re.split(
        r"\s+",
        "should must need needs will would can could have has go goes get gets send sends call "
        "calls talk talks read reads write writes use uses of are",
    )
)
_LIST_GLUE = re.compile(r"[\s,]*(?:(?:and|or|plus|as well as|the|both)[\s,]+)*", re.I)


def _antecedents(text: str, found: list[re.Match[str]], before: list[Mention]) -> list[Shape]:
    """What a plural pronoun means inside its own clause: the last list of two or more shapes
    named before it ("the kiosk, the app and the api ... box them together"). Empty when the
    clause names no such list (then the previous clause's shapes are meant)."""
    named = [m for m in before if not m.pronoun and not m.ambiguous]
    if not named:
        return []
    run = [named[-1]]
    for m in reversed(named[:-1]):
        gap = text[found[m.end - 1].end() : found[run[0].start].start()]
        if not _LIST_GLUE.fullmatch(gap):
            break
        run.insert(0, m)
    shapes = [s for m in run for s in m.shapes]
    return list({s.id: s for s in shapes}.values()) if len(shapes) > 1 else []


#: what opens a phrase that introduces something new
INDEFINITE = frozenset(["a", "an", "another", "new", "additional", "extra", "second"])
#: head words a user puts after a shape's name without their being part of it ("the Outage
#: Management system", "the Billing service")
GENERIC_HEADS = frozenset(
    [
        "system",
        "service",
        "component",
        "box",
        "thing",
        "node",
        "app",
        "server",
        "platform",
        "module",
        "tool",
        "one",
        "piece",
        "block",
        "bit",
    ]
)


def _joined(text: str, found: list[re.Match[str]], k: int) -> bool:
    """Tokens k and k+1 stand side by side (no punctuation between them)."""
    return not text[found[k].end() : found[k + 1].start()].strip()


def _indefinite(text: str, found: list[re.Match[str]], tokens: list[str], i: int) -> bool:
    """The span at token i is inside a phrase opened by an indefinite article."""
    k = i - 1
    while k >= 0 and i - k <= 4 and _joined(text, found, k):
        if tokens[k] in INDEFINITE:
            return True
        if tokens[k] in STOP:
            return False
        k -= 1
    return False


def _phrase_end(text: str, found: list[re.Match[str]], tokens: list[str], j: int) -> int:
    """The end of the noun phrase that runs on past token j-1 (to a stop word or a mark)."""
    while j < len(tokens) and tokens[j] not in STOP and _joined(text, found, j - 1):
        j += 1
    return j


def _generic_head(
    kb: KnowledgeBase,
    ix: Index,
    text: str,
    found: list[re.Match[str]],
    tokens: list[str],
    canon_tokens: list[tuple[str, ...]],
    j: int,
    shapes: list[Shape],
) -> int:
    """The end of a mention of one shape, past a generic head word the user added to its
    name ("the Outage Management system") unless that word names a shape of its own."""
    if len(shapes) != 1 or j >= len(tokens) or not _joined(text, found, j - 1):
        return j
    head = canon_tokens[j]
    category = next((n.category for n in ix.shapes if n.shape is shapes[0]), None)
    # "the Submission Files store", "the X topic": a word naming the shape's own kind
    own = len(head) == 1 and phrase_fit.kind_head(head[0], shapes[0], category)
    if len(head) != 1 or (head[0] not in GENERIC_HEADS and not own):
        return j
    _, tier = _match(kb, ix, head, tokens[j])
    return j + 1 if tier < 3 else j


def _pronoun_that(tokens: list[str], i: int) -> bool:
    """ "that" is a pronoun at the end or before a verb-less tail, not "that X" nor "so that"."""
    return i == len(tokens) - 1 or tokens[i + 1] in ("now", "too", "instead", "as", "and")


def _collective(m: Mention, tokens: list[str], plural: list[bool]) -> None:
    before = tokens[max(0, m.start - 3) : m.start]
    quant = [w for w in before if w in COLLECTIVE]
    # "the vehicles" for a Vehicle container: a plural of one container means its members
    many = len(m.shapes) > 1 or any(s.children for s in m.shapes)
    if quant or (plural[m.end - 1] and many):
        m.collective = True
        for w in quant:
            m.count = NUMBERS.get(w, m.count)
    if m.collective and m.tier < 3:
        # "every database": the databases, not the box that holds them ("db: ops-data")
        ids = [s.id for s in m.shapes]
        kept = [s for s in m.shapes if not any(o.startswith(s.id + ".") for o in ids)]
        m.shapes, m.ids = kept or m.shapes, [s.id for s in kept or m.shapes]


def topic_last(context: list[Shape], mentions: list[Mention]) -> list[Shape]:
    """`context` with the shape a singular pronoun of the clause meant moved last: the thing
    a clause calls "it" stays the topic, so "hook it up to B. it should sit in C" moves the
    same thing (what "it" means next is the last shape of the context)."""
    meant = [
        m.shapes[0].id
        for m in mentions
        if m.pronoun and m.text in ("it", "its") and len(m.shapes) == 1
    ]
    if not meant:
        return context
    topic = [s for s in context if s.id == meant[-1]]
    return [s for s in context if s.id != meant[-1]] + topic
