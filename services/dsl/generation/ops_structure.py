"""Detectors of structure: group into a container, ungroup, move into or out of one, merge
several shapes into one and split one into several.

Each reads an :class:`~services.dsl.generation.ops.Abstract` and gives operations or None; the
order they are tried in is in :mod:`finder`. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import (
    CONTAINER_NOUN,
    LIST,
    Abstract,
    Op,
    new_phrase,
    quote_of,
    singular_word,
)
from services.dsl.generation.phrase_fit import FRAME_WORDS
from services.dsl.generation.split_duties import peer_links, read_parts

#: what the outer box of a group is called when the box, not what is in it, is meant
_FRAME_WORDS = FRAME_WORDS | {"nesting"}
#: "... and everything in it", "with its contents": the contents go too
_WITH_CONTENTS = (
    r"\b(?:and|with|including|plus|along with)\s+(?:all\s+|everything\s+|whatever\s+)?"
    r"(?:its|their|the|everything|all|what'?s)\s*(?:contents?|children|members|services|"
    r"components|inside|in\s+it|in\s+there)?\b"
)
#: a later sentence that keeps the members: "the services can just sit at the top level",
#: "leave the four services loose", "they can live on their own"
KEEP_LOOSE = (
    r"\b(?:can|could|should|may|will|to|just|simply)\s+(?:\w+\s+){0,2}?(?:sit|live|be|go|stay|"
    r"remain|float|stand|move|hang|exist)\s+(?:\w+\s+){0,2}?(?:at|on|in|to|onto)\s+(?:the\s+)?"
    r"(?:top|root|outer(?:most)?|their\s+own|its\s+own|main\s+canvas|canvas)\b|"
    r"\b(?:top[\s-]level|standalone|ungrouped|loose|on\s+(?:their|its)\s+own)\b"
)


def _frame_named(ab: Abstract, m: Mention) -> bool:
    """ "the Publishing grouping": a container named with a word for its outer box that its
    own name lacks."""
    last = m.text.split()[-1] if m.text else ""
    if last not in _FRAME_WORDS:
        at = ab.text.find(f"@{ab.mentions.index(m)}")
        after = ab.text[at:].split()[1:2] if at >= 0 else []
        last = after[0].strip(".,?!") if after else ""
    if last not in _FRAME_WORDS:
        return False
    return all(last not in s.label.lower().split() for s in m.shapes)


def ungroup(ab: Abstract) -> list[Op] | None:
    if not re.search(r"\b(?:dissolve|ungroup|flatten|unwrap|unbox|remove|disband)\b", ab.text):
        return None
    # "..., A and B can stay directly in the cluster": where the members stay is kept
    kept = {
        int(k)
        for k in re.findall(
            r"\b(?:stay|remain|live|sit|be|go|move)\s+(?:\w+\s+)?(?:in|inside|within|under|into)\s+"
            r"(?:the\s+)?@(\d+)",
            ab.text,
        )
    }
    conts = [
        m for k, m in enumerate(ab.mentions) if any(s.children for s in m.shapes) and k not in kept
    ]
    part = re.search(r"\bremove\s+(?:the\s+)?(@\d+)\s+(?:out\s+)?from\s+(?:the\s+)?@\d+", ab.text)
    if part and ab.m(part.group(1)) not in conts:
        return None  # "remove X from the G group (and ...)": X leaves G, G stays
    if (
        conts
        and re.search(r"\bremove\b", ab.text)
        and _frame_named(ab, conts[0])
        and not re.search(_WITH_CONTENTS, ab.text)
    ):
        # "remove the Publishing grouping": the box goes, what it held stays
        return [Op("ungroup", conts[:1])]
    if re.search(KEEP_LOOSE, ab.text) and conts:
        return [Op("ungroup", conts[:1])]
    if not re.search(
        r"\b(?:keep\w*|retain\w*|remain|stay|ungroup|dissolve|flatten|unwrap|leave|"
        r"unbox|disband|contents?|children)\b|\bwithout\s+(?:the|a|any)\s+(?:box|group\w*|"
        r"container|zone|frame|boundary)\b|\bas (?:they|it) (?:are|is)\b",
        ab.text,
    ):
        return None
    return [Op("ungroup", conts[:1])] if conts else None


_MERGED_NEWS = (
    r"\b(?:we|they|i|team|someone)\s+(?:\w+\s+)?(?:merged|combined|folded|consolidated|"
    r"squashed|fused|collapsed)\b"
)


#: how a user gives a new thing its name ("called X", "with the name X", "under the name X")
NAMING = (
    r"\b(?:called|named|titled|labell?ed|as|(?:with|under|by|using)\s+(?:the\s+)?"
    r"(?:name|label|title))"
)


#: a head that says "one shape" without naming it
_GENERIC_WHOLE = r"(?:thing|component|node|shape|piece|unit|element|item|block|one)"


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
            + r")(?:\s+(?:together\s+)?(?:into|with|in|to|as|together|->|=)\s+"
            r"(?P<one>one\s+|a single\s+|single\s+|a new\s+|an?\s+)?(?:the\s+)?"
            r"((?:(?!\bmerge\b).)+))?",
            ab.text,
        )
    )
    for m in reversed(found):
        parts = ab.many(m.group(1))
        into = m.group(3) or ""
        # "into one service with name X": a new whole of that kind, not the service drawn
        target = None if m.group("one") else re.match(r"(@\d+)", into)
        if target and (re.match(r"@\d+\s+@\d+", into) or ab.m(target.group(1)).ambiguous):
            # "merge A + B -> Permit Portal App": a name made of several shapes' words, new
            target = None
        if target:
            return [Op("merge", parts, [ab.m(target.group(1))])]
        if sum(len(p.shapes) for p in parts) < 2:
            continue
        named = quote_of(ab, into) or ""
        called = re.search(NAMING + r"\s+(.+?)(?:\s+(?:please|now|maybe))?[.?!]?$", into)
        if not named and called:  # "into one box called SiteMinder", "with name X"
            named = ab.words(called.group(1))
            into = into[: called.start()].strip()
        new = ab.words(new_phrase(into)[0]) if into else ""
        if not named and re.fullmatch(
            r"(?:" + CONTAINER_NOUN + r"|" + _GENERIC_WHOLE + r")s?", new.lower()
        ):
            new = ""  # "squash them into one box": one shape, its name not said (yet)
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


#: verbs that ask for one shape to become several ("split", "divide", "separate", "break up")
_SPLIT_VERB = r"(?:split\w*|divid\w*|separat\w*|partition\w*|decompos\w*|carv\w*)"
#: where the parts of a split start: "into", "in two:", "into two lanes,", a colon
_SPLIT_MARK = (
    r"(?:in(?:to)?\s+(?:two|three|four|2|3|4)\s+(?P<heading>[^:,@]{1,30}?)\s*[:,—–-]|"
    r"in(?:to)?\s+(?:two|three|four|2|3|4)?\s*(?:parts|pieces|things|halves)?\s*[:,—–-]?|into|:)"
)
#: what closes the list of parts: a phrase said of all of them, or a new predicate
_PARTS_END = re.compile(
    r"\s*(?:[,;—–]\s*|\s)(?:both|all|each|which|that|so|where|with|because|since|then)\b.*$"
    r"|\s*[.;!?].*$"
)


def _split_parts(said: str) -> list[str]:
    """ "Card Payments and Mobile Wallet (apple pay etc)", "'Lane A' and 'Lane B'": the parts
    named, in the user's words (a parenthesis is a remark on the part before it)."""
    said = re.sub(r"\([^()]*\)", "", _PARTS_END.sub("", said))
    parts = re.split(r"\s*(?:,\s*(?:and\s+)?|\band\b|&|\+|/|;)\s*", said)
    out = []
    for p in parts:
        p = re.sub(r"^(?:one|a|an|two|the|another|separate)\s+", "", p.strip(" .'\"")).strip()
        if p:
            out.append(p)
    return out


