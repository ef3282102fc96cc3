"""Links stated in a clause's own words: a subject, a verb of communication, an object.

The edit reader's general reading of relations, wherever they stand: a relative clause about
a component being added ("a proctoring service which sends flags to the gradebook through an
external review queue", "a chatbot that the portal talks to"), a follow-up sentence ("it
receives alerts from a push service", "the portal talks to it and it writes into the db"), a
wish ("the portal should embed a video player", "students should reach it through the
gateway") and ownership ("a badge service with its own database"). Each predicate gives a
directed link from two mentions and the verb between them (:mod:`relation_words` says which
way it points); "through"/"via" M puts M in the middle; a subject carries over "and" to the
next verb ("calls the portal and writes to the db"). A mention is a shape of the diagram
(``@k``), "it"/"them" (what was just touched), a relative pronoun (the thing the clause is
about), or a new component phrase ("a push service", "an external review queue", "its own
database"), which the edit adds. Pure functions over the abstract of :mod:`ops`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lemminflect import getAllLemmas
from rapidfuzz import fuzz, process

from services.dsl.generation.kb import COMPONENT_HEADS, knowledge_base
from services.dsl.generation.ops import Abstract, End, Op, singular_word
from services.dsl.generation.relation_words import direction, verb_lemma

_TOKEN = re.compile(r"@\d+|qt\d+|[a-z0-9][\w'./+-]*|[,;:.()]|->")
#: what opens a new component's phrase
_NEW_DET = re.compile(r"(?:an?|another|some|a new|an extra|one more|(?:its|their) own)$")
#: words that end a new component's phrase
_PHRASE_END = frozenset(
    {
        *("to", "into", "onto", "from", "by", "through", "via", "thru", "with", "for", "on"),
        *("in", "at", "that", "which", "who", "and", "or", "but", "so", "because", "since"),
        *("it", "them", "its", "their", "as", "when", "before", "after"),
    }
)
_THROUGH = frozenset({"through", "via", "thru"})
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_PRONOUNS = frozenset({"it", "them", "they"})
#: what flows along a link, not a component ("sends a message to", "gets a copy from")
_PAYLOAD = frozenset(
    {
        *("message", "request", "event", "notification", "alert", "result", "update", "file"),
        *("report", "record", "signal", "ping", "copy", "snapshot", "list", "response"),
        *("reply", "token", "batch", "call", "link", "connection", "arrow", "line", "way"),
        *("bit", "lot", "time", "day", "week", "month", "year", "second", "minute", "hour"),
        *("change", "version", "look", "note", "label", "flag", "few", "couple", "chance"),
    }
)
#: words that make a stated link a request ("X should get Y from Z"), not a remark
_WISH = re.compile(
    r"\b(?:should|must|shall|needs? to|has to|have to|want|wants|could|can|would|please|let|"
    r"instead|make|have)\b"
)
#: what a mention followed by one of these names is the payload ("read trip info from X")
_PAYLOAD_HEADS = (
    *("info", "information", "data", "details", "records", "updates", "events", "list"),
    *("status", "messages", "notifications", "results", "lookups", "requests", "metadata"),
    *("history", "changes", "numbers", "ids", "alerts", "orders"),
)
_NEGATIONS = frozenset({"not", "never", "no", "instead", "without", "nor", "longer"})
#: words that open a reason or a condition: the predicate before them is over
_SUBORDINATE = frozenset({"so", "because", "since", "when", "whenever", "if", "while", "unless"})
#: words after which a mention starts a new list of subjects ("a cache before X, so Y ...":
#: Y alone is the subject); a list of subjects goes on through anything else
_BREAK = frozenset(
    {
        *("so", "because", "since", "when", "whenever", "if", "while", "unless", "although"),
        *("before", "after", "behind", "front", "next", "between", "instead", "than"),
    }
)


def _payload(words: list[str], k: int, ab: Abstract | None = None) -> bool:
    """The mention at `k` qualifies what flows ("@3 info from", "order notfications to"), or
    only shares a word with a shape while naming what is fetched ("get status @3 from X",
    @3 "updates" matching "Firmware Updates" by one word)."""
    if (
        ab is not None
        and k + 2 < len(words)
        and words[k + 1] in ("from", "off")
        and words[k - 1] not in ("the", "a", "an")
        and ab.m(words[k]).tier <= 2
        and any(w.startswith("@") for w in words[k + 2 : k + 4])
    ):
        return True
    into = ("from", "to", "into", "off", "of", "for")
    if (
        k + 3 < len(words)
        and words[k + 3] in into
        and words[k + 1].isalpha()
        and words[k + 1] not in _PHRASE_END | _LIST_WORDS
        and (
            words[k + 2] in _PAYLOAD_HEADS or (words[k + 2].endswith("s") and len(words[k + 2]) > 3)
        )
    ):
        return True  # "read @3 prep times from X": two words of what flows
    if k + 2 >= len(words) or words[k + 2] not in into:
        return False
    nxt = words[k + 1]
    return nxt in _PAYLOAD_HEADS or (
        len(nxt) >= 6
        and bool(process.extractOne(nxt, _PAYLOAD_HEADS, scorer=fuzz.ratio, score_cutoff=85))
    )


#: words that join mentions, never words of a payload
_LIST_WORDS = frozenset({"and", "or", "the", "a", "an", "both", "all", "plus"})
#: a verb after one of these words is a noun ("the call", "a push service")
_NOUN_BEFORE = frozenset({"a", "an", "the", "this", "its", "their", "our", "each"})


@dataclass
class Reading:
    links: list[tuple[End, End]] = field(default_factory=list)
    #: mentions read as words of a new component's phrase ("its own @3")
    inside: set[int] = field(default_factory=set)
    #: links said to be replaced ("get X from A instead of reading B directly": S - B goes)
    cuts: list[tuple[End, End]] = field(default_factory=list)
    #: mentions naming what flows ("read @2 info from"), no end of a link
    carried: set[int] = field(default_factory=set)


def _new_phrase(ab: Abstract, words: list[str], at: int) -> tuple[End, int] | None:
    """A new component's phrase starting at `at` (its determiner), and where it ends."""
    det = words[at]
    if det.startswith("@") and ab.m(det).text.lower() in ("its", "their"):
        det = ab.m(det).text.lower()  # "its" read as a pronoun: "its own X" still opens a phrase
    span = 1
    if at + 1 < len(words) and _NEW_DET.fullmatch(f"{det} {words[at + 1]}"):
        det, span = f"{det} {words[at + 1]}", 2
    if not _NEW_DET.fullmatch(det) or ("own" in det and at > 0 and words[at - 1] == "on"):
        return None  # "they sign off on their own now": by themselves, no new part
    k = at + span
    body: list[str] = []
    while k < len(words) and len(body) < 5:
        w = words[k]
        if w in _PHRASE_END or w in ",;:.()" or w == "->" or (body and verb_lemma(w)):
            break
        if w.startswith("@") and ab.m(w).tier >= 3 and "own" not in det:
            return None  # "a the gradebook": a shape named whole is no new component
        body.append(w)
        k += 1
    if not body:
        return None
    phrase = ab.words(" ".join(body))
    head = singular_word(re.sub(r"[^a-z0-9]", "", body[-1].lower()) or "x")
    if body[-1].startswith("@") or head in COMPONENT_HEADS or knowledge_base().find(phrase):
        return End(phrase=phrase, own="own" in det), k
    if head not in _PAYLOAD and "NOUN" in getAllLemmas(head) and len(head) > 2:
        return End(phrase=phrase, own="own" in det), k  # "a video player", "an exam kiosk"
    return None


