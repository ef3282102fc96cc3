"""Find the operation(s) a clause asks for, from its verbs and structure, wherever they stand.

The clause is first abstracted: every mention of a diagram shape (:mod:`mentions`) becomes
``@k`` and every quoted name ``qtN``, and slang verbs become their plain verb ("rip out" ->
remove, "throw in" -> add, "hook up" -> connect). The detectors below then read that short
string: they look for a verb and the roles around it ("from @0 to @1", "@0 -> new thing",
"@0 must not call @1", "@0, @1 and @2 into a qt0 box"), not for a whole-sentence shape, so
fillers, reasons and the order of the words matter little. Each detector gives operations
with shape mentions and new-component phrases; :mod:`edit_ops` applies them. The detectors
of shapes are by family in :mod:`ops_parts` (add, remove, replace), :mod:`ops_labels`
(names, labels, properties, shapes) and :mod:`ops_structure` (containers, merge, split); those
of links are in :mod:`links`, their order in :mod:`finder`. This module holds what they share:
the abstraction, the operation record and the role patterns. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.generation.mentions import Mention, singular
from services.dsl.generation.path_words import REROUTE_SLANG
from services.dsl.generation.relation_words import verb_lemma
from services.dsl.generation.spelling import speller
from services.dsl.generation.verbs import PLAIN_FORMS, plain_verbs


def singular_word(word: str) -> str:
    return singular(word)[0]


SLANG: list[tuple[str, str]] = [
    # "new component: X", "there should be an X in front of Y": an add said without the verb
    (
        r"^(?:new|one more|another)\s+(?:component|service|box|node|element|part|piece)\s*:\s*",
        "add ",
    ),
    (
        r"\bthere\s+(?:should|must|has to|needs? to|will have to|ought to)\s+be\s+"
        r"(?=(?:an?|one|some)\s)",
        "add ",
    ),
    (r"\b(?:get|got|getting) rid of\b", "remove"),
    # "fan X out to a new Y", "X fans out to Y too": X sends to Y (besides what it feeds now)
    (r"\bfan(?:s|ned|ning)?\s+((?:the\s+)?@\d+)\s+out\s+(?:to|into)\b", r"\1 sends to"),
    (r"\bfan(?:s|ned|ning)?\s+out\s+((?:the\s+)?@\d+)\s+(?:to|into)\b", r"\1 sends to"),
    (
        r"\b((?:the\s+)?@\d+)\s+(?:should\s+|must\s+|can\s+|will\s+)?(?:also\s+)?"
        r"fan(?:s|ned)?\s+out\s+(?:to|into)\b",
        r"\1 sends to",
    ),
    # "we swapped X out for Y": the particle goes, the swap stays
    (r"\b(swap|swapped|switch|switched)\s+((?:the\s+)?@\d+)\s+out\s+(for|with)\b", r"\1 \2 \3"),
    # "front the X with a WAF": a new component set in front of X
    (
        r"\bfront(?:ed|s)?\s+((?:the\s+)?@\d+)\s+with\s+((?:an?|another|some|one)\s+[^,;@]+?)"
        r"(?=\s*(?:[,;]|$))",
        r"add \2 in front of \1",
    ),
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
    # "take it out", "rip the X out": the particle after the object
    (
        r"\b(?:rip|rips|ripped|chuck|chucked|throw|kick|cut|take|took|pull|pulled)\s+"
        r"((?:the\s+)?(?:it|them|this|that|@\d+))\s+out\b(?!\s+(?:of|from))",
        r"remove \1",
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
    (
        # slang for throwing away: "yeet X", "nix X", "bin X", "toss X" (not "toss in")
        r"\b(?:yeet|yeets|yeeted|yeeting|nix|nixed|axed|zap|zapped|trash|trashed|sunset|"
        r"sunsetted|sunsetting|(?:toss|tossed|bin|binned|can|canned|junk|junked|bury|"
        r"buried|deep-six|deep-sixed|kill off|killed off)(?=\s+(?:the\s+|both\s+|all\s+)?"
        r"(?:@\d+|it|them|that|this|those|these)\b))\b",
        "remove",
    ),
    (r"\b(?:throw|throwing|chuck|stick|slap|pop|drop|plug|bring|toss|tossing)\s+in\b", "add"),
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
    *REROUTE_SLANG,
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
    r"and|or|plus|as well as)\s*(?:also\s+)?(?:the\s+|its\s+|their\s+|(?<=and )(?:both|all)\s+"
    r"(?:the\s+)?)?@\d+)*"
)
PAIR = [
    r"(?:from|between)\s+(?:the\s+)?(@\d+)\s+(?:to|and|->|towards)\s+(?:the\s+)?(@\d+)",
    r"(@\d+)\s*(?:->|<->)\s*(@\d+)",
    r"(@\d+)\s+(?:to|and)\s+(@\d+)\s+(?:link|connection|edge|arrow|call|hop|line|traffic)",
    r"(@\d+)\s+(?:\w+\s+){0,2}(?:to|into)\s+(?:the\s+)?(@\d+)",
]
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
    r"(?=\s+(?:between|connected to|linked to|attached to|next to|alongside|beside|"
    r"parallel to|in front of|behind|before|"
    r"after|inside|into|within|in|to|for|on|off|that|which|who|what|fed|so|and have|"
    # "X reading from Y" (not "a Reading Tracker", whose name it begins)
    r"reading\s+(?:from|off|the|@)|"
    r"and let|"
    r"and make|as the|as a|as an|as another|where|with|from)\b|"
    # "Nextflow Tower scraping the orchestrator": a participle before a drawn shape starts
    # what the new component does, not its name
    r"\s+[a-z]+ing\s+(?:the|from|to|into|on)\s+@\d+|"
    # "a loyalty service the order service calls": a reduced relative clause
    r"\s+(?=(?:the\s+)?@\d+\s+(?:also\s+|will\s+|would\s+|should\s+|can\s+)?"
    r"[a-z]+(?:s|ed)\b(?!\s+@))|\s*[,;:(]|$|"
    # "an SMS notifier as well, ...": the addition said, not the name
    r"\s+(?:as\s+well|too|also)(?=\s*(?:[,;.]|$)))"
)


#: what a clause says someone needs that is not a component ("read access", "more time")
ABSTRACT_NEEDS = (
    r"(?:access|permissions?|rights|visibility|latency|throughput|time|budget|approval|"
    r"sign-?off|review|notices?|updates?|info|information|data|details|a fix|help|context)"
)


#: the nouns a container goes by
CONTAINER_NOUN = (
    r"(?:container|group|grouping|box|zone|boundary|frame|subnet|vpc|vnet|namespace|segment|"
    r"enclave|area|section|tier|layer|swimlane|lane|region|perimeter|dmz)"
)


@dataclass
class End:
    """One end of a link a clause states: shapes it names, or a new component's phrase ("its
    own": always a new one)."""

    mentions: list[Mention] = field(default_factory=list)
    phrase: str = ""
    own: bool = False