#: ", OCR is the bottleneck": a clause of its own after the parts (a subject and its verb)
_REASON_AFTER = re.compile(
    r"\s*,\s*(?:as\s+|since\s+|because\s+)?(?:the\s+|its\s+|their\s+)?"
    r"(?!(?:which|who|that|where|each|both|one|it|they)\b)(?:(?:[\w-]+|@\d+)\s+){1,3}?"
    # a state said of a part is a reason; what a part keeps or calls is its duty (read on)
    r"(?:is|are|was|were)\s+(?:the|a|an|too|very|really|so|our|slow|heavy|hot)\b.*$"
)


def _before_reason(rest: str) -> str:
    """The parts of a split without a reason told after them ("into A and B, A is the
    bottleneck and needs its own scaling")."""
    return _REASON_AFTER.sub("", rest)


def split(ab: Abstract) -> list[Op] | None:
    """ "split X into A and B", "divide X in two: A and B", "break X up into two lanes, 'A'
    and 'B', both …". The parts are read from the user's words, not from the mentions: a
    part's name often shares words with shapes ("Telemetry Decoder", "Card Payments"). A part
    named as the whole keeps the whole; "both/each …" after the parts means they share the
    whole's links."""
    text = re.sub(  # "X should be split into ...", "X please separate in two": a command
        r"(?:the\s+)?(@\d+)\s*(?:(?:\w+\s+){0,3}(?:be\s+|is\s+|gets?\s+|getting\s+)|"
        r"(?:,\s*)?(?:please|pls|plz|kindly)\s+|"
        # "the X, please make it separate: ...": made into parts
        r"(?:,\s*)?(?:(?:please|pls|plz|kindly|can\s+you|could\s+you)\s+)?(?:make|get|have)\s+"
        r"(?:it|this|that|them)\s+)" + _SPLIT_VERB + r"\b",
        r"split \1",
        ab.text,
    )
    # "make it separate: A and B", "have the X split into ...": the object is what splits
    text = re.sub(
        r"\b(?:make|get|have)\s+(?:the\s+)?(@\d+)\s+" + _SPLIT_VERB + r"\b", r"split \1", text
    )
    m = re.search(
        r"\b(?:split|"
        + _SPLIT_VERB
        + r")\s+(?:up\s+)?(?:the\s+)?(?:[a-z]+\s+)?(@\d+)(?:\s+|(?=:))(?:up\s+)?"
        # "split X CQRS-style: A and B": a manner word or two before the parts
        + r"(?:[\w-]+(?:\s+|(?=\s*:))){0,2}?"
        + _SPLIT_MARK
        + r"\s*(?P<rest>.+)",
        text,
    )
    if not m:
        return None
    whole = ab.m(m.group(1))
    heading = ab.words(m.group("heading")).split() if m.group("heading") else []
    kind = singular_word(heading[-1].lower()) if heading else whole.text
    rest = _before_reason(m.group("rest"))
    told = read_parts(ab, rest)
    gone = set(whole.ids)
    duties = [[(x, r) for x, r in p.shapes if set(x.ids) - gone] for p in told or []]
    if told and any(duties):
        # "into A, which keeps X, and B, which calls Y": each part takes the links its duty names
        names = [
            _cased(
                ab, re.sub(r"\bqt(\d+)\b", lambda g: ab.quotes[int(g.group(1))], ab.source(p.name))
            )
            for p in told
        ]
        if len({n.lower() for n in names}) < len(names):
            # "one queue for the alignment jobs and one queue for the calling jobs": parts
            # named alike are told apart by what each is for
            names = [_for_whom(ab, p.duty, n) for p, n in zip(told, names, strict=True)]
        peers = peer_links(ab.source(rest), names)
        return [
            Op("split", [whole], label="|".join(names), rel="duties", duties=duties, peers=peers)
        ]
    # the parts in the user's words; quoted parts as given
    source = re.sub(r"\bqt(\d+)\b", lambda g: ab.quotes[int(g.group(1))], ab.source(rest))
    follow = ""
    lead = re.search(r"(?:^|,\s*|\band\s+)(?:the\s+)?@\d+\s+(?!and\b|or\b)[a-z]+s\b", rest)
    if lead and lead.start() > 0:  # "..., stripe calls the webhook one": read next
        follow = ab.source(rest[lead.start() :].lstrip(" ,"))
        source = re.sub(
            r"\bqt(\d+)\b", lambda g: ab.quotes[int(g.group(1))], ab.source(rest[: lead.start()])
        )
    told_after = re.search(r"\s*:\s", source)
    if (
        told_after
        and told_after.start() > 0
        and peer_links(source, _split_parts(source[: told_after.start()]))
    ):
        # "split X into A and B: A calls B" (the next sentence joined): the names end at ":"
        source = source[: told_after.start()]
    said = [_cased(ab, p) for p in _split_parts(source)]
    news = []
    for p in said:
        # "one for CPU": a CPU <kind>; "one queue for the alignment jobs": an alignment
        # jobs queue (the head said before "for" names the kind)
        aim = re.match(r"(?:(?P<head>[\w-]+)\s+)?(?:for|of)\s+(?:the\s+)?(?P<aim>.+)", p, re.I)
        news.append(f"{aim.group('aim')} {aim.group('head') or kind}" if aim else new_phrase(p)[0])
    roles = (
        _role_parts([n.lower() for n in said], whole.shapes[0].label)
        if said and whole.shapes
        else None
    )
    news = [n for n in (roles or news) if n][:4]
    if len(news) < 2:
        return None
    share = bool(roles) or bool(re.search(r"\b(?:both|each|all)\b", _tail(rest)))
    # copies of the whole in roles each keep the whole's links
    peers = [] if roles or len(said) != len(news) else peer_links(ab.source(rest), said)
    return [
        Op(
            "split",
            [whole],
            label="|".join(news),
            rest=follow,
            rel="share" if share else "",
            peers=peers,
        )
    ]


