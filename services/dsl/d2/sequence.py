"""Sequence diagrams in the compiled graph: which objects are actors, spans, groups and notes,
and the checks the official compiler makes on them (run by ``compiler.py`` on each board).

Inside a ``shape: sequence_diagram`` every key names an actor of the diagram, wherever it
is written (``seq_redirect``); an object is a group when it holds other objects or edges of
the diagram, a note when it holds neither, a span when it is the endpoint of a message.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.graph_obj import GraphObj


def seq_redirect(obj: GraphObj, name: T.Name) -> GraphObj:
    """Inside a sequence diagram, a name that is one of its actors means that actor.

    The official graph resolves ``group: {a -> b}`` to the diagram's own actors ``a`` and
    ``b`` when they exist already (and not ``a.a``'s inner ``a``).
    """
    seq = obj.parent
    while seq is not None and seq.shape.shape != "sequence_diagram":
        seq = seq.parent
    if seq is None:
        return obj
    for c in seq.order:
        if c.seg == name.text:
            return obj if obj.seg == name.text else seq
    return obj


def _scope_objs(
    refs: list[tuple[T.IRMap | None, GraphObj]], map_obj: dict[int, GraphObj]
) -> list[GraphObj]:
    return [map_obj.get(id(sm), dflt) if sm is not None else dflt for sm, dflt in refs]


def _within(scopes: list[GraphObj], obj: GraphObj) -> bool:
    for s in scopes:
        cur: GraphObj | None = s
        while cur is not None:
            if cur is obj:
                return True
            cur = cur.parent
    return False


def sequence_roles(
    root: GraphObj,
    objs: list[GraphObj],
    edges: list[tuple[GraphObj, GraphObj, list[T.IRMap | None], GraphObj]],
    map_obj: dict[int, GraphObj],
) -> list[tuple[A.Node | None, str]]:
    """Mark actors, groups, spans and notes of every sequence diagram (``Shape.seq_role``).

    Returns the errors the official layout reports (a diagram with children but no actor,
    an actor that is itself a sequence diagram).

    Same reading as the official layout: a group is a child written with messages inside it
    and no message of its own; every other child is an actor; an actor's descendants are
    notes (no message, no child, never named in an edge) or spans.
    """
    obj_scopes = {id(o): _scope_objs([(sm, d) for _k, sm, d in o.refs], map_obj) for o in objs}
    edge_scopes = [_scope_objs([(sm, dflt) for sm in sms], map_obj) for _s, _d, sms, dflt in edges]

    def has_edge(o: GraphObj) -> bool:
        return any(_within(sc, o) for sc in edge_scopes)

    def has_obj(o: GraphObj) -> bool:
        return any(_within(obj_scopes[id(x)], o) for x in objs)

    def is_group(o: GraphObj) -> bool:
        if any(s is o or d is o for s, d, _sm, _dflt in edges):
            return False
        if not all(has_edge(ch) for ch in o.order):
            return False
        return has_obj(o) or has_edge(o)

    def is_note(o: GraphObj) -> bool:
        if any(k.edges for k, _sm, _d in o.refs):
            return False
        return not o.order and not has_edge(o) and not has_obj(o)

    errors: list[tuple[A.Node | None, str]] = []
    for sd in [root, *objs]:
        if sd.shape.shape != "sequence_diagram":
            continue
        if sd.order and all(is_group(ch) for ch in sd.order):
            errors.append((sd.node, "no actors declared in sequence diagram"))
        for ch in sd.order:
            group = is_group(ch)
            ch.shape.seq_role = "group" if group else "actor"
            if not group and ch.shape.shape == "sequence_diagram":
                errors.append(
                    (
                        ch.node,
                        "actors in sequence diagrams cannot themselves be sequence diagrams: "
                        + ch.shape.id,
                    )
                )
            # the content of a grid (an actor that is a grid diagram) is laid out by the grid:
            # it keeps its shapes and labels
            queue = [(x, ch.is_grid) for x in ch.order]
            while queue:
                x, gridded = queue.pop(0)
                if group:
                    x.shape.seq_role = "group"
                elif not gridded:
                    x.shape.seq_role = "note" if is_note(x) else "span"
                queue.extend((y, gridded or x.is_grid) for y in x.order)
    # a span no message reaches (it only holds messages written inside it) has no place on
    # the lifeline: the official layout produces no coordinates for it and fails
    touched: set[int] = set()
    for s, d, _sm, _dflt in edges:
        for end in (s, d):
            cur: GraphObj | None = end
            while cur is not None:
                touched.add(id(cur))
                cur = cur.parent
    for o in objs:
        if o.shape.seq_role == "span" and id(o) not in touched and has_edge(o):
            errors.append((o.node, f"sequence diagram span {o.shape.id} has no messages"))
    # a message must run between actors (or their spans): the layout cannot place one
    # whose end sits in a group
    for s, d, _sm, _dflt in edges:
        for end in (s, d):
            if end.shape.seq_role == "group":
                errors.append(
                    (end.node, f"could not find center of {end.seg}. Is it declared as an actor?")
                )
                break
    return errors


def in_sequence(o: GraphObj) -> bool:
    cur: GraphObj | None = o
    while cur is not None:
        if cur.shape.shape == "sequence_diagram":
            return True
        cur = cur.parent
    return False
