"""Renames said in forms the operation finder does not read as one: "change name of X into
Y", "change the name of X; it should be Y", the terse "X -> Y" where Y names nothing in the
diagram, and news of a switch followed by a request to rename ("we left X and went with Y,
so rename that provider").

Each is decided from the diagram: X must name exactly one shape, and the new name must not
be the whole name of a shape already drawn (then "X -> Y" is a link, and "rename X to Y" a
question for the finder). The new name is the user's words, cut before fillers ("please",
"instead", "now"). Called once per clause by :mod:`update`, before the finder; returns None
when the clause is no such rename, so the finder reads it as before.
"""

from __future__ import annotations

import re

from services.dsl.d2.model import Shape
from services.dsl.generation.clauses import Clause
from services.dsl.generation.commands import cmd_rename
from services.dsl.generation.edit_run import Run, kwargs
from services.dsl.generation.links import LINK_NOUN
from services.dsl.generation.mentions import scan

_ASKING = r"(?:(?:please|kindly|pls|just|also|and|so|then)\s+)*"
#: "change (the) name of X (in)to Y", "update the label for X to Y", "rename the X"
_NAME_OF = re.compile(
    r"^" + _ASKING + r"(?:(?:change|update|edit|fix|correct|set|modify)\s+(?:the\s+)?"
    r"(?:name|label|title)\s+(?:of|for|on)|(?P<verb>rename|relabel))\s+(?P<x>.+?)"
    r"(?:\s+(?:in)?to\s+(?P<y>.+?))?\s*$",
    re.I,
)
#: "the name of X should be Y", "X new name is Y", "update the X label to Y", "X: rename to
#: Y", "X, it should be called Y"
_NAME_IS = [
    re.compile(
        r"^" + _ASKING + r"(?:the\s+)?(?:new\s+)?(?:name|label|title)\s+(?:of|for)\s+(?P<x>.+?)\s+"
        r"(?:should|must|shall|will|has\s+to|needs?\s+to)\s+(?:now\s+)?be(?:come)?\s+"
        r"(?:changed\s+to\s+|just\s+)?(?P<y>.+?)\s*$",
        re.I,
    ),
    re.compile(
        r"^" + _ASKING + r"(?:(?:change|update|set|edit|make)\s+)?(?:the\s+)?(?P<x>[^,:]+?)(?:'s)?"
        r"\s+(?:new\s+(?:name|label|title)\s+(?:is|should\s+be|will\s+be)|(?:name|label|title)\s+"
        r"(?:(?:should|must|shall|will)\s+(?:now\s+)?be|is\s+now|to|into|becomes?))\s+"
        r"(?P<y>.+?)\s*$",
        re.I,
    ),
    # "X should now be called Y", "X is to be renamed Y"
    re.compile(
        r"^(?:the\s+)?(?P<x>[^,:]+?)\s+(?:should|must|shall|will|is\s+to|has\s+to)\s+"
        r"(?:now\s+)?(?:be\s+)?(?:now\s+)?(?:called|named|renamed(?:\s+to)?|known\s+as)\s+"
        r"(?P<y>.+?)\s*$",
        re.I,
    ),
    re.compile(
        r"^(?:the\s+)?(?P<x>[^,:]+?)\s*[:,]\s*(?:(?:please\s+)?rename(?:\s+it)?\s+(?:to|as)|"
        r"(?:it|its\s+name)\s+(?:should|must|shall)\s+be\s+(?:called|named)|call\s+it|"
        r"(?:new\s+)?name\s*(?::|is|should\s+be))\s+(?P<y>.+?)\s*$",
        re.I,
    ),
]
#: the next clause giving the new name: "it should be (called) Y", "the new name is Y"
_NAME_NEXT = re.compile(
    r"^" + _ASKING + r"(?:(?:it|this|that|the\s+(?:new\s+)?name|its\s+(?:new\s+)?name)\s+"
    r"(?:should|must|shall|will|has\s+to|needs?\s+to|is\s+to|can)\s+be|"
    r"(?:the\s+|its\s+)(?:new\s+)?name\s+is|call\s+it|name\s+it)\s+(?:called\s+|named\s+)?"
    r"(?P<y>.+?)\s*$",
    re.I,
)
#: "cart-service -> Basket Service": an arrow from one shape to a name
_ARROW = re.compile(r"^" + _ASKING + r"(?:rename\s+)?(?P<x>[^>]+?)\s*->\s*(?P<y>[^>]+?)\s*$", re.I)
#: "we left X and went with Y", "we dropped X for Y", "we switched from X to Y"
_SWITCH = re.compile(
    r"^(?:we|they|i)\s+(?:have\s+|'ve\s+)?(?:left|dropped|ditched|replaced|switched\s+(?:away\s+)?"
    r"from|moved\s+(?:away\s+)?from|moved\s+off|abandoned|retired)\s+(?P<x>.+?)\s*,?\s+"
    r"(?:and\s+(?:we\s+)?(?:went|gone|moved|switched)\s+(?:over\s+)?(?:with|to)|for|with|to|"
    r"in\s+favou?r\s+of)\s+(?P<y>.+?)\s*$",
    re.I,
)
#: "... for the seat cache, it is on Valkey now": the part named, then the product it runs on
_RUNS_ON = re.compile(
    r"^(?:the\s+)?(?P<role>[^,]+?)\s*,\s*(?:it\s+is|it's|its|that\s+is)\s+(?:now\s+)?"
    r"(?:on|in|using|running\s+on|built\s+on)\s+(?P<y>.+?)(?:\s+now)?\s*$",
    re.I,
)
#: the request after the news: "(so) rename that provider (please)", "just fix the name"
_RENAME_IT = re.compile(
    r"(?:^|[,;]\s*)"
    + _ASKING
    + r"(?:rename\s+(?:it|that|this|them|the\s+\w+|that\s+\w+|this\s+\w+)|"
    r"(?:fix|update|change|correct)\s+(?:the|its)\s+(?:name|label))(?:\s+(?:please|pls|"
    r"accordingly|too|as\s+well))*\s*$",
    re.I,
)
#: fillers after a new name
_TAIL = re.compile(r"\s+(?:please|pls|instead|now|maybe|perhaps|thanks?(?:\s+you)?)\b.*$", re.I)
#: a kind word after a named shape ("the Geo Search component"): not part of its name
_KIND_WORD = re.compile(r"\s+(?:component|service|box|node|shape|module|block)$", re.I)


