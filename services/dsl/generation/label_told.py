"""Link labels said in forms the operation finder reads otherwise: the D2 way of writing a
labelled link ("a -> b: webhooks + subscriptions"), "label a->b as T", "the A to B connection
should be labelled as T", "change the 'x' label on a->b to 'y'", "relabel the connections
from A and from B to C as T", a setting after links named by their ends ("A + B -> C,
read-only", "connect A to B as read-only"), and one label on every link out of (or into) a
shape ("put label T on all the connections going out of Q", "append T to the label on every
edge leaving Q").

Each end list names drawn shapes; for each pair the drawn link between them (either
direction; a container end means its child that carries the link) takes the label, or a link
is drawn with it when there is none. The label is the user's words (a quoted name as quoted).
Called once per clause by :mod:`update` before the finder; None when the clause is no such
request, so the finder reads it as before.
"""

from __future__ import annotations

import re

from services.dsl.d2.model import Shape
from services.dsl.generation.clauses import Clause
from services.dsl.generation.detour import clause_abstract, drawn_link
from services.dsl.generation.edit_run import Run
from services.dsl.generation.edit_shapes import relabel_edge
from services.dsl.generation.links import LINK_NOUN
from services.dsl.generation.ops import Abstract

#: a list of ends: "@0", "the @0 and @1", "@0, @1 + @2", "from the @0 and from the @1"
_ENDS = r"(?:the\s+)?@\d+(?:\s*(?:,|and|&|\+)\s*(?:(?:and\s+)?from\s+)?(?:the\s+)?@\d+)*"
_A, _B = r"(?P<a>" + _ENDS + r")", r"(?P<b>" + _ENDS + r")"
_ASK = r"^(?:(?:please|pls|kindly|just|also|and|then)\s+)*"
_LABELLED = r"(?:labell?ed|named|marked|tagged|called)"
#: "should be labelled (as)", "should say", "must carry the label"
_SHOULD_SAY = (
    r"(?:should|must|shall|needs?\s+to|has\s+to|can|will)\s+(?:be\s+"
    + _LABELLED
    + r"|say|read|show|carry\s+(?:the\s+)?label|have\s+(?:the\s+)?label)\s+(?:as\s+)?"
)

