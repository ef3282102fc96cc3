"""A link the user forbids and the way it should take instead: "A must not read B directly,
it should go through C", "no direct A -> B access, route it via a new T", "A shouldn't hit
B, give it a reporting api in between", "A should not write in B, it must call C for this".

The pair is read from the diagram, not from the wording: the two shapes the negated clause
names must be joined by a drawn link (either direction; a container named as an end means
its child that carries the link). The middle is what the rest of the clause, or the
clauses right after it, propose after a word of routing or adding ("via", "through", "use",
"call", "point ... at", "publish to", "put", "give it", "add", "I'd like", "better"): a drawn
shape, or a new part opened by an article ("a read replica", "an access-control service in
between", "a payment service in the backend" — placed in that container). A later proposal
corrects an earlier one ("it must use X? No, better a Y"); shapes proposed in one clause
joined by "and" make a path ("publish to the Q and a small writer does the upsert": A -> Q ->
writer -> B). The old link goes and the path keeps its direction and its label on the first
hop. When the request names no drawn link between the two, or proposes no middle, nothing is
read here and the clause goes to the operation finder as before. Pure edits on the run's
state, called once per clause by :mod:`update`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation.adding import cmd_add
from services.dsl.generation.bypass import KEPT_DIRECT
from services.dsl.generation.clauses import Clause
from services.dsl.generation.edit_run import Run, drawn_pairs, kwargs
from services.dsl.generation.edit_shapes import do_connect, do_disconnect
from services.dsl.generation.mentions import scan
from services.dsl.generation.ops import Abstract, abstract, new_phrase

#: "A must not read B", "A shouldn't be querying the B", "could the A please not talk to B",
#: "make sure A does not write straight into B": a negated verb between the two ends
_NEGATED = re.compile(
    r"(?P<a>@\d+)(?:\s+[\w'-]+){0,4}?\s+(?:not|never|no\s+longer|stop(?:s|ped)?|"
    r"(?:should|shoud|shud|sould|must|can|wo|do|does|did|is|are|would|could)n'?t)\s+"
    r"(?:[\w'-]+\s+){0,6}?(?:the\s+)?(?P<b>@\d+)"
)
#: "no direct A -> B access", "no more direct calls from A to B", "A: no direct access to B"
_NO_DIRECT = re.compile(
    r"\bno\s+(?:more\s+)?direct\s+(?:[a-z]+\s+)?(?:from\s+)?(?:the\s+)?(?P<a>@\d+)\s*"
    r"(?:->|to|and)\s*(?:the\s+)?(?P<b>@\d+)|"
    r"(?P<a2>@\d+)\s*[:,—–-]?\s*(?:should\s+have\s+|has\s+|gets\s+)?no\s+(?:more\s+)?direct\s+"
    r"[a-z]+\s+(?:to|into|with|on)\s+(?:the\s+)?(?P<b2>@\d+)|"
    # "remove the direct connection between A and B; ... through C instead"
    r"\b(?:remove|cut|drop|delete|break)\s+(?:the\s+|this\s+|that\s+)?(?:direct\s+|existing\s+)*"
    r"(?:link|connection|edge|arrow|line|call|path)\s+(?:between|from)\s+(?:the\s+)?"
    r"(?P<a3>@\d+)\s+(?:and|to)\s+(?:the\s+)?(?P<b3>@\d+)|"
    r"\b(?:disconnect|unlink|detach)\s+(?:the\s+)?(?P<a5>@\d+)\s+(?:(?:straight|directly|direct)\s+)?"
    r"(?:from|and)\s+(?:the\s+)?"
    r"(?P<b5>@\d+)|"
    # "stop the A hitting B", "instead of A writing to B directly, ..."
    r"\b(?:stop|prevent|block|instead\s+of|rather\s+than)\s+(?:the\s+)?(?P<a4>@\d+)\s+"
    r"(?:from\s+)?(?:[\w'-]+\s+){0,3}?(?:the\s+)?(?P<b4>@\d+)"
)
#: "A writes straight into B, that's wrong", "A hits B directly which is bad": the direct
#: link said as it is, its way told after
_SAID_DIRECT = re.compile(
    r"(?P<a6>@\d+)\s+(?:[\w'-]+\s+){0,3}?(?:straight|directly)\s+(?:(?:to|into|on|at|in)\s+)?"
    r"(?:the\s+)?(?P<b6>@\d+)|"
    r"(?P<a7>@\d+)\s+(?:[\w'-]+\s+){0,3}?(?:the\s+)?(?P<b7>@\d+)\s+(?:straight|directly)\b"
)
#: a word after which the way the link should take is named
_CUE = re.compile(
    r"\b(?:via|through|thru|over|use|uses|using|call|calls|ask|asks|hit|hits|talk\s+to|"
    # "front it with the CDN", "fronted by a gateway": what stands before the far end
    r"front\w*\s+(?:(?:it|them|that|the\s+@\d+|@\d+)\s+)?(?:with|by)|"
    r"go\s+to|(?:go|goes|going|went|pass|passes|passing)\s+(?:by|past|by\s+way\s+of)|(?:point|signal)\w*\s+(?:(?:the\s+)?@\d+\s+|\w+\s+)?at|"
    r"publish\w*\s+(?:to|into|on)|sen[dt]\w*\s+(?:to|into)|"
    r"writ\w*\s+(?:to|into)|push\w*\s+(?:to|into)|add|put|insert|introduce|place|create|"
    r"(?:stand|set|spin)\s+up|"
    r"give\s+(?:it|them)|in\s+between|better|rather|instead|like|need|want)\b"
)
#: words that say a path changes ("… it should go through C"), needed after a link only said
#: to be direct
_ROUTING = re.compile(
    r"\b(?:via|through|thru|in\s+between|between|in\s+the\s+middle|instead|rather|route\w*|"
    r"point\w*|signal\w*|go|goes|wrong|bad)\b"
)
#: a phrase about how something is drawn, never a part on the path
_DRAWING = re.compile(
    r"\b(?:line|arrow|link|connection|edge|border|outline|label|style|colou?r|icon|shape|note|"
    r"comment|tooltip|font|fill|stroke)s?\s*$"
)
#: where a new part's name ends
_NEW_STOP = re.compile(
    r"\s+(?:in\s+between|between|in\s+the\s+middle|instead|in|inside|within|to|that|which|who|"
    r"for|and|then|so|please|now|first|does|do|handles?|takes?|next|edge-side)\b|\s*[,;.?!—–]|$"
)


#: where a reason starts: what follows names no stop of the path
_REASON = re.compile(r"\b(?:because|since|so\s+that|as\s+(?:we|the|they|it)|to\s+keep|cause)\b")


@dataclass
class Middle:
    """One stop on the new path: a drawn shape, or the words of a new part (and where)."""

    shape: Shape | None = None
    new: str = ""
    home: Shape | None = None
    #: the mentions the new part's own name holds ("one VPN @0": "gateway" is its word)
    refs: tuple[str, ...] = ()


def _inside(sid: str, c: Shape) -> bool:
    return sid == c.id or sid.startswith(c.id + ".")


def drawn_link(run: Run, a: Shape, b: Shape) -> tuple[str, str] | None:
    """The one drawn link between `a` and `b` (or shapes inside them), as (src, dst)."""
    found = [
        (s, d)
        for s, d in drawn_pairs(run)
        if (_inside(s, a) and _inside(d, b)) or (_inside(s, b) and _inside(d, a))
    ]
    return found[0] if len(found) == 1 else None


def _one(ab: Abstract, ref: str) -> Shape | None:
    """The shape `ref` names; a word naming a container and a shape inside it ("the CRM" for
    "Billing & CRM" and its "Customer CRM") names the container, whose one drawn link
    :func:`drawn_link` finds inside it."""
    m = ab.m(ref)
    if m.pronoun or not m.shapes:
        return None
    outer = [s for s in m.shapes if all(_inside(t.id, s) for t in m.shapes)]
    return outer[0] if len(outer) == 1 else None


def _negated_pairs(ab: Abstract) -> list[tuple[Shape, Shape, int, bool]]:
    """The two ends a negated clause names, where its words after them start, and whether
    the link was only said to be direct (not forbidden) — with, after a negated verb, the
    other shapes named just after its object as further far ends ("A must not put the files
    direct into B": "files" may name a shape too; the drawn link decides)."""
    text = ab.text
    m = _NO_DIRECT.search(text) or _NEGATED.search(text) or _SAID_DIRECT.search(text)
    if m is None:
        return []
    named = m.groupdict()
    refs = [g for g in (named.get("a"), named.get("b")) if g]
    direct = False
    for k in ("2", "3", "4", "5", "6", "7"):
        if named.get(f"a{k}"):
            refs, direct = [named[f"a{k}"], named[f"b{k}"]], k in ("6", "7")
    ends = [(refs[1], m.end())]
    if named.get("b"):
        at = m.end()
        while further := re.match(r"(?:\s+[\w'-]+){0,3}?\s+(?:the\s+)?(@\d+)", text[at:]):
            at += further.end()
            ends.append((further.group(1), at))
    out = []
    a = _one(ab, refs[0])
    for ref, at in ends:
        b = _one(ab, ref)
        if a is not None and b is not None and a.id != b.id:
            out.append((a, b, at, direct))
    return out


def _middles(ab: Abstract, text: str, ends: tuple[Shape, Shape]) -> list[Middle]:
    """The stops `text` (a piece of the abstract) proposes after its first routing cue."""
    cue = _CUE.search(text)
    if cue is None or re.search(r"\b(?:not|never|no)\s+$", text[: cue.start()]):
        return []  # "A reads B directly, not through C": C is the way it no longer takes
    out: list[Middle] = []
    rest = text[cue.end() :]
    while True:
        m = re.match(
            r"\s*(?:(?:it|them|this|that|him|her)\s+)?(?:(?:an?|one|some)\s+(?:new\s+|small\s+|"
            r"little\s+|separate\s+|dedicated\s+)*(?P<new>[^,;.?!]+)|"
            r"(?:(?:the|our|my|your|that|this)\s+)?(?P<at>@\d+)"
            r"(?:\s+(?P<inner>@\d+))?)",
            rest,
        )
        if m is None:
            break
        if m.group("at"):
            shape = _one(ab, m.group("at"))
            inner = _one(ab, m.group("inner")) if m.group("inner") else None
            if shape is not None and inner is not None and _inside(inner.id, shape):
                shape = inner  # "the check-in api": a container's word, then its child's
            if shape is None or any(_inside(e.id, shape) or _inside(shape.id, e) for e in ends):
                break
            out.append(Middle(shape=shape))
            rest = rest[m.end() :]
        else:
            words = m.group("new")
            stop = _NEW_STOP.search(words)
            phrase = words[: stop.start()] if stop else words
            phrase, _ = new_phrase(phrase)
            if not phrase or not re.search(r"[a-z@]", phrase) or _DRAWING.search(phrase):
                break  # "use a dashed line for it": how to draw, not a part
            after = rest[m.start("new") + len(phrase) :]
            home = re.match(r"\s+(?:in|inside|within)\s+(?:the\s+)?(@\d+)", after)
            out.append(
                Middle(
                    new=ab.words(phrase),
                    home=_one(ab, home.group(1)) if home else None,
                    refs=tuple(re.findall(r"@\d+", phrase)),
                )
            )
            rest = after[home.end() :] if home else after
        more = re.match(r"\s*(?:,\s*)?(?:and|then)\s+(?:then\s+)?(?=an?\s|one\s|the\s|@)", rest)
        if more is None:
            break
        rest = rest[more.end() :]
    return out


def _about_path(ab: Abstract, text: str, ends: tuple[Shape, Shape]) -> list[Middle]:
    """The stops `text` proposes, when it names no drawn shape but the two ends, the stops,
    their containers and where a new stop goes ("... also add a cache in front of D" is a
    request of its own, not the way from A to B)."""
    text = _REASON.split(text, maxsplit=1)[0]  # "... so that retries don't pile up": a reason
    middles = _middles(ab, text, ends)
    known: list[Shape] = [*ends]
    known += [s for m in middles for s in (m.shape, m.home) if s is not None]
    named = {r for m in middles for r in m.refs}
    for ref in re.findall(r"@\d+", text):
        shapes = ab.m(ref).shapes
        if ab.m(ref).pronoun or not shapes or ref in named:
            continue
        if not any(_inside(s.id, k) or _inside(k.id, s) for s in shapes for k in known):
            return []
    return middles


def clause_abstract(run: Run, clause: Clause) -> Abstract:
    st = run.st
    tokens, mentions = scan(st.kb, st.diagram, st.d2, clause.text, [], clause.quotes)
    ab = abstract(clause.text, tokens, mentions, clause.quotes)
    ab.every = st.diagram.shapes
    return ab


def _stop(run: Run, middle: Middle, src: Shape) -> Shape | None:
    """The shape of one stop, added when new (without the links its kind would have)."""
    if middle.shape is not None:
        return middle.shape
    st = run.st
    before = drawn_pairs(run)
    placed = {"rel": "inside", "rest": middle.home.id} if middle.home is not None else {}
    cmd_add(st, kwargs(x=middle.new, **placed))  # type: ignore[arg-type]
    new = st.diagram.shape(st.last_added) if st.last_added else None
    if new is None:
        return None
    for made in sorted(drawn_pairs(run) - before):
        st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
    return new


def detour(run: Run, clause: Clause, later: list[Clause]) -> tuple[str, int] | None:
    """The forbidden link of `clause` rerouted through the middle it or the clauses after it
    propose: (summary, how many of `later` were read), or None when this is no such request."""
    ab = clause_abstract(run, clause)
    pairs = [(p, drawn_link(run, p[0], p[1])) for p in _negated_pairs(ab)]
    pair, link = next(
        ((p, k) for p, k in pairs if k is not None), pairs[0] if pairs else (None, None)
    )
    if pair is None:
        return None
    a, b, at, direct = pair
    if link is None or (direct and KEPT_DIRECT.search(clause.text)):
        return None  # "A can keep writing directly to B": the direct link stays
    middles = _about_path(ab, ab.text[at:], (a, b))
    used = 0
    for k, nxt in enumerate(later[:3]):
        told = clause_abstract(run, nxt)
        found = _about_path(told, told.text, (a, b))
        if not found:
            break
        middles, used = found, k + 1  # a later proposal corrects an earlier one
    told_way = " ".join([ab.text[at:], *(c.text for c in later[:used])])
    if not middles or (direct and not _ROUTING.search(told_way)):
        return None  # "A writes directly to B, add a cache next to it": no new way told
    st = run.st
    src, dst = st.diagram.shape(link[0]), st.diagram.shape(link[1])
    if src is None or dst is None:
        return None
    label = next((c.label for c in st.diagram.connections if (c.src, c.dst) == link), "")
    said = [do_disconnect(run, [src], [dst])]
    prev = src
    stops: list[Shape] = []
    for middle in middles:
        shape = _stop(run, middle, src)
        if shape is None:
            return None
        if middle.shape is None:
            said.append(f"added {shape.label}")
        said.append(do_connect(run, [prev], [shape], label if prev is src else None))
        stops.append(shape)
        prev = st.diagram.shape(shape.id) or shape
    said.append(do_connect(run, [prev], [dst]))
    run.touched = stops
    run.context = stops[-1:]
    run.bypassed = (src, dst)
    # a hop that was drawn already is no news ("kept the existing connections")
    return "; ".join(s for s in said if s and not s.startswith("kept ")), used
