"""Counts given over places and per sibling: "4 factories, each with a gateway",
"one postgres each", "a db per service", "each service owning its database"."""

from __future__ import annotations

import re

from services.dsl.generation.kb import KnowledgeBase
from services.dsl.generation.phrase_mentions import Mention
from services.dsl.generation.phrase_vocab import (
    DASH,
    MAX_COUNT,
    NUMBERS,
    TOKEN,
    Vocabulary,
    singular,
)

_SENTENCE_END = frozenset({".", "!", "?", ";"})
#: what a component is made of when counted after "with": "NATS with 3 nodes"
REPLICA_WORDS = frozenset(
    {"node", "replica", "instance", "broker", "member", "shard", "pod", "server", "vm", "copy"}
)
#: words between a component and its counted replicas: "with 3 nodes", "in 2 nodes",
#: "on two servers", "across 3 instances", "(3 replicas)"
_TO_REPLICAS = frozenset({"with", "(", "of", ",", "in", "on", "across", "over", "as"})


def replicas(text: str, mentions: list[Mention]) -> None:
    """ "X with 3 nodes", "X in 2 nodes", "X (3 replicas)": the count is X's, the nodes are
    no component of their own (their mention becomes a region, which the planner skips, or,
    read into X's own words, "X replicas", they leave its name)."""
    toks = [t.lower() for t in TOKEN.findall(DASH.sub(" , ", text))]
    for k, m in enumerate(mentions):
        if m.count < 2 and _merged_replicas(toks, m):
            continue
        if m.count < 2 or k == 0 or {singular(w) for w in m.words} - REPLICA_WORDS:
            continue
        host = mentions[k - 1]
        between = toks[host.index + len(host.words) : m.index]
        if host.clause == m.clause and set(between) <= {*_TO_REPLICAS, *NUMBERS}:
            host.count, m.count, m.category = m.count, 1, "region"


def _merged_replicas(toks: list[str], m: Mention) -> bool:
    """ "KServe svc (3 replicas)" read as one mention "kserve svc replicas": the number in
    brackets is its count and the replica word leaves its name. True when `m` was such."""
    if len(m.words) < 2 or singular(m.words[-1]) not in REPLICA_WORDS:
        return False
    start = m.index + len(m.words) - 1
    for p in range(start, min(len(toks) - 1, start + 4)):
        if toks[p] in NUMBERS and p > 0 and toks[p - 1] == "(" and toks[p + 1] == m.words[-1]:
            m.count = min(NUMBERS[toks[p]], MAX_COUNT)
            m.words = m.words[:-1]
            m.label = re.sub(r"\s*\(?" + re.escape(toks[p + 1]) + r"\)?$", "", m.label, flags=re.I)
            return True
    return False


_EACH = frozenset({"each", "every"})


#: "X that each ...": the counted things act, each of them: they are no places
_RELATIVE = frozenset({"that", "which", "who"})


def distribute(vocab: Vocabulary, text: str, mentions: list[Mention]) -> None:
    """Counts given over places: "4 factories, each with a gateway", "three farms. Each farm
    has a controller", "a server (each of 3 stores)". The component that each place holds gets
    the count, its copies named after the place; the place itself (a site, an office, a
    line...) is no component (its mention becomes a region, which the planner skips)."""
    toks = [t.lower() for t in TOKEN.findall(DASH.sub(" , ", text))]
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
            if p + 1 < len(toks) and toks[p + 1] in _BACK:  # "6 sites. Each one runs ..."
                near = near or [k for k in range(p) if toks[k] in NUMBERS][-1:]
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
        trailing = rest[0] in (",", ")", *_SENTENCE_END)
        after = [m for m in mentions if p < m.index < end and m not in places]
        after = [m for m in after if m.clause == after[0].clause] if after else []
        after = _held(after, unit, toks)
        start = -1 if of else num
        before = [m for m in mentions if start < m.index < p and m not in places]
        targets = before[-1:] if of or trailing else (after or before[-1:])
        # "a controller in each one", "an edge box at every site": the part named right
        # before "in each" is the one each place holds, whatever follows
        inside = [m for m in before if p > 1 and toks[p - 1] in _IN and _ends(m) == p - 1]
        targets = inside or targets
        for m in targets:
            if {singular(w) for w in m.words} & _ONE_OF:
                continue  # "a central server in the office every night": one of it
            if m.count == 1 and m.category != "region":
                m.count, m.per = min(NUMBERS[toks[num]], MAX_COUNT), unit
        # "4 telescopes that each dump to a buffer box": the counted things act themselves,
        # so they stay components (each with its own buffer box), no places
        acting = p > 0 and toks[p - 1] in _RELATIVE
        for m in places if targets and not acting else ():
            m.count, m.category = 1, "region"