def _for_whom(ab: Abstract, duty: str, name: str) -> str:
    """A part's name with what its duty says it is for in front ("alignment jobs queue")."""
    aim = re.match(r"\(?\s*for\s+(?:the\s+)?([^,;()]+)", duty)
    if aim is None:
        return name
    return _cased(ab, f"{ab.source(aim.group(1)).strip()} {name}")


def _cased(ab: Abstract, part: str) -> str:
    """A part in the case the user wrote it (the abstract is lower case)."""
    original = re.sub(r"\bqt(\d+)\b", lambda g: ab.quotes[int(g.group(1))], ab.original)
    at = original.lower().find(part.lower())
    return original[at : at + len(part)] if at >= 0 else part


def _tail(rest: str) -> str:
    found = _PARTS_END.search(rest)
    return found.group(0) if found else ""


#: the plain container nouns, which alone name no group ("into a group")
CONTAINER_NOUN_WORDS = frozenset(re.findall(r"[a-z]+", CONTAINER_NOUN))


def _out_into_new(ab: Abstract) -> list[Op] | None:
    """ "move X out of A into its own group 'B'", "... into a new subnet named B (within the
    same VPC)": X leaves A (to A's parent), then a new box B is made around it there; the
    box after "out of" is where X leaves, never a member."""
    m = re.search(
        r"\b(?:move|take|pull|put|shift|relocate)\s+(?:the\s+)?(?P<x>" + LIST + r")\s+"
        r"(?:\w+\s+)?out\s+(?:of|from)\s+(?:the\s+)?(?P<box>@\d+)(?:\s+" + CONTAINER_NOUN + r")?"
        r"\s*,?\s+(?:and\s+)?(?:in|into|to)\s+(?:its|their|a|an|one)\s+(?:own\s+|new\s+|"
        r"separate\s+|dedicated\s+|single\s+)*(?:(?P<pre>[a-z][\w-]*)\s+)?(?P<noun>"
        + CONTAINER_NOUN
        + r")\b(?P<after>.*)$",
        ab.text,
    )
    if m is None or not _is_container(ab.m(m.group("box"))):
        return None
    after = m.group("after")
    named = quote_of(ab, after)
    if named is None:
        n = re.match(
            r"\s*(?:" + NAMING + r"\s+)?(?P<n>[^@,;]+?)(?=\s*(?:[,;]|$|\s+(?:within|in|inside|"
            r"under|as|because|since)\b))",
            after,
        )
        named = ab.words(n.group("n")) if n and n.group("n").strip() else None
    if not named and m.group("pre"):
        # "into a new 'Field Service' group": the quoted name; "into a new spoke VNet"
        named = quote_of(ab, m.group("pre")) or ab.words(f"{m.group('pre')} {m.group('noun')}")
    if not named:
        return None
    return [
        Op("move_out", ab.many(m.group("x")), [ab.m(m.group("box"))]),
        Op("group", [], label=named, rel="touched"),
    ]


