"""The components a create request names, read from its noun phrases, and the links it states.

A request is read as clauses (split at sentence ends and ``:``), each a sequence of tokens.
Relation words ("talks to", "->", "behind", "through"...) and stop words (articles, fillers,
common verbs) end a noun phrase; list separators (",", "and", "+", "/") end a list item. A noun
phrase is a component when the knowledge base names a kind in it, when it ends in a component
head noun ("... service", "... db", "... queue"), when it is a short item of a list, or when the
request wrote it as a proper name (capitalised mid-sentence). Misspelt words are corrected
towards the vocabulary with rapidfuzz. Counts ("two regions", "three services") are read off
the number before a phrase. Pure functions over plain data; the vocabulary is in
``data/phrases.yaml``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import inflect
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from services.dsl.generation.kb import DATA_DIR, Kind, KnowledgeBase

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
HUB_CATEGORIES = frozenset({"service", "api", "function", "worker", "web", "etl", "ml"})
USED_CATEGORIES = frozenset(
    {
        "database", "storage", "cache", "data_lake", "warehouse", "timeseries", "vector_db",
        "search", "queue", "stream", "payment", "email", "sms", "external", "llm",
    }
)  # fmt: skip
APP_CATEGORIES = frozenset(("api", "service", "web", "function", "realtime"))
LIST_ITEM_WORDS = 4
_TOKEN = re.compile(
    r"->|-->|=>|→|[a-z0-9][a-z0-9.+#/_'-]*[a-z0-9+#]|[a-z0-9]|[,;:.!?()\[\]&+/]", re.I
)
_DASH = re.compile(r"\s[-–—]+\s|[–—]")  # a spaced dash sets off list items like a comma
_CLAUSE_END = {".", ";", "!", "?", ":"}
_STATED = ("forward", "backward", "through")
_PRONOUNS = {"it", "them", "everything", "all"}
_QUANTIFIERS = {"all", "both"}
_SUBJECTS = frozenset({"i", "we", "you", "they", "he", "she"})
_SUBJECT_START = frozenset({",", "and", "then", "which", "that", "so"})
_CONJUNCTIONS = {"and", "&", "+", "or", "plus"}
_LIST_SEP = {",", "and", "&", "+", "/", "or", "plus", "also", "as", "well"}


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


@dataclass(frozen=True)
class Link:
    src: int  # index into the mentions
    dst: int
    via: bool = False  # a middleman stated with "through" / "via"
    weak: bool = False  # "with", "on", "for": a link only where nothing else joins the two
    near: bool = False  # named side by side in a clause, no relation word: roles decide


@lru_cache(maxsize=1)
def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    with (DATA_DIR / "phrases.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    heads = {str(w): cat for cat, words in raw["heads"].items() for w in words}
    rel = raw["relations"]

    def seqs(items: list[str]) -> tuple[tuple[str, ...], ...]:
        out = {tuple(str(i).split()) for i in items}
        out |= {(form, *seq[1:]) for seq in list(out) for form in verb_forms(seq[0])}
        return tuple(sorted(out, key=len, reverse=True))

    stop = {str(w) for w in raw["stop"]}
    known = set(heads) | stop | {str(w) for w in raw["words"]}
    multi: dict[str, list[tuple[str, ...]]] = {}
    for kind in kb.kinds.values():
        for syn in kind.synonyms:
            parts = tuple(_TOKEN.findall(syn))
            known.update(parts)
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
    )


#: past forms the regular rules miss, for the relation verbs of ``phrases.yaml``
_IRREGULAR_PAST = {
    "send": ("sent",), "write": ("wrote", "written"), "feed": ("fed",), "read": ("read",),
    "go": ("went", "gone"), "hit": ("hit",), "put": ("put",), "run": ("ran",),
    "fan": ("fanned",), "ship": ("shipped",), "sit": ("sat",),
}  # fmt: skip
_NOT_VERBS = frozenset({"to", "into", "onto", "then", "in", "on", "over", "with", "for", "from",
                        "through", "thru", "via", "behind", "by", "and", "fronting"})  # fmt: skip


@lru_cache(maxsize=1)
def _inflector() -> inflect.engine:
    return inflect.engine()


def verb_forms(word: str) -> tuple[str, ...]:
    """The inflected forms of a relation verb, so the lexicon reads "feeding", "fed",
    "sends", "is written to" as it reads "feed", "send", "write" (-> forms of the lemma);
    prepositions, arrows and already inflected words give nothing."""
    inflected = word.endswith(("s", "ing")) or (word.endswith("ed") and word not in _IRREGULAR_PAST)
    if word in _NOT_VERBS or not word.isalpha() or inflected:
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
    return tuple(sorted(f for f in forms if f and f != word))


def correct(word: str, vocab: Vocabulary) -> str:
    """`word`, or the vocabulary word it misspells ("databse" -> "database")."""
    if len(word) < 5 or not word.isalpha() or word in vocab.stop:
        return word
    return _correct(word, vocab)


@lru_cache(maxsize=4096)
def _correct(word: str, vocab: Vocabulary) -> str:
    if word in vocab.heads or word in _word_set(vocab):
        return word
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
def _word_set(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(vocab.words)


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _starts(tokens: list[str], i: int, seqs: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest sequence of `seqs` starting at tokens[i] (0 if none)."""
    for s in seqs:
        if tuple(tokens[i : i + len(s)]) == s:
            return len(s)
    return 0


