"""The multi-shape edits of the update path: link labels and styles, connect and
disconnect between sets of shapes, ungroup, merge, split, group, replace and reroute, written
on the D2 core's structural edits so the user's text, comments and order are kept. Each
records what it touched in ``Run.touched`` (what "it" and "them" mean next).
"""

from __future__ import annotations

import re

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation import commands as U
from services.dsl.generation.adding import cmd_add
from services.dsl.generation.clause_facts import own_name
from services.dsl.generation.design import clip_label, snake_id
from services.dsl.generation.edit_props import link_named, links_of, set_link_prop, set_prop
from services.dsl.generation.edit_run import (
    Run,
    by_links,
    drawn_pairs,
    edge_between,
    into_child,
    kwargs,
    one,
    shapes_of,
)
from services.dsl.generation.edit_state import Clarify, fresh_id, new_spec, zone_for
from services.dsl.generation.mentions import Mention, words_of
from services.dsl.generation.ops import End, Op


def relabel_edge(run: Run, a: Shape, b: Shape, label: str, *, append: bool = False) -> str:
    st = run.st
    found = edge_between(run, a, b)
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
    found = edge_between(run, a, b)
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
    pairs = drawn_pairs(run)
    made = []
    for a in src:
        for b in dst:
            drawn = edge_between(run, a, b)
            if label and drawn is not None and not drawn[2] and a.id != b.id:
                # "connect A to it via push notifications", the link already drawn bare
                made.append(relabel_edge(run, a, b, label).removeprefix("labelled "))
                continue
            if a.id == b.id or (a.id, b.id) in pairs:
                continue
            if (b.id, a.id) in pairs and flip and a.id != b.id:
                back = edge_between(run, b, a)
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
                if (src, dst) in drawn_pairs(run):
                    st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
                    run.cut.add(frozenset((src, dst)))
                    run.last_cut = (x, y) if src == x.id else (y, x)
                    gone.append(f"{x.label} from {y.label}")
    return "disconnected " + ", ".join(gone) if gone else "found no link to remove"


def ungroup(run: Run, c: Shape) -> str:
    st = run.st
    parent = c.parent
    freed = []
    for child in list(c.children):
        st.d2 = E.move_shape(st.d2, child, parent, diagram=st.diagram)
        freed.append(f"{parent}.{child.rsplit('.', 1)[-1]}" if parent else child.rsplit(".", 1)[-1])
    st.d2 = E.remove_shape(st.d2, c.id, diagram=st.diagram)
    # "it" next is what the box held (the box is gone: "flatten it" says the same again)
    run.touched = [s for s in map(st.diagram.shape, freed) if s is not None]
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
        pairs = drawn_pairs(run)
        for src, dst, label in links:
            src, dst = (into.id if src == p.id else src), (into.id if dst == p.id else dst)
            if src != dst and (src, dst) not in pairs and (dst, src) not in pairs:
                st.connect(src, dst, label or None)
                pairs.add((src, dst))
    names = ", ".join(p.label for p in parts)
    if new:
        label = named or new_spec(st.kb, new)[0]
        target = _new_name(run, into, label)
        st.d2 = E.set_label(st.d2, target, label, diagram=st.diagram)
        return f"merged {names} and {into.label} into {label}"
    return f"merged {names} into {into.label}"


def _new_name(run: Run, into: Shape, label: str) -> str:
    """The whole a merge makes under a new name is a new component: the shape kept for it
    takes an id from that name (references follow), so the old part's id does not live on."""
    st = run.st
    name = snake_id(label)
    taken = {s.name.lower() for s in st.diagram.shapes}
    if not name or name == into.name.lower() or name in taken:
        return into.id
    st.d2 = E.rename_shape(st.d2, into.id, name, diagram=st.diagram)
    return ".".join([*into.id.split(".")[:-1], name])


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


def _related(a: str, b: str) -> bool:
    """One id is the other or inside it (a duty may name a container of the linked shape)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _by_duties(
    run: Run,
    new: list[Shape],
    ins: list[tuple[str, str]],
    outs: list[tuple[str, str]],
    duties: list[list[tuple[Mention, bool]]],
) -> None:
    """Each of the whole's links goes to the parts whose duty names its other end (to every
    part when none does); a shape a duty names that the whole was not linked to is linked to
    that part, in the direction the duty's words give."""
    st = run.st
    ends = {e for e, _ in ins} | {e for e, _ in outs}
    for src, label in ins:
        owners = [
            n
            for n, d in zip(new, duties, strict=True)
            if any(_related(src, i) for m, _ in d for i in m.ids)
        ]
        for n in owners or new:
            st.connect(src, n.id, label or None)
    for dst, label in outs:
        owners = [
            n
            for n, d in zip(new, duties, strict=True)
            if any(_related(dst, i) for m, _ in d for i in m.ids)
        ]
        for n in owners or new:
            st.connect(n.id, dst, label or None)
    for n, duty in zip(new, duties, strict=True):
        for m, receives in duty:
            if len(m.ids) != 1 or any(_related(e, m.ids[0]) for e in ends):
                continue
            if receives:
                st.connect(m.ids[0], n.id, None)
            else:
                st.connect(n.id, m.ids[0], None)