@dataclass
class Op:
    kind: str
    a: list[Mention] = field(default_factory=list)
    b: list[Mention] = field(default_factory=list)
    new: str = ""
    label: str = ""
    rel: str = ""
    rest: str = ""
    edge: str = ""  # the label a link the operation makes carries ("via push notifications")
    #: a split's parts, what each is said to do: the shapes named, and whether each is a source
    duties: list[list[tuple[Mention, bool]]] = field(default_factory=list)
    #: a split's links between its own parts, (from, to) indexes into its names
    peers: list[tuple[int, int]] = field(default_factory=list)
    #: the ends of a link a clause states in its own words (:mod:`told_links`)
    ends: list[tuple[End, End]] = field(default_factory=list)


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
        return self.words(self.text, rewritten=False).lower()

    def m(self, ref: str) -> Mention:
        return self.mentions[int(ref.lstrip("@"))]

    def many(self, refs: str) -> list[Mention]:
        return [self.m(r) for r in re.findall(r"@\d+", refs)]

    def words(self, phrase: str, *, rewritten: bool = True) -> str:
        """A phrase of the abstract with its mentions and quotes written out again (with
        `rewritten`, words the verb classes rewrote are given back as the user wrote them)."""
        out = re.sub(r"@(\d+)", lambda g: self.mentions[int(g.group(1))].text, phrase).strip()
        at = self.original.lower().find(out)
        out = (
            self.original[at : at + len(out)]
            if at >= 0
            else _as_written(self.original, out)
            if rewritten
            else out
        )
        return re.sub(r"\bqt(\d+)\b", lambda g: self.quotes[int(g.group(1))], out).strip()