#: (pattern, whether the label is added after the one there)
_FORMS: list[tuple[re.Pattern[str], bool]] = [
    # "a -> b: text", "A and B -> C: text"
    (re.compile(_ASK + _A + r"\s*(?:->|to)\s*" + _B + r"\s*:\s*(?P<t>.+)$"), False),
    # "a->b label = T", "the A -> B link label: T"
    (
        re.compile(
            _ASK
            + r"(?:the\s+)?"
            + _A
            + r"\s*(?:->|to)\s*"
            + _B
            + r"\s+(?:"
            + LINK_NOUN
            + r"\s+)?label\s*(?:=|:|is|should\s+be)\s*(?P<t>.+)$"
        ),
        False,
    ),
    # "the link between A and B should carry the label T"
    (
        re.compile(
            _ASK
            + r"(?:the\s+)?"
            + LINK_NOUN
            + r"\s+between\s+"
            + _A
            + r"\s+and\s+"
            + _B
            + r"\s+"
            + _SHOULD_SAY
            + r"(?P<t>.+)$"
        ),
        False,
    ),
    # "label a -> b as T", "label the link from A to B (as|with) T"
    (
        re.compile(
            _ASK
            + r"(?:re)?label\s+(?:the\s+)?(?:(?:"
            + LINK_NOUN
            + r")\s+)?(?:from\s+)?"
            + _A
            + r"\s*(?:->|to)\s*"
            + _B
            + r"(?:\s+"
            + LINK_NOUN
            + r")?\s+(?:as|with|to)\s+"
            r"(?P<t>.+)$"
        ),
        False,
    ),
    # "the A to B connection should be labelled (as) T", "the A -> B link should say T"
    (
        re.compile(
            _ASK
            + r"(?:the\s+)?(?:"
            + LINK_NOUN
            + r"\s+from\s+)?"
            + _A
            + r"\s*(?:->|to|into)\s*"
            + _B
            + r"(?:\s+"
            + LINK_NOUN
            + r")?\s+"
            + _SHOULD_SAY
            + r"(?P<t>.+)$"
        ),
        False,
    ),
    # "change the 'x' label on a -> b to 'y'", "relabel the connections from A and from B
    # to C as T"
    (
        re.compile(
            _ASK + r"(?:change|update|set|rename|relabel|edit)\s+(?:the\s+)?(?:qt\d+\s+)?"
            r"(?:label|"
            + LINK_NOUN
            + r")\s+(?:on|of|for|from)\s+(?:the\s+)?(?:(?:"
            + LINK_NOUN
            + r")\s+from\s+)?"
            + _A
            + r"\s*(?:->|to)\s*"
            + _B
            + r"(?:\s+"
            + LINK_NOUN
            + r")?\s+(?:to|as|into)\s+(?:say\s+|read\s+)?(?P<t>.+)$"
        ),
        False,
    ),
    # "name the link from A to B T", "tag the A -> B edge with T"
    (
        re.compile(
            _ASK
            + r"(?:name|title|tag|caption|mark)\s+(?:the\s+)?"
            + LINK_NOUN
            + r"\s+(?:from\s+|between\s+)?"
            + _A
            + r"\s*(?:->|to|and)\s*"
            + _B
            + r"\s+(?:(?:as|with)\s+)?(?P<t>.+)$"
        ),
        False,
    ),
    # "set the A -> B label to T", "update the A to B link's label to T"
    (
        re.compile(
            _ASK
            + r"(?:change|update|set|edit|make)\s+(?:the\s+)?"
            + _A
            + r"\s*(?:->|to)\s*"
            + _B
            + r"\s+(?:"
            + LINK_NOUN
            + r"\s+)?(?:label|name|text)\s+(?:to|into|as)\s+"
            r"(?P<t>.+)$"
        ),
        False,
    ),
    # "A + B -> C, read-only", "connect A to B as read-only"
    (
        re.compile(
            _ASK
            + r"(?:(?:connect|link|wire)\s+)?"
            + _A
            + r"\s*(?:->|to)\s*"
            + _B
            + r"(?:\s*(?:,\s*(?:as\s+)?|\s+as\s+)(?P<t>(?!an?\s)[\w][\w -]{0,30})|"
            r"\s*\((?P<t3>[\w][\w -]{0,30})\))$"
        ),
        True,
    ),
]

#: the ways a link is said to arrive at a shape ("going to", "that end at", "entering")
_INWARD = (
    r"(?:(?:go(?:es|ing)?|com(?:es|e|ing)|point(?:s|ing)?|lead(?:s|ing)?)\s+(?:in)?to|into|"
    r"enter(?:s|ing)?|to|reach(?:es|ing)?|(?:end(?:s|ing)?|arriv(?:e|es|ing)|point(?:s|ing)?)\s+"
    r"(?:at|in))"
)
#: "put label T on all the connections going out of Q", "append T to the label on every
#: edge leaving Q", "label every link into Q (as) T"
_EVERY = re.compile(
    _ASK + r"(?:(?P<put>put|add|set|give|apply|append|attach)\s+(?:the\s+|a\s+)?(?:label\s+)?"
    r"(?P<t>qt\d+|[^@]+?)\s+(?:on|to)\s+(?:the\s+label\s+(?:on|of)\s+)?|label\s+)?"
    r"(?:all|every|each|both|the\s+two)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?" + LINK_NOUN + r"\s+"
    # "the connections that are going to Q", "arrows which end at Q": a relative clause
    r"(?:(?:that|which)\s+(?:are\s+|is\s+)?)?"
    r"(?P<way>(?:go(?:es|ing)?|com(?:es|e|ing))\s+out\s+of|out\s+of|leav(?:e|es|ing)|from|"
    r"start(?:s|ing)?\s+(?:at|from)|" + _INWARD + r")\s+(?:the\s+)?(?P<q>@\d+)"
    r"(?:\s+(?:as|with)\s+(?P<t2>[^@]+)|\s+(?:should|must|shall|will|needs?\s+to|has\s+to|"
    r"have\s+to)\s+(?:be\s+" + _LABELLED + r"|say|read|show)\s+(?:as\s+)?(?P<t4>[^@]+))?"
)
#: what a label ends before: a reason or a thank-you after it
_LABEL_END = re.compile(
    r"\s*(?:[,;—–]|\s-\s|\s+(?:to\s+reflect|so\s+that|because|since|as\s+(?:we|it|they)|"
    r"instead\s+of|rather\s+than|in\s+place\s+of|"
    r"thanks?|please|pls)\b).*$"
)


