"""Detectors of names, labels and properties: rename, edge and element labels, edge and shape
properties ("mTLS", "encrypted at rest"), and the box shape a component is drawn as.

Each reads an :class:`~services.dsl.generation.ops.Abstract` and gives operations or None; the
order they are tried in is in :mod:`finder`. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.attributes import cut_at_other
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import (
    CONTAINER_NOUN,
    EDGE_PROPS,
    LIST,
    SHAPE_PROPS,
    SHAPES,
    Abstract,
    Op,
    pair_of,
    quote_of,
)


def edge_label(ab: Abstract) -> list[Op] | None:
    q = quote_of(ab, ab.text)
    pair = pair_of(ab)
    if q is None and pair is not None:
        # "notebooks -> variant db link: label it read-only": an unquoted name said last
        said = re.search(
            r"\b" + LINK_WORDS + r"\s*[:,]?\s*(?:just\s+)?(?:label|name|call|caption|title)\s+"
            r"(?:it|this|that|them)\s+(?:as\s+)?(?P<w>[a-z][\w/+.-]*(?:\s+[a-z][\w/+.-]*){0,3})$",
            ab.text,
        )
        q = ab.words(said.group("w")) if said else None
        if q is None:
            # "the A -> B link, then: label it read-only": the link named before the label
            bare = re.search(
                r"\b(?:label|caption|title|call|name)\s+(?:it|that|this|that one)\s+(?:as\s+)?"
                r"(?P<l>[a-z0-9][^@,;:]{0,40})$",
                ab.text,
            )
            named_link = re.search(LINK_WORDS + r"\b|->", ab.text)
            if bare and named_link and named_link.start() < bare.start():
                q = ab.words(bare.group("l")).strip(" .!?")
    if q is None or pair is None:
        return None
    if not re.search(r"\b(?:label\w*|name|call|relabel|tag|caption|title|as)\b|:|->", ab.text):
        return None
    # "... label: 'x' instead of ship box": the old label said after "instead of" is words
    # of the link, not a container to put anything in
    own = re.sub(r"\s+instead\s+of\s+[^@]*$", "", ab.text)
    if re.search(r"\b(?:group|container|zone|box|segment)\b", own):
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
    return [Op("label_append", ab.many(m.group(2)), label=quote_of(ab, m.group(1)) or "")]


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
    if ab.text[m.start() :].startswith("call") and (
        re.search(
            r"\b(?:not|never|should|must|shall|can|could|will|would|may|might|to|also|only|"
            r"does|do|did|then|directly|still)\s+(?:\w+\s+)?$",
            ab.text[: m.start()],
        )
        or re.match(r"(?:directly|anymore|again|too|also|first|instead|now|itself)\b", m.group(2))
    ):
        return None  # "A should not call B directly": a link said, not a name
    told_new, others = _more_renames(ab, m.group(2))
    said = re.sub(r"\s+(?:now|instead|please|maybe|perhaps|i guess|or so)\b.*$", "", told_new)
    new = _quoted(ab, told_new) or ab.words(said)
    refs = re.findall(r"@\d+", said)
    # "rename X to Video Hub": a new name may reuse a word of another shape ("video"), but
    # is not just another shape's full name ("rename X to Y" with Y drawn: a replace or a typo)
    whole = (
        bool(refs)
        and not re.sub(r"@\d+|\s|\bthe\b", "", said)
        and any(ab.m(r).tier >= 3 for r in refs)
    )
    plain = re.search(r"\b(?:rename|relabel|retitle)\s+(?:the\s+)?@\d+\s+(?:to|as)\s", ab.text)
    # "X is now called Y": what follows is a name, whatever shapes its words also name
    called = re.search(
        r"@\d+\s+(?:is|are|will be|should be)\s+(?:now\s+)?(?:called|named|renamed to|known as)\s",
        ab.text,
    )
    # "call it X" after a merge or a group: the thing just made takes the name, whatever
    # shapes its words also name
    told = ab.m(m.group(1)).pronoun and re.match(r"(?:just\s+)?(?:call|name)\b", ab.text)
    # a name that only matches shapes by their kind ("adyen" for the payment shapes) is a
    # product's name, new to the diagram: never a reference to resolve
    product = bool(refs) and all(ab.m(r).tier == 1 for r in refs)
    if (
        refs
        and not product
        and _quoted(ab, told_new) is None
        and "->" not in ab.text
        and not told
        and not called
        and (whole or not plain)
    ):
        return None
    if not new or (_quoted(ab, told_new) is None and re.search(r"[,;:]", said)):
        return None
    return [Op("rename", [ab.m(m.group(1))], label=new), *others]


def _quoted(ab: Abstract, text: str) -> str | None:
    """The quoted name `text` is (``qtN``, or a quote that happens to name a shape)."""
    text = text.strip(" ,.")
    if re.search(r"\bqt\d+\b", text):
        return quote_of(ab, text)
    if re.fullmatch(r"@\d+", text) and ab.m(text).text in ab.quotes:
        return ab.m(text).text
    return None


#: "..., and @3 to qt3": one more pair of a rename list
_NEXT_RENAME = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\band\s+|;\s*)(?:also\s+)?(?:the\s+)?(@\d+)\s+(?:to|as|->|into)\s+"
)


def _more_renames(ab: Abstract, told: str) -> tuple[str, list[Op]]:
    """ "rename A to 'X' and B to 'Y'": the first new name, and the renames of the pairs after
    it (each new name quoted, or plain words naming no shape)."""
    pieces = _NEXT_RENAME.split(told)
    if len(pieces) < 3:
        return told, []
    ops: list[Op] = []
    for ref, name in zip(pieces[1::2], pieces[2::2], strict=True):
        name = name.strip(" ,.")
        new = _quoted(ab, name)
        if new is None and (re.search(r"@\d+|qt\d+", name) or not name):
            return told, []
        ops.append(Op("rename", [ab.m(ref)], label=new or ab.words(name)))
    return pieces[0], ops


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
    pair = pair_of(ab)
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
    if prop is None or pair_of(ab) is not None or any(not m.pronoun for m in ab.mentions):
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
    pair = pair_of(ab)
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


def marked(ab: Abstract) -> list[Op] | None:
    """ "mark A and B as PCI, and the link between them must be TLS": a mark/flag/tag verb
    with its list is read before a link property later in the clause (that part is read
    next, with "them" meaning the list)."""
    if re.search(r"\bqt\d+\b|\blabel", ab.text):
        return None  # "label it as 'manual sync'": a name, read by the label detectors
    ops = requirement(ab)
    return ops if ops and ops[0].rel == "marked" else None


#: ", and ..." or "and indicate/note/show ...": a second request after a mark
_AND_MORE = (
    r"(?:,\s*and\s+|\s+and\s+(?=(?:also\s+)?(?:indicate|note|show|state|say|mark|flag|tag|"
    r"make\s+sure|ensure|record)\b))"
)
#: "indicate that", "make sure that", "note that": a requirement said as what to show
_SAY_THAT = re.compile(
    r"^(?:also\s+)?(?:indicate|note|show|state|say|make\s+sure|ensure|record)\s+(?:that\s+)?"
)


def requirement(ab: Abstract) -> list[Op] | None:
    """A property stated as a requirement: "mark X as PCI scope", "X must be encrypted at
    rest", "X is internet-facing", "X needs daily backups" — a note on X."""
    t = ab.text
    targets: list[Mention] = []
    said = follow = how = ""
    # the verbs in any form ("tagging", "flagged"); the list before or after the verb
    verb = (
        r"\b(?:mark|flag|tag|label|note|annotate|treat|consider|classify|declare|designate)"
        r"(?:s|g?ed|g?ing)?\b"
    )
    m = re.search(
        verb
        + r"\s+(?:the\s+|both\s+|all\s+(?:the\s+)?|every\s+|each\s+)?("
        + LIST
        + r")\s*[)—–-]?\s+"
        r"(?:as|with|for|being)\s+(?:an?\s+|the\s+)?(.+?)(?:" + _AND_MORE + r"(?P<more>.+))?$",
        t,
    ) or re.search(
        r"(" + LIST + r")\s*[)—–-]?\s+(?:please\s+|pls\s+)?(?:\w+\s+)?" + verb + r"\s+"
        r"(?:them\s+|it\s+)?(?:as|with)\s+(?:an?\s+|the\s+)?(.+?)(?:"
        + _AND_MORE
        + r"(?P<more>.+))?$",
        t,
    )
    if m and not re.fullmatch(
        r"(?:client|external|network|security|process|database|cache|storage|queue|ai|"
        r"monitoring)(?:\s+(?:component|node|shape|class))?",
        m.group(2).strip(),
    ):
        targets, said = ab.many(m.group(1)), ab.words(m.group(2)).lower()
        follow = ab.source(m.group("more")) if m.group("more") else ""
        how = "marked"
    # "indicate that X is encrypted at rest": what to show is the requirement
    t = t if targets else _SAY_THAT.sub("", t)
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
    text = re.sub(
        r"[.?!]+$|\s+(?:please|thanks?|since|because|as we|while you|so that)\b.*$|"
        r"(?:" + _AND_MORE + r").*$",
        "",
        cut_at_other(text),  # "PII, AES-256 at rest + 7y retention": the list, whole
    ).strip()
    return [Op("shape_prop", targets, label=text[:60], rest=t, new=follow, rel=how)]


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