#: words that end the counted noun ("3 shops in Poland, each ...": the shops are counted)
#: "each one", "each of them": the places are the ones counted before, however far
_BACK = frozenset({"one", "of"})
_IN = frozenset({"in", "at", "on", "inside", "for", "per"})


def _ends(m: Mention) -> int:
    return m.index + len(m.words)


_UNIT_END = frozenset({"with", "each", "of", "and", "in", "at", "across", "on", "around"})


#: words of a part there is one of, whatever the places ("central server", "shared ledger")
_ONE_OF = frozenset({"central", "centralized", "centralised", "shared", "global", "single",
                     "common", "hq", "headquarters", "corporate"})  # fmt: skip


def _held(after: list[Mention], unit: str, toks: list[str]) -> list[Mention]:
    """The parts each place holds, of those named after "each": the list ends at a part there
    is one of ("..., central governance via Collibra") or one that speaks of the places
    themselves ("all shops sync with ..."): what follows is no place's own."""
    for k, m in enumerate(after):
        words = {singular(w) for w in m.words} | set(toks[max(0, m.index - 1) : m.index + 1])
        if k and set(toks[_ends(after[k - 1]) : m.index]) & _RELATIVE:
            return after[:k]  # "a WMS that syncs stock levels": what the part does, not held
        if words & _ONE_OF or unit in words:
            return after[:k]
    return after


def _unit(toks: list[str], k: int) -> str:
    """The counted noun after a number ("3 branch offices" -> "office", "4 cafes in Peru"
    -> "cafe")."""
    words = []
    for t in toks[k + 1 : k + 4]:
        if not t.isalpha() or t in _EACH or t in _UNIT_END or t in _RELATIVE:
            break
        words.append(t)
    return singular(words[-1]) if words else ""


def _is_place(vocab: Vocabulary, m: Mention) -> bool:
    """A mention that counts places holding components, not components themselves."""
    head = singular(m.words[-1])
    return head in vocab.places or (m.kind is None and head not in vocab.heads)


#: what "per"/"each" copies a part for: a sibling of the design's services ("a db per
#: service"); "per tenant", "per region", "per site" partition data or place parts, which
#: makes no copy for each service ("kms key per tenant", "s3 partitioned per tenant")
_SIBLING = r"(?:micro)?services?|apps?|applications?|apis?|workers?|functions?|domains?"
_PER_EACH = (
    re.compile(
        r"\b(?:one|a|an|its own|their own)\s+([a-z0-9 .-]+?)\s+(?:each|per\s+(?:"
        + _SIBLING
        + r"))\b"
    ),
    re.compile(r"\b([a-z0-9.-]+)\s+(?:per|in each|for each)\s+(?:" + _SIBLING + r")\b"),
    re.compile(r"\beach\b[a-z ]{0,30}?\b(?:with|owning|has|having|gets)\s+"
               r"(?:its|their)\s+(?:own\s+)?([a-z0-9.-]+)"),
)  # fmt: skip
PER_SIBLING = -1


def per_each(kb: KnowledgeBase, vocab: Vocabulary, low: str, mentions: list[Mention]) -> None:
    """Mark "one postgres each", "a db per service", "each ... owning its database"; a kind
    named only there ("each service owning its database") becomes a mention of its own."""
    for pattern in _PER_EACH:
        for match in pattern.finditer(low):
            if _after_places(vocab, low[: match.start()]):
                continue  # "3 regions, one fleet each": each place's, distribute() reads it
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


_COUNTED_BEFORE = re.compile(r"\b([a-z0-9]+)\s+([a-z]+)\s*[,:(-]?\s*$")


def _after_places(vocab: Vocabulary, before: str) -> bool:
    """Does `before` end in a count of places ("3 regions, ", "in 4 stores: ")?"""
    found = _COUNTED_BEFORE.search(before)
    if found is None or found.group(1) not in NUMBERS:
        return False
    unit = singular(found.group(2))
    return unit in vocab.places or unit in ("region", "zone", "az", "cluster", "country")