def group(ab: Abstract) -> list[Op] | None:
    t = ab.text
    moved = _out_into_new(ab)
    if moved:
        return moved
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
    # "the messaging bits in their own box — A, B and C": the list after the box is meant
    own = re.search(
        r"\b(?:in|into)\s+(?:their|its|a|one)\s+(?:own\s+|new\s+|separate\s+|single\s+)?"
        + CONTAINER_NOUN
        + r"s?\b[^@]{0,12}?(?:—|–|-|:|,)\s*(?:the\s+|namely\s+)?("
        + LIST
        + r")",
        t,
    ) or re.search(
        r"(" + LIST + r")\s+(?:\w+\s+){0,2}(?:in|into)\s+(?:their|its|one|a)\s+"
        r"(?:own|new|separate|single|dedicated)\s+" + CONTAINER_NOUN + r"s?\b",
        t,
    )
    m = own or next(
        (
            f
            for f in found
            if f
            and (
                "together" in t
                or re.search(
                    r"\b(?:new|own|a|an|one|single|same|common|dedicated|separate|qt\d+)\b",
                    t[f.end(1) :],
                )
            )
        ),
        None,
    )
    if not m:
        return None
    members = ab.many(m.group(1))
    after = t[m.end(1) :]
    listed = re.match(r"\s*\((?:the\s+)?(" + LIST + r")\)", after)
    if listed:
        # "the three external services (A, B and C)": the list in parentheses says which
        members, after = ab.many(listed.group(1)), after[listed.end() :]
    extra = re.search(r"\btogether\s+with\s+(?:the\s+|both\s+)?(" + LIST + r")", t)
    fresh = re.search(
        r"\btogether\s+with\s+(?:an?|one)\s+(?:new\s+)?(?P<new>[^@,;()]+?)\s*(?=,|\s+(?:in|into|"
        r"inside|under)\b|$)",
        t,
    )
    named = quote_of(ab, after)
    if named is None:
        n = re.search(
            # "a group called Analytics Zone": a zone word said after the name is part of it
            NAMING + r"\s+([^,]+?)(?:\s+(?:group|box|container|"
            r"inside|within|in|please|maybe)\b|[.?!]?$)",
            after,
        ) or re.search(
            r"\b(?:a|an|new|own|dedicated)\s+([^@,]+?)\s+(?:group|box|container|"
            r"zone|segment|namespace|enclave)\b",
            after,
        )
        named = ab.words(n.group(1)) if n else None
        # "... into a Data Tier", "... as one Edge Layer": the name is the phrase itself
        whole = re.match(
            r"\s*(?:into|in|as|under)\s+(?:a|an|one|the\s+new|a\s+new)\s+(?!(?:new|own|single|"
            r"separate|dedicated|common|same)\b)([^@,;]+?)\s*(?:group|box|container)?\s*"
            r"(?:please|pls|thanks)?[.?!]?$",
            after,
        )
        if named is None and whole and whole.group(1) not in (CONTAINER_NOUN_WORDS):
            named = ab.words(whole.group(1))
    parent = re.search(r"\b(?:inside|within|in|under)\s+(?:the\s+)?(@\d+)", after)
    p = (
        ab.m(parent.group(1))
        if parent and any(s.children for s in ab.m(parent.group(1)).shapes)
        else None
    )
    if extra and extra.start() > m.start(1) and named is not None:
        members = [*members, *ab.many(extra.group(1))]  # "put X in a new box Z, together with Y"
    if len(members) < 2 and named is None:
        return None
    op = Op("group", members, [p] if p else [], label=named or "Group")
    if p is None and len(members) == 1 and re.search(r"\bits\s+own\b", t):
        # "move X into its own group": X leaves the box it was in, the new one is beside it
        op.rel = "leave"
    if fresh:
        op.new = ab.words(fresh.group("new"))  # "... together with a new Y": added, then boxed
    return [op]


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
    name = quote_of(ab, post) or quote_of(ab, pre)
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


