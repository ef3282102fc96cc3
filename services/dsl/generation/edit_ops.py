"""Apply the operations :mod:`ops` found, with the D2 core's structural edits.

A mention names shapes: one (applied), several of a collective ("both caches": each), several
otherwise (ambiguous: a question naming the candidates), or none of a pronoun with nothing
before it (a question). The commands of :mod:`update` and :mod:`adding` do the single-shape
work (they keep the user's text, comments and order); the multi-shape operations (merge,
split, ungroup, group, edge labels and properties) are written here on the same edits.
Every function returns a summary and records what it touched in ``Run.touched`` (what "it"
and "them" mean in the next clause).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation import commands as U
from services.dsl.generation.adding import cmd_add
from services.dsl.generation.copies import BESIDE, beside_copy, copy_of, sibling
from services.dsl.generation.design import clip_label
from services.dsl.generation.edge_said import label_end
from services.dsl.generation.edit_props import link_named, links_of, set_link_prop, set_prop
from services.dsl.generation.edit_state import Clarify, State, fresh_id, new_spec
from services.dsl.generation.mentions import Mention, words_of
from services.dsl.generation.ops import Op
from services.dsl.generation.ops_style import described
from services.dsl.generation.refs import describe


@dataclass
class Run:
    st: State
    context: list[Shape] = field(default_factory=list)
    touched: list[Shape] = field(default_factory=list)
    follow: str = ""  # the tail of an "add" clause, read next with the new shape as "it"
    auto: list[tuple[str, str]] = field(default_factory=list)  # links an add made by default
    cut: set[frozenset[str]] = field(default_factory=set)  # links this request removed
    edge: tuple[Shape, Shape] | None = None  # the link this clause named or made
    named: tuple[Shape, Shape] | None = None  # the link the previous clause named ("label it")
    bypassed: tuple[Shape, Shape] | None = None  # the direct link a new middle shape bypasses
    last_cut: tuple[Shape, Shape] | None = None  # the link this request cut last (src, dst)
    said: list[Op] = field(default_factory=list)  # the properties the last property clause set


class Args:
    """The named groups the grammar's command functions read, given as plain strings."""

    def __init__(self, **groups: str | None) -> None:
        self.groups = groups

    def group(self, name: str) -> str | None:
        return self.groups.get(name)


def narrowed(m: Mention, keep: list[Shape]) -> Mention:
    """`m` with only the candidates `keep` (unchanged when that leaves none)."""
    ids = {s.id for s in keep}
    shapes = [s for s in m.shapes if s.id in ids]
    if not shapes or len(shapes) == len(m.shapes):
        return m
    return Mention(m.start, m.end, m.text, shapes, m.collective, m.count, m.pronoun, m.tier)


