"""The "add" command of the update grammar: where a new component goes (between two others,
inside a container, in front of or behind one, next to every service) and how it is wired
when the request does not say (as the create path would wire its category).
"""

from __future__ import annotations

import re

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation.edit_state import (
    Clarify,
    State,
    backends,
    entry_edges,
    fresh_id,
    new_spec,
    processes,
    zone_for,
)
from services.dsl.generation.kb import Kind
from services.dsl.generation.refs import clean_ref, describe, resolve, shape_kind
from shared.stylepack import icon_url

EDGE_CATS = ("cdn", "firewall", "waf", "lb", "api_gateway")
OBS_CATS = ("monitoring", "logging", "tracing")
#: put "in front of" a store (not a service: a CDN in front of a WAF is inline), these leave
#: the store's own links in place
ASIDE_CATS = ("cache", "cdn")


def cmd_add(st: State, m: re.Match[str]) -> str:
    x, rel, rest = m.group("x"), (m.group("rel") or "").lower(), m.group("rest") or ""
    label, cls, kind = new_spec(st.kb, x)
    diagram = st.diagram
    nid = fresh_id(diagram, label, kind)
    before = {sh.id for sh in diagram.shapes}
    summary = _add(st, x, rel, rest, label, cls, kind, nid)
    st.last_added = next(
        (sh.id for sh in st.diagram.shapes if sh.id not in before and sh.name == nid), None
    )
    return summary


def _add_component(st: State, nid: str, label: str, cls: str, parent: str | None = None) -> None:
    """Add a shape of a style-pack class, with that class's icon, as the create path draws it."""
    st.d2 = E.add_shape(
        st.d2,
        nid,
        label=label,
        node_class=cls,
        icon=icon_url(cls),
        parent=parent,
        diagram=st.diagram,
    )


def _add(
    st: State, x: str, rel: str, rest: str, label: str, cls: str, kind: Kind | None, nid: str
) -> str:
    diagram = st.diagram
    if rel == "between":
        parts = re.split(r"\s+and\s+|\s*,\s*", rest, maxsplit=1)
        if len(parts) != 2:
            raise Clarify("Between which two components should I put it?")
        a, b = st.one(parts[0]), st.one(parts[1])
        pairs = {(c.src, c.dst) for c in diagram.connections}
        if (b.id, a.id) in pairs and (a.id, b.id) not in pairs:
            a, b = b, a
        if (a.id, b.id) in pairs:
            st.d2 = E.insert_between(
                st.d2,
                nid,
                a.id,
                b.id,
                label=label,
                node_class=cls,
                icon=icon_url(cls),
                diagram=st.diagram,
            )
        else:
            _add_component(st, nid, label, cls)
            st.connect(a.id, nid)
            st.connect(nid, b.id)
        zone = zone_of_kind(st, kind)
        if zone:
            st.d2 = E.move_shape(st.d2, nid, zone, diagram=st.diagram)
        return f"added {label} between {a.label} and {b.label}"
    if rel in ("inside", "into", "in", "within") and rest:
        container = st.one(rest, containers=True)
        _add_component(st, nid, label, cls, parent=container.id)
        new_abs = f"{container.id}.{nid}"
        _auto_wire(st, new_abs, kind)
        return f"added {label} inside {container.label}"
    if re.match(r"(?:all|every|each)\b", rest.strip().lower()):
        return _add_to_all(st, nid, label, cls, kind, rest)
    parent = zone_of_kind(st, kind)
    full = f"{parent}.{nid}" if parent else nid
    if rel in ("in front of", "before") and rest:
        target = st.one(rest)
        if parent is None and target.parent:
            # a part placed on the path at one side of Y lives where Y lives
            parent = target.parent
            full = f"{parent}.{nid}"
        _add_component(st, nid, label, cls, parent=parent)
        incoming = [c.src for c in diagram.connections if c.dst == target.id]
        # a cache or a CDN before a store sits aside: what fed the store reads through the new
        # one and still reaches the origin on a miss; an inline one (a WAF, a proxy) takes
        # the link
        aside = (
            kind is not None
            and kind.category in ASIDE_CATS
            and (target.shape == "cylinder" or anchor_is_downstream(target))
        )
        for src in incoming:
            if not aside:
                st.d2 = E.disconnect(st.d2, src, target.id)
            st.connect(src, full)
        st.connect(full, target.id)
        return f"added {label} in front of {target.label}"
    anchor: Shape | None = None
    near = " ".join(rel.split()) in NEAR_RELS
    place = _container_named(st, rest) if near and rest else None
    if place is not None:
        # "next to storage": a box named as a place holds the new one, it is not a choice
        # among what the box holds
        _add_component(st, nid, label, cls, parent=place.id)
        _auto_wire(st, f"{place.id}.{nid}", kind)
        return f"added {label} inside {place.label}"
    if rest and rel:
        res = resolve(st.kb, diagram, rest)
        if len(res.shapes) > 1:
            raise Clarify(f"“{clean_ref(rest)}” could mean {describe(res.shapes)}. Which one?")
        anchor = res.shapes[0] if res.shapes else None
        if anchor is None and rel not in ("for", "to", "on"):
            st.one(rest)  # raises the clarification
    if anchor is not None and rel in ("behind", "after") and parent is None and anchor.parent:
        # "a cache behind Y": on Y's own path, so in Y's container
        parent = anchor.parent
        full = f"{parent}.{nid}"
    _add_component(st, nid, label, cls, parent=parent)
    if anchor is not None:
        if rel in ("behind", "after"):
            if _passes_through(st, anchor, kind):
                # "a rate limiter behind the WAF": on the request path, between the WAF and
                # what it forwarded to
                for c in [c for c in diagram.connections if c.src == anchor.id]:
                    st.d2 = E.disconnect(st.d2, anchor.id, c.dst)
                    st.connect(full, c.dst, c.label or None)
            st.connect(anchor.id, full)
        elif (
            (kind is not None and kind.category in ("client", "device"))
            or cls == "client"
            or (
                cls in ("process", "network")
                and "client" not in anchor.classes
                and anchor_is_downstream(anchor)
            )
        ):
            st.connect(full, anchor.id)
        else:
            st.connect(anchor.id, full)
        return f"added {label} connected to {anchor.label}"
    _auto_wire(st, full, kind)
    return f"added {label}"