@dataclass
class _Piece:
    """A maximal run of content words, with what ended the run before it."""

    words: list[str]
    originals: list[str]
    start: int
    before: str  # "list", "forward", "backward", "through", "stop", "clause", "paren"
    in_paren: bool
    after_pronoun: bool = False


def _pieces(text: str, vocab: Vocabulary) -> list[list[_Piece]]:
    """Clauses of content-word runs."""
    originals = _TOKEN.findall(_DASH.sub(" , ", text))
    tokens = [correct(t.lower(), vocab) for t in originals]
    clauses: list[list[_Piece]] = [[]]
    run: list[int] = []
    pending = "clause"
    paren = False
    pronoun = False

    def close(next_before: str) -> None:
        nonlocal run, pending, pronoun
        if run:
            words = [tokens[k] for k in run]
            clauses[-1].append(
                _Piece(words, [originals[k] for k in run], run[0], pending, paren, pronoun)
            )
            run = []
            pending = next_before
            pronoun = False
        elif _rank(next_before) > _rank(pending):
            pending = next_before

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _CLAUSE_END:
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
        n = _starts(tokens, i, vocab.kb_phrases.get(tok, ()))
        if n:  # a phrase the knowledge base knows ("load balancer") is never broken up
            run.extend(range(i, i + n))
            i += n
            continue
        n = _starts(tokens, i, vocab.through)
        kind = "through"
        if not n:
            n, kind = _starts(tokens, i, vocab.backward), "backward"
        if not n:
            n, kind = _starts(tokens, i, vocab.forward), "forward"
        if not n:
            n, kind = _starts(tokens, i, vocab.assoc), "assoc"
        if n and not (run and tok in vocab.heads and n == 1 and tok not in ("->", "→", "=>")):
            close(kind)
            i += n
            continue
        if tok in _LIST_SEP:
            close("and" if tok in _CONJUNCTIONS else "list")
            i += 1
            continue
        if tok[0].isdigit() and tok not in NUMBERS:  # a quantity and its unit ("1m dau")
            close("stop")
            i += 2 if i + 1 < len(tokens) and tokens[i + 1] not in vocab.stop else 1
            continue
        if tok in _PRONOUNS:  # "put it behind a load balancer": "it" is the whole design
            quantifier = tok in _QUANTIFIERS and bool(run)  # "A, B and C all write to D"
            close("stop")
            # "the ingest service, it publishes to X": a subject pronoun, the component before
            pronoun = not quantifier and not _subject(tokens, i, vocab)
            i += 1
            continue
        known = tok in vocab.heads or tok in _word_set(vocab)
        if i > 0 and tokens[i - 1] in _SUBJECTS and not known and not n:
            close("stop")  # "we coach ...", "i run ...": the word after a subject is its verb
            i += 1
            continue
        participle = len(tok) > 5 and tok.endswith("ed") and tok not in _word_set(vocab)
        if _list_item(tokens, i, vocab):  # "feed, stories, likes": a verb-like noun alone
            run.append(i)
            i += 1
            continue
        if tok in vocab.stop or (participle and tok not in vocab.heads):  # not "memcached"
            if run and tok in vocab.heads:  # "event store": a head that is also a verb
                run.append(i)
            close("stop")
            i += 1
            continue
        run.append(i)
        i += 1
    close("clause")
    return [c for c in clauses if c]