def by_links(run: Run, a: list[Mention], b: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """An edge's two ends: an ambiguous end narrowed to the candidates linked to the other
    (the developer's push to "github": the GitHub shape the developer is linked to)."""
    pairs = {frozenset((c.src, c.dst)) for c in run.st.diagram.connections}

    def narrow(ms: list[Mention], others: list[Mention]) -> list[Mention]:
        ends = {s.id for o in others if not o.ambiguous for s in o.shapes}
        if not ends:
            return ms
        return [
            narrowed(m, [s for s in m.shapes if any(frozenset((s.id, e)) in pairs for e in ends)])
            if m.ambiguous
            else m
            for m in ms
        ]

    return narrow(a, b), narrow(b, a)


def shapes_of(run: Run, mentions: list[Mention], *, containers: bool = False) -> list[Shape]:
    out: list[Shape] = []
    homes = {s.parent for m in mentions if not m.ambiguous and not m.pronoun for s in m.shapes}
    for m in mentions:
        if m.ambiguous and homes:
            # "the core api, billing and the jobs": the billing next to the others
            m = narrowed(m, [s for s in m.shapes if s.parent in homes])
        cands = m.shapes
        if not containers and len(cands) > 1:
            leaves = [s for s in cands if not s.children]
            cands = leaves or cands
        if len(cands) > 1 and not m.collective:
            raise Clarify(f"“{m.text}” could mean {describe(cands)}. Which one?")
        if not containers and m.collective and not m.pronoun:
            # "the application services": what the container of that name holds
            cands = [leaf for s in cands for leaf in ([s] if not s.children else _leaves(run, s))]
        for s in cands:
            live = run.st.diagram.shape(s.id)
            if live is not None and live.id not in {o.id for o in out}:
                out.append(live)
    return out


def _leaves(run: Run, c: Shape) -> list[Shape]:
    return [s for s in run.st.diagram.shapes if s.id.startswith(c.id + ".") and not s.children]


def one(run: Run, mentions: list[Mention], *, containers: bool = True) -> Shape:
    found = shapes_of(run, mentions[:1], containers=containers)
    if not found:
        raise Clarify("Which component do you mean?")
    return found[0]


def fitting(
    run: Run, said: list[Mention], shapes: list[Shape], idle: Callable[[Shape], bool]
) -> list[Shape]:
    """What a lone "it" means by the role it plays: when the operation would leave the shape
    "it" was resolved to as it is (already linked to the other end, already in the box),
    the latest shape of the previous clause it would change is meant ("X needs payments,
    hook it up to billing" links X, not the payments billing already calls)."""
    if len(said) != 1 or not said[0].pronoun or said[0].text not in ("it", "its"):
        return shapes  # "they" after a link is read by its own rule
    if len(shapes) != 1 or not idle(shapes[0]):
        return shapes
    other = [s for s in run.context if s.id != shapes[0].id and not idle(s)]
    return other[-1:] or shapes


def _pairs(run: Run) -> set[tuple[str, str]]:
    return {(c.src, c.dst) for c in run.st.diagram.connections}


def _edge_between(run: Run, a: Shape, b: Shape) -> tuple[str, str, str] | None:
    for c in run.st.diagram.connections:
        if (c.src, c.dst) in ((a.id, b.id), (b.id, a.id)):
            return c.src, c.dst, c.label
    return None


def _into_child(run: Run, c: Shape, other: Shape) -> Shape:
    """A link's end named by its container ("the link to kafka"): the one shape inside it
    that is linked to the other end, when the container itself is not."""
    if not c.children or _edge_between(run, c, other) is not None:
        return c
    inner = [
        s
        for s in run.st.diagram.shapes
        if s.id.startswith(c.id + ".") and _edge_between(run, s, other) is not None
    ]
    return inner[0] if len(inner) == 1 else c


def relabel_edge(run: Run, a: Shape, b: Shape, label: str, *, append: bool = False) -> str:
    st = run.st
    found = _edge_between(run, a, b)
    if found is None:
        st.connect(a.id, b.id, clip_label(label))
        return f"connected {a.label} to {b.label} as “{label}”"
    src, dst, old = found
    new = f"{old} ({label})" if append and old else label
    st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
    st.connect(src, dst, new)
    return f"labelled the link from {a.label} to {b.label} “{new}”"


def note(run: Run, targets: list[Shape], text: str) -> str:
    """`text` noted on each target (its tooltip); a note already there is kept before it."""
    st = run.st
    for t in targets:
        old = (t.tooltip or "").strip()
        both = f"{old}; {text}" if old and text.lower() not in old.lower() else old or text
        st.d2 = E.set_tooltip(st.d2, t.id, both, diagram=st.diagram)
    run.touched = targets
    return f"noted “{text}” on {', '.join(t.label for t in targets)}"


def restyle_edge(run: Run, a: Shape, b: Shape, key: str, value: str) -> str:
    """The link between `a` and `b` drawn with ``style.<key>: value`` (its label kept)."""
    st = run.st
    found = _edge_between(run, a, b)
    if found is None:
        st.connect(a.id, b.id, None, {key: value})
        return f"connected {a.label} to {b.label}, drawn {value}"
    src, dst, label = found
    st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
    st.connect(src, dst, label or None, {key: value})
    return f"drew the link from {a.label} to {b.label} with {key} {value}"


def do_connect(
    run: Run,
    src: list[Shape],
    dst: list[Shape],
    label: str | None = None,
    *,
    directed: bool = False,
    flip: bool = False,
) -> str:
    """Link each of `src` to each of `dst`; an existing link either way is kept, unless the
    request asked for this direction (`directed`: "add a link back from A to B") or wrote the
    path it wants (`flip`: "A -> B -> C" turns a drawn C -> B around, its label kept)."""
    pairs = _pairs(run)
    made = []
    for a in src:
        for b in dst:
            drawn = _edge_between(run, a, b)
            if label and drawn is not None and not drawn[2] and a.id != b.id:
                # "connect A to it via push notifications", the link already drawn bare
                made.append(relabel_edge(run, a, b, label).removeprefix("labelled "))
                continue
            if a.id == b.id or (a.id, b.id) in pairs:
                continue
            if (b.id, a.id) in pairs and flip and a.id != b.id:
                back = _edge_between(run, b, a)
                run.st.d2 = E.disconnect(run.st.d2, b.id, a.id, diagram=run.st.diagram)
                run.st.connect(a.id, b.id, label or (back[2] if back else None) or None)
                made.append(f"{a.label} to {b.label} (turned around)")
                continue
            if (b.id, a.id) in pairs and not directed:
                continue
            if frozenset((a.id, b.id)) in run.cut:
                continue  # a later remark ("it only fetches X") does not undo a removal
            run.st.connect(a.id, b.id, label)
            made.append(f"{a.label} to {b.label}")
    return "connected " + ", ".join(made) if made else "kept the existing connections"


def do_disconnect(run: Run, a: list[Shape], b: list[Shape]) -> str:
    st = run.st
    gone = []
    for x in a:
        for y in b:
            for src, dst in ((x.id, y.id), (y.id, x.id)):
                if (src, dst) in _pairs(run):
                    st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
                    run.cut.add(frozenset((src, dst)))
                    run.last_cut = (x, y) if src == x.id else (y, x)
                    gone.append(f"{x.label} from {y.label}")
    return "disconnected " + ", ".join(gone) if gone else "found no link to remove"


def ungroup(run: Run, c: Shape) -> str:
    st = run.st
    parent = c.parent
    for child in list(c.children):
        st.d2 = E.move_shape(st.d2, child, parent, diagram=st.diagram)
    st.d2 = E.remove_shape(st.d2, c.id, diagram=st.diagram)
    return f"dissolved {c.label}, keeping what was in it"


def merge(run: Run, parts: list[Shape], into: Shape | None, new: str, named: str = "") -> str:
    st = run.st
    if into is None:
        into, parts = parts[-1], parts[:-1]
    for p in parts:
        if p.id == into.id:
            continue
        links = [(c.src, c.dst, c.label) for c in st.diagram.connections if p.id in (c.src, c.dst)]
        st.d2 = E.remove_shape(st.d2, p.id, diagram=st.diagram)
        pairs = _pairs(run)
        for src, dst, label in links:
            src, dst = (into.id if src == p.id else src), (into.id if dst == p.id else dst)
            if src != dst and (src, dst) not in pairs and (dst, src) not in pairs:
                st.connect(src, dst, label or None)
                pairs.add((src, dst))
    names = ", ".join(p.label for p in parts)
    if new:
        label = named or new_spec(st.kb, new)[0]
        st.d2 = E.set_label(st.d2, into.id, label, diagram=st.diagram)
        return f"merged {names} and {into.label} into {label}"
    return f"merged {names} into {into.label}"


def add_new(run: Run, phrase: str, parent: str | None, *, named: bool = False) -> Shape:
    """A new shape for `phrase`; `named`: the phrase is the name the user gave it (kept as
    said, while its kind still comes from the knowledge base)."""
    st = run.st
    label, cls, kind = new_spec(st.kb, phrase)
    said = re.sub(r"^(?:an?|the|one)\s+", "", phrase.strip(), flags=re.I)
    if named and said != said.lower() and words_of(said):
        label = clip_label(said)
    elif words_of(said) == words_of(label) and said != said.lower():
        # "SCADA master primary": the user's own words keep the user's case
        label = clip_label(said[:1].upper() + said[1:])
    nid = fresh_id(st.diagram, label, kind)
    st.d2 = E.add_shape(st.d2, nid, label=label, node_class=cls, parent=parent, diagram=st.diagram)
    found = st.diagram.shape(f"{parent}.{nid}" if parent else nid)
    assert found is not None
    return found


def split(run: Run, x: Shape, names: list[str], *, share: bool = False) -> str:
    st = run.st
    ins = [(c.src, c.label) for c in st.diagram.connections if c.dst == x.id]
    outs = [(c.dst, c.label) for c in st.diagram.connections if c.src == x.id]
    # "divide the Profile Service in two: Profile Service and Photo Upload": the part named
    # as the whole is the whole, kept with its links; the others share them
    kept = [n for n in names if words_of(n) == words_of(x.label)]
    if kept:
        new = [add_new(run, n, x.parent, named=True) for n in names if n not in kept]
        share = True
        ins = [(s, lab) for s, lab in ins if s != x.id]
        outs = [(d, lab) for d, lab in outs if d != x.id]
    else:
        st.d2 = E.remove_shape(st.d2, x.id, diagram=st.diagram)
        new = [add_new(run, n, x.parent, named=True) for n in names]
    heads = {n.label.split()[-1].lower() for n in new}
    if len(heads) == 1 or share:
        # parts of one kind ("a pooled database and a dedicated database") share the work:
        # each keeps the links the whole had
        for n in new:
            for src, label in ins:
                st.connect(src, n.id, label or None)
            for dst, label in outs:
                st.connect(n.id, dst, label or None)
    else:
        # parts of different roles ("a coordinator and a pool of workers"): a pipeline
        for src, label in ins:
            st.connect(src, new[0].id, label or None)
        for a, b in zip(new, new[1:], strict=False):  # noqa: RUF007
            st.connect(a.id, b.id)
        for dst, label in outs:
            st.connect(new[-1].id, dst, label or None)
    whole = [st.diagram.shape(x.id)] if kept else []
    run.touched = [*[w for w in whole if w is not None], *new]
    return f"split {x.label} into {', '.join(n.label for n in run.touched)}"


def group(run: Run, members: list[Shape], parent: Shape | None, name: str) -> str:
    st = run.st
    if parent is None:
        parents = {s.parent for s in members}
        pid = parents.pop() if len(parents) == 1 else None
    else:
        pid = parent.id
    gid = fresh_id(st.diagram, name, None)
    st.d2 = E.add_shape(
        st.d2, gid, label=clip_label(name), node_class="zone", parent=pid, diagram=st.diagram
    )
    full = f"{pid}.{gid}" if pid else gid
    for s in members:
        st.d2 = E.move_shape(st.d2, s.id, full, diagram=st.diagram)
    # "it" next is the new box ("… call it Messaging")
    box = st.diagram.shape(full)
    run.touched = [box] if box is not None else members
    return f"grouped {', '.join(s.label for s in members)} into {name}"


def _props(run: Run, op: Op) -> str:
    """A property set on shapes or links (drawn by :mod:`edit_props`); "write this on the
    box" sets the properties the clause before set, on what this one names."""
    st = run.st
    if op.kind == "prop_again":
        if not run.said:
            raise Clarify("Which property should I write there? Please name it.")
        said, run.said = run.said, []
        return "; ".join(
            _props(
                run,
                Op(
                    s.kind if not op.rel else "link_prop",
                    op.a or s.a,
                    [] if op.a else s.b,
                    s.new,
                    s.label,
                    "links" if op.rel else s.rel,
                ),
            )
            for s in said
        )
    run.said = [*run.said, op]
    if op.kind == "prop":
        targets = shapes_of(run, op.a) if op.a else run.context[-1:]
        if not targets:
            raise Clarify("Which component should get that? Please name it.")
        run.touched = targets
        return set_prop(st, targets, op.rel, op.label)
    if op.rel == "linked":
        ends = shapes_of(run, [*op.a, *op.b])
        pair = _edge_between(run, *ends[:2]) if len(ends) == 2 else None
        run.touched = ends
        links = [pair[:2]] if pair else links_of(st, ends)
    elif op.rel == "pair":
        op.a, op.b = by_links(run, op.a, op.b)
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        a, b = _into_child(run, a, b), _into_child(run, b, a)
        run.touched, run.edge = [a, b], (a, b)
        found = _edge_between(run, a, b)
        links = [found[:2]] if found else []
        if not links:
            st.connect(a.id, b.id, op.label)
            return f"connected {a.label} to {b.label} as “{op.label}”"
    elif op.rel == "half":
        end = one(run, op.a, containers=False)
        named = link_named(st, end, op.new)
        if named is None:
            raise Clarify(f"Which link at {end.label} do you mean?")
        links = [named]
    elif op.rel == "links" and op.a:
        shapes = shapes_of(run, op.a, containers=True)
        run.touched = shapes
        links = links_of(st, shapes)
    else:
        link = run.named or run.edge
        if link is not None:
            found = _edge_between(run, *link)
            links = [found[:2]] if found else []
        else:
            links = links_of(st, run.context[-1:])
    return set_link_prop(st, links, op.label)


def kwargs(**groups: Any) -> Args:
    return Args(**groups)


def _replace(run: Run, x: Shape, new: str, named: str) -> str:
    """Replace `x` by `new`; a shape labelled "Role (Product)" whose product was named keeps
    its role: "Leaderboard (Redis)", redis -> dynamodb: "Leaderboard (DynamoDB)"."""
    st = run.st
    before = {s.id for s in st.diagram.shapes}
    said = U.cmd_replace(st, kwargs(x=x.id, y=new))  # type: ignore[arg-type]
    role = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", x.label)
    if role is None or not set(words_of(named)) <= set(words_of(role.group(2))):
        return said
    made = [s for s in st.diagram.shapes if s.id not in before]
    target = made[0] if made else st.diagram.shape(x.id)
    if target is None:
        return said
    label = clip_label(f"{role.group(1)} ({target.label})")
    st.d2 = E.set_label(st.d2, target.id, label, diagram=st.diagram)
    return f"replaced {role.group(2)} with {target.label} in {role.group(1)}"


def _reroute(run: Run, op: Op) -> str:
    """The link this request cut now runs through an existing shape or a new one ("X must
    go via Y", "route it through a new Z in the backend"); with no cut link the subject is
    connected to Y, or Z is added."""
    st = run.st
    cut = run.last_cut
    if cut is not None and op.a:
        subject = {s.id for s in shapes_of(run, op.a)}
        cut = cut if subject & {cut[0].id, cut[1].id} else None
    home = one(run, op.b[-1:]) if op.rel == "inside" and op.b else None
    if op.new:
        before = _pairs(run)
        said = cmd_add(
            st,
            kwargs(x=op.new, rel="inside" if home else None, rest=home.id if home else None),  # type: ignore[arg-type]
        )
        via = st.diagram.shape(st.last_added) if st.last_added else None
        if via is None:
            return said
        if cut is not None:
            for made in sorted(_pairs(run) - before):
                st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        else:
            run.auto = sorted(_pairs(run) - before)
        run.follow = op.rest
    else:
        via = one(run, op.b[:1], containers=False)
        said = ""
    run.touched = [via]
    if cut is None:
        if op.new or not op.a:
            return said or f"noted {via.label}"
        return do_connect(run, shapes_of(run, op.a), [via])
    a, b = (st.diagram.shape(x.id) or x for x in cut)
    run.bypassed = (a, b)
    wired = do_connect(run, [a], [via]) + "; " + do_connect(run, [via], [b])
    return f"{said}; {wired}" if said else f"routed {a.label} to {b.label} through {via.label}"


def stated_links(run: Run, ops: list[Op]) -> str:
    """Wire the component just added as its clause's tail states; the links its kind would
    have had by default give way to the stated ones."""
    st = run.st
    for src, dst in run.auto:
        if (src, dst) in _pairs(run):
            st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
    run.auto = []
    return "; ".join(execute(run, op) for op in ops)


def execute(run: Run, op: Op) -> str:
    """Apply one operation; the grammar's commands do the single-shape edits (handed the ids
    of the shapes the mentions resolved to)."""
    run.st.by_id = True
    if op.kind == "connect" and op.rest == "new" and run.touched:
        run.touched = [s for s in (run.st.diagram.shape(t.id) for t in run.touched) if s]
    try:
        return _execute(run, op)
    finally:
        run.st.by_id = False


def _execute(run: Run, op: Op) -> str:
    st = run.st
    k = op.kind
    if k in ("prop", "link_prop", "prop_again"):
        return _props(run, op)
    if k == "clarify":
        what = ", ".join(s.label for s in shapes_of(run, op.a)) or "it"
        raise Clarify(f"What should replace {what}? Please name the new component.")
    if k in ("edge_label", "edge_prop", "disconnect", "route"):
        op.a, op.b = by_links(run, op.a, op.b)
    if k == "edge_label" or k == "edge_prop":
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        a, b = _into_child(run, a, b), _into_child(run, b, a)
        run.touched, run.edge = [a, b], (a, b)
        return relabel_edge(run, a, b, op.label, append=k == "edge_prop")
    if k == "edge_style":
        op.a, op.b = by_links(run, op.a, op.b)
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        a, b = _into_child(run, a, b), _into_child(run, b, a)
        run.touched, run.edge = [a, b], (a, b)
        return restyle_edge(run, a, b, op.rel, op.label)
    if k == "edge_prop_ctx":
        link = run.named or run.edge
        if link is not None:
            a, b = link
            run.touched, run.edge = [a, b], (a, b)
            return relabel_edge(run, a, b, op.label, append=True)
        if not run.context and not op.a:
            raise Clarify("Which link or component needs that? Name it, please.")
        return note(run, shapes_of(run, op.a) if op.a else run.context[-1:], op.label)
    if k == "shape_prop_ctx":
        if not run.context:
            raise Clarify("Which component is that required for?")
        return note(run, run.context[-1:], op.label)
    if k == "edges_prop":
        x = one(run, op.a, containers=False)
        ends = shapes_of(run, op.b, containers=True) if op.b else []
        # "to the field devices": the links into what the named container holds
        only = {s.id for s in ends} | {s.id for e in ends for s in _leaves(run, e)}
        at_x = [
            (c.src, c.dst)
            for c in st.diagram.connections
            if (op.rel != "out" and c.dst == x.id and (not only or c.src in only))
            or (op.rel != "in" and c.src == x.id and (not only or c.dst in only))
        ]
        notes = []
        for src_id, dst_id in at_x:
            head, tail = st.diagram.shape(src_id), st.diagram.shape(dst_id)
            if head is not None and tail is not None:
                notes.append(relabel_edge(run, head, tail, op.label, append=True))
        run.touched = [x]
        return "; ".join(notes) if notes else f"found no link at {x.label}"
    if k == "edge_ref":
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        run.touched, run.edge = [a, b], (a, b)
        return ""
    if k == "rename" and op.a[0].pronoun and run.named is not None:
        a, b = run.named
        return relabel_edge(run, a, b, op.label)
    if k == "rename":
        x = one(run, op.a)
        said = U.cmd_rename(st, kwargs(x=x.id, y=op.label))  # type: ignore[arg-type]
        # "... and connect it to Y": "it" is the shape under its new id
        renamed = [
            s for s in st.diagram.shapes if s.label == clip_label(op.label) and s.parent == x.parent
        ]
        run.touched = renamed[:1] or [x]
        return said
    if k == "between":
        x = one(run, op.a, containers=False)
        a, b = one(run, op.b[:1], containers=False), one(run, op.b[1:], containers=False)
        for made in run.auto:  # the default links of the component just added give way
            if made in _pairs(run):
                st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        run.auto = []
        if (b.id, a.id) in _pairs(run) and (a.id, b.id) not in _pairs(run):
            a, b = b, a
        if (a.id, b.id) in _pairs(run):
            st.d2 = E.disconnect(st.d2, a.id, b.id, diagram=st.diagram)
        run.touched = [x]
        said = do_connect(run, [a], [x]) + "; " + do_connect(run, [x], [b])
        run.bypassed = (a, b)  # "... and kill the direct link": the one the new shape bypasses
        return said
    if k == "label_append":
        targets = shapes_of(run, op.a)
        for t in targets:
            st.d2 = E.set_label(
                st.d2, t.id, clip_label(f"{t.label} ({op.label})"), diagram=st.diagram
            )
        run.touched = targets
        return f"added “{op.label}” to the labels of {', '.join(t.label for t in targets)}"
    if k == "replace":
        xs = (
            shapes_of(run, op.a)
            if op.a and op.a[0].collective
            else [one(run, op.a, containers=False)]
        )
        was = {s.id for s in st.diagram.shapes}
        replaced = [_replace(run, x, op.new, op.a[0].text) for x in xs]
        # "it" next is the new component (its id is new; the old one kept its place)
        run.touched = [s for s in st.diagram.shapes if s.id not in was] or [
            s for s in st.diagram.shapes if s.parent == xs[-1].parent
        ][-1:]
        return "; ".join(replaced)
    if k == "shape_prop":
        targets = shapes_of(run, op.a, containers=True)
        if "all" in op.rest.split() or any(t.children for t in targets):
            targets = [
                s
                for t in targets
                for s in st.diagram.shapes
                if s.id.startswith(t.id + ".") and not s.children
            ] or targets
        said = note(run, targets, op.label)
        run.follow = op.new
        return said
    if k == "reshape":
        xs = (
            shapes_of(run, op.a)
            if len(op.a) > 1 or (op.a and op.a[0].collective)
            else [one(run, op.a, containers=False)]
        )
        for x in xs:
            st.d2 = E.set_shape(st.d2, x.id, op.label, diagram=st.diagram)
        run.touched = xs
        return f"made {', '.join(x.label for x in xs)} a {op.label.replace('_', ' ')}"
    if k == "restyle":
        xs = shapes_of(run, op.a, containers=True)
        for x in xs:
            st.d2 = E.set_style(st.d2, x.id, op.rel, op.label, diagram=st.diagram)
        run.touched = xs
        return f"gave {', '.join(x.label for x in xs)} {described(op.rel, op.label)}"
    if k == "ungroup":
        return ungroup(run, one(run, op.a))
    if k == "merge":
        parts = shapes_of(run, op.a)
        into = one(run, op.b) if op.b else None
        return merge(run, parts, into, op.new, op.label)
    if k == "split":
        said = split(
            run, one(run, op.a, containers=False), op.label.split("|"), share=op.rel == "share"
        )
        run.follow = op.rest
        return said
    if k == "remove":
        targets = shapes_of(run, op.a, containers=True)
        out = [U.cmd_remove(st, kwargs(x=t.id)) for t in targets]  # type: ignore[arg-type]
        run.touched = []
        return "; ".join(out)
    if k == "disconnect":
        left, right = shapes_of(run, op.a), shapes_of(run, op.b)
        if len(left) == 1 and len(right) == 1:
            # "EDC should not push to the warehouse": the link of the one shape inside the
            # named container that is linked to the other end
            left, right = (
                [_into_child(run, left[0], right[0])],
                [_into_child(run, right[0], left[0])],
            )
        run.touched = [*right, *left]  # "it" next: the one that lost a link it used
        return do_disconnect(run, left, right)
    if k == "route_new":
        home = None
        if op.rel == "inside" and len(op.b) > 1:  # "... a new web tier in the DMZ ..."
            home, op.b = one(run, op.b[-1:]), op.b[:-1]
        left, right = shapes_of(run, op.a), shapes_of(run, op.b)
        if run.last_cut and len(left) == 1 and len(right) == 1:
            # the path just cut ran from a shape inside a named container: the new middle
            # takes that shape's place on it
            x, y = run.last_cut
            inside = [(s, c) for s, c in ((x, left[0]), (y, right[0]))]
            left, right = [
                [s if s.id == c.id or s.id.startswith(c.id + ".") else c] for s, c in inside
            ]
        before = _pairs(run)
        placed: dict[str, str] = {"rel": "inside", "rest": home.id} if home is not None else {}
        summary = cmd_add(st, kwargs(x=op.new, **placed))  # type: ignore[arg-type]
        new = st.diagram.shape(st.last_added) if st.last_added else None
        if new is None:
            return summary
        for made in sorted(_pairs(run) - before):
            st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        run.touched = [new]
        said = f"{summary}; " + do_connect(run, left, [new]) + "; " + do_connect(run, [new], right)
        if len(left) == 1 and len(right) == 1:
            run.bypassed = (left[0], right[0])
        return said
    if k == "reroute":
        return _reroute(run, op)
    if k == "disconnect_context":
        bypassed = run.named or run.bypassed
        if bypassed is not None:
            a, b = bypassed
            if (a.id, b.id) not in _pairs(run) and (b.id, a.id) not in _pairs(run):
                return f"the direct link from {a.label} to {b.label} is gone"
            if (a.id, b.id) not in _pairs(run):
                a, b = b, a
            return do_disconnect(run, [a], [b])
        if len(run.context) < 2:
            raise Clarify("Which link should I remove? Name the two components it joins.")
        # "X emailing alarms into corporate email is a no — get rid of that link": of the
        # shapes the remark named, the two that are linked (a container named on the way,
        # "corporate", is not an end)
        pairs = {frozenset(p) for p in _pairs(run)}
        linked_pairs = [
            (x, y)
            for i, x in enumerate(run.context)
            for y in run.context[i + 1 :]
            if frozenset((x.id, y.id)) in pairs
        ]
        if linked_pairs:
            x, y = linked_pairs[0]
            return do_disconnect(run, [x], [y])
        return do_disconnect(run, run.context[:1], run.context[1:2])
    if k == "route":
        left, right = shapes_of(run, op.a), shapes_of(run, op.b)
        via, ends = right[0], right[1:]
        said = do_connect(run, left, [via]) + "; " + do_connect(run, [via], ends)
        if len(left) == 1 and len(ends) == 1:
            run.bypassed = (left[0], ends[0])
        return said
    if k == "connect" and op.rest == "new":
        # the component this clause (or the one before) added
        fresh = run.touched[-1:] or run.context[-1:]
        src = shapes_of(run, op.a) if op.a else fresh
        dst = shapes_of(run, op.b) if op.b else fresh
        for made in run.auto:  # its default links give way to the stated ones
            if made in _pairs(run):
                st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        run.auto = []
        if len(src) == 1 and len(dst) == 1:
            run.edge = (src[0], dst[0])  # "… and label that connection 'x'"
        return do_connect(run, src, dst, op.edge or None)
    if k == "edge_label_end":
        return label_end(run, op, relabel_edge)
    if k == "edge_label_ctx":
        link = run.named or run.edge
        if link is None:
            raise Clarify("Which link should carry that label? Name its two ends, please.")
        run.touched, run.edge = list(link), link
        return relabel_edge(run, *link, op.label)
    if k == "connect":
        src = shapes_of(run, op.a) if op.a else run.context[-1:]
        dst = shapes_of(run, op.b) if op.b else run.context[-1:]
        if not src or not dst:
            raise Clarify("Which two components should I connect?")
        if op.a and op.a[0].pronoun and len(src) > 1:
            # "they need access to X" after a link to X: "they" is the other end, not X
            src = [s for s in src if s.id not in {d.id for d in dst}] or src
        # a lone "it" that would link nothing new (or a shape to itself) means another
        linked = {frozenset(p) for p in _pairs(run)}
        to = {d.id for d in dst}
        src = fitting(
            run, op.a, src, lambda s: s.id in to or all(frozenset((s.id, d)) in linked for d in to)
        )
        of = {s.id for s in src}
        dst = fitting(
            run, op.b, dst, lambda d: d.id in of or all(frozenset((s, d.id)) in linked for s in of)
        )
        run.touched = [*src, *dst]
        if len(src) == 1 and len(dst) == 1:
            run.edge = (src[0], dst[0])
        if op.label == "path":
            return do_connect(run, src, dst, op.edge or None, flip=True)
        return do_connect(run, src, dst, op.edge or None, directed=op.label == "directed")
    if k == "container":
        parent = one(run, op.b) if op.b else None
        pid = parent.id if parent is not None else None
        gid = fresh_id(st.diagram, op.label, None)
        st.d2 = E.add_shape(
            st.d2,
            gid,
            label=clip_label(op.label),
            node_class="zone",
            parent=pid,
            diagram=st.diagram,
        )
        box = st.diagram.shape(f"{pid}.{gid}" if pid else gid)
        run.touched = [box] if box is not None else []
        where = f" inside {parent.label}" if parent is not None else ""
        return f"added the container {op.label}{where}"
    if k == "group":
        members = shapes_of(run, op.a)
        parent = one(run, op.b) if op.b else None
        return group(run, members, parent, op.label)
    if k == "move_top":  # "to the top level", "out of every group"
        xs = shapes_of(run, op.a)
        for x in xs:
            if x.parent is not None:
                st.d2 = E.move_shape(st.d2, x.id, None, diagram=st.diagram)
        moved = [st.diagram.shape(x.name) for x in xs]
        run.touched = [s for s in moved if s is not None]
        return f"moved {', '.join(x.label for x in xs)} to the top level"
    if k in ("move", "move_out", "move_near"):
        xs = shapes_of(run, op.a)
        if not op.b:  # into the container the clause before made or named
            boxes = [s for s in run.context if s.children or "zone" in s.classes]
            if not boxes:
                raise Clarify("Which container should they go into?")
            op.b = [Mention(0, 0, boxes[-1].label, boxes[-1:])]
        c = one(run, op.b, containers=k != "move_near")
        dest = c.id if k == "move" else c.parent
        if k == "move":  # "it should sit in C": not the one already in C
            xs = fitting(run, op.a, xs, lambda x: x.parent == dest)
        for x in xs:
            st.d2 = E.move_shape(st.d2, x.id, dest, diagram=st.diagram)
        moved = [st.diagram.shape(f"{dest}.{x.name}" if dest else x.name) for x in xs]
        run.touched = [s for s in moved if s is not None]
        where = (
            f"into {c.label}"
            if k == "move"
            else f"next to {c.label}"
            if k == "move_near"
            else f"out of {c.label}"
        )
        return f"moved {', '.join(x.label for x in xs)} {where}"
    if k == "add":
        anchors = shapes_of(run, op.a, containers=True) if op.a else []
        others = shapes_of(run, op.b) if op.b else []
        rel = op.rel
        if anchors and anchors[0].children and rel in ("to", "on", "in", "into", "within"):
            rel = "inside"  # "add a topic to the kafka cluster": a container takes it in
        if rel == "between" and anchors and len(others) == 1:
            rest = f"{anchors[0].id} and {others[0].id}"
            run.bypassed = (anchors[0], others[0])
        elif rel == "between" and anchors and others:
            rel, rest = "", ""
        elif anchors and rel == "for" and anchors[0].children:
            # "a broker for the vehicles": whom it serves (a group), not one shape to wire to
            rel, rest = "", ""
        elif anchors and rel:
            rest = anchors[0].id
        else:
            rel, rest = "", ""
        beside = None
        if op.rel in BESIDE and anchors and beside_copy(st, op.new, op.rest, anchors[0]):
            # "a second X next to the existing one": made like it, not hung off it
            beside, rel, rest, op.label = anchors[0], "", "", "copy"
        before = _pairs(run)
        summary = cmd_add(st, kwargs(x=op.new, rel=rel or None, rest=rest or None))  # type: ignore[arg-type]
        run.auto = sorted(_pairs(run) - before) if not rel else []
        new = st.diagram.shape(st.last_added) if st.last_added else None
        if new is not None:
            extra = anchors[1:] if rel else []
            if op.rel == "between" and len(others) > 1:
                extra = [*anchors, *others]
            if extra:
                # "X for A and B": the others linked the way the first one was
                inward = op.rel == "from" or (
                    bool(anchors) and (anchors[0].id, new.id) in _pairs(run) and op.rel != "between"
                )
                too = do_connect(run, extra, [new]) if inward else do_connect(run, [new], extra)
                summary += f"; {too}" if too.startswith("connected") else ""
            like = beside or (sibling(st, new, run.context) if op.label == "copy" else None)
            if like is not None:
                for made in run.auto:  # its default links give way to the sibling's
                    if made in _pairs(run):
                        st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
                run.auto = []
                new, _ = copy_of(st, new, like)
                st.last_added = new.id
                summary += f", made like {like.label}"
            # "..., viewers should hit both": the one beside and the new one
            run.touched = [beside, new] if beside is not None else [new]
        run.follow = op.rest
        return summary
    raise Clarify("I didn't understand that change.")