def _one_shape(run: Run, words: str, *, modified: bool = False) -> Shape | None:
    """The one shape `words` name as a whole (the kind word after it allowed; with
    `modified`, words before the name too: "DocuSign-style e-sign")."""
    st = run.st
    words = re.sub(r"^(?:the|our|that|this)\s+", "", words.strip(" ,.'\"“”"), flags=re.I)
    for said in (words, _KIND_WORD.sub("", words)):
        tokens, mentions = scan(st.kb, st.diagram, st.d2, said)
        named = [m for m in mentions if m.shapes and not m.pronoun]
        if len(named) != 1 or named[0].ambiguous:
            continue
        m = named[0]
        if (modified or tokens[m.start].start() == 0) and tokens[m.end - 1].end() >= len(
            said.rstrip()
        ):
            return m.shapes[0]
    return None


def _new_name(run: Run, said: str, quotes: tuple[str, ...] = ()) -> str | None:
    """`said` cut to the new name, or None when it is the whole name of a drawn shape."""
    said = re.sub(
        r"\bqt(\d+)\b",
        lambda g: quotes[int(g.group(1))] if int(g.group(1)) < len(quotes) else g.group(0),
        said,
    )
    name = _TAIL.sub("", said.strip()).strip(" .,!?'\"“”")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    if not name or len(name.split()) > 6:
        return None
    low = name.lower()
    if any(low in (s.label.lower(), s.name.lower()) for s in run.st.diagram.shapes):
        return None
    return name