def _subject(tokens: list[str], i: int, vocab: Vocabulary) -> bool:
    """ "..., it publishes to X": a pronoun starting a clause, a relation right after it."""
    if tokens[i] != "it" or (i > 0 and tokens[i - 1] not in _SUBJECT_START):
        return False
    rels = (*vocab.forward, *vocab.backward, *vocab.through)
    return any(_starts(tokens, j, rels) for j in (i + 1, i + 2) if j < len(tokens))


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
    ends = _LIST_SEP | _CLAUSE_END
    return before in ends and after in ends


def _rank(before: str) -> int:
    return {"stop": 0, "list": 1, "and": 1, "clause": 1, "paren": 2, "assoc": 3, "forward": 3,
            "backward": 3, "through": 4}.get(before, 0)  # fmt: skip


def _title(words: list[str], originals: list[str]) -> str:
    out = []
    for w, o in zip(words, originals, strict=True):
        out.append(o if (o.isupper() or any(c.isupper() for c in o[1:])) else w)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def read(kb: KnowledgeBase, text: str) -> tuple[list[Mention], list[Link]]:
    """The components `text` names and the links it states between them."""
    vocab = vocabulary(kb)
    mentions: list[Mention] = []
    links: list[Link] = []
    apart: list[Link] = []  # pairs never linked side by side
    clauses = _pieces(text, vocab)
    last: int | None = None
    for ci, clause in enumerate(clauses):
        whole = len(clauses) == 1 and len(clause) == 1  # "url shortener": the system asked for
        seps = ("list", "and", "clause", "paren")
        prev: int | None = None
        group: list[Link] = []  # the links of the current list ("from A and B")
        run: list[int] = []  # the items of the current list
        order: list[int] = []  # the clause's mentions, a pronoun cutting the sequence (-1)
        for k, piece in enumerate(clause):
            after = clause[k + 1].before if k + 1 < len(clause) else "clause"
            listy = piece.before in seps and after in seps and (len(clause) > 1 or whole)
            m = _mention(kb, vocab, piece, ci, listy=listy, source=after in _STATED)
            if m is None:
                # a relation after a prose run belongs to it ("postgres, assets in s3")
                if piece.before in ("clause", "list", "and") or after in (*_STATED, "assoc"):
                    prev = None
                group = []
                continue
            if piece.in_paren and piece.before == "paren" and prev is not None:
                host = mentions[prev]
                if m.kind is not None and host.kind is None:
                    host.kind, host.category = m.kind, m.kind.category
                host.label = f"{host.label} ({m.label})"
                host.words = host.words + m.words
                continue
            mentions.append(m)
            idx = len(mentions) - 1
            if piece.after_pronoun:
                prev = None
                order.append(-1)
            order.append(idx)
            if prev is not None:
                group = _relate(mentions, links, apart, (group, run), piece.before, idx)
            run = [*run, idx] if prev is not None and piece.before in ("list", "and") else [idx]
            outside = _integrated(m)
            if outside is not None:  # "workday integration": our integration -> Workday
                mentions.append(outside)
                links.append(Link(idx, len(mentions) - 1))
                apart.append(Link(idx, len(mentions) - 1))
            prev = idx
        links += _near(mentions, order, links + apart)
        if last is not None and order:
            first = next((i for i in order if i >= 0), None)
            if first is not None and first != last:
                links.append(Link(last, first, weak=True, near=True))
        last = next((i for i in reversed(order) if i >= 0), last)
    _per_each(kb, vocab, text.lower(), mentions)
    _distribute(vocab, text, mentions)
    return mentions, links


