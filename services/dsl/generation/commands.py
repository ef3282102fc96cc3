"""The edit commands of the architect's update path, and the sentence grammar they started with.

Each command takes the edit state and its arguments (named groups of a match, or the same
names given as strings by :mod:`edit_ops`): remove, disconnect, connect, rename, relabel,
replace, move, reshape, restyle, reclassify, group. ``COMMANDS`` is the sentence grammar
(``^remove X$`` ...) kept for the plain requests it reads exactly; the operation finder
(:mod:`ops`) reads the rest. The "add" command lives in :mod:`adding`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation.adding import cmd_add
from services.dsl.generation.design import clip_label, snake_id
from services.dsl.generation.edit_state import (
    Clarify,
    State,
    fresh_id,
    names_kind,
    new_spec,
)
from services.dsl.generation.kb import Kind
from services.dsl.generation.ops import SHAPES
from services.dsl.generation.ops_style import described, looks
from services.dsl.generation.refs import shape_kind
from shared.stylepack import icon_url

# ---------------------------------------------------------------------------------- helpers


# ---------------------------------------------------------------------------------- commands


def cmd_remove(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"), containers=True)
    diagram = st.diagram
    ins = [c for c in diagram.connections if c.dst == target.id and c.src != target.id]
    outs = [c for c in diagram.connections if c.src == target.id and c.dst != target.id]
    st.d2 = E.remove_shape(st.d2, target.id, diagram=st.diagram)
    # a pass-through component (WAF, LB, cache on a path): keep the path connected
    pairs = {(c.src, c.dst) for c in diagram.connections}
    bridged = 0
    if not target.children and len(ins) * len(outs) <= 4:
        for i in ins:
            for o in outs:
                if (i.src, o.dst) not in pairs and i.src != o.dst:
                    st.connect(i.src, o.dst, i.label or None)
                    pairs.add((i.src, o.dst))
                    bridged += 1
    return f"removed {target.label}" + (" and reconnected its neighbours" if bridged else "")


def cmd_disconnect(st: State, m: re.Match[str]) -> str:
    a, b = st.one(m.group("a")), st.one(m.group("b"))
    pairs = {(c.src, c.dst) for c in st.diagram.connections}
    if (a.id, b.id) not in pairs and (b.id, a.id) not in pairs:
        raise Clarify(f"{a.label} and {b.label} are not connected.")
    if (a.id, b.id) in pairs:
        st.d2 = E.disconnect(st.d2, a.id, b.id)
    if (b.id, a.id) in pairs:
        st.d2 = E.disconnect(st.d2, b.id, a.id)
    return f"disconnected {a.label} from {b.label}"


def cmd_connect(st: State, m: re.Match[str]) -> str:
    a, b = st.one(m.group("a")), st.one(m.group("b"))
    label = (m.group("label") or "").strip(" \"'“”") or None
    pairs = {(c.src, c.dst) for c in st.diagram.connections}
    if (a.id, b.id) in pairs or ((b.id, a.id) in pairs and not label):
        return f"kept the existing connection between {a.label} and {b.label}"
    st.connect(a.id, b.id, label)
    return f"connected {a.label} to {b.label}"


def cmd_rename(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"))
    new_label = clip_label(m.group("y").strip(" \"'“”"))
    new_name = snake_id(new_label)
    taken = {s.name.lower() for s in st.diagram.shapes}
    # an id the user chose apart from the label ("jobs_page: Job Board") is theirs and keeps
    # the shape's place in the layout: only an id made from the old label follows the name
    made_from_label = target.name.lower() in _ids_of(target.label)
    if made_from_label and new_name != target.name and new_name not in taken:
        st.d2 = E.rename_shape(st.d2, target.id, new_name, diagram=st.diagram)
        target_id = ".".join([*target.id.split(".")[:-1], new_name])
    else:
        target_id = target.id
    st.d2 = E.set_label(st.d2, target_id, new_label, diagram=st.diagram)
    return f"renamed {target.label} to {new_label}"


def _ids_of(label: str) -> set[str]:
    """The ids a label would make: "Job Board" -> job_board, jobboard, job-board."""
    snake = snake_id(label)
    return {snake, snake.replace("_", ""), snake.replace("_", "-"), label.lower()}


def cmd_relabel(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"))
    new_label = clip_label(m.group("y").strip(" \"'“”"))
    st.d2 = E.set_label(st.d2, target.id, new_label, diagram=st.diagram)
    return f"relabelled {target.label} as {new_label}"


#: words saying a part is now a vendor's hosted product ("X (SaaS)", "the vendor's hosted
#: service"): such a part is drawn as a cloud, outside the groups of one's own parts
_HOSTED = re.compile(r"\b(?:saas|hosted|vendor(?:'?s)? (?:cloud|service))\b", re.I)
#: what is left of a hosted-product phrase once it names nothing more than "hosted"
_HOSTED_FILLER = re.compile(
    r"[()]|\b(?:saas|vendor'?s?|hosted|managed|service|product|offering|cloud|their|the|an?)\b",
    re.I,
)


def cmd_replace(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"))
    hosted = bool(_HOSTED.search(m.group("y")))
    if hosted and not _HOSTED_FILLER.sub(" ", m.group("y")).strip():
        # "X is the vendor's hosted service now": the same part, now someone else's
        return _to_hosted(st, target.id, target.label)
    summary, new_id = _replace(st, target, m.group("y"))
    if hosted:
        _to_hosted(st, new_id, "")
    return summary


def _to_hosted(st: State, shape_id: str, label: str) -> str:
    """Draw `shape_id` as a vendor's cloud, out of the container of one's own parts."""
    st.d2 = E.set_shape(st.d2, shape_id, "cloud", diagram=st.diagram)
    if "." in shape_id:
        st.d2 = E.move_shape(st.d2, shape_id, None, diagram=st.diagram)
    return f"{label} is drawn as a hosted product"


def _replace(st: State, target: Shape, said: str) -> tuple[str, str]:
    """`target` replaced by the part `said` names: the summary and the new part's id."""
    old_kind = shape_kind(st.kb, target)
    label, cls, kind = new_spec(st.kb, said)
    diagram = st.diagram
    new_name = (
        kind.id if kind is not None and names_kind(label, kind) else fresh_id(diagram, label, kind)
    )
    if new_name.lower() in {s.name.lower() for s in diagram.shapes if s.id != target.id}:
        new_name = fresh_id(diagram, label, kind)
    if new_name != target.name:
        st.d2 = E.rename_shape(st.d2, target.id, new_name, diagram=st.diagram)
    new_id = ".".join([*target.id.split(".")[:-1], new_name])
    st.d2 = E.set_label(st.d2, new_id, label, diagram=st.diagram)
    if cls not in target.classes:
        _set_class(st, new_id, cls)
    _relabel_wiring(st, new_id, old_kind, kind)
    return f"replaced {target.label} with {label}", new_id