def _prop_targets(ab: Abstract, targets: list[Mention]) -> list[Mention]:
    """Who a property is said of: every shape of a list ("A and B: encrypt at rest") or of a
    collective sentence ("every wallet tier ... hot, warm and cold"), else the first one (the
    others are where a key or a backup goes: "encrypt X with keys from Y")."""
    if len(targets) <= 1 or re.search(r"\b(?:all|every|each|both)\b", ab.text):
        return targets
    lists = [ab.many(g.group(0)) for g in re.finditer(LIST, ab.text)]
    longest = max(lists, key=len, default=[])
    return longest if len(longest) > 1 else targets[:1]


def shape_prop(ab: Abstract) -> list[Op] | None:
    prop = re.search(SHAPE_PROPS, ab.text)
    if prop is None or not ab.mentions:
        return None
    if re.search(
        r"\b(?:add|put|place|stick|insert|drop|slap|throw\s+in)\s+(?:an?|one|some)\s+"
        r"(?:[\w-]+\s+){0,2}$",
        ab.text[: prop.start()],
    ):
        return None  # "put a read-only API in front of X": a new component, not a property
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
        _prop_targets(ab, targets),
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


def _gapped_shapes(ab: Abstract, names: str) -> list[Op] | None:
    """ "make the stations a hexagon and radar an oval": the verb said once, each shape its
    own box shape."""
    pairs = re.findall(
        r"(?:^(?:make|turn|draw|render|show)\s+|\s*(?:,|\band)\s+)(?:the\s+)?(@\d+)\s+"
        r"(?:into\s+|as\s+)?(?:an?\s+)?(" + names + r")s?\b",
        ab.text,
    )
    if len(pairs) < 2 or len({shape for _, shape in pairs}) < 2:
        return None
    return [Op("reshape", [ab.m(ref)], label=shape.replace(" ", "_")) for ref, shape in pairs]


