"""Changes told as statements about the system, not as commands.

People report what happened or what ought to be, and leave the edit to the reader:

- a part moved onto a product of its own kind: "the job queue got moved onto SQS last
  quarter", "session store was migrated from in-proc to Memorystore" — the part stays (its
  name, its links) and runs on the product now: the product is its technology
  (:func:`moved_onto`, a detector of :mod:`finder`). A move onto something of another kind,
  or off a named vendor ("we moved off X onto Y"), is a replacement (:mod:`retire`);
- where a part ought to be: "X should live outside Y" (:func:`placed_told`, a reading of
  :mod:`elliptic`), "A and B should be in their own group, name it G" (:func:`own_group`);
- several parts that are one now: "join them as 'C'" after "A and B are now one service"
  (the remark names them, "them" points back; :func:`placed_told` reads the ask).

A statement that names no change ("the cache was added last year for speed") matches none of
these: it asks for nothing, and the update path treats it as a remark. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from services.dsl.generation.ops import LIST, Abstract, Op
from services.dsl.generation.ops_props import cased, is_tech

#: the auxiliaries between a subject and its participle ("got", "has been", "was just")
_AUX = r"(?:(?:is|are|was|were|has|have|had|been|being|got|gets|get|now|just|finally)\s+)*"
#: a verb of moving a part onto other ground (the slang reader may have made it "migrate")
_MOVED = r"(?:mov\w*|migrat\w*|switch\w*|port\w*|shift\w*|transition\w*|rehost\w*|lift\w*)"
#: words after the product that are no part of its name (a time, a reason)
_TAIL = (
    r"\s+(?:since|last|this|as of|starting|because|so|a while|recently|over|during|"
    r"already|now|too|instead|these days|nowadays|for|in\s+(?:q\d|the\s+last|\d))\b.*$"
)


def moved_onto(ab: Abstract) -> list[Op] | None:
    """ "X got moved onto Kinesis", "X was migrated from in-proc to ElastiCache": the part
    itself moved (it is the subject), onto a product that names no other part of the diagram
    (the linker reads a product of X's own kind as X): X runs on that product now."""
    m = re.match(
        r"(?:the\s+|our\s+)?(?P<x>@\d+)\s+" + _AUX + _MOVED + r"\s+(?:over\s+)?"
        r"(?:(?:from|off)\s+[^@,;:]*?\s+)?(?:onto|to|over\s+to|into)\s+(?:the\s+|an?\s+)?"
        r"(?P<y>[^,;:—–]+?)\s*(?=$|[,;:—–])",
        ab.text,
    )
    if m is None:
        return None
    x = ab.m(m.group("x"))
    own = {s.id for s in x.shapes}
    if len(own) != 1:
        return None
    y = re.sub(_TAIL, "", m.group("y")).strip()
    refs = re.findall(r"@\d+", y)
    if not y or any({s.id for s in ab.m(r).shapes} - own for r in refs):
        return None  # onto another part of the diagram: a move or a replacement, not a product
    said = ab.words(y).strip(" ,.;")
    if not said or not is_tech(said):
        return None
    return [Op("prop", [x], label=cased(said), rel="tech")]


def own_group(ab: Abstract) -> list[Op] | None:
    """ "A + B should be in their own group, name it G": a group of those parts, with the name
    said after it (a detector of :mod:`finder`, before the plain group reader, which would
    leave the name out)."""
    own = re.match(
        r"(?:the\s+)?(?P<x>" + LIST + r")\s+(?:should|must|need\s+to|needs\s+to|have\s+to|"
        r"ought\s+to|can)\s+(?:be|live|sit|go)\s+(?:together\s+)?in\s+(?:their|there|its|a)\s+"
        r"(?:own\s+|separate\s+|new\s+|dedicated\s+)*(?:group|box|container|zone|boundary)"
        r"(?:\s*,?\s*(?:and\s+)?(?:name|call|label|title)\s+it\s+|\s+(?:called|named)\s+)"
        r"(?P<g>[^,;]+?)\s*$",
        ab.text,
    )
    members = ab.many(own.group("x")) if own else []
    if len(members) < 2 or not all(m.shapes for m in members):
        return None
    name = ab.words(own.group("g")).strip(" .!'\"") if own else ""
    return [Op("group", members, label=name)] if name else None


def placed_told(ab: Abstract, said: Callable[[str], str]) -> str | None:
    """The plain request a statement of where parts ought to be stands for, in the user's
    words (`said` writes a piece of the abstract as the user did), or None."""
    t = ab.text
    out = re.match(
        r"(?:the\s+)?(?P<x>" + LIST + r")\s+(?:should|must|needs?\s+to|has\s+to|ought\s+to|"
        r"can)\s+(?:live|be|sit|go|stay|run|move|belong)\s+(?:outside|out\s+of)\s+(?:of\s+)?"
        r"(?:the\s+)?(?P<box>@\d+)\b",
        t,
    )
    if out:
        return f"move {said(out.group('x'))} out of {said(out.group('box'))}"
    join = re.match(
        r"(?:please\s+)?(?:join|unite|fuse|consolidate)\s+(?P<x>them|these|those|" + LIST + r")"
        r"\s+(?:together\s+)?(?:as|into)\s+(?:one\s+|a\s+single\s+)?(?P<c>qt\d+|[^,;]+?)\s*$",
        t,
    )
    if join:
        return f"merge {said(join.group('x'))} into {said(join.group('c'))}"
    return None


#: a link named by its two ends: "the arrow from A into B", "the A to B connection"
_LINK_FROM = (
    r"(?:the\s+)?(?:arrow|link|edge|connection|line|flow|call)\s+from\s+(?P<a>[^,;.?!—–]+?)\s+"
    r"(?:into|to|towards|going\s+to)\s+(?P<b>[^,;.?!—–]+?)"
)
#: what a label says now, as a fact: "just says T", "currently reads T", "is labelled T"
_SAYS = (
    r"\s+(?:just\s+|only\s+|currently\s+|still\s+|now\s+)*(?:says|reads|shows|is\s+labell?ed|"
    r"has\s+the\s+label|is\s+marked)\s+[^.;?!—–]+?"
)
#: the ask that follows, with the new label quoted: "— could you make it 'T2'"
_MAKE_IT = (
    r"\s*(?:[.;?!,]+|\s[—–-]+)\s*(?:(?:could|can|would)\s+(?:you|we)\s+|please\s+|pls\s+|"
    r"just\s+|so\s+)*(?:make|change|set|update|turn|switch|relabel)\s+(?:it|that|this)\s+"
    r"(?:to\s+|into\s+|say\s+|read\s+)?(?P<q>qt\d+)"
)
#: a name given by what it really is: "call the X by its actual name? it's 'Q'"
_REAL_NAME = re.compile(
    r"\b(?:call|name|label|show)\s+(?P<x>[^,;.?!]+?)\s+by\s+(?:its|their)\s+(?:actual|real|"
    r"proper|right|correct|official|full|product|vendor)\s+name\s*(?:[.;?!,:]+|\s[—–-]+)?\s*"
    r"(?:(?:it|that|which)\s+(?:is|'s)|i\.?e\.?|namely)\s+(?P<q>qt\d+)",
    re.I,
)


def asked_after(text: str) -> str:
    """`text` (quotes set aside, wording made regular) with a fact and the ask after it
    written as one plain request: "the arrow from A into B just says T — make it 'T2'" is
    "label A -> B as 'T2'", "call X by its actual name? it's 'Q'" is "rename X to 'Q'"."""
    text = re.sub(
        _LINK_FROM + _SAYS + _MAKE_IT,
        lambda m: f"label {m.group('a')} -> {m.group('b')} as {m.group('q')}.",
        text,
        flags=re.I,
    )
    return _REAL_NAME.sub(lambda m: f"rename {m.group('x')} to {m.group('q')}.", text)


#: a time or a reason after a past "was added": when or why it happened, not where it goes
_WHEN = (
    r"(?:last|back|in|a|an|\d+|some|years?|months?|weeks?|ago|for|because|since|during|when|"
    r"originally|early|earlier|yesterday|to)\b"
)
_REMARKS = (
    # "the cache was added last year for speed": how the diagram came to be, no ask
    re.compile(
        r"(?:the\s+|our\s+)?@\d+\s+(?:was|were|has\s+been|have\s+been|got)\s+(?:originally\s+)?"
        r"(?:add\w*|introduc\w*|creat\w*|built|set\s+up|deploy\w*|put\s+in)"
        r"(?:\s+" + _WHEN + r".*)?"
    ),
    # "the link from A into B just says T": the label it has, told as it is
    re.compile(
        r"(?:the\s+)?(?:arrow|link|edge|connection|line)\s+from\s+(?:the\s+)?@\d+\s+(?:into|to)\s+"
        r"(?:the\s+)?@\d+\s+(?:just|only|currently|still)\s+(?:says|reads|shows|is\s+labell?ed)\b.*"
    ),
)


def remark(ab: Abstract) -> bool:
    """A clause that tells how things are or came to be and asks for nothing: the finder
    reads no operation in it (alone it is not understood; beside a request it is skipped)."""
    return any(r.fullmatch(ab.text) for r in _REMARKS)