def _passes_through(st: State, anchor: Shape, kind: Kind | None) -> bool:
    """Whether a new part behind `anchor` takes its place on the request path: the anchor is
    an edge part that forwards (a WAF, a load balancer, a gateway) and the new part is no
    store, cache or observer it would only write to."""
    anchor_kind = shape_kind(st.kb, anchor)
    if anchor_kind is None or anchor_kind.category not in EDGE_CATS:
        return False
    aside = ("cache", "database", "storage", "queue", *OBS_CATS)
    return kind is None or (kind.category not in aside and kind.cls not in aside)


#: relations that name a place for the new shape rather than a shape to wire it to
NEAR_RELS = frozenset(["next to", "beside", "alongside", "near"])


def _container_named(st: State, rest: str) -> Shape | None:
    """The container `rest` names by its whole id or label, if it names one."""
    ref = clean_ref(rest)
    boxes = [
        s
        for s in st.diagram.shapes
        if s.children and ref in (s.id.lower(), s.name.lower(), s.label.lower())
    ]
    return boxes[0] if len(boxes) == 1 else None


def zone_of_kind(st: State, kind: Kind | None) -> str | None:
    """The zone a new component of `kind` goes into: its kind's zone (a component of no known
    kind is a service: the private network). In a diagram grouped into zones, a missing zone
    is added, so that nothing new floats outside all zones; without zones, None."""
    zones = [s for s in st.diagram.shapes if s.parent is None and "zone" in s.classes]
    if not zones:
        return zone_for(st.diagram, kind)
    wanted = kind.zone if kind is not None else "private"
    if any(z.id == wanted for z in zones):
        return wanted
    if st.diagram.shape(wanted) is not None:
        return None  # the name is taken by something else: leave the component at the top
    label = st.kb.zones.get(wanted, wanted.title())
    st.d2 = E.add_shape(st.d2, wanted, label=label, node_class="zone", diagram=st.diagram)
    return wanted


def anchor_is_downstream(anchor: Shape) -> bool:
    return any(c in anchor.classes for c in ("database", "cache", "storage", "queue"))


def _add_to_all(st: State, nid: str, label: str, cls: str, kind: Kind | None, rest: str) -> str:
    diagram = st.diagram
    targets = processes(diagram, st.kb)
    words = clean_ref(re.sub(r"^(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?", "", rest.lower()))
    target_kind = st.kb.kind_for(words)
    if target_kind is not None and target_kind.category not in ("service", "api"):
        targets = [
            s
            for s in diagram.shapes
            if not s.children
            and (
                ((k := shape_kind(st.kb, s)) and k.category == target_kind.category)
                or (target_kind.cls in s.classes and target_kind.generic)
            )
        ]
    if not targets:
        raise Clarify(f"I found no {words} in the diagram to connect {label} to.")
    parent = zone_of_kind(st, kind)
    full = f"{parent}.{nid}" if parent else nid
    _add_component(st, nid, label, cls, parent=parent)
    edge_label = {"monitoring": "metrics", "logging": "logs", "tracing": "traces"}.get(
        kind.category if kind else "", ""
    )
    for t in targets:
        st.connect(t.id, full, edge_label or None)
    return f"added {label} and connected all {len(targets)} {words or 'services'} to it"


def _auto_wire(st: State, full: str, kind: Kind | None) -> None:
    """Connect a new shape where its category belongs, like the create path would."""
    diagram = st.diagram
    cat = kind.category if kind else "service"
    back = [s for s in backends(diagram, st.kb) if s.id != full]
    if cat in EDGE_CATS:
        edges = entry_edges(diagram)
        for src, dst in edges[:3]:
            st.d2 = E.disconnect(st.d2, src, dst)
            st.connect(src, full)
            st.connect(full, dst)
        if edges:
            return
    if cat in OBS_CATS:
        for p in [p for p in processes(diagram, st.kb) if p.id != full][:8]:
            st.connect(p.id, full)
        return
    if cat == "idp":
        for c in [s for s in diagram.shapes if "client" in s.classes][:2]:
            st.connect(c.id, full, "login")
        if back:
            st.connect(back[0].id, full, "validate tokens")
        return
    if cat in ("client", "device"):
        targets = [dst for _, dst in entry_edges(diagram)] or [p.id for p in back]
        if targets:
            st.connect(full, targets[0])
        return
    if cat in ("api", "service", "function", "web", "realtime"):
        gw = [
            s
            for s in diagram.shapes
            if (k := shape_kind(st.kb, s)) and k.category in ("api_gateway", "lb")
        ]
        entries = [dst for _, dst in entry_edges(diagram)]
        source: str | None = gw[-1].id if gw else (entries[0] if entries else None)
        if source and source != full:
            st.connect(source, full)
            return
    if cat == "worker":
        queues = [s for s in diagram.shapes if "queue" in s.classes]
        if queues:
            st.connect(queues[0].id, full, "consume")
            return
    if back:
        st.connect(back[0].id, full)
        if cat in ("queue", "stream"):
            workers = [
                s for s in diagram.shapes if (k := shape_kind(st.kb, s)) and k.category == "worker"
            ]
            if workers:
                st.connect(full, workers[0].id, "consume")