#: "X is not a data thing", "X isn't part of the data box": X does not belong in that box
_NOT_IN = re.compile(
    r"^(?:but\s+|and\s+)?(?:the\s+)?(?P<x>" + LIST + r")\s+(?:is|are|was|were)\s*(?:n't|not)\s+"
    r"(?:really\s+|actually\s+)?(?:an?\s+|part\s+of\s+(?:the\s+)?|in\s+(?:the\s+)?|"
    r"inside\s+(?:the\s+)?|one\s+of\s+(?:the\s+)?|of\s+(?:the\s+)?)?(?P<box>@\d+)"
)
#: "put X near Y, directly inside P": the box named last is where it goes
_NEAR_THEN_IN = re.compile(
    r"\b(?:put|place|move|shift|keep|drop|stick|relocate)\s+(?:the\s+)?(?P<x>" + LIST + r")\s+"
    r"(?:near(?:\s+to)?|next\s+to|beside|close\s+to|by)\s+(?:the\s+)?@\d+\s*,?\s*(?:and\s+)?"
    r"(?:directly\s+|right\s+|straight\s+)?(?:inside|into|in|within|under)\s+(?:the\s+)?"
    r"(?P<box>@\d+)"
)


def not_in_box(ab: Abstract) -> list[Op] | None:
    """ "the rate cache is not a data thing": a shape said not to be of the box that holds
    it leaves that box (a plain "X is not a Y" between two leaves is no move)."""
    m = _NOT_IN.match(ab.text)
    if m is None:
        return None
    box = ab.m(m.group("box"))
    who = ab.many(m.group("x"))
    held = {s.parent for w in who for s in w.shapes}
    if not _is_container(box) or not held & set(box.ids):
        return None
    if move(ab):
        return None  # "X isn't data, hoist it out of Data into Backend": where it goes is said
    return [Op("move_out", who, [box])]


