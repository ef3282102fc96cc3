"""A link's label told by one of its ends: "on the arrow from X please write 'Q'", "make the
X's db link say 'Q'", "change the label on its queue link to 'Q'", "X's link should read 'Q'".

People rarely name both ends of the link they want relabelled; they name one end and let the
rest pick the link out: a second word next to the link noun that names (or only kinds) the
other end ("its db link"), what the clause before touched ("rename X to Y, and on the arrow
from Z write ..." means the arrow from Z to Y), or the end having one link only. The detector
reads the abstract (:mod:`ops`) and gives an ``edge_label_end`` operation; :func:`label_end`
picks the link out of the diagram and relabels it, or asks back naming the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from services.dsl.d2.model import Shape
from services.dsl.generation.edit_state import Clarify
from services.dsl.generation.ops import Abstract, Op, quote_of
from services.dsl.generation.ops_labels import LINK_WORDS

if TYPE_CHECKING:
    from services.dsl.generation.edit_run import Run

#: the verbs that put words on a link ("say", "read", "write", "label")
_SAY = (
    r"(?:label\w*|says?|saying|reads?|reading|shows?|showing|displays?|writes?|writing|put|"
    r"caption\w*|text|name|call|tag|mark)"
)
#: an end told before the link noun: "the @0 @1 link", "its @0 link", "@0 link"
_BEFORE = re.compile(r"(?P<ends>(?:(?:its|their|@\d+)\s+){1,2})$")
#: an end told after it: "the link from @0", "the arrow into @0 from @1"
_AFTER = re.compile(
    r"^\s+(?P<rel>from|of|out\s+of|into|to|towards|at)\s+(?:the\s+)?(?P<x>@\d+)"
    r"(?:\s+(?:to|into|and|from)\s+(?:the\s+)?(?P<y>@\d+))?"
)


def edge_label_end(ab: Abstract) -> list[Op] | None:
    """A new label for the link one end names (the other end picked out on execution)."""
    quotes = re.findall(r"\bqt\d+\b", ab.text)
    if len(quotes) != 1 or not re.search(r"\b" + _SAY + r"\b", ab.text):
        return None
    if re.search(r"\b(?:group|container|zone|box|segment|rename)\b", ab.text):
        return None
    links = list(re.finditer(r"\b" + LINK_WORDS + r"\b", ab.text))
    if len(links) != 1:
        return None
    link = links[0]
    # the quote is the label (said after a label verb, or "link: qt0"), not a name in it
    if not re.search(_SAY + r"\b.*?\bqt\d+|" + LINK_WORDS + r"\s*:\s*qt\d+", ab.text):
        return None
    refs: list[str] = []
    rel = ""
    before = _BEFORE.search(ab.text[: link.start()].rstrip() + " ")
    if before:
        for word in before.group("ends").split():
            if word.startswith("@"):
                refs.append(word)
            else:  # "its": the pronoun mention, if the clause before left one
                pron = [f"@{k}" for k, m in enumerate(ab.mentions) if m.pronoun]
                refs.extend(pron[:1])
    after = _AFTER.match(ab.text[link.end() :])
    if after:
        rel = "to" if after.group("rel") in ("into", "to", "towards", "at") else "from"
        if refs:  # "the @0 link to @1": the owner first, the far end second
            refs.append(after.group("x"))
        else:
            refs.extend(r for r in (after.group("x"), after.group("y")) if r)
    if not refs or len(refs) > 2:
        return None
    label = quote_of(ab, quotes[0]) or ""
    if not label:
        return None
    if len(refs) == 2 and rel == "":
        rel = "from"
    owner = ab.m(refs[0])
    hint = [ab.m(refs[1])] if len(refs) == 2 else []
    return [Op("edge_label_end", [owner], hint, label=label, rel=rel)]


def _ids(shapes: list[Shape]) -> set[str]:
    return {s.id for s in shapes}


def label_end(run: Run, op: Op, relabel: Callable[..., str]) -> str:
    """Relabel the one link at `op.a` that the hint, the clause before or the diagram picks
    out; ask back naming the candidates when several remain."""
    diagram = run.st.diagram
    owner = {s.id for m in op.a for s in m.shapes if diagram.shape(s.id) is not None}
    if not owner:
        raise Clarify("Which link should carry that label? Name its two ends, please.")
    links = [
        (c.src, c.dst)
        for c in diagram.connections
        if (c.src in owner and op.rel != "to") or (c.dst in owner and op.rel != "from")
    ]
    # with two ends named, "from" only orders them: the link may be drawn either way
    if op.b and not links:
        links = [(c.src, c.dst) for c in diagram.connections if owner & {c.src, c.dst}]

    def far(pair: tuple[str, str]) -> str:
        return pair[1] if pair[0] in owner else pair[0]

    if op.b:
        hint = {s.id for m in op.b for s in m.shapes}
        links = [
            p for p in links if far(p) in hint or any(far(p).startswith(h + ".") for h in hint)
        ]
    elif len(links) > 1:
        # the link to what the clause before touched ("rename X to Y; on the arrow from Z ...")
        near = _ids(run.touched or run.context) - owner
        if run.named:
            near |= _ids(list(run.named)) - owner
        picked = [p for p in links if far(p) in near]
        links = picked or links
    if not links:
        names = ", ".join(s.label for m in op.a for s in m.shapes)
        raise Clarify(f"I found no link at {names} to label. Which two components does it join?")
    if len(set(links)) > 1:
        choices = [
            f"{getattr(diagram.shape(a), 'label', a)} -> {getattr(diagram.shape(b), 'label', b)}"
            for a, b in links
        ]
        raise Clarify("Which link should carry that label: " + " or ".join(choices) + "?")
    src, dst = diagram.shape(links[0][0]), diagram.shape(links[0][1])
    if src is None or dst is None:
        raise Clarify("Which link should carry that label? Name its two ends, please.")
    run.touched, run.edge = [src, dst], (src, dst)
    return relabel(run, src, dst, op.label)