def _as_written(original: str, phrase: str) -> str:
    """`phrase` as the user wrote it when its words were made plain on the way ("Messaging
    Hub" read as "signaling hub"): every plain-verb word matches any one word there."""
    words = phrase.split()
    if not any(w in PLAIN_FORMS for w in words):
        return phrase
    pattern = r"\s+".join(r"[\w-]+" if w in PLAIN_FORMS else re.escape(w) for w in words)
    m = re.search(r"(?<![\w-])" + pattern + r"(?![\w-])", original, re.I)
    return m.group(0) if m else phrase


#: the plain verbs slang is rewritten to (:data:`SLANG`), which a new name may contain
_PLAIN = r"\b(?:remove|add|connect|merge|split|swap|migrate|rename|group|connection)\b"


def as_said(original: str, phrase: str) -> str | None:
    """`phrase` found in `original` with its plain verbs standing for any slang word."""
    if not re.search(_PLAIN, phrase):
        return None
    pattern = re.sub(_PLAIN, r"[a-z]+(?:\\s+(?:in|out|up|off))?", re.escape(phrase))
    m = re.search(pattern, original, re.I)
    return m.group(0) if m else None


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
    # the small words the roles hang on ("shoudl be called", "betwen", "insted")
    "should",
    "would",
    "could",
    "called",
    "named",
    "behind",
    "through",
    "front",
    # the verbs of news and of links, in the forms people type them ("swithced", "recieves")
    "switched",
    "switching",
    "swapped",
    "ditched",
    "separate",
    "receives",
    "receive",
    "submits",
    "publishes",
    "consumes",
    "embeds",
    "embed",
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
    # a capitalised word inside the clause is a name ("Provisioning", "Messaging Hub"), never a
    # verb to make plain: its capital is kept while the verbs are read
    for cap in re.finditer(r"(?<=[\s(,])[A-Z](?=[a-z]{3,}\b)", cased):
        text = text[: cap.start()] + cap.group(0) + text[cap.end() :]
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
    a = re.sub(r"\b[a-z]{4,}\b", lambda w: _verb_repair(w.group(0)), a)
    a = plain_verbs(a)
    for pattern, verb in SLANG:
        a = re.sub(pattern, verb, a)
    a = a.replace(HYPHEN, "-")
    a = a.lower()
    a = _apposition(a, mentions)
    a = _member_named_with_box(a, mentions)
    a = _out_of_drawing(a, mentions)
    return Abstract(re.sub(r"\s+", " ", a).strip(), mentions, quotes, cased, spans)


#: "take the cache out of the diagram": out of the drawing is out of the system
_OUT_OF_DRAWING = re.compile(
    r"\b(?:take|took|pull|pulled|get|rip|ripped|cut|drop|dropped|leave|left)\s+(?:the\s+)?"
    r"@(?P<k>\d+)\s+out\s+of\s+(?:the|this|our|my)\s+(?:diagram|picture|drawing|chart|"
    r"architecture|design|map|overview)\b"
)


def _out_of_drawing(text: str, mentions: list[Mention]) -> str:
    """A named part taken out of the drawing is removed ("it" is not: "take it out of the
    picture" after news of its removal says the same again)."""

    def named(m: re.Match[str]) -> str:
        meant = mentions[int(m.group("k"))]
        return m.group(0) if meant.pronoun else f"remove the @{m.group('k')}"

    return _OUT_OF_DRAWING.sub(named, text)


def _member_named_with_box(text: str, mentions: list[Mention]) -> str:
    """ "the check-in api" read as the box "Check-in" and its member "api": a box's name said
    right before one of its members' is where the member sits, one thing (the member)."""

    def inner(m: re.Match[str]) -> str:
        box, member = mentions[int(m.group(1))], mentions[int(m.group(2))]
        one = len(box.shapes) == 1 and len(member.shapes) == 1 and not box.pronoun
        if one and member.shapes[0].id.startswith(box.shapes[0].id + "."):
            return f"@{m.group(2)}"
        return m.group(0)

    return re.sub(r"@(\d+)\s+@(\d+)", inner, text)


#: "both of the payment things, the A and the B", "the two stores: A and B": a collective
#: phrase followed by the list that spells it out (the list is what is meant)
_APPOSITION = re.compile(
    r"\b(?P<q>both|all|each|every|the|these|those|its|their)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?"
    r"(?:(?:two|three|four|five|\d)\s+)?(?:(?:@\d+|[a-z-]+)\s+){0,2}?(?P<head>@\d+|[a-z-]+s)"
    r"(?:\s+(?:here|there|below|above|in question|in the diagram))?"
    r"\s*(?:,|:|\(|\s[—–-])\s*(?:namely\s+|i\.e\.?\s+|that is,?\s+|i mean\s+|both\s+)?"
    r"(?=(?:the\s+)?(?P<list>@\d+(?:\s*(?:,\s*(?:and\s+)?|\band\s+|&\s*)(?:the\s+)?@\d+)+))"
)