def _relate(
    mentions: list[Mention],
    links: list[Link],
    apart: list[Link],
    current: tuple[list[Link], list[int]],
    before: str,
    idx: int,
) -> list[Link]:
    """Link mention `idx` to the one before it as the words between them say; a list item
    shares the relation of the item before it ("extract from A and B", "export to A, B and C"),
    and "via M" after a list puts M in the middle of every link of the list. Returns the links
    of the current list."""
    group, run = current
    prev = run[-1]
    if before in ("forward", "assoc"):
        # "cart, orders and payments -> postgres": every item of the list states the link
        store = mentions[prev].category in USED_CATEGORIES
        sources = [
            r
            for r in (run if before == "forward" else [prev])
            if (mentions[r].category in USED_CATEGORIES) == store
        ]
        made = [Link(r, idx, weak=before == "assoc") for r in sources if r != idx]
        links.extend(made)
        return made
    if before == "backward":
        link = Link(idx, prev)
        links.append(link)
        return [link]
    if before == "through":
        stated = [g for g in group if g in links]
        for g in stated:
            links.remove(g)
            apart.append(g)  # A -> B through M: A and B stay apart
            for extra in (Link(g.src, idx, True), Link(idx, g.dst, True)):
                if extra not in links and extra.src != extra.dst:
                    links.append(extra)
        if not stated:  # "from A and B via M": every item of the list goes through M
            links.extend(Link(r, idx, True) for r in run)
        return []
    if before in ("list", "and") and group:
        if before == "list" and mentions[idx].category != mentions[prev].category:
            return []  # "s3 behind cloudfront, a static site": a new item, not one more origin
        out = []
        for g in group:
            if g.dst == prev and g.src != idx:
                out.append(Link(g.src, idx, weak=g.weak))
            elif g.src == prev and g.dst != idx:
                out.append(Link(idx, g.dst, weak=g.weak))
        links.extend(out)
        apart.append(Link(prev, idx))  # items of one list are peers
        return group + out
    return []


def _near(mentions: list[Mention], order: list[int], links: list[Link]) -> list[Link]:
    """Side-by-side mentions of a clause with no stated link between them ("orders service
    and mysql"): the planner links them when their roles call for it and the design does not
    join them yet. A store, queue or outside system of the clause that no application of the
    clause reaches is used by the application named before it ("workers for rendering, kv for
    config, r2 for assets": the workers use both)."""
    joined = {frozenset((link.src, link.dst)) for link in links}
    out = []
    for a, b in itertools.pairwise(order):
        if a >= 0 and b >= 0 and a != b and frozenset((a, b)) not in joined:
            out.append(Link(a, b, weak=True, near=True))
            joined.add(frozenset((a, b)))
    hub: int | None = None
    for i in order:
        if i < 0:
            hub = None
            continue
        cat = mentions[i].category
        if cat in HUB_CATEGORIES:
            hub = i
        elif hub is not None and cat in USED_CATEGORIES:
            apps = [j for j in order if j >= 0 and mentions[j].category in HUB_CATEGORIES]
            if not any(frozenset((i, j)) in joined for j in apps):
                out.append(Link(hub, i, weak=True, near=True))
                joined.add(frozenset((hub, i)))
    return out


_SENTENCE_END = frozenset({".", "!", "?", ";"})
_EACH = frozenset({"each", "every"})