def reshape(ab: Abstract) -> list[Op] | None:
    names = "|".join(SHAPES) + "|stored data"
    full = ab.full
    m = re.search(
        r"\b(" + names + r")\s+shape\b|\bshape\s+(?:of\s+|to\s+)?(?:an?\s+)?(" + names + r")\b|"
        r"\b(?:as|into|be|like)\s+(?:an?\s+)?(" + names + r")s?\b|"
        r"\bwith\s+(?:an?\s+|the\s+)(" + names + r")\b|"
        # "…, a cylinder maybe": the shape offered with a hedge after it
        r"\ban?\s+(" + names + r")(?:\s+(?:maybe|perhaps|probably|i\s+guess|i\s+think|please))?$|"
        r"^(" + names + r")\??$|"
        r"\b(?:make|turn|draw|render|show|change)\s+(?:the\s+)?\S+(?:\s+\S+){0,3}?\s+"
        r"(?:into\s+|to\s+)?an?\s+(" + names + r")\b|"
        # "make the two cameras hexagon": no article, the shape word closes the phrase
        r"\b(?:make|turn|draw|render|show|change)\s+(?:the\s+)?\S+(?:\s+\S+){0,3}?\s+"
        r"(?:into\s+|to\s+)?(" + names + r")s?(?:\s+shape)?\s*(?:$|[,.;])",
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
    gapped = _gapped_shapes(ab, names)
    if gapped:
        return gapped
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