#: "every service that writes game data — the A and the B — ...", "all the stores (A, B)": a
#: collective described at any length, then the list that spells it out between dashes
_SPELLED_OUT = re.compile(
    r"\b(?:every|each|all|both)\b[^—–(:;]{0,70}?\s*[—–(:]\s*(?:namely\s+|i\.e\.?\s+)?"
    r"(?P<list>(?:the\s+)?@\d+(?:\s*(?:,\s*(?:and\s+)?|\band\s+|&\s*)(?:the\s+)?@\d+)+)"
    r"\s*(?:[—–)]|$)"
)


def _apposition(text: str, mentions: list[Mention]) -> str:
    def keep_list(m: re.Match[str]) -> str:
        head = m.group("head")
        if m.group("q") in ("its", "their"):
            return ""  # "its downstream consumers (A and B)": the list is what is meant
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

    text = _SPELLED_OUT.sub(lambda m: m.group("list") + " ", text)
    return _APPOSITION.sub(keep_list, text)


def quote_of(ab: Abstract, text: str) -> str | None:
    q = re.search(r"\bqt(\d+)\b", text)
    return ab.quotes[int(q.group(1))] if q else None


def pair_of(ab: Abstract) -> tuple[Mention, Mention] | None:
    for p in PAIR:
        m = re.search(p, ab.text)
        if m:
            return ab.m(m.group(1)), ab.m(m.group(2))
    # "the connection between them (two)", "the link between both": one mention of two shapes
    both = re.search(
        r"\bbetween\s+(?:the\s+|these\s+|those\s+)?(@\d+)(?:\s+(?:two|both))?\b", ab.text
    )
    if both and len(ab.m(both.group(1)).shapes) == 2 and ab.m(both.group(1)).collective:
        x = ab.m(both.group(1))
        return (
            Mention(x.start, x.end, x.shapes[0].label, x.shapes[:1]),
            Mention(x.start, x.end, x.shapes[1].label, x.shapes[1:]),
        )
    return None


def new_phrase(text: str) -> tuple[str, str]:
    """(the new component's phrase, what follows it) at the start of `text`.

    A parenthesis right after the phrase belongs to it ("a feature store (redis)"); a phrase
    followed by a colon and an article is a heading, the component is what the colon
    introduces ("thumbnails: a thumbnail generator that ...")."""
    m = re.match(r"(.+?)" + NEW_END, text)
    phrase = m.group(1) if m else text
    rest = re.sub(r"^\s*(?:as\s+well|too|also)\b", "", text[len(phrase) :]).strip(" ,")
    head = re.match(r":\s*(?:an?|one|the)\s+(.+)", rest)
    if head and "@" not in phrase:
        return new_phrase(head.group(1))
    paren = re.match(r"\(([^()@]{1,40})\)", rest)
    if paren:
        phrase, rest = f"{phrase.strip()} ({paren.group(1).strip()})", rest[paren.end() :]
    did = _DOING.match(phrase)
    if did and verb_lemma(did.group("p")) and _names_thing(did.group("head")):
        # "notification svc consuming @1": a participle of a verb of communication and its
        # object are what it does ("fare capping @0" is a name)
        phrase, rest = did.group("head"), f"{phrase[did.end('head') :].strip()} {rest}"
    return phrase.strip(" ,"), rest.strip(" ,")


#: a new part's name, then a participle with a drawn shape as its object, nothing after
#: (a name of its own: no comma, no "is" making the participle a tense of a clause)
_DOING = re.compile(
    r"(?P<head>[^,;]*?[^,;\s])(?<!\bis)(?<!\bare)(?<!\bwas)(?<!\bwere)(?<!\bbe)\s+"
    r"(?P<p>[a-z]+ing)\s+(?:(?:the|from|to|into|on)\s+)?@\d+$"
)


def _names_thing(head: str) -> bool:
    """`head` ends in a noun, a mention or a made-up word ("notification svc"), not in an
    adjective ("new" before "caching proxy", which is the name)."""
    last = head.split()[-1].lower()
    kinds = getAllLemmas(last)
    return last.startswith("@") or not kinds or bool(kinds.get("NOUN"))


# ---------------------------------------------------------------------------------- detectors
