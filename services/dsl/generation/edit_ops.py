"""Apply the operations :mod:`ops` found, with the D2 core's structural edits.

A mention names shapes: one (applied), several of a collective ("both caches": each), several
otherwise (ambiguous: a question naming the candidates), or none of a pronoun with nothing
before it (a question). The commands of :mod:`update` and :mod:`adding` do the single-shape
work (they keep the user's text, comments and order); the multi-shape operations (merge,
split, ungroup, group, edge labels and properties) are in :mod:`edit_shapes`, the
resolution of mentions in :mod:`edit_run`.
Every function returns a summary and records what it touched in ``Run.touched`` (what "it"
and "them" mean in the next clause).
"""

from __future__ import annotations

import re

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation import commands as U
from services.dsl.generation.adding import cmd_add
from services.dsl.generation.bypass import on_paths
from services.dsl.generation.copies import BESIDE, beside_copy, copy_of, sibling
from services.dsl.generation.design import clip_label
from services.dsl.generation.edge_said import label_end
from services.dsl.generation.edit_run import (
    Run,
    by_links,
    drawn_pairs,
    fitting,
    into_child,
    kwargs,
    leaves_of,
    one,
    shapes_of,
)
from services.dsl.generation.edit_shapes import (
    do_connect,
    do_disconnect,
    group,
    merge,
    note,
    relabel_edge,
    relate,
    replace_shape,
    reroute,
    restyle_edge,
    set_props,
    split,
    ungroup,
)
from services.dsl.generation.edit_state import Clarify, fresh_id
from services.dsl.generation.looks_told import draw_edge_look
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import Op
from services.dsl.generation.ops_style import described

#: the words opening a collective that are no part of what it names
_QUANTIFIERS = frozenset(["all", "every", "each", "any", "the", "of", "our"])

__all__ = ["Run", "execute", "stated_links"]


def stated_links(run: Run, ops: list[Op]) -> str:
    """Wire the component just added as its clause's tail states; the links its kind would
    have had by default give way to the stated ones."""
    st = run.st
    for src, dst in run.auto:
        if (src, dst) in drawn_pairs(run):
            st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
    run.auto = []
    return "; ".join(execute(run, op) for op in ops)


#: a new part each of several targets has its own ("a standby replica for both A and B")
_PER_TARGET = re.compile(
    r"\b(?:replicas?|standbys?|stand-bys?|backups?|mirrors?|failovers?|secondar(?:y|ies)|"
    r"sidecars?|dlqs?|dead[- ]letter)\b",
    re.I,
)


def _group(run: Run, op: Op) -> str:
    """Group the members into a new box; "put X, together with a new Y, in a box Z": Y is
    added first (its default links dropped: the next clause says its own), then boxed."""
    st = run.st
    # "move X out of A into its own group B": the members are the ones just moved out
    members = list(run.touched) if op.rel == "touched" else shapes_of(run, op.a)
    parent = one(run, op.b) if op.b else None
    added = ""
    if op.new:
        added = cmd_add(st, kwargs(x=op.new, rel=None, rest=None))  # type: ignore[arg-type]
        fresh = st.diagram.shape(st.last_added) if st.last_added else None
        if fresh is not None:
            for link in sorted(drawn_pairs(run)):
                if fresh.id in link:
                    st.d2 = E.disconnect(st.d2, *link, diagram=st.diagram)
            members = [*(st.diagram.shape(x.id) or x for x in members), fresh]
    said = group(run, members, parent, op.label, leave=op.rel == "leave")
    return f"{added}; {said}" if added else said


