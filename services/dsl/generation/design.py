"""A diagram as the architect thinks of it (typed nodes, edges, zones) and its D2 emission.

The create path builds a :class:`Design` and prints it with :func:`to_d2`. Emitted D2 follows
the style pack: ``direction`` first when the request asked for one, then the ``classes``
block of the classes used, then the shapes (each with ``label`` and ``class``), zones as
containers, and connections last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shared.stylepack import ID_MAX_LEN, LABEL_MAX_LEN, NODE_CLASSES, classes_block, icon_url

#: Words D2 reads as keywords, never usable as a shape id.
_RESERVED_IDS_WORDS = """
label shape icon constraint tooltip link near width height direction top left class
    classes vars layers scenarios steps style grid-rows grid-columns grid-gap vertical-gap
    horizontal-gap source-arrowhead target-arrowhead opacity stroke fill fill-pattern
    stroke-width stroke-dash border-radius shadow 3d multiple double-border font font-size
    font-color animated bold italic underline text-transform filled null
    legend-label"""
RESERVED_IDS = frozenset(_RESERVED_IDS_WORDS.split())


def snake_id(text: str, max_len: int = ID_MAX_LEN) -> str:
    """A snake_case ASCII id for a label ("Redis cache" -> ``redis_cache``)."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not s or not s[0].isalpha():
        s = "n_" + s if s else "node"
    s = s[:max_len].rstrip("_")
    if s in RESERVED_IDS:
        s = (s + "_node")[:max_len]
    return s


def clip_label(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX_LEN else label[: LABEL_MAX_LEN - 1].rstrip() + "…"


def quote(text: str) -> str:
    """A D2 double-quoted string (always quoted: labels may hold ``:``, ``#``, ``{``...)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Node:
    id: str
    label: str
    cls: str
    kind: str
    category: str
    zone: str
    backend: bool = False
    shape: str | None = None
    explicit: bool = False  # named in the request (a slot a later phrase must not overwrite)
    region: str = ""  # id of the region container holding it ("" = global)


@dataclass
class Edge:
    src: str
    dst: str
    label: str = ""


@dataclass
class Design:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    direction: str = ""  # "" = not asked for: layout chooses by the diagram's shape
    zoned: bool = False
    zone_labels: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # region container id -> label

    def new_id(self, base: str) -> str:
        base = snake_id(base)
        taken = base in self.nodes or base in self.zone_labels or base in self.regions
        if not taken:
            return base
        n = 2
        while f"{base[: ID_MAX_LEN - 3]}_{n}" in self.nodes:
            n += 1
        return f"{base[: ID_MAX_LEN - 3]}_{n}"

    def connect(self, src: str, dst: str, label: str = "") -> None:
        if src == dst or src not in self.nodes or dst not in self.nodes:
            return
        if any(e.src == src and e.dst == dst for e in self.edges):
            return
        self.edges.append(Edge(src, dst, label))

    def of_category(self, *cats: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.category in cats]

    def path(self, node_id: str) -> str:
        node = self.nodes[node_id]
        if self.regions:
            return f"{node.region}.{node.id}" if node.region else node.id
        return f"{node.zone}.{node.id}" if self.zoned else node.id


def _shape_lines(node: Node, indent: str) -> list[str]:
    lines = [f"{indent}{node.id}: {{", f"{indent}  label: {quote(clip_label(node.label))}"]
    lines.append(f"{indent}  class: {node.cls}")
    if node.shape and node.shape != NODE_CLASSES[node.cls].shape:
        lines.append(f"{indent}  shape: {node.shape}")
    icon = icon_url(node.cls)
    if icon:
        lines.append(f"{indent}  icon: {icon}")
    lines.append(f"{indent}}}")
    return lines


ZONE_ORDER = ("internet", "dmz", "private", "data")


def to_d2(design: Design) -> str:
    """Print a design as style-pack D2 (direction, classes, shapes, connections)."""
    grouped = design.zoned or bool(design.regions)
    used = sorted({n.cls for n in design.nodes.values()} | ({"zone"} if grouped else set()))
    used = [c for c in NODE_CLASSES if c in used]  # the style pack's own order
    out = [f"direction: {design.direction}", ""] if design.direction else []
    out += [classes_block(used), ""]
    if design.regions:  # regions are the grouping: trust zones would nest a level deeper
        for node in design.nodes.values():
            if not node.region:
                out += _shape_lines(node, "")
        for rid, label in design.regions.items():
            out += [f"{rid}: {{", f"  label: {quote(label)}", "  class: zone"]
            for node in design.nodes.values():
                if node.region == rid:
                    out += _shape_lines(node, "  ")
            out += ["}", ""]
    elif design.zoned:
        zones = [z for z in ZONE_ORDER if any(n.zone == z for n in design.nodes.values())]
        for zone in zones:
            label = design.zone_labels.get(zone, zone.title())
            out += [f"{zone}: {{", f"  label: {quote(label)}", "  class: zone"]
            for node in design.nodes.values():
                if node.zone == zone:
                    out += _shape_lines(node, "  ")
            out += ["}", ""]
    else:
        for node in design.nodes.values():
            out += _shape_lines(node, "")
        out.append("")
    for edge in design.edges:
        arrow = f"{design.path(edge.src)} -> {design.path(edge.dst)}"
        out.append(f"{arrow}: {quote(clip_label(edge.label))}" if edge.label else arrow)
    return "\n".join(out).rstrip() + "\n"