def move(ab: Abstract) -> list[Op] | None:
    t = ab.text
    near_in = _NEAR_THEN_IN.search(t)
    if near_in and _is_container(ab.m(near_in.group("box"))):
        return [Op("move", ab.many(near_in.group("x")), [ab.m(near_in.group("box"))])]
    if re.search(
        r"\b(?:move\w*|put|place|take|pull|bring|hoist|lift|promote|shift)\b", t
    ) and re.search(_TOP, t):
        listed = re.search(LIST, t)  # "move X to the top level", "pull X out of all groups"
        return [Op("move_top", ab.many(listed.group(0)))] if listed else None
    # "relocate X from A to B", "X: A -> B": from one container into another
    fro = re.search(
        r"(?:\b(?:mov|relocat|shift|transfer|migrat|tak|bring|pull|push)\w*\s+)(?:the\s+)?("
        + LIST
        + r")(?:\s+[a-z]+){0,2}?\s+(?:from|out of)\s+(?:the\s+)?(@\d+)\s+(?:over\s+)?"
        r"(?:in)?to\s+(?:the\s+)?(@\d+)",
        t,
    )
    if fro and _is_container(ab.m(fro.group(3))):
        return [Op("move", ab.many(fro.group(1)), [ab.m(fro.group(3))])]
    arrow = re.fullmatch(
        r"(?:move\s+)?(?:the\s+)?(" + LIST + r")\s*->\s*(?:into|inside|in|to|under)?\s*"
        r"(?:the\s+)?(@\d+)",
        t,
    )
    if arrow and _is_container(ab.m(arrow.group(2))):  # "X -> inside Core": terse move
        return [Op("move", ab.many(arrow.group(1)), [ab.m(arrow.group(2))])]
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
            for r in re.findall(
                # "... and put it with the floor devices": a box named after "with" is where
                r"\b(?:into|in|to|inside|under|within|with|among)\s+(?:the\s+)?(@\d+)",
                after,
            )
            if _is_container(ab.m(r)) and ab.m(r) not in who
        ]
        if dest:
            return [Op("move", who, dest[-1:])]
        near = re.search(_NEAR + r"(?:the\s+)?(@\d+)", after)
        if near and ab.m(near.group(1)) not in who:
            return [Op("move_near", who, [ab.m(near.group(1))])]
        return [Op("move_out", who, [ab.m(out.group(2))])]
    holds = re.search(
        r"^(?:the\s+)?(@\d+)\s+(?:should|must|needs?\s+to|has\s+to|ought\s+to|will|can|could|"
        r"to)?\s*(?:also\s+|now\s+)?(?:contain|contains|hold|holds|house|houses|enclose|"
        r"encloses|wrap|wraps|take in|takes in)\s+(?:the\s+|both\s+)?(" + LIST + r")",
        t,
    )
    if holds and _is_container(ab.m(holds.group(1))):  # "core should contain X as well"
        return [Op("move", ab.many(holds.group(2)), [ab.m(holds.group(1))])]
    there = re.match(
        r"(?:and\s+)?(?:then\s+)?(?:put|place|move|add|stick|drop)\s+(?:in(?:to)?\s+|inside\s+)"
        r"(?:it\s+|there\s+|that\s+)?(?:the\s+)?(" + LIST + r")\s*$",
        t,
    )
    if there:  # "… and put inside A, B and C": into the container the clause before made
        return [Op("move", ab.many(there.group(1)), [], rel="context")]
    into = re.search(
        r"(" + LIST + r")[^@]*?\b(?:into|inside|in|to|under|within)\s+(?:the\s+)?(@\d+)", t
    )
    if into and re.search(
        r"\b(?:move\w*|put|place\w*|shift|relocate|belongs?|bring|drag|go|goes|"
        r"live|sit|drop|stick|nest|hoist|pull|push|slide|tuck|stuff|park|shove)\b|^@\d+\s+into\s+@\d+$|"
        # "X should be in the cloud box too": where a shape is to be is where it goes
        r"\b(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to|shall|will)\s+"
        r"(?:also\s+|now\s+|really\s+)?(?:be|stay|reside|sit)\s+(?:in|inside|within|under)\b|"
        r"\badd\s+(?:the\s+|both\s+)?@\d+",  # "stick the X in it": a drawn shape goes in
        t,
    ):
        c = ab.m(into.group(2))
        who = ab.many(into.group(1))
        if set(c.ids) & {i for m in who for i in m.ids} and re.search(
            r"\b(?:move|put|place|stick|drop)\s+(?:it|them)\b", t
        ):
            # "X lives with the Y now — move it under Y": "it" is the topic, not Y itself
            who = [m for m in ab.mentions if m.shapes and not set(m.ids) & set(c.ids)][:1]
        if _is_container(c) and who:
            return [Op("move", who, [c])]
    near = re.search(
        r"\b(?:move\w*|put|place|colocate\w*|co-locate\w*)\s+(?:the\s+)?(" + LIST + r")\s+"
        r"(?:\w+\s+)?(?:next to|alongside|beside|together with|with|near)\s+(?:the\s+)?(@\d+)",
        t,
    )
    if near and ab.m(near.group(2)).shapes and not _is_container(ab.m(near.group(2))):
        return [Op("move_near", ab.many(near.group(1)), [ab.m(near.group(2))])]
    if near and _is_container(ab.m(near.group(2))):
        return [Op("move", ab.many(near.group(1)), [ab.m(near.group(2))])]  # "with the devices"
    return None