#: words after which a product named bare is a tool used ("send alerts with SendGrid"); not
#: "via"/"over": "connect A to B via twilio api" names how the link goes, its label
_USING = frozenset({"with", "using"})


def _product(ab: Abstract, words: list[str], at: int) -> tuple[End, int] | None:
    """A product the knowledge base knows, named with no article after "with"/"using"
    ("sends email alerts with SendGrid", "pays using Stripe"): a new component, as "a
    SendGrid" would be. Only a named product (not a generic kind: "with email" is no box)."""
    if at == 0 or words[at - 1] not in _USING | _THROUGH:
        return None
    kb = knowledge_base()
    for end in range(min(len(words), at + 3), at, -1):
        body = words[at:end]
        if any(w.startswith(("@", "qt")) or w in _PHRASE_END or not w[0].isalnum() for w in body):
            continue
        if end < len(words) and words[end] not in _PHRASE_END and words[end][0].isalnum():
            continue  # "with twilio api": the product qualifies a longer phrase
        phrase = " ".join(body)
        hits = [m for m in kb.find(phrase) if m.start == 0 and m.end == len(phrase)]
        if hits and all(not m.kind.generic or m.phrase in m.kind.labels for m in hits):
            return End(phrase=ab.words(phrase)), end
    if _partner(ab, words, at):
        return End(phrase=ab.words(words[at])), at + 1
    return None