def _distribute(vocab: Vocabulary, text: str, mentions: list[Mention]) -> None:
    """Counts given over places: "4 factories, each with a gateway", "three farms. Each farm
    has a controller", "a server (each of 3 stores)". The component that each place holds gets
    the count, its copies named after the place; the place itself (a site, an office, a
    line...) is no component (its mention becomes a region, which the planner skips)."""
    toks = [t.lower() for t in _TOKEN.findall(_DASH.sub(" , ", text))]
    for p, tok in enumerate(toks):
        if tok not in _EACH:
            continue
        of = p + 2 < len(toks) and toks[p + 1] == "of" and toks[p + 2] in NUMBERS
        if of:
            num = p + 2
        else:
            start = max((k for k in range(p) if toks[k] in _SENTENCE_END), default=-1)
            named = {singular(t) for t in toks[p + 1 : p + 4]}  # "each wind farm has"
            same = [k for k in range(p) if toks[k] in NUMBERS and _unit(toks, k) in named]
            near = [k for k in range(start + 1, p) if toks[k] in NUMBERS]
            if not (same or near):
                continue
            num = (same or near)[-1]
        unit = _unit(toks, num)
        places = [
            m
            for m in mentions  # not a component with a note: "edge node (each of 3 stores)"
            if m.index >= 0 and singular(m.words[-1]) == unit and "(" not in m.label
        ]
        if not unit or any(not _is_place(vocab, m) for m in places):
            continue
        end = next((k for k in range(p, len(toks)) if toks[k] in _SENTENCE_END), len(toks))
        # "a server each (one)": the place's share is named before "each"
        rest = [t for t in toks[p + 1 : p + 3] if t != "one"][:1] or ["."]
        trailing = rest[0] in (",", *_SENTENCE_END)
        after = [m for m in mentions if p < m.index < end and m not in places]
        after = [m for m in after if m.clause == after[0].clause] if after else []
        start = -1 if of else num
        before = [m for m in mentions if start < m.index < p and m not in places]
        targets = before[-1:] if of or trailing else (after or before[-1:])
        for m in targets:
            if m.count == 1 and m.category != "region":
                m.count, m.per = min(NUMBERS[toks[num]], MAX_COUNT), unit
        for m in places if targets else ():
            m.count, m.category = 1, "region"


def _unit(toks: list[str], k: int) -> str:
    """The counted noun after a number ("3 branch offices" -> "office")."""
    words = []
    for t in toks[k + 1 : k + 4]:
        if not t.isalpha() or t in _EACH or t in ("with", "each", "of", "and"):
            break
        words.append(t)
    return singular(words[-1]) if words else ""


def _is_place(vocab: Vocabulary, m: Mention) -> bool:
    """A mention that counts places holding components, not components themselves."""
    head = singular(m.words[-1])
    return head in vocab.places or (m.kind is None and head not in vocab.heads)


_PER_EACH = (
    re.compile(r"\b(?:one|a|an|its own|their own)\s+([a-z0-9 .-]+?)\s+(?:each|per\s+\w+)\b"),
    re.compile(r"\b([a-z0-9.-]+)\s+(?:per|in each|for each)\s+(?:service|region|tenant|site)"),
    re.compile(r"\beach\b[a-z ]{0,30}?\b(?:with|owning|has|having|gets)\s+"
               r"(?:its|their)\s+(?:own\s+)?([a-z0-9.-]+)"),
)  # fmt: skip
PER_SIBLING = -1


def _per_each(kb: KnowledgeBase, vocab: Vocabulary, low: str, mentions: list[Mention]) -> None:
    """Mark "one postgres each", "a db per service", "each ... owning its database"; a kind
    named only there ("each service owning its database") becomes a mention of its own."""
    for pattern in _PER_EACH:
        for match in pattern.finditer(low):
            word = singular(match.group(1).split()[-1])
            hit = False
            for m in mentions:
                if word in {singular(w) for w in m.words} or (
                    m.kind is not None and word in m.kind.synonyms
                ):
                    m.count, hit = PER_SIBLING, True
            kind = kb.kind_for(word)
            category = kind.category if kind else vocab.heads.get(word)
            if not hit and category is not None:
                label = kind.label if kind else word.capitalize()
                mentions.append(
                    Mention(label, (word,), kind, category, -1, -1, PER_SIBLING, headed=True)
                )