#: words after a link that are no label ("A -> B, please")
_FILLERS = frozenset(["please", "pls", "thanks", "thank you", "too", "also", "now", "asap"])


#: words that open a remark or an adverb, never a setting written after a link
_NOT_SETTING = frozenset(
    re.findall(
        r"\w+",
        "it its they he she we i you this that these those the so and but because since then "
        "please thanks thank too also as well soon now asap which who where when if for to "
        "both all usual before needed discussed agreed mentioned said requested planned "
        "described shown such long quickly fast possible",
    )
)


def _setting(said: str) -> bool:
    """ "read-only", "async", "mTLS", "batch nightly": a short setting (three words at most)
    that opens with no pronoun, conjunction or adverb."""
    words = re.findall(r"[\w'-]+", said.lower())
    return 0 < len(words) <= 3 and words[0] not in _NOT_SETTING


def _label(ab: Abstract, said: str) -> str:
    """The label the user wrote: a quoted name as quoted, words as written."""
    said = _LABEL_END.sub("", said.strip()).strip(" .!?'\"“”")
    # "call it 'x'", "say 'x'": the quoted name is the label
    quoted = re.search(r"\bqt(\d+)\b", said) if len(said.split()) <= 4 else None
    if quoted and int(quoted.group(1)) < len(ab.quotes):
        return ab.quotes[int(quoted.group(1))]
    return ab.words(said).strip(" .!?'\"“”") if said else ""


def _shapes(ab: Abstract, refs: str) -> list[Shape] | None:
    out: list[Shape] = []
    for ref in re.findall(r"@\d+", refs):
        m = ab.m(ref)
        if not m.shapes or m.pronoun or m.ambiguous:
            return None
        out.extend(m.shapes)
    return out


def _on_pairs(run: Run, left: list[Shape], right: list[Shape], label: str, *, append: bool) -> str:
    said = []
    for a in left:
        for b in right:
            link = drawn_link(run, a, b)
            src = run.st.diagram.shape(link[0]) if link else a
            dst = run.st.diagram.shape(link[1]) if link else b
            if src is not None and dst is not None and src.id != dst.id:
                said.append(relabel_edge(run, src, dst, label, append=append))
    run.touched = [*left, *right]
    return "; ".join(said)


def _every(run: Run, ab: Abstract) -> str | None:
    m = _EVERY.search(ab.text)
    if m is None:
        return None
    label = _label(ab, m.group("t2") or m.group("t4") or m.group("t") or "")
    q = _shapes(ab, m.group("q"))
    if not label or not q or len(q) != 1:
        return None
    outward = not re.fullmatch(_INWARD, m.group("way"))
    # "append T (to the label)", "add T to the label on ...": after the label there
    added = bool(re.search(r"\bappend", ab.original, re.I) or m.group("put") == "add")
    ends = [
        (c.src, c.dst)
        for c in run.st.diagram.connections
        if (c.src if outward else c.dst) == q[0].id
    ]
    said = []
    for src, dst in ends:
        a, b = run.st.diagram.shape(src), run.st.diagram.shape(dst)
        if a is not None and b is not None:
            said.append(relabel_edge(run, a, b, label, append=added))
    return "; ".join(said) or None


def label_told(run: Run, clause: Clause) -> str | None:
    """The link labels `clause` sets, applied; None when it sets none this way."""
    ab = clause_abstract(run, clause)
    done = _every(run, ab)
    if done:
        return done
    for form, append in _FORMS:
        m = form.search(ab.text)
        if m is None:
            continue
        left, right = _shapes(ab, m.group("a")), _shapes(ab, m.group("b"))
        said = m.group("t") if "t3" not in form.groupindex else m.group("t") or m.group("t3")
        if append and not _setting(said or ""):
            continue  # "connect A to B, it needs X", "... as well": a remark, no label
        label = _label(ab, said or "")
        if not left or not right or not label or label.lower() in _FILLERS:
            continue
        return _on_pairs(run, left, right, label, append=append) or None
    return None
