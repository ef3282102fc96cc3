"""Find the operation(s) a clause asks for, from its verbs and structure, wherever they stand.

The clause is first abstracted: every mention of a diagram shape (:mod:`mentions`) becomes
``@k`` and every quoted name ``qtN``, and slang verbs become their plain verb ("rip out" ->
remove, "throw in" -> add, "hook up" -> connect). The detectors below then read that short
string: they look for a verb and the roles around it ("from @0 to @1", "@0 -> new thing",
"@0 must not call @1", "@0, @1 and @2 into a qt0 box"), not for a whole-sentence shape, so
fillers, reasons and the order of the words matter little. Each detector gives operations
with shape mentions and new-component phrases; :mod:`edit_ops` applies them. The detectors
of links are in :mod:`links`, their order in :mod:`finder`. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.generation.kb import COMPONENT_HEADS, knowledge_base
from services.dsl.generation.mentions import Mention, singular, speller


def singular_word(word: str) -> str:
    return singular(word)[0]


SLANG: list[tuple[str, str]] = [
    (r"\b(?:get|got|getting) rid of\b", "remove"),
    (r"\b(?:change|changing|update|edit)\s+the\s+(?:name|title)\s+(?:of|for|on)\b", "rename"),
    (r"\bgive\s+(?=(?:the\s+)?@\d+\s+the\s+(?:name|label)\b)", "rename"),
    # "drop an X between A and B": a new component set down, not one taken away
    (
        r"\b(?:drop|dropped)\s+(?=(?:an?|one|some)\s+(?!(?:\w+\s+)?(?:link|connection|edge|"
        r"arrow|line)\b)[^@]*?\b(?:between|in front of|behind|before|after|next to|into|in)\b)",
        "add ",
    ),
    (
        r"\b(?:sunset|sunsetted|sunsetting|phased? out|phasing out|shut down|shutting down|"
        r"decommissioning|deprecated)\b",
        "remove",
    ),
    (
        r"\b(?:rip|rips|ripped|chuck|chucked|throw|kick|cut|take|took)\s+out\b(?!\s+(?:of|from))",
        "remove",
    ),
    (
        r"\b(?:rm|del|nuke|nuked|kill|killed|ditch|ditched|scrap|scrapped|axe|"
        r"drop|dropped|delete|deleted|deleting|removed|removing|decommission|"
        r"decommissioned|retire|retired|delet|purge|purged|wipe out|wiped out|wipe|"
        r"clear out|cleared out)\b",
        "remove",
    ),
    (r"\b(?:throw|throwing|chuck|stick|slap|pop|drop|plug|bring)\s+in\b", "add"),
    (r"\b(?:throw|stick|slap|pop|chuck|spin up|introduce|include|insert|added|adding)\b", "add"),
    (r"\b(?:hook|hooks|hooked|wire|wired|plug|plugged)(?:\s+up)?\b", "connect"),
    (r"\b(?:link|linked)\b(?=\s+(?:the\s+)?@)", "connect"),
    (r"\b(?:bundle|box|boxes|wrap|cluster|lump|grouping|grouped)\b(?=.*@)", "group"),
    (
        r"\b(?:fold|folds|fuse|combine|consolidate|merged|absorb|squash|squish|collapse|"
        r"unify|smoosh|mash)\b",
        "merge",
    ),
    (r"\b(?:break|breaks|carve)(?:\s+up)?\b", "split"),
    (r"\b(?:swapped|swapping|switched|switching|exchange)\b", "swap"),
    (r"\b(?:migrated|migrating|migrate|moved off|moving off|moved away from)\b", "migrate"),
    (r"\b(?:renamed|renaming)\b", "rename"),
    (r"\b(?:conection|connexion|conn)\b", "connection"),
]
#: after a shape, a verb: "..., the batch job generates ..." starts a new predicate
_VERB_AFTER = (
    r"(?:\s+[a-z]+)?\s+(?:is|are|was|were|does|do|did|has|have|had|will|would|should|must|"
    r"can|could|now|still|[a-z]+(?:es|ts|ds|ls|ks|rs|ps|ys|ns|ms))\b"
)
LIST = (
    r"@\d+(?:\s*(?:,(?!\s*(?:and\s+)?(?:also\s+)?(?:the\s+)?@\d+"
    + _VERB_AFTER
    + r")\s*(?:and\s+)?|"
    r"and|or|plus|as well as)\s*(?:also\s+)?(?:the\s+)?@\d+)*"
)
PAIR = [
    r"(?:from|between)\s+(?:the\s+)?(@\d+)\s+(?:to|and|->|towards)\s+(?:the\s+)?(@\d+)",
    r"(@\d+)\s*(?:->|<->)\s*(@\d+)",
    r"(@\d+)\s+(?:to|and)\s+(@\d+)\s+(?:link|connection|edge|arrow|call|hop|line|traffic)",
    r"(@\d+)\s+(?:\w+\s+){0,2}(?:to|into)\s+(?:the\s+)?(@\d+)",
]
#: the nouns a container goes by
CONTAINER_NOUN = (
    r"(?:container|group|grouping|box|zone|boundary|frame|subnet|vpc|vnet|namespace|segment|"
    r"enclave|area|section|tier|layer|swimlane|lane|region|perimeter|dmz)"
)
#: the box shapes a user may ask a component to take (the fallback grammar reads them too)
SHAPES = [
    "rectangle",
    "square",
    "circle",
    "oval",
    "cylinder",
    "hexagon",
    "diamond",
    "cloud",
    "person",
    "parallelogram",
    "document",
    "page",
    "package",
    "step",
    "callout",
    "stored_data",
    "queue",
]
EDGE_PROPS = (
    r"\b(?:m?tls(?:\s*\d(?:\.\d)?)?|ssl|ssh|sasl\w*|https|wireguard|ipsec|"
    r"vpn|cert pinning|encrypted)\b"
)
SHAPE_PROPS = (
    r"\b(?:encrypt\w*|kms|sse-kms|sse|aes-?\d*|at rest|immutable|worm|"
    r"multi-az|read-only)\b"
)
NEW_END = (
    r"(?=\s+(?:between|connected to|linked to|attached to|next to|in front of|behind|before|"
    r"after|inside|into|within|in|to|for|on|off|that|which|who|fed|reading|so|and have|and let|"
    r"and make|as the|as a|where|with|from)\b|\s*[,;:(]|$)"
)


#: what a clause says someone needs that is not a component ("read access", "more time")
ABSTRACT_NEEDS = (
    r"(?:access|permissions?|rights|visibility|latency|throughput|time|budget|approval|"
    r"sign-?off|review|notices?|updates?|info|information|data|details|a fix|help|context)"
)


@dataclass
class Op:
    kind: str
    a: list[Mention] = field(default_factory=list)
    b: list[Mention] = field(default_factory=list)
    new: str = ""
    label: str = ""
    rel: str = ""
    rest: str = ""


@dataclass
class Abstract:
    text: str  # the clause with @k for mentions
    mentions: list[Mention]
    quotes: tuple[str, ...]
    original: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # each mention in `original`
    every: list[Any] = field(default_factory=list)  # the diagram's shapes

    def source(self, phrase: str) -> str:
        """A phrase of the abstract in the clause's own words (mentions as written, quotes
        still ``qtN``), to be read again as a clause."""
        return re.sub(
            r"@(\d+)",
            lambda g: (
                self.original[slice(*self.spans[int(g.group(1))])]
                if int(g.group(1)) < len(self.spans)
                else g.group(0)
            ),
            phrase,
        ).strip(" ,")

    @property
    def loose(self) -> str:
        """The text with mentions that only name a kind written out (a new product's name)."""
        return re.sub(
            r"@(\d+)",
            lambda g: (
                self.mentions[int(g.group(1))].text
                if self.mentions[int(g.group(1))].tier == 1
                else g.group(0)
            ),
            self.text,
        )

    @property
    def full(self) -> str:
        """The text with every mention and quote written out, in lower case."""
        return self.words(self.text).lower()

    def m(self, ref: str) -> Mention:
        return self.mentions[int(ref.lstrip("@"))]

    def many(self, refs: str) -> list[Mention]:
        return [self.m(r) for r in re.findall(r"@\d+", refs)]

    def words(self, phrase: str) -> str:
        """A phrase of the abstract with its mentions and quotes written out again."""
        out = re.sub(r"@(\d+)", lambda g: self.mentions[int(g.group(1))].text, phrase).strip()
        at = self.original.lower().find(out)
        if at >= 0:
            out = self.original[at : at + len(out)]
        return re.sub(r"\bqt(\d+)\b", lambda g: self.quotes[int(g.group(1))], out).strip()


#: the words operations are found by, to which a misspelt word is repaired ("renmae")
OP_WORDS = [
    "remove",
    "rename",
    "replace",
    "connect",
    "disconnect",
    "relabel",
    "label",
    "encrypt",
    "encrypted",
    "encryption",
    "migrate",
    "migrated",
    "split",
    "merge",
    "group",
    "ungroup",
    "delete",
    "insert",
    "attach",
    "dissolve",
    "between",
    "inside",
    "instead",
]


#: a letter that stands for a hyphen inside a word while slang verbs are read
HYPHEN = "\u01c2"


@lru_cache(maxsize=8192)
def _verb_repair(word: str) -> str:
    if word in OP_WORDS or speller().known([word]):
        return word
    hit = process.extractOne(word, OP_WORDS, scorer=OSA.distance, score_cutoff=1)
    return str(hit[0]) if hit else word


def abstract(
    cased: str, tokens: list[re.Match[str]], mentions: list[Mention], quotes: tuple[str, ...]
) -> Abstract:
    """`cased` with its mentions as @k and its slang verbs plain, in lower case."""
    text = cased.lower()
    out, pos = [], 0
    spans = []
    # a "@" the user typed is not a mention
    text = text.replace("@", "a")
    for k, m in enumerate(mentions):
        s, e = tokens[m.start].start(), tokens[m.end - 1].end()
        spans.append((s, e))
        out.append(text[pos:s])
        out.append(f"@{k}")
        pos = e
    out.append(text[pos:])
    # a hyphenated word is a name, not a verb ("a drop-copy gateway", "a pull-through cache"):
    # its hyphen is held as a letter while the verbs are read
    a = re.sub(r"(?<=[a-z])-(?=[a-z])", HYPHEN, "".join(out))
    a = re.sub(r"\b[a-z]{5,}\b", lambda w: _verb_repair(w.group(0)), a)
    for pattern, verb in SLANG:
        a = re.sub(pattern, verb, a)
    a = a.replace(HYPHEN, "-")
    a = _apposition(a, mentions)
    return Abstract(re.sub(r"\s+", " ", a).strip(), mentions, quotes, cased, spans)


#: "both of the payment things, the A and the B", "the two stores: A and B": a collective
#: phrase followed by the list that spells it out (the list is what is meant)
_APPOSITION = re.compile(
    r"\b(?P<q>both|all|each|every|the|these|those)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?"
    r"(?:(?:two|three|four|five|\d)\s+)?(?:(?:@\d+|[a-z-]+)\s+){0,2}?(?P<head>@\d+|[a-z-]+s)"
    r"\s*(?:,|:|\(|\s[—–-])\s*(?:namely\s+|i\.e\.?\s+|that is,?\s+|i mean\s+|both\s+)?"
    r"(?=(?:the\s+)?(?P<list>@\d+(?:\s*(?:,\s*(?:and\s+)?|\band\s+|&\s*)(?:the\s+)?@\d+)+))"
)


def _apposition(text: str, mentions: list[Mention]) -> str:
    def keep_list(m: re.Match[str]) -> str:
        head = m.group("head")
        listed = [mentions[int(k)] for k in re.findall(r"@(\d+)", m.group("list"))]
        if head.startswith("@"):
            whole = mentions[int(head[1:])]
            ids = set(whole.ids)
            if not whole.collective or whole.pronoun or not ids:
                return m.group(0)
            within = all(set(x.ids) <= ids for x in listed if not x.ambiguous)
            # "both of the caching bits, A and B": a loose head names some of the list
            if not within and not ids & {i for x in listed for i in x.ids}:
                return m.group(0)
        elif m.group("q") == "the" and head in ("others", "rest"):
            return m.group(0)
        return ""

    return _APPOSITION.sub(keep_list, text)


def _quote(ab: Abstract, text: str) -> str | None:
    q = re.search(r"\bqt(\d+)\b", text)
    return ab.quotes[int(q.group(1))] if q else None


def _pair(ab: Abstract) -> tuple[Mention, Mention] | None:
    for p in PAIR:
        m = re.search(p, ab.text)
        if m:
            return ab.m(m.group(1)), ab.m(m.group(2))
    return None


def new_phrase(text: str) -> tuple[str, str]:
    """(the new component's phrase, what follows it) at the start of `text`.

    A parenthesis right after the phrase belongs to it ("a feature store (redis)"); a phrase
    followed by a colon and an article is a heading, the component is what the colon
    introduces ("thumbnails: a thumbnail generator that ...")."""
    m = re.match(r"(.+?)" + NEW_END, text)
    phrase = m.group(1) if m else text
    rest = text[len(phrase) :].strip(" ,")
    head = re.match(r":\s*(?:an?|one|the)\s+(.+)", rest)
    if head and "@" not in phrase:
        return new_phrase(head.group(1))
    paren = re.match(r"\(([^()@]{1,40})\)", rest)
    if paren:
        phrase, rest = f"{phrase.strip()} ({paren.group(1).strip()})", rest[paren.end() :]
    return phrase.strip(" ,"), rest.strip(" ,")


# ---------------------------------------------------------------------------------- detectors


def edge_label(ab: Abstract) -> list[Op] | None:
    q = _quote(ab, ab.text)
    pair = _pair(ab)
    if q is None or pair is None:
        return None
    if not re.search(r"\b(?:label\w*|name|call|relabel|tag|caption|title|as)\b|:|->", ab.text):
        return None
    if re.search(r"\b(?:group|container|zone|box|segment)\b", ab.text):
        return None
    return [Op("edge_label", [pair[0]], [pair[1]], label=q)]


def label_append(ab: Abstract) -> list[Op] | None:
    """ "add 'HTTPS only' to the labels of both load balancers": each label gets the words."""
    m = re.search(
        r"\b(?:add|append|put)\s+(qt\d+)\s+(?:to|on|onto)\s+(?:the\s+)?(?:labels?|names?|titles?)"
        r"\s+(?:of\s+)?(?:the\s+|both\s+|all\s+|every\s+)*(" + LIST + ")",
        ab.text,
    )
    if not m:
        return None
    return [Op("label_append", ab.many(m.group(2)), label=_quote(ab, m.group(1)) or "")]


def rename(ab: Abstract) -> list[Op] | None:
    m = (
        re.search(  # "rename the edge container to DMZ": the kind word is not the new name
            r"\b(?:rename|relabel|retitle)\s+(?:the\s+)?(@\d+)\s+(?:"
            + CONTAINER_NOUN
            + r"|service|component|node|box|shape|database|db|queue|cache)s?\s+(?:to|as|->|into)\s+"
            r"(.+)",
            ab.text,
        )
        or re.search(
            r"\b(?:rename|relabel|label|call|name|"
            r"retitle)\s+(?:the\s+)?(@\d+)\s+(?:to|as|->|into)?\s*(.+)",
            ab.text,
        )
        or re.search(
            r"(@\d+)\s+(?:is|are|should be|will be|has been|gets)\s+(?:now\s+)?"
            r"(?:called|named|rename|renamed to|labell?ed|known as)\s+(.+)",
            ab.text,
        )
        or re.search(r"\brename\s+(@\d+)\s*(?:->)\s*(.+)", ab.text)
    )
    if not m:
        return None
    new = _quote(ab, m.group(2)) or ab.words(
        re.sub(r"\s+(?:now|instead|please)\b.*$", "", m.group(2))
    )
    said = re.sub(r"\s+(?:now|instead|please)\b.*$", "", m.group(2))
    refs = re.findall(r"@\d+", said)
    # "rename X to Video Hub": a new name may reuse a word of another shape ("video"), but
    # is not just another shape's full name ("rename X to Y" with Y drawn: a replace or a typo)
    whole = (
        bool(refs)
        and not re.sub(r"@\d+|\s|\bthe\b", "", said)
        and any(ab.m(r).tier >= 3 for r in refs)
    )
    plain = re.search(r"\b(?:rename|relabel|retitle)\s+(?:the\s+)?@\d+\s+(?:to|as)\s", ab.text)
    if refs and _quote(ab, m.group(2)) is None and "->" not in ab.text and (whole or not plain):
        return None
    if not new or (_quote(ab, m.group(2)) is None and re.search(r"[,;:]", said)):
        return None
    return [Op("rename", [ab.m(m.group(1))], label=new)]


LINK_WORDS = r"(?:edges?|links?|connections?|arrows?|calls?|lines?|flows?|hops?|channels?)"


def edges_prop(ab: Abstract) -> list[Op] | None:
    """ "every connection coming into X must use TLS", "all the links out of X need mTLS",
    "both calls into X (from A and from B) encrypted": the property on each of those links."""
    prop = re.search(EDGE_PROPS, ab.text)
    if prop is None:
        return None
    words = re.sub(
        r"@(\d+)",
        lambda g: w if re.fullmatch(LINK_WORDS, w := ab.m(g.group(1)).text) else g.group(0),
        ab.text,
    )
    m = re.search(
        r"\b(?:all|every|each|both|the)\s+(?:of\s+)?(?:the\s+)?(?:[a-z]+\s+)?"
        + LINK_WORDS
        + r"\s+(?:that\s+)?(?:\w+\s+)?(?P<dir>out of|from|leaving|into|in to|to|entering|"
        r"towards|of|touching|at|around)\s+(?:the\s+)?(?P<x>@\d+)",
        words,
    )
    if not m:
        return None
    inward = m.group("dir") in ("into", "in to", "to", "entering", "towards")
    outward = m.group("dir") in ("out of", "from", "leaving")
    rel = "in" if inward else "out" if outward else "both"
    others = [ab.m(r) for r in re.findall(r"@\d+", words[m.end() :])]
    start = ab.original.lower().find(prop.group(0))
    text = ab.original[start:] if start >= 0 else prop.group(0)
    text = re.sub(r"[.?!]+$", "", text)[:40].strip()
    return [Op("edges_prop", [ab.m(m.group("x"))], others, label=text, rel=rel)]


def edge_prop(ab: Abstract) -> list[Op] | None:
    prop = re.search(EDGE_PROPS, ab.text)
    pair = _pair(ab)
    if prop is None or pair is None:
        return None
    start = ab.original.lower().find(prop.group(0))
    text = ab.original[start:] if start >= 0 else prop.group(0)
    text = re.sub(r"[.?!]+$", "", text)[:40].strip()
    return [Op("edge_prop", [pair[0]], [pair[1]], label=text)]


def edge_prop_it(ab: Abstract) -> list[Op] | None:
    """ "… the A -> B channel is plaintext; flag that it needs TLS": a link property said of
    "it"/"that"/"this link" — the link the clause before named (a shape's note otherwise)."""
    prop = re.search(EDGE_PROPS, ab.text)
    if prop is None or _pair(ab) is not None or any(not m.pronoun for m in ab.mentions):
        return None
    if not ab.mentions and not re.search(r"\b(?:it|that|this)\b|\b" + LINK_WORDS, ab.text):
        return None
    start = ab.original.lower().find(prop.group(0))
    text = ab.original[start:] if start >= 0 else prop.group(0)
    return [Op("edge_prop_ctx", ab.mentions, label=re.sub(r"[.?!]+$", "", text)[:40].strip())]


#: how a link may be drawn ("dashed", "thicker", "red"): D2 style key and value
EDGE_STYLES = {
    "dashed": ("stroke-dash", "3"),
    "dotted": ("stroke-dash", "1"),
    "bold": ("stroke-width", "3"),
    "thick": ("stroke-width", "3"),
    "thicker": ("stroke-width", "3"),
    "animated": ("animated", "true"),
    **{
        c: ("stroke", c)
        for c in [
            "red",
            "green",
            "blue",
            "orange",
            "purple",
            "gray",
            "grey",
            "black",
            "yellow",
            "pink",
        ]
    },
}


def edge_style(ab: Abstract) -> list[Op] | None:
    """ "the arrow from A to B should be dashed", "make the A -> B line red": the link drawn so."""
    pair = _pair(ab)
    said = re.search(r"\b(" + "|".join(EDGE_STYLES) + r")\b", ab.text)
    if pair is None or said is None:
        return None
    if not re.search(r"\b" + LINK_WORDS + r"|->", ab.text):
        return None
    key, value = EDGE_STYLES[said.group(1)]
    return [Op("edge_style", [pair[0]], [pair[1]], label=value, rel=key)]


#: what a shape may be required to be ("in PCI scope", "internet-facing", "highly available")
REQUIRED_STATE = (
    r"(?:(?:in|out of|within|part of)\s+(?:the\s+)?)?(?:pci|hipaa|gdpr|sox|soc\s?2|iso\s?27001|"
    r"fedramp|pii|phi)[\w-]*(?:\s+(?:scope|zone|boundary|compliant|data|regulated))?|in scope|"
    r"out of scope|internet[\s-]facing|public(?:ly)?[\s-]?(?:facing|exposed|accessible|reachable)?|"
    r"private|internal[\s-]only|stateless|stateful|ephemeral|idempotent|immutable|read[\s-]only|"
    r"highly[\s-]available|ha|redundant|replicated|backed[\s-]up|encrypted[\w\s-]*|audited|"
    r"\w+[\s-]compliant|compliant|(?:business|mission|safety)[\s-]critical|critical|sensitive|"
    r"regulated|isolated|air[\s-]gapped|multi[\s-](?:az|region|tenant)|geo[\s-]redundant|"
    r"fault[\s-]tolerant|hardened|versioned|rate[\s-]limited|authenticated|legacy|"
    r"tier[\s-]?\d|p\d|single[\s-]tenant|third[\s-]party|on[\s-]prem\w*|managed|"
    r"(?:pen|penetration)[\s-]tested|zero[\s-]trust|locked down|scoped"
)
#: what a shape may be required to have ("daily backups", "encryption at rest")
REQUIRED_THING = (
    r"(?:backups?|encryption|replication|retention|snapshots?|versioning|auditing|audit\s+"
    r"(?:logging|logs?|trail)s?|redundancy|high availability|failover|mfa|2fa|pitr|"
    r"point[\s-]in[\s-]time recovery|geo[\s-]?redundancy|ttls?|slas?|rpo|rto|"
    r"disaster recovery|immutability|access logging|hardening|tokeni[sz]ation|masking|"
    r"data masking|key rotation|rotation|pen[\s-]?tests?|sign[\s-]?off|approval)"
)


def requirement(ab: Abstract) -> list[Op] | None:
    """A property stated as a requirement: "mark X as PCI scope", "X must be encrypted at
    rest", "X is internet-facing", "X needs daily backups" — a note on X."""
    t = ab.text
    targets: list[Mention] = []
    said = ""
    m = re.search(
        r"\b(?:mark|flag|tag|label|note|annotate|treat|consider|classify|declare|designate)\s+"
        r"(?:the\s+|both\s+|all\s+)?(" + LIST + r")\s+(?:as|with|for|being)\s+(?:an?\s+|the\s+)?"
        r"([^@]+)$",
        t,
    )
    if m and not re.fullmatch(
        r"(?:client|external|network|security|process|database|cache|storage|queue|ai|"
        r"monitoring)(?:\s+(?:component|node|shape|class))?",
        m.group(2).strip(),
    ):
        targets, said = ab.many(m.group(1)), m.group(2)
    m = (
        m
        if targets
        else re.search(
            r"^(?:the\s+|both\s+|all\s+)?(" + LIST + r")\s+(?:\w+\s+)?(?:is|are|must|should|"
            r"shall|needs? to|has to|have to|will|has|have|needs?|requires?|wants?)\s+"
            r"(?:also\s+|really\s+|definitely\s+|always\s+|now\s+|still\s+|strictly\s+|absolutely\s+|not\s+)?"
            r"(?:be\s+|stay\s+|remain\s+|have\s+|keep\s+|get\s+|use\s+)?(?:now\s+)?(?:also\s+)?"
            r"(?:an?\s+|the\s+)?(?P<p>(?:(?:\w+[\s-]){0,2}?"
            + REQUIRED_THING
            + r"|"
            + REQUIRED_STATE
            + r")\b[^@]*)$",
            t,
        )
    )
    if not targets and m:
        targets, said = ab.many(m.group(1)), m.group("p")
    if not targets or not said.strip():
        return None
    start = ab.original.lower().find(said.strip()[:12])
    text = ab.original[start:] if start >= 0 else said
    text = re.sub(r"[.?!]+$|\s*,.*$|\s+(?:please|thanks?)\b.*$", "", text).strip()
    return [Op("shape_prop", targets, label=text[:60], rest=t)]


def required_it(ab: Abstract) -> list[Op] | None:
    """ "… also the daily backup is required (add this on it)": a requirement with no subject
    of its own is said of what the clause before touched."""
    if any(not m.pronoun for m in ab.mentions):
        return None
    m = re.search(
        r"^(?:also\s+)?(?:the\s+|an?\s+)?(?P<p>(?:[\w-]+\s+){0,3}?" + REQUIRED_THING + r")\s+"
        r"(?:is|are)\s+(?:also\s+)?(?:required|mandatory|needed|necessary|a must|expected|"
        r"compulsory)\b",
        ab.text,
    )
    if m is None:
        return None
    return [Op("shape_prop_ctx", label=ab.words(m.group("p")) + " required")]


def shape_prop(ab: Abstract) -> list[Op] | None:
    prop = re.search(SHAPE_PROPS, ab.text)
    if prop is None or not ab.mentions:
        return None
    start = ab.original.lower().find(prop.group(0))
    said = ab.original[start:] if start >= 0 else ab.words(ab.text[prop.start() :])
    text = re.sub(r"[.?!]+$", "", said).strip()
    follow = ""
    more = re.search(
        r"\s+(?:and|,)\s+(?:also\s+)?(?=(?:be\s+)?(?:placed|put|moved|move|place|connected|"
        r"linked|renamed|grouped|labell?ed)\b)",
        text,
    )
    if more:
        text, follow = text[: more.start()], "it " + text[more.end() :]
    targets = [m for m in ab.mentions if not m.pronoun] or ab.mentions[:1]
    if follow:
        targets = targets[:1]
    op = Op(
        "shape_prop",
        targets[:1] if len(targets) > 1 and "all" not in ab.text else targets,
        label=text[:60].strip(),
        rest=ab.text,
    )
    op.new = follow
    return [op]


#: a kind a user says a shape should look like, and the D2 shape that draws it
DRAWN_AS = {
    "database": "cylinder",
    "datastore": "cylinder",
    "data store": "cylinder",
    "db": "cylinder",
    "disk": "cylinder",
    "person": "person",
    "people": "person",
    "user": "person",
    "users": "person",
    "human": "person",
    "actor": "person",
    "queue": "queue",
    "file": "document",
}


def reshape(ab: Abstract) -> list[Op] | None:
    names = "|".join(SHAPES) + "|stored data"
    full = ab.full
    m = re.search(
        r"\b(" + names + r")\s+shape\b|\bshape\s+(?:of\s+|to\s+)?(?:an?\s+)?(" + names + r")\b|"
        r"\b(?:as|into|be|like)\s+(?:an?\s+)?(" + names + r")s?\b|"
        r"\bwith\s+(?:an?\s+|the\s+)(" + names + r")\b|"
        r"\ban?\s+(" + names + r")$|^(" + names + r")\??$",
        full,
    )
    kind = re.search(
        r"\b(?:as|like|look like|looks like|drawn as|depicted as)\s+(?:an?\s+)?("
        + "|".join(DRAWN_AS)
        + r")\b",
        full,
    )
    if not ab.mentions or not (m or kind):
        return None
    shape = next(g for g in m.groups() if g) if m else DRAWN_AS[kind.group(1) if kind else ""]
    said = {shape, kind.group(1) if kind and not m else ""}
    inside = {int(k) for k in re.findall(r"\(\s*@(\d+)\s*\)", ab.text)}  # "(database)"
    targets = [
        x
        for k, x in enumerate(ab.mentions)
        if x.text not in said and shape not in x.text.split() and k not in inside
    ]
    listed = re.search(LIST, ab.text)
    if listed and len(ab.many(listed.group(0))) > 1:
        # "draw A and B as clouds": each of the list
        targets = [x for x in ab.many(listed.group(0)) if x in targets]
    elif targets and not targets[0].collective:
        targets = targets[:1]
    return [Op("reshape", targets, label=shape.replace(" ", "_"))] if targets else None


def ungroup(ab: Abstract) -> list[Op] | None:
    if not re.search(r"\b(?:dissolve|ungroup|flatten|unwrap|unbox|remove|disband)\b", ab.text):
        return None
    if not re.search(
        r"\b(?:keep\w*|retain\w*|remain|stay|ungroup|dissolve|flatten|unwrap|leave|"
        r"unbox|disband|contents?|children)\b|\bwithout\s+(?:the|a|any)\s+(?:box|group\w*|"
        r"container|zone|frame|boundary)\b|\bas (?:they|it) (?:are|is)\b",
        ab.text,
    ):
        return None
    conts = [m for m in ab.mentions if any(s.children for s in m.shapes)]
    return [Op("ungroup", conts[:1])] if conts else None


_MERGED_NEWS = (
    r"\b(?:we|they|i|team|someone)\s+(?:\w+\s+)?(?:merged|combined|folded|consolidated|"
    r"squashed|fused|collapsed)\b"
)
_MERGE_ASK = r"\b(?:merge|combine|fold|consolidate|squash|fuse|collapse|unify)\b"


def merge(ab: Abstract) -> list[Op] | None:
    """ "merge A and B into one 'X'", "squash them into one box called X"; a past "we merged
    them last quarter" before the request is news, the last reading wins."""
    if re.search(_MERGED_NEWS, ab.original, re.I) and not re.search(_MERGE_ASK, ab.original, re.I):
        return None  # "we merged them in the last refactor": news, the request comes after
    found = list(
        re.finditer(
            r"\bmerge\s+(?:the\s+)?("
            + LIST
            + r")(?:\s+(?:into|with|in|together)\s+(?:one\s+|a single\s+|the\s+)?"
            r"((?:(?!\bmerge\b).)+))?",
            ab.text,
        )
    )
    for m in reversed(found):
        parts = ab.many(m.group(1))
        into = m.group(2) or ""
        one = re.search(r"\b(?:one|a single|a new|single)\s+" + re.escape(into) + "$", m.group(0))
        target = None if one else re.match(r"(@\d+)", into)
        if target:
            return [Op("merge", parts, [ab.m(target.group(1))])]
        if sum(len(p.shapes) for p in parts) < 2:
            continue
        named = _quote(ab, into) or ""
        called = re.search(
            r"\b(?:called|named|titled|labell?ed|as)\s+([^@]+?)(?:\s+(?:please|now))?$", into
        )
        if not named and called:  # "into one box called SiteMinder"
            named = ab.words(called.group(1))
        new = ab.words(new_phrase(into)[0]) if into else ""
        return [Op("merge", parts, new=new, label=named)]
    return None


#: words that make a part of a split a copy of the whole in a role ("a primary and a hot
#: standby", "read and write paths"), not a component of its own
_ROLE_TEXT = (
    "primary secondary standby hot warm cold replica active passive leader follower main "
    "backup failover shadow read write reader writer blue green canary stable online offline "
    "batch realtime real-time internal external public private ingest query east west north "
    "south a b 1 2"
)
ROLE_WORDS = frozenset(re.split(r"\s+", _ROLE_TEXT))
_GENERIC_PART = r"(?:paths?|sides?|instances?|nodes?|copies|copy|halves|half|parts?|pools?|tiers?)"


def _role_parts(parts: list[str], whole: str) -> list[str] | None:
    """ "a primary and a hot standby" of the Matching Engine: "Matching Engine Primary",
    "Matching Engine Hot Standby" (None when a part names a component of its own)."""
    noun = re.search(r"\s+(" + _GENERIC_PART + r")$", parts[-1])
    tail = singular_word(noun.group(1)) if noun else ""
    bare = [re.sub(r"\s+" + _GENERIC_PART + "$", "", p) for p in parts]
    if not all(b and set(b.lower().split()) <= ROLE_WORDS for b in bare):
        return None
    return [f"{whole} {b}{' ' + tail if tail else ''}" for b in bare]


def split(ab: Abstract) -> list[Op] | None:
    text = re.sub(  # "X should be split into ...": the passive said as a command
        r"(?:the\s+)?(@\d+)\s+(?:\w+\s+){0,3}(?:be\s+|is\s+|gets?\s+|getting\s+)split\b",
        r"split \1",
        ab.text,
    )
    m = re.search(
        r"\bsplit\s+(?:up\s+)?(?:the\s+)?(@\d+)\s+(?:up\s+)?(?:in(?:to)?\s+(?:two|"
        r"three|2|3)\s+[^:,]{1,30}[:,]|in(?:to)?\s+(?:two|"
        r"three|2|3)?\s*(?:parts|pieces|things)?\s*:?|into|:)\s*(.+)",
        text,
    )
    if not m:
        return None
    head = re.search(r"(?:two|three|2|3)\s+([^:,]+?)\s*[:,]", m.group(0))
    heading = ab.words(head.group(1)).split() if head else []
    kind = singular_word(heading[-1].lower()) if heading else ab.m(m.group(1)).text
    news, said, follow = [], [], ""
    for p in re.split(r"\s*(?:,|\band\b|;)\s*", m.group(2)):
        p = p.strip()
        if not p or re.match(r"(?:both|all|each|which|that|so)\b", p):
            continue
        if p.startswith("@"):  # "..., stripe calls the webhook one": read next
            follow = ab.source(m.group(2)[m.group(2).index(p) :])
            break
        p = re.sub(r"^(?:one|a|an|two|the)\s+", "", p)
        aim = re.match(r"(?:for|of)\s+(.+)", p)  # "one for CPU": a CPU <kind>
        said.append(new_phrase(p)[0])
        news.append(f"{ab.words(aim.group(1))} {kind}" if aim else ab.words(new_phrase(p)[0]))
    whole = ab.m(m.group(1))
    roles = _role_parts(said, whole.shapes[0].label) if said and whole.shapes else None
    news = [n for n in (roles or news) if n][:4]
    if len(news) < 2:
        return None
    # copies of the whole in roles each keep the whole's links
    return [Op("split", [whole], label="|".join(news), rest=follow, rel="share" if roles else "")]


def replace(ab: Abstract) -> list[Op] | None:
    t = ab.loose
    patterns = [
        r"\b(?:replace|swap|switch|change|migrate|move|moved|"
        r"moving)\s+(?:out\s+)?(?:the\s+)?(?:@\d+\s+|"
        r"\w+\s+)?from\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|for|with|"
        r"onto)\s+(?P<y>.+)",
        r"\b(?:replace|swap|switch|trade)\s+(?:out\s+)?(?:the\s+|both\s+|all\s+|"
        r"every\s+)*(?P<x>@\d+)\s+(?:with|by|for|to|into|->)\s+(?P<y>.+)",
        r"\b(?:change)\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|into)\s+(?P<y>[^@]+)$",
        r"(?:use|using|on|adopt|go with|"
        r"went with)\s+(?P<y>[^@]+?)\s+(?:these days\s+)?instead of\s+(?:the\s+)?(?P<x>@\d+)",
        r"^(?P<y>[^@]+?)\s+instead of\s+(?:the\s+)?(?P<x>@\d+)",
        r"(?P<x>@\d+)\s+(?:\w+\s+){0,3}(?:migrate|swap|moved|replaced|changed|"
        r"switch)\s+(?:to|with|by|for)\s+(?P<y>[^@]+)$",
        r"\bmigrate\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|onto|over to)\s+(?P<y>[^@]+)",
        r"\bmove\s+(?:off|away from)\s+(?:the\s+)?(?P<x>@\d+)\s+(?:to|onto|for)\s+(?P<y>[^@]+)",
        r"\bremove\s+(?:the\s+)?(?P<x>@\d+)\s*,?\s*(?:and\s+)?(?:now\s+)?(?P<y>[^@,]+?)\s+(?:does|"
        r"handles|covers|is doing|takes over|do)\b",
        r"^(?:(?:\w+|@\d+)\s*:\s*)?(?P<x>@\d+)\s*->\s*(?P<y>[^@]+)$",
    ]
    for p in patterns:
        m = re.search(p, t)
        if m:
            y = re.sub(
                r"\s+(?:now|already|instead|too|these days|last \w+|in the last \w+|this \w+|"
                r"for (?:the )?\w+)$",
                "",
                m.group("y").strip(" ,.?"),
            )
            y = re.sub(r"\s*,.*$|\s+(?:can you|please|could you).*$", "", y)
            y = ab.words(y)
            if y and not re.fullmatch(r"(?:it|that|this|them|there)", y):
                return [Op("replace", [ab.m(m.group("x"))], new=y)]
    return None


def stop_using(ab: Abstract) -> list[Op] | None:
    """ "X we are not using anymore", "we do not need X any more": remove X."""
    t = ab.text
    m = re.search(
        r"^(?:the\s+)?(" + LIST + r")\s+(?:\w+\s+){0,4}(?:not|no longer)\s+(?:\w+\s+)?"
        r"(?:using|use|used|needed|need|needing)\b(?![^@]*@)",
        t,
    ) or re.search(
        r"\b(?:not|no longer)\s+(?:\w+\s+)?(?:using|use|need|needing)\s+(?:the\s+)?("
        + LIST
        + r")(?:\s+anymore)?$",
        t,
    )
    return [Op("remove", ab.many(m.group(1)))] if m else None
    return None


def group(ab: Abstract) -> list[Op] | None:
    t = ab.text
    if not re.search(
        r"\b(?:group|together|box|container|zone|segment|namespace|enclave|boundary|subnet|vpc)\b",
        ab.full,
    ):
        return None
    found = [
        re.search(
            r"\b(?:group|put|place|move|gather|organi[sz]e|collect|keep|placed|"
            r"grouped|be grouped)\b[^@]*?(" + LIST + r")",
            t,
        ),
        re.search(r"^(?:the\s+)?(" + LIST + r")\s+(?:\w+\s+){0,3}(?:group|placed|put|together)", t),
    ]
    m = next(
        (
            f
            for f in found
            if f
            and (
                "together" in t
                or re.search(r"\b(?:new|own|a|an|dedicated|separate|qt\d+)\b", t[f.end(1) :])
            )
        ),
        None,
    )
    if not m:
        return None
    members = ab.many(m.group(1))
    after = t[m.end(1) :]
    named = _quote(ab, after)
    if named is None:
        n = re.search(
            r"\b(?:called|named|as)\s+([^@,]+?)(?:\s+(?:group|box|container|zone|"
            r"inside|within|in)\b|$)",
            after,
        ) or re.search(
            r"\b(?:a|an|new|own|dedicated)\s+([^@,]+?)\s+(?:group|box|container|"
            r"zone|segment|namespace|enclave)\b",
            after,
        )
        named = ab.words(n.group(1)) if n else None
    parent = re.search(r"\b(?:inside|within|in|under)\s+(?:the\s+)?(@\d+)", after)
    p = (
        ab.m(parent.group(1))
        if parent and any(s.children for s in ab.m(parent.group(1)).shapes)
        else None
    )
    if len(members) < 2 and named is None:
        return None
    return [Op("group", members, [p] if p else [], label=named or "Group")]


#: container nouns that are part of the name a user gives ("private subnet", "data tier")
_NAMING_NOUNS = frozenset(
    [
        "subnet",
        "vpc",
        "vnet",
        "namespace",
        "segment",
        "enclave",
        "tier",
        "layer",
        "zone",
        "region",
        "perimeter",
        "dmz",
        "swimlane",
        "lane",
    ]
)


def container(ab: Abstract) -> list[Op] | None:
    """ "make a new container 'Rating' inside the BSS zone", "create an empty group called
    Storage", "add a private subnet box in the vpc": an empty container (what "it" means
    next, so "… and put A and B in it" fills it); "… with A and B" groups them at once."""
    t = ab.text
    m = re.search(
        r"\b(?:make|create|add|draw|set up|start|introduce|open|need|want)\s+(?:an?\s+|one\s+|"
        r"another\s+)?(?P<adj>(?:(?:new|empty|separate|dedicated|blank|fresh|extra|"
        r"additional|own)\s+)*)(?P<pre>(?:qt\d+\s+|[a-z][a-z0-9-]*\s+){0,3}?)"
        r"(?P<noun>"
        + CONTAINER_NOUN
        + r")s?\b(?P<post>\s*(?:called|named|titled|labell?ed)\s+[^,;]+?|[^@]*?)"
        r"(?:\s+(?:inside|in|within|under|into)\s+(?:the\s+)?(?P<parent>@\d+)[^@]*?)?"
        r"(?:\s+(?:with|containing|holding|for|around)\s+(?:the\s+|both\s+)?"
        r"(?P<members>" + LIST + r"))?\s*$",
        t,
    )
    if m is None:
        return None
    pre, noun, post = m.group("pre").strip(), m.group("noun"), m.group("post").strip()
    if "@" in pre or re.search(r"\b(?:it|them|this|that|a|an|the)\b", pre):
        return None
    if not m.group("adj") and not pre and not re.search(r"\bqt\d+|called|named|\bas\b", post):
        return None  # "add a zone" alone is too little to act on; "add a new zone" is fine
    name = _quote(ab, post) or _quote(ab, pre)
    if name is None:
        called = re.match(r"(?:called|named|titled|labell?ed|as)\s+(.+)", post)
        if called:
            name = ab.words(called.group(1))
        elif pre:
            said = ab.words(pre)
            name = f"{said} {ab.words(noun)}" if noun in _NAMING_NOUNS else said
        else:
            name = noun.upper() if noun in ("vpc", "vnet", "dmz") else noun.capitalize()
    parent = [ab.m(m.group("parent"))] if m.group("parent") else []
    if m.group("members"):
        return [Op("group", ab.many(m.group("members")), parent, label=name)]
    return [Op("container", [], parent, label=name)]


def _is_container(m: Mention) -> bool:
    """A mention of a container: one with members, or an empty one drawn as a zone."""
    return any(s.children or "zone" in s.classes for s in m.shapes)


_TOP = (
    r"\b(?:(?:to|at|on|onto)\s+(?:the\s+)?(?:top|root|outer(?:most)?)(?:[\s-]+level)?|"
    r"(?:out\s+of|outside(?:\s+of)?|from)\s+(?:all|any|every|its|their|the)\s+(?:of\s+the\s+)?"
    r"(?:groups?|containers?|boxes|box|zones?|grouping|nesting)|(?:ungrouped|top[\s-]level)$)"
)
_NEAR = r"\b(?:colocate\w*|co-locate\w*|next to|alongside|beside|together with|along with|with)\s+"


def move(ab: Abstract) -> list[Op] | None:
    t = ab.text
    if re.search(
        r"\b(?:move\w*|put|place|take|pull|bring|hoist|lift|promote|shift)\b", t
    ) and re.search(_TOP, t):
        listed = re.search(LIST, t)  # "move X to the top level", "pull X out of all groups"
        return [Op("move_top", ab.many(listed.group(0)))] if listed else None
    out = (
        re.search(
            r"(" + LIST + r")?(?:\s+[a-z]+){0,3}?\s*\bout\s+(?:of|from)\s+(?:the\s+)?(@\d+)", t
        )
        or re.search(r"()\bout\s+(?:of|from)\s+(?:the\s+)?(@\d+)", t)
        or re.search(r"\b(?:remove|move|take|pull)\s+(" + LIST + r")\s+from\s+(?:the\s+)?(@\d+)", t)
    )
    if out and any(s.children for s in ab.m(out.group(2)).shapes):
        who = (
            ab.many(out.group(1) or "")
            or [m for m in ab.mentions if m is not ab.m(out.group(2)) and not _is_container(m)][:1]
        )
        if not who:
            return None
        after = t[out.end() :]
        # "... out of A and into B", "... out of A and colocate it with X in B": both halves
        dest = [
            ab.m(r)
            for r in re.findall(r"\b(?:into|in|to|inside|under|within)\s+(?:the\s+)?(@\d+)", after)
            if _is_container(ab.m(r)) and ab.m(r) not in who
        ]
        if dest:
            return [Op("move", who, dest[-1:])]
        near = re.search(_NEAR + r"(?:the\s+)?(@\d+)", after)
        if near and ab.m(near.group(1)) not in who:
            return [Op("move_near", who, [ab.m(near.group(1))])]
        return [Op("move_out", who, [ab.m(out.group(2))])]
    into = re.search(
        r"(" + LIST + r")[^@]*?\b(?:into|inside|in|to|under|within)\s+(?:the\s+)?(@\d+)", t
    )
    if into and re.search(
        r"\b(?:move\w*|put|place\w*|shift|relocate|belongs?|bring|drag|go|goes|"
        r"live|sit|drop|stick|nest|hoist)\b|^@\d+\s+into\s+@\d+$|"
        r"\badd\s+(?:the\s+|both\s+)?@\d+",  # "stick the X in it": a drawn shape goes in
        t,
    ):
        c = ab.m(into.group(2))
        if _is_container(c):
            return [Op("move", ab.many(into.group(1)), [c])]
    near = re.search(
        r"\b(?:move\w*|put|place|colocate\w*|co-locate\w*)\s+(?:the\s+)?(" + LIST + r")\s+"
        r"(?:\w+\s+)?(?:next to|alongside|beside|together with|with|near)\s+(?:the\s+)?(@\d+)",
        t,
    )
    if near and ab.m(near.group(2)).shapes and not _is_container(ab.m(near.group(2))):
        return [Op("move_near", ab.many(near.group(1)), [ab.m(near.group(2))])]
    return None


def add(ab: Abstract) -> list[Op] | None:
    t = ab.text
    behind = re.search(
        r"\b(?:put|place|move|hide)\s+(?:the\s+|both\s+|all\s+)?(" + LIST + r")(?:\s+one)?\s+"
        r"behind\s+(?:an?\s+|one\s+|some\s+)([^@]+?)$",
        t,
    )
    between = re.search(
        r"\b(?:put|place|insert|move|add|sit)\s+(?:the\s+)?(@\d+)\s+(?:in\s+)?between\s+(?:the\s+)?"
        r"(@\d+)\s+(?:and|,)\s+(?:the\s+)?(@\d+)",
        t,
    )
    # "slot a WAF between A and B", "wedge an auth proxy in front of X": whatever the verb,
    # an indefinite phrase placed between two shapes is a new component on their path
    placed = re.match(
        r"(?:[a-z]+\s+){1,2}?(?:an?|one|some)\s+(?:new\s+)?([^@]+?)\s+(?:right\s+)?(?:in\s+)?"
        r"between\s+(?:the\s+)?(@\d+)\s+(?:and|,)\s+(?:the\s+)?(@\d+)",
        t,
    )
    if placed and not between:
        return [
            Op(
                "add",
                [ab.m(placed.group(2))],
                [ab.m(placed.group(3))],
                new=ab.words(placed.group(1)),
                rel="between",
            )
        ]
    if between:  # "put it between A and B": a shape already drawn goes on the path
        what, ends = ab.m(between.group(1)), [ab.m(between.group(k)) for k in (2, 3)]
        return [Op("between", [what], ends)]
    if behind:  # "put X behind a load balancer": a new one in front of X
        return [
            Op("add", ab.many(behind.group(1)), new=ab.words(behind.group(2)), rel="in front of")
        ]
    m = re.search(
        r"\b(?:add|put|place|create|attach|need|needs|want|deploy|set up|"
        r"stand up|introduce)\s+(?!@|to\s)(?:in\s+)?(.+)",
        t,
    )
    if not m:
        return None
    rest_all = m.group(1)
    phrase, rest = new_phrase(rest_all)
    if not phrase or re.match(r"(?:it|them|that|this)\b", phrase):
        return None
    if re.match(r"(?:the\s+)?@", phrase) and not _new_name(ab, phrase):
        return None
    if re.fullmatch(r"(?:a|an|the)?\s*(?:link|connection|edge|arrow|line)s?", phrase):
        return None
    if re.fullmatch(r"needs?|want", m.group(0).split()[0]) and not _component_like(ab, phrase):
        return None  # "they need read access to X": a link or a property, not a component
    if re.search(r"\b(?:need|needs|want)\b", m.group(0)[:12]) and re.search(
        r"(?:^|\s)" + ABSTRACT_NEEDS + r"$", phrase
    ):
        return None  # "they need read access to X": a reason, not a component
    op = Op("add", new=ab.words(phrase))
    off = re.match(r"(?:off|from)\s+(?:the\s+)?(@\d+)\b", rest)
    if off:  # "a drop-copy gateway off the matching engine": fed by it
        op.rest = ab.source(rest[off.end() :])
        return [op, Op("connect", [ab.m(off.group(1))], rest="new")]
    rest = re.sub(r"^(?:in (?:its|their) place|instead(?: of (?:it|them))?)\s*,?\s*", "", rest)
    b = re.match(
        r"(?:between|in between)\s+(?:the\s+)?(@\d+)\s+(?:and|,)\s+(?:both\s+|the\s+)?("
        + LIST
        + ")",
        rest,
    )
    if b:
        op.rel, op.a, op.b = "between", [ab.m(b.group(1))], ab.many(b.group(2))
        return [op]
    r = re.match(
        r"(connected to|linked to|attached to|next to|in front of|before|behind|"
        r"after|inside|into|within|in|to|for|on|from)\s+(?:the\s+|all\s+|"
        r"every\s+|each\s+)?(" + LIST + ")",
        rest,
    )
    if r:
        anchors, rest = r.group(2), rest[r.end() :]
        subject = re.match(r"(.*),\s*(@\d+)$", anchors)
        if subject and re.match(r"\s*(?:is|are|was|will|can|should|does|do|\w+s)\b", rest):
            # "in the X, Y is reading from it": Y starts the next predicate
            anchors, rest = subject.group(1), f"{subject.group(2)}{rest}"
        op.rel, op.a = r.group(1), ab.many(anchors)
    op.rest = ab.source(rest)
    return [op]


def _new_name(ab: Abstract, phrase: str) -> bool:
    """ "add the Fare Capping Service": a phrase that only borrows words of shapes (none
    named whole) and adds words of its own names a new component."""
    refs = re.findall(r"@\d+", phrase)
    own = [w for w in re.sub(r"@\d+", " ", phrase).split() if w not in ("the", "a", "an")]
    return bool(own) and all(ab.m(r).tier <= 2 and not ab.m(r).pronoun for r in refs)


def _component_like(ab: Abstract, phrase: str) -> bool:
    """A phrase whose head noun is a component ("a search cluster") or that names a kind."""
    said = re.sub(r"\([^)]*\)", " ", ab.words(phrase)).lower()
    words = re.findall(r"[a-z0-9]+", said)
    if not words:
        return False
    return singular_word(words[-1]) in COMPONENT_HEADS or bool(knowledge_base().find(said))


def remove(ab: Abstract) -> list[Op] | None:
    m = re.search(
        r"\bremove\s+(?:the\s+|both\s+|all\s+|every\s+)*(" + LIST + r")", ab.text
    ) or re.search(r"\bno more\s+(?:the\s+)?(" + LIST + r")", ab.text)
    if not m:
        return None
    return [Op("remove", ab.many(m.group(1)))]