def _add_each(run: Run, op: Op, anchors: list[Shape]) -> str:
    """ "a standby replica for both A and B": each target has one of its own."""
    st = run.st
    said: list[str] = []
    touched: list[Shape] = []
    what = re.sub(r"^(?:an?|the|one)\s+", "", op.new, flags=re.I)
    for a in anchors:
        said.append(cmd_add(st, kwargs(x=f"{a.label} {what}", rel="for", rest=a.id)))  # type: ignore[arg-type]
        fresh = st.diagram.shape(st.last_added) if st.last_added else None
        touched += [fresh] if fresh is not None else []
    run.touched, run.follow = touched, op.rest
    return "; ".join(said)


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
        return set_props(run, op)
    if k == "clarify":
        what = ", ".join(s.label for s in shapes_of(run, op.a)) or "it"
        raise Clarify(f"What should replace {what}? Please name the new component.")
    if k in ("edge_label", "edge_prop", "disconnect", "route"):
        op.a, op.b = by_links(run, op.a, op.b)
    if k == "edge_label" or k == "edge_prop":
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        a, b = into_child(run, a, b), into_child(run, b, a)
        run.touched, run.edge = [a, b], (a, b)
        return relabel_edge(run, a, b, op.label, append=k == "edge_prop")
    if k == "edge_look":
        return draw_edge_look(run, op)
    if k == "edge_style":
        op.a, op.b = by_links(run, op.a, op.b)
        a, b = one(run, op.a, containers=False), one(run, op.b, containers=False)
        a, b = into_child(run, a, b), into_child(run, b, a)
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
        only = {s.id for s in ends} | {s.id for e in ends for s in leaves_of(run, e)}
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
            if made in drawn_pairs(run):
                st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        run.auto = []
        if (b.id, a.id) in drawn_pairs(run) and (a.id, b.id) not in drawn_pairs(run):
            a, b = b, a
        if (a.id, b.id) in drawn_pairs(run):
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
        replaced = [replace_shape(run, x, op.new, op.a[0].text) for x in xs]
        # "it" next is the new component (its id is new; the old one kept its place)
        run.touched = [s for s in st.diagram.shapes if s.id not in was] or [
            s for s in st.diagram.shapes if s.parent == xs[-1].parent
        ][-1:]
        home = one(run, op.b) if op.rel == "inside" and op.b else None
        if home is not None and len(run.touched) == 1 and run.touched[0].parent != home.id:
            # "..., deployed within the backend": the new one runs in that box
            st.d2 = E.move_shape(st.d2, run.touched[0].id, home.id, diagram=st.diagram)
            housed = st.diagram.shape(f"{home.id}.{run.touched[0].name}")
            run.touched = [housed] if housed is not None else run.touched
            replaced.append(f"put it in {home.label}")
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
        said = f"gave {', '.join(x.label for x in xs)} {described(op.rel, op.label)}"
        whole = op.a[0] if len(op.a) == 1 and op.a[0].collective else None
        look = "dotted" if op.label == "2" else "dashed"
        if op.rel == "stroke-dash" and whole is not None and not whole.pronoun and len(xs) > 1:
            # a class drawn broken ("all the vendor systems dashed"): the number D2 keeps
            # says nothing to a reader, so each one's note says what the dashes mark
            what = " ".join(w for w in whole.text.split() if w not in _QUANTIFIERS)
            note(run, xs, f"{look} border: {what}")
        run.touched = xs
        return said
    if k == "ungroup":
        return ungroup(run, one(run, op.a))
    if k == "merge":
        parts = shapes_of(run, op.a)
        into = one(run, op.b) if op.b else None
        return merge(run, parts, into, op.new, op.label)
    if k == "relate":
        return relate(run, op)
    if k == "split":
        said = split(
            run,
            one(run, op.a, containers=False),
            op.label.split("|"),
            share=op.rel == "share",
            duties=op.duties,
            peers=op.peers,
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
                [into_child(run, left[0], right[0])],
                [into_child(run, right[0], left[0])],
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
        before = drawn_pairs(run)
        placed: dict[str, str] = {"rel": "inside", "rest": home.id} if home is not None else {}
        summary = cmd_add(st, kwargs(x=op.new, **placed))  # type: ignore[arg-type]
        new = st.diagram.shape(st.last_added) if st.last_added else None
        if new is None:
            return summary
        for made in sorted(drawn_pairs(run) - before):
            st.d2 = E.disconnect(st.d2, *made, diagram=st.diagram)
        run.touched = [new]
        said = f"{summary}; " + do_connect(run, left, [new]) + "; " + do_connect(run, [new], right)
        if len(left) == 1 and len(right) == 1:
            run.bypassed = (left[0], right[0])
        return said
    if k == "reroute":
        return reroute(run, op)
    if k == "disconnect_context":
        bypassed = run.named or run.bypassed
        if bypassed is not None:
            a, b = bypassed
            if (a.id, b.id) not in drawn_pairs(run) and (b.id, a.id) not in drawn_pairs(run):
                return f"the direct link from {a.label} to {b.label} is gone"
            if (a.id, b.id) not in drawn_pairs(run):
                a, b = b, a
            return do_disconnect(run, [a], [b])
        if len(run.context) < 2:
            raise Clarify("Which link should I remove? Name the two components it joins.")
        # "X emailing alarms into corporate email is a no — get rid of that link": of the
        # shapes the remark named, the two that are linked (a container named on the way,
        # "corporate", is not an end)
        pairs = {frozenset(p) for p in drawn_pairs(run)}
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
            if made in drawn_pairs(run):
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
        linked = {frozenset(p) for p in drawn_pairs(run)}
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
        return _group(run, op)
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
        if op.label == "each" and rel == "for" and len(anchors) > 1 and _PER_TARGET.search(op.new):
            return _add_each(run, op, anchors)  # "a standby replica for both A and B"
        if anchors and anchors[0].children and rel in ("to", "on", "in", "into", "within"):
            rel = "inside"  # "add a topic to the kafka cluster": a container takes it in
        cut = run.last_cut
        if (
            rel == "between"
            and len(anchors) == len(others) == 1
            and cut is not None
            and (cut[1].id, cut[0].id) == (anchors[0].id, others[0].id)
        ):
            anchors, others = [cut[0]], [cut[1]]  # the cut link's way: A -> new -> B
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
        before = drawn_pairs(run)
        summary = cmd_add(st, kwargs(x=op.new, rel=rel or None, rest=rest or None))  # type: ignore[arg-type]
        run.auto = sorted(drawn_pairs(run) - before) if not rel else []
        new = st.diagram.shape(st.last_added) if st.last_added else None
        if new is not None:
            extra = anchors[1:] if rel else []
            if op.rel == "between" and len(others) > 1:
                extra = [*anchors, *others]
            if extra:
                # "X for A and B": the others linked the way the first one was
                inward = op.rel == "from" or (
                    bool(anchors)
                    and (anchors[0].id, new.id) in drawn_pairs(run)
                    and op.rel != "between"
                )
                too = do_connect(run, extra, [new]) if inward else do_connect(run, [new], extra)
                summary += f"; {too}" if too.startswith("connected") else ""
            if op.rel == "between" and len(others) > 1:
                on_paths(st, new.id, [s.id for s in anchors], [s.id for s in others])
            like = beside or (sibling(st, new, run.context) if op.label == "copy" else None)
            if like is not None:
                for made in run.auto:  # its default links give way to the sibling's
                    if made in drawn_pairs(run):
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