def _relabel_wiring(st: State, shape_id: str, old: Kind | None, new: Kind | None) -> None:
    """Labels the architect wrote for the old kind are not always true of the new one ("SQL"
    into what is now a cache, or MongoDB): the link from the same role takes the new kind's
    label ("cache", "queries"), the others lose theirs. Labels anyone else wrote stay."""
    if old is None or new is None:
        return
    kb = st.kb
    was, now = kb.wiring.get(old.category), kb.wiring.get(new.category)
    if was is None:
        return
    main_label = kb.label_into(old, was.label)
    same_category = old.category == new.category
    written = {main_label} if same_category else {main_label, was.to_label, was.alt_label or ""}
    written.discard("")
    same_role = now is not None and (
        same_category or (was.from_ is not None and was.from_ == now.from_)
    )
    links = st.diagram.connections
    per_pair = Counter((c.src, c.dst) for c in links)
    for c in links:
        if shape_id not in (c.src, c.dst) or c.label not in written:
            continue
        if c.style or c.classes or per_pair[(c.src, c.dst)] > 1:
            continue  # styled, or one of several links between the pair: the user's to change
        keep = same_role and c.dst == shape_id and c.label == main_label
        relabel = kb.label_into(new, now.label) if keep and now is not None else ""
        if relabel == c.label:
            continue
        st.d2 = E.disconnect(st.d2, c.src, c.dst, diagram=st.diagram)
        st.connect(c.src, c.dst, relabel or None)