def _names_itself(run: Run, shape: Shape, name: str) -> bool:
    """ "cart-service -> Basket Service": `name` is another name for `shape`, not a part to
    link to: it names no other drawn shape and no kind the knowledge base knows ("api ->
    redis"), and is written as a name (capitalised) or shares a word with the shape's."""
    st = run.st
    if st.kb.kind_for(name.lower()) is not None:
        return False
    _, mentions = scan(st.kb, st.diagram, st.d2, name)
    if any(s.id != shape.id for m in mentions for s in m.shapes):
        return False
    own = set(re.findall(r"[a-z0-9]+", f"{shape.label} {shape.name}".lower()))
    words = re.findall(r"[A-Za-z0-9]+", name)
    return all(w[0].isupper() or w[0].isdigit() for w in words) or bool(
        own & {w.lower() for w in words}
    )


def _apply(run: Run, shape: Shape, name: str) -> str:
    st = run.st
    st.by_id = True
    try:
        said = cmd_rename(st, kwargs(x=shape.id, y=name))  # type: ignore[arg-type]
    finally:
        st.by_id = False
    fresh = [s for s in st.diagram.shapes if s.label == name]
    run.touched = fresh[:1]
    run.context = fresh[:1] or run.context
    return said


def rename_said(run: Run, clause: Clause, later: list[Clause]) -> tuple[str, int] | None:
    """The rename `clause` (with the clause after it) asks for: (summary, how many of
    `later` it read), or None."""
    text = clause.text.strip()
    m = _NAME_OF.match(text)
    if (
        m
        and not (m.group("verb") and m.group("y"))  # "rename X to Y": the finder's
        # "change the label of the A to B route to ...": a link's label, not a shape's name
        and not re.search(r"\b" + LINK_NOUN, m.group("y") or "")
    ):
        shape = _one_shape(run, m.group("x"))
        said, used = m.group("y"), 0
        if said is None and later and (nxt := _NAME_NEXT.match(later[0].text.strip())):
            said, used = nxt.group("y"), 1
        name = _new_name(run, said, clause.quotes) if said else None
        if shape is not None and name:
            return _apply(run, shape, name), used
        return None
    for form in _NAME_IS:
        m = form.match(text)
        if m is None or re.search(r"->|\b" + LINK_NOUN, m.group("x")):
            continue
        shape, name = _one_shape(run, m.group("x")), _new_name(run, m.group("y"), clause.quotes)
        if shape is not None and name:
            return _apply(run, shape, name), 0
    m = _ARROW.match(text)
    if m:
        shape, name = _one_shape(run, m.group("x")), _new_name(run, m.group("y"), clause.quotes)
        if shape is not None and name and _names_itself(run, shape, name):
            return _apply(run, shape, name), 0
        return None
    m = _SWITCH.match(text)
    if m and later and _RENAME_IT.search(later[0].text.strip()):
        old, new = m.group("x"), m.group("y")
        runs = _RUNS_ON.match(new)
        if runs:  # "we ditched Redis for the seat cache, it's on Valkey now"
            old, new = f"{old} {runs.group('role')}", runs.group("y")
        shape = _one_shape(run, old, modified=True) or (
            _one_shape(run, runs.group("role")) if runs else None
        )
        name = _new_name(run, new, clause.quotes)
        if shape is not None and name:
            return _apply(run, shape, _in_place(shape.label, m.group("x"), name)), 1
    return None


def _in_place(label: str, old: str, new: str) -> str:
    """The label with the product the user left swapped for the new one ("Redis Seat Cache"
    -> "Valkey Seat Cache"), or the new name alone when the label does not hold it."""
    at = label.lower().find(old.strip().lower())
    if at < 0 or not old.strip():
        return new
    return label[:at] + new + label[at + len(old.strip()) :]