def split(
    run: Run,
    x: Shape,
    names: list[str],
    *,
    share: bool = False,
    duties: list[list[tuple[Mention, bool]]] | None = None,
    peers: list[tuple[int, int]] | None = None,
) -> str:
    """`x` split into new parts named `names`, each taking the links its duty names (all of
    them without duties); `peers`: links between the parts the request told (indexes)."""
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
    if duties and len(duties) == len(new):
        _by_duties(run, new, ins, outs, duties)
    elif len(heads) == 1 or share:
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
    if peers and len(new) == len(names):
        # "... and B, which A calls": the parts linked as told
        for i, j in peers:
            if edge_between(run, new[i], new[j]) is None:
                st.connect(new[i].id, new[j].id, None)
    run.touched = [*[w for w in whole if w is not None], *new]
    return f"split {x.label} into {', '.join(n.label for n in run.touched)}"


def group(
    run: Run, members: list[Shape], parent: Shape | None, name: str, *, leave: bool = False
) -> str:
    """Box `members` in a new zone `name`, inside `parent` or else where they all are; with
    `leave`, beside the box they were in (they leave it: "into its own group")."""
    st = run.st
    if parent is None:
        parents = {s.parent for s in members}
        pid = parents.pop() if len(parents) == 1 else None
        if leave and pid is not None:
            held = st.diagram.shape(pid)
            pid = held.parent if held is not None else None
    else:
        pid = parent.id
    gid = fresh_id(st.diagram, name, None)
    st.d2 = E.add_shape(
        st.d2, gid, label=clip_label(name), node_class="zone", parent=pid, diagram=st.diagram
    )
    full = f"{pid}.{gid}" if pid else gid
    for s in members:
        st.d2 = E.move_shape(st.d2, s.id, full, diagram=st.diagram)
    # "it" next is the new box ("… call it Messaging"), "them" what it holds ("… and
    # encrypt them too": a plural pronoun leaves out the box around the others)
    box = st.diagram.shape(full)
    inside = [t for t in (st.diagram.shape(f"{full}.{s.name}") for s in members) if t is not None]
    run.touched = [*inside, box] if box is not None else members
    return f"grouped {', '.join(s.label for s in members)} into {name}"


def replace_shape(run: Run, x: Shape, new: str, named: str) -> str:
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


def reroute(run: Run, op: Op) -> str:
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
        before = drawn_pairs(run)
        said = cmd_add(
            st,
            kwargs(x=op.new, rel="inside" if home else None, rest=home.id if home else None),  # type: ignore[arg-type]
        )
        via = st.diagram.shape(st.last_added) if st.last_added else None
        if via is None:
            return said
        if cut is not None:
            for made in sorted(drawn_pairs(run) - before):
                st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        else:
            run.auto = sorted(drawn_pairs(run) - before)
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


def _end_shapes(run: Run, end: End) -> list[Shape]:
    """The shapes one end of a stated link names; a new component's phrase is added once
    per request (where the knowledge base puts its kind) and found again after that."""
    st = run.st
    if not end.phrase:
        return shapes_of(run, end.mentions)
    key = end.phrase.lower()
    made = st.diagram.shape(run.made.get(key, ""))
    if made is not None:
        return [made]
    kind = new_spec(st.kb, end.phrase)[2]
    new = add_new(run, end.phrase, zone_for(st.diagram, kind))
    run.made[key] = new.id
    return [new]


def relate(run: Run, op: Op) -> str:
    """Link the two ends of a link the clause stated, adding a new component it names."""
    st = run.st
    said: list[str] = []
    for src_end, dst_end in op.ends:
        before = {s.id for s in st.diagram.shapes}
        src = _end_shapes(run, src_end)
        if dst_end.own and dst_end.phrase and len(src) == 1:
            # "it keeps the comments in its own database": a store named after its owner
            dst_end = End(dst_end.mentions, own_name(src[0], dst_end.phrase), True)
        dst = _end_shapes(run, dst_end)
        said.extend(f"added {s.label}" for s in (*src, *dst) if s.id not in before)
        if src and dst:
            said.append(do_connect(run, src, dst, None))
            run.touched = [*src, *dst][-1:] if dst_end.phrase else src[-1:]
    return "; ".join(x for x in said if x)


def set_props(run: Run, op: Op) -> str:
    """A property set on shapes or links (drawn by :mod:`edit_props`); "write this on the
    box" sets the properties the clause before set, on what this one names."""
    st = run.st
    if op.kind == "prop_again":
        if not run.said:
            raise Clarify("Which property should I write there? Please name it.")
        said, run.said = run.said, []
        return "; ".join(
            set_props(
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
        pair = edge_between(run, *ends[:2]) if len(ends) == 2 else None
        run.touched = ends
        links = [pair[:2]] if pair else links_of(st, ends)
    elif op.rel == "pair":
        op.a, op.b = by_links(run, op.a, op.b)
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        a, b = into_child(run, a, b), into_child(run, b, a)
        run.touched, run.edge = [a, b], (a, b)
        found = edge_between(run, a, b)
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
            found = edge_between(run, *link)
            links = [found[:2]] if found else []
        else:
            links = links_of(st, run.context[-1:])
    return set_link_prop(st, links, op.label)