#: verbs whose "with" names a peer system ("it syncs with Outlook")
_PEERED = frozenset({"sync", "synchronise", "synchronize", "integrate", "federate", "interface"})


def _partner(ab: Abstract, words: list[str], at: int) -> bool:
    """ "it syncs with Outlook": a product the knowledge base does not know, written as a
    name (a capital, not an acronym like "TLS"), after a verb of syncing and "with"."""
    if at < 2 or words[at - 1] != "with" or verb_lemma(words[at - 2]) not in _PEERED:
        return False
    if at + 1 < len(words) and words[at + 1] not in _PHRASE_END and words[at + 1][0].isalnum():
        return False  # a longer phrase: the readers of new components have it
    written = ab.words(words[at])
    return bool(re.fullmatch(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*", written))


def _next_middle(words: list[str], k: int, last: End | None, via: End, slot: End) -> bool:
    """Is the mention at `k` a second middleman in a row after "through M" ("through Debezium
    and Kafka Connect": a connector, then a stream)? It follows the middle with "and" and is
    of another kind (like kinds are alternatives: "via Twilio and SendGrid")."""
    if last is not via or words[k - 1] != "and" or slot.phrase or via.phrase:
        return False
    if k + 1 < len(words) and words[k + 1] not in (",", ";", ".", "and", "for", "with"):
        return False  # "via A and B into C", "via A, B writes to C": no row of middles
    kinds = [{c for m in e.mentions for sh in m.shapes for c in sh.classes} for e in (via, slot)]
    return bool(kinds[0] and kinds[1]) and kinds[0].isdisjoint(kinds[1])


def read(ab: Abstract, head: End | None = None) -> Reading:
    """The links the clause states; `head` is what a leading relative pronoun or "it" means
    (the component just added), None outside a tail."""
    words = _TOKEN.findall(ab.text)
    out = Reading()
    pending: list[End] = []  # subjects named since the last verb
    subject: list[End] = []
    verb: str | None = None
    lemma_at = -1
    objects: list[End] = []
    via: End | None = None
    via_more: list[End] = []  # "through M1 and M2" of unlike kinds: the middles in a row
    rel_object: End | None = None  # "X that A talks to": X is the object
    last: End | None = head
    through = False  # "through"/"via" read: the next mention is the middle
    broken = False  # a word that joins no list since the last subject named
    neg_next = negated = ""  # "is not going to X", "instead of reading X": no link
    recent_new: End | None = None  # the last new part an object slot introduced

    def close() -> None:
        nonlocal objects, via, rel_object
        if verb is None or negated:
            if negated == "instead":
                out.cuts.extend((s, d) for s in subject for d in objects if s != d)
            # "a kafka topic that the fraud engine consumes": the relative's object waits for
            # its verb (closing before the verb keeps it)
            objects, via = [], None
            via_more.clear()
            rel_object = rel_object if verb is None and not negated else None
            return
        if not subject and len(objects) >= 2:
            # "connect a leak sensor to the hub": an imperative's first object is the source
            subject[:], objects[:] = objects[:1], objects[1:]
        dst = objects or ([rel_object] if rel_object is not None else [])
        if not dst and via is None and head is not None and head not in subject and subject:
            dst = [head]  # "a loyalty service the order service calls": a reduced relative
        if not dst and via is None:
            return
        after = words[lemma_at + 1 : lemma_at + 4]
        way = direction(verb, after, words[max(0, lemma_at - 2) : lemma_at])
        for s in subject:
            for d in dst or [via]:  # type: ignore[list-item]
                if d is None or s == d:
                    continue
                if via is not None and d is not via:
                    row = [s, via, *via_more, d]
                    chain = list(itertools.pairwise(row if way == "out" else row[::-1]))
                else:
                    chain = [(s, d)] if way == "out" else [(d, s)]
                out.links.extend(c for c in chain if c not in out.links)
        objects, via, rel_object = [], None, None
        via_more.clear()

    k = 0
    while k < len(words):
        w = words[k]
        start = k
        slot: End | None = None
        owned = w.startswith("@") and k + 1 < len(words) and words[k + 1] == "own"
        if owned and (found := _new_phrase(ab, words, k)) is not None:
            slot, end = found
            out.inside.update(int(r[1:]) for r in words[k + 1 : end] if r.startswith("@"))
            k = end - 1
        elif w.startswith("@"):
            m = ab.m(w)
            slot = End(mentions=[m]) if not (m.pronoun and head is not None) else head
            if head is not None and set(m.ids) & {i for h in head.mentions for i in h.ids}:
                slot = head  # the new one named again ("route app -> gw" for the new gateway)
                if "as" in words[max(0, k - 2) : k]:
                    slot = None  # "X as the mail provider the Y uses": its role, no subject
        elif w in _PRONOUNS:
            # "A publishes to a new Q, a W consumes it": outside a tail, "it" is the new part
            # the predicate before introduced
            slot = head if head is not None else recent_new
        elif (found := _new_phrase(ab, words, k) or _product(ab, words, k)) is not None:
            slot, end = found
            out.inside.update(int(r[1:]) for r in words[k:end] if r.startswith("@"))
            k = end - 1
        if w in _RELATIVE and last is not None and k + 1 < len(words):
            nxt = words[k + 1]
            if nxt.startswith("@") or nxt in ("the", "both", "all"):
                close()
                rel_object, verb, pending, subject = last, None, [], []
            else:
                close()
                pending, verb = [last], None
        elif slot is not None and verb is not None and w.startswith("@") and _payload(words, k, ab):
            out.carried.add(int(w[1:]))  # "read trip info from X": what flows, not where
        elif slot is not None and slot.own and (pending or subject or last is not None):
            # "it needs its own X", "it gets its own X": the owner -> its own X
            owner = pending or (subject if verb is not None else []) or [e for e in [last] if e]
            if head is not None and words[start - 1] == "with":
                owner = [head]  # "X ..., with its own Y": in a tail, the new one's own
            if not objects and lemma_at == start - 1:
                verb = None  # "it gets its own X": the verb's object is the own part
            close()
            subject, verb, lemma_at, objects, pending = owner, "own", k, [slot], []
            negated = ""
            last = slot
        elif slot is not None:
            if verb is not None and through:
                via, through = slot, False
            elif verb is not None and via is not None and _next_middle(words, k, last, via, slot):
                via_more.append(slot)  # "synced to X through Debezium and Kafka": in a row
            elif verb is not None:
                objects.append(slot)
                recent_new = slot if slot.phrase else recent_new
            else:
                pending = [slot] if broken else [*pending, slot]
            last, broken = slot, False
        elif w in _NEGATIONS:
            neg_next = "instead" if w == "instead" else "not"
        elif w == "->" and last is not None:
            if verb not in (None, "->") and objects and objects[-1] is last:
                objects.pop()  # "route A -> B": the arrow states the link, not the verb
            close()  # "A -> B -> C": each arrow a link from the mention before it
            subject, verb, lemma_at, pending = [last], "->", k, []
        elif w in _THROUGH:
            through = True
        elif w in (";", ".", ":"):
            close()
            pending, subject, verb = [], [], None
        elif w == "with" and k + 2 < len(words) and words[k + 1] in ("its", "their"):
            close()  # "X with its own Y": X -> its own Y (in a tail: the new one's own)
            subject = [head] if head is not None else pending or subject or [e for e in [last] if e]
            verb, lemma_at, pending = "own", k, []
        elif (lemma := verb_lemma(w)) and (k == 0 or words[k - 1] not in _NOUN_BEFORE):
            if pending or verb is not None or subject or head is not None or k == 0:
                close()
                subject = pending or subject or ([head] if head is not None else [])
                verb, lemma_at, pending = lemma, k, []
                negated, neg_next = neg_next, ""
        elif w in (",", "and") and verb is not None and objects:
            # ", the Y writes to Z" / "and it reads Z": a new subject starts a predicate
            nxt = words[k + 1] if k + 1 < len(words) else ""
            fresh = _new_phrase(ab, words, k + 1) if nxt in ("a", "an", "another") else None
            middle = via is not None and nxt.startswith("@") and not ab.m(nxt).pronoun
            if middle and _next_middle(words, k + 1, last, via, End(mentions=[ab.m(nxt)])):  # type: ignore[arg-type]
                pass  # "through Debezium and Kafka Connect": the second middle, no new subject
            elif (
                nxt.startswith("@")
                or nxt in _PRONOUNS
                or nxt == "the"
                # ", a W consumes it": a new part as the subject of the next predicate
                or (fresh is not None and fresh[1] < len(words) and verb_lemma(words[fresh[1]]))
            ):
                close()
                pending, verb = [], None
        elif w in _BREAK:
            broken = True
            if verb is not None:
                # ", so customers can see X", "calls after payment": no more objects of the verb
                close()
                verb, subject, pending = None, [], []
        k += 1
    close()
    return out


def told(ab: Abstract) -> list[Op] | None:
    """A clause that states a link to a new component ("the portal should embed a video
    player", "it receives alerts from a push service"): the component added and linked."""
    reading = read(ab)
    new = [pair for pair in reading.links if any(e.phrase for e in pair)]
    # between drawn shapes only when asked for ("X should get Y from Z"), not a remark
    if not new and not (reading.links and _WISH.search(ab.text) and "->" not in ab.text):
        return None  # an arrow between drawn shapes the other detectors did not read names it
    return as_ops(reading.links, reading.cuts)


def _key(end: End) -> str:
    return (
        f"new:{end.phrase.lower()}"
        if end.phrase
        else ",".join(i for m in end.mentions for i in m.ids)
    )


def tail_more(ab: Abstract, head: End, ops: list[Op]) -> list[Op]:
    """The relative tail of an add read again by :func:`read`: the links the tail reader of
    :mod:`links` (`ops`) missed are added (a second predicate, a middle named with
    "through", a new component of the tail), and a link it made to a drawn shape that the
    tail names as the new one's own ("with its own database") gives way."""
    reading = read(ab, head)
    mine = _key(head)
    words = _TOKEN.findall(ab.text)
    carried = {
        int(w[1:]) for k, w in enumerate(words) if w.startswith("@") and _payload(words, k, ab)
    }
    # a mention inside a new phrase ("its own @3") or naming a payload ("@2 info from") is
    # no end of the tail reader's links
    inside = {id(ab.mentions[k]) for k in reading.inside | carried}
    kept = [op for op in ops if not any(id(m) in inside for m in [*op.a, *op.b])]
    mine_pairs = {frozenset((_key(a), _key(b))) for a, b in reading.links}

    def pair_of(op: Op) -> frozenset[str]:
        return frozenset((mine, ",".join(i for m in op.a or op.b for i in m.ids)))

    # a link both readers read is taken as this reader states it (its direction)
    kept = [
        op
        for op in kept
        if not (op.kind == "connect" and op.rest == "new" and pair_of(op) in mine_pairs)
    ]

    # a shape this reader links to another new part of the tail ("into a kafka topic that
    # the fraud engine consumes") is no end of the new one's own links
    def ids_of(pairs: list[tuple[End, End]]) -> set[str]:
        return {i for a, b in pairs for e in (a, b) for m in e.mentions for i in m.ids}

    other_new = [
        (a, b)
        for a, b in reading.links
        if mine not in (_key(a), _key(b)) and bool(a.phrase or b.phrase)
    ]
    own = [(a, b) for a, b in reading.links if mine in (_key(a), _key(b))]
    # only a subject of a relative clause said of that other part ("... topic that the X
    # consumes"): elsewhere the tail reader's reading stands
    relative = {
        i
        for r in re.findall(r"\b(?:that|which|whom)\s+(?:the\s+)?@(\d+)\b", ab.text)
        for i in ab.mentions[int(r)].ids
    }
    theirs = (ids_of(other_new) - ids_of(own)) & relative
    kept = [
        op
        for op in kept
        if not (
            op.kind == "connect"
            and op.rest == "new"
            and {i for m in op.a or op.b for i in m.ids} & theirs
        )
    ]
    covered = {pair_of(op) for op in kept if op.kind == "connect" and op.rest == "new"}
    more = [
        pair for pair in reading.links if frozenset((_key(pair[0]), _key(pair[1]))) not in covered
    ]
    return kept + as_ops(more)


_ADD_TOLD = re.compile(
    r"^(?:(?:we|i)\s+)?(?:also\s+)?(?:add|need|needs|want|create|deploy|set up)\s+"
    r"(?P<det>an?|one|another|some|a new)\s+(?P<x>[^@,;:]+?)\s*,?\s+"
    r"(?P<tail>(?:that|which|who)\s.+|with\s+(?:its|their)\s+own\s.+)$"
)


def add_told(ab: Abstract) -> list[Op] | None:
    """ "add a proctoring service which sends flags to the gradebook through an external
    review queue", "add a badge service with its own database": a new component whose tail
    names a further new one or a middle; every link as stated (None when the tail names
    neither: the add and its tail reader do better)."""
    m = _ADD_TOLD.match(ab.text)
    if m is None or not re.search(r"\b(?:through|via|thru|own|an?|another)\s", m.group("tail")):
        return None
    head = End(phrase=ab.words(m.group("x")))
    tail = Abstract(m.group("tail"), ab.mentions, ab.quotes, ab.original, ab.spans, ab.every)
    reading = read(tail, head)
    others = [e for pair in reading.links for e in pair if e.phrase and e is not head]
    vias = len(reading.links) > len({id(e) for pair in reading.links for e in pair if e is head})
    if not reading.links or not (others or vias):
        return None
    return as_ops(reading.links)


def as_ops(links: list[tuple[End, End]], cuts: list[tuple[End, End]] | None = None) -> list[Op]:
    """Stated links as operations: a link between drawn shapes is a plain connect (which
    settles an ambiguous mention by the links drawn), one to a new component a relate; a
    link said to be replaced is cut."""
    gone = [
        Op("disconnect", a.mentions, b.mentions)
        for a, b in cuts or []
        if a.mentions and b.mentions and (a, b) not in links
    ]
    return gone + [
        Op("relate", ends=[(a, b)])
        if a.phrase or b.phrase
        else Op("connect", a.mentions, b.mentions)
        for a, b in links
    ]


def prefer(ab: Abstract, ops: list[Op]) -> list[Op]:
    """The connect detector's reading, or the stated links when they read more: another
    predicate, a replaced link, or a mention the detector took that only names a payload."""
    reading = read(ab)
    if not reading.links:
        return ops
    payload = {id(ab.mentions[k]) for k in reading.carried}
    took = any(id(m) in payload for op in ops for m in [*op.a, *op.b])
    # "connect a leak sensor to the hub": a new component the detector left out
    new = any(e.phrase for pair in reading.links for e in pair) and not any(op.new for op in ops)
    if len(reading.links) > link_count(ops) or reading.cuts or took or new:
        return as_ops(reading.links, reading.cuts)
    return ops


def link_count(ops: list[Op]) -> int:
    """How many links the operations of a reader make (a list on either side: each)."""
    pairs = {
        (a, b)
        for op in ops
        if op.kind == "connect"
        for a in [",".join(m.ids) for m in op.a] or [""]
        for b in [",".join(m.ids) for m in op.b] or [""]
    }
    return len(pairs)