def _strip(
    words: list[str], originals: list[str], vocab: Vocabulary
) -> tuple[list[str], list[str]]:
    keep = [(w, o) for w, o in zip(words, originals, strict=True) if w not in vocab.fillers]
    if not keep:
        return [], []
    ws, os_ = zip(*keep, strict=True)
    return list(ws), list(os_)


#: heads of a component that connects to the product named before it
INTEGRATION_HEADS = frozenset({"integration", "connector", "sync", "adapter", "bridge", "feed"})
OUTSIDE = frozenset({"external", "payment", "email", "sms"})


def _integrated(m: Mention) -> Mention | None:
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
    if first in _word_set(vocab) or first in vocab.heads:
        return False
    verb = len(first) > 5 and first.endswith(("ates", "ects", "izes", "ises"))
    return (len(first) > 4 and first.endswith("ing")) or verb


#: categories a head noun gives a phrase whatever kind its first words name ("users db")
STORE_HEADS = frozenset({"database", "storage", "queue", "cache"})


def _head_wins(kind: Kind, head_cat: str | None, kb: KnowledgeBase) -> bool:
    if head_cat is None or head_cat == kind.category or head_cat not in kb.defaults:
        return False
    return head_cat in STORE_HEADS and kind.category not in USED_CATEGORIES


def _gerund(word: str, vocab: Vocabulary) -> bool:
    """A verb in -ing the trade does not use as a noun ("making", but not "billing")."""
    known = word in _word_set(vocab) or word in vocab.heads
    return len(word) > 5 and word.endswith("ing") and not known


def _count(piece: _Piece) -> tuple[int, list[str], list[str]]:
    words, originals = piece.words, piece.originals
    if words and words[0] in NUMBERS and len(words) > 1:
        return min(NUMBERS[words[0]], MAX_COUNT), words[1:], originals[1:]
    return 1, words, originals


def _mention(
    kb: KnowledgeBase,
    vocab: Vocabulary,
    piece: _Piece,
    clause: int,
    *,
    listy: bool,
    source: bool = False,
) -> Mention | None:
    count, words, originals = _count(piece)
    words, originals = _strip(words, originals, vocab)
    # a verb in -ing ending the run ("glue jobs promoting"), unless it names a kind
    cut = len(words) - 1 if len(words) > 1 and _gerund(words[-1], vocab) else None
    if cut is not None and kb.find(" ".join(words[:cut])):
        words, originals = words[:cut], originals[:cut]  # "glue jobs promoting": the jobs
    while len(words) > 2 and _gerund(words[0], vocab):
        words, originals = words[1:], originals[1:]  # "making stock tick stream": the stream
    pairs = [(w, o) for w, o in zip(words, originals, strict=True) if not w.isdigit()]
    if pairs:  # bare numbers are no part of a name ("3 replicas" -> "replicas")
        words, originals = [w for w, _ in pairs], [o for _, o in pairs]
    if not words or all(w in NUMBERS for w in words):
        return None  # "two (regions)": a count is no component
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
    if kind is None and category is None:
        stated = piece.before in _STATED or source
        if not short or not ((listy and piece.before != "assoc") or proper or stated):
            return None
        if not proper and _prose(words, vocab):
            return None  # "generates payment files", "copying numbers": what it does
        category = "service"
    if kind is None and len(words) == 1 and not (listy or proper or piece.before != "stop"):
        return None  # a bare head noun in prose ("... the jobs") is no component
    if kind is not None and (not short or len(words) == 1):
        label = kind.label_for(best.phrase)
    else:
        # a long prose run keeps only its head phrase ("... an entitlement service")
        if not short:
            words, originals = words[-3:], originals[-3:]
        label = _title(words, originals)
    assert category is not None
    headed = words[-1] in vocab.heads or singular(words[-1]) in vocab.heads
    return Mention(label, tuple(words), kind, category, clause, piece.start, count, proper, headed)