def cmd_move(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"), containers=True)
    if m.group("out"):
        st.d2 = E.move_shape(st.d2, target.id, None, diagram=st.diagram)
        return f"moved {target.label} out of its container"
    container = st.one(m.group("c"), containers=True)
    st.d2 = E.move_shape(st.d2, target.id, container.id, diagram=st.diagram)
    return f"moved {target.label} into {container.label}"


def cmd_shape(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"))
    shape = m.group("shape").replace(" ", "_")
    st.d2 = E.set_shape(st.d2, target.id, shape, diagram=st.diagram)
    return f"made {target.label} a {shape.replace('_', ' ')}"


def cmd_style(st: State, m: re.Match[str]) -> str:
    """ "make X red", "highlight X": the look as :mod:`ops_style` reads it, so the sentence
    grammar and the operation finder draw the same words the same way (CSS colour names)."""
    target = st.one(m.group("x"))
    style = (m.group("style") or "highlighted").lower()
    said = looks({"bolder": "bold", "shadowed": "shadow"}.get(style, style)) or looks("highlight")
    for key, value in said:
        st.d2 = E.set_style(st.d2, target.id, key, value, diagram=st.diagram)
    return f"gave {target.label} " + ", ".join(described(k, v) for k, v in said)


def cmd_class(st: State, m: re.Match[str]) -> str:
    target = st.one(m.group("x"))
    cls = m.group("cls")
    _set_class(st, target.id, cls)
    return f"marked {target.label} as {cls}"


def _set_class(st: State, shape_id: str, cls: str) -> None:
    """A new class brings its icon, so the picture never shows the old kind's."""
    st.d2 = E.set_class(st.d2, shape_id, cls, diagram=st.diagram)
    icon = icon_url(cls)
    if icon:
        st.d2 = E.set_icon(st.d2, shape_id, icon, diagram=st.diagram)


def cmd_group(st: State, m: re.Match[str]) -> str:
    refs = [r for r in re.split(r"\s*,\s*|\s+and\s+", m.group("list")) if r.strip()]
    shapes = [st.one(r) for r in refs]
    name = (m.group("name") or "").strip(" \"'“”") or "Group"
    diagram = st.diagram
    gid = fresh_id(diagram, name, None)
    parents = {s.parent for s in shapes}
    parent = parents.pop() if len(parents) == 1 else None
    st.d2 = E.add_shape(
        st.d2, gid, label=clip_label(name), node_class="zone", parent=parent, diagram=st.diagram
    )
    full = f"{parent}.{gid}" if parent else gid
    for s in shapes:
        st.d2 = E.move_shape(st.d2, s.id, full, diagram=st.diagram)
    return f"grouped {', '.join(s.label for s in shapes)} into {name}"


_X = r"(?P<x>.+?)"
COMMANDS: list[tuple[re.Pattern[str], Callable[[State, re.Match[str]], str]]] = [
    (
        re.compile(
            r"^(?:disconnect\s+(?P<a>.+?)\s+(?:from|and)\s+(?P<b>.+)"
            r"|(?:remove|delete|drop|cut)\s+(?:the\s+)?(?:connection|link|edge|arrow)s?\s+"
            r"(?:between|from)\s+(?P<a2>.+?)\s+(?:and|to)\s+(?P<b2>.+))$",
            re.I,
        ),
        lambda st, m: cmd_disconnect(st, _alias(m, a="a2", b="b2")),
    ),
    (
        re.compile(
            r"^(?:connect|link|wire)\s+(?P<a>.+?)\s+(?:to|with|and|->)\s+(?P<b>.+?)"
            r"(?:\s+(?:with (?:the )?label|labell?ed|as)\s+(?P<label>.+))?$",
            re.I,
        ),
        cmd_connect,
    ),
    (
        re.compile(
            r"^(?:relabel\s+" + _X + r"\s+(?:to|as)\s+(?P<y>.+)"
            r"|(?:change|set|update)\s+the\s+label\s+of\s+(?P<x2>.+?)\s+to\s+(?P<y2>.+)"
            r"|label\s+(?P<x3>.+?)\s+as\s+(?P<y3>.+))$",
            re.I,
        ),
        lambda st, m: cmd_relabel(st, _alias(m, x="x2", y="y2", x_="x3", y_="y3")),
    ),
    (re.compile(r"^rename\s+" + _X + r"\s+(?:to|as|into)\s+(?P<y>.+)$", re.I), cmd_rename),
    (
        re.compile(
            r"^(?:make|change|set|turn)\s+(?:the\s+shape\s+of\s+)?"
            + _X
            + r"(?:'s\s+shape)?\s+(?:to\s+|into\s+)?(?:a\s+|an\s+)?(?P<shape>"
            + "|".join(sorted({*SHAPES, "stored data"}, key=len, reverse=True))
            + r")$",
            re.I,
        ),
        cmd_shape,
    ),
    (
        re.compile(
            r"^(?:mark|classify|tag|set|change|make)\s+"
            + _X
            + r"\s+(?:as|to|into)\s+(?:a\s+|an\s+)?(?P<cls>client|external|network|security|"
            r"process|database|cache|storage|queue|ai|monitoring)"
            r"(?:\s+(?:component|node|shape|class))?$",
            re.I,
        ),
        cmd_class,
    ),
    (
        re.compile(
            r"^(?:make|colou?r|paint|style|restyle|highlight)\s+"
            + _X
            + r"(?:\s+(?P<style>red|green|blue|yellow|orange|purple|gray|grey|pink|dashed|"
            r"bold|bolder|shadowed|3d|faded|highlighted))?$",
            re.I,
        ),
        cmd_style,
    ),
    (
        re.compile(
            r"^(?:group|wrap)\s+(?P<list>.+?)(?:\s+(?:together\s+)?(?:in(?:to)?|as|under)\s+"
            r"(?:an?\s+)?(?:group|container|zone|box)?\s*(?:called|named)?\s*(?P<name>.*))?$",
            re.I,
        ),
        cmd_group,
    ),
    (
        re.compile(
            r"^(?:replace\s+" + _X + r"\s+(?:with|by)\s+(?P<y>.+)"
            r"|(?:swap|switch|change)\s+(?:out\s+)?(?P<x2>.+?)\s+(?:for|to|with|into)\s+"
            r"(?P<y2>.+)|use\s+(?P<y3>.+?)\s+instead\s+of\s+(?P<x3>.+))$",
            re.I,
        ),
        lambda st, m: cmd_replace(st, _alias(m, x="x2", y="y2", x_="x3", y_="y3")),
    ),
    (
        re.compile(
            r"^move\s+" + _X + r"\s+(?:(?P<out>out\s+of)\s+.+|(?:into|inside|in|to|under)\s+"
            r"(?P<c>.+))$",
            re.I,
        ),
        cmd_move,
    ),
    (
        re.compile(r"^(?:remove|delete|drop|get\s+rid\s+of|take\s+out)\s+" + _X + r"$", re.I),
        cmd_remove,
    ),
    (
        re.compile(
            r"^(?:add|put|insert|place|include|introduce|create|attach)\s+"
            + _X
            + r"(?:\s+(?P<rel>between|connected\s+to|linked\s+to|attached\s+to|next\s+to|"
            r"in\s+front\s+of|before|behind|after|inside|into|within|in|to|for|on)\s+"
            r"(?P<rest>.+))?$",
            re.I,
        ),
        cmd_add,
    ),
]


class _Alias:
    """A match whose alternative groups (x2, x3...) answer to the main names."""

    def __init__(self, m: re.Match[str], pairs: dict[str, str]) -> None:
        self.m = m
        self.pairs = pairs

    def group(self, name: str) -> str | None:
        value = self.m.group(name) if name in self.m.re.groupindex else None
        if value is None:
            for alias_key, alt in self.pairs.items():
                if alias_key.rstrip("_") == name and self.m.group(alt) is not None:
                    return self.m.group(alt)
        return value


def _alias(m: re.Match[str], **pairs: str) -> re.Match[str]:
    return _Alias(m, pairs)  # type: ignore[return-value]


def split_commands(query: str) -> list[str]:
    text = query.strip().rstrip(".!")
    text = re.sub(
        r"^(?:please|can you|could you|would you|i want to|i'd like to|let's|now)\s+",
        "",
        text,
        flags=re.I,
    )
    verbs = (
        r"add|remove|delete|drop|connect|disconnect|rename|replace|swap|move|make|put|"
        r"group|relabel|use|insert|highlight|link"
    )
    parts = re.split(
        r"\s*(?:;|\.\s+|,?\s+and\s+then\s+|,?\s+then\s+|,\s*also\s+|,?\s+and\s+(?=(?:"
        + verbs
        + r")\b))\s*",
        text,
    )
    out = []
    for p in parts:
        p = re.sub(r"^(?:please|also|and)\s+", "", p.strip(), flags=re.I)
        if p:
            out.append(p)
    return out
