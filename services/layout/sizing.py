"""Node sizes from label text, with approximate font metrics (no font files needed).

Widths are per-character advances of a 14 px sans-serif face (Helvetica/Arial class), good to
within a few percent for Latin text; wide scripts count as one em per character. Shapes that
need room around the text (cylinder caps, diamond corners, person glyph) get it here so the
engine lays out the real drawn size.
"""

from __future__ import annotations

import unicodedata

from shared.contracts import DiagramGraph
from shared.stylepack import NODE_CLASSES

from .model import SizedEdge, SizedGraph, SizedNode

FONT_SIZE = 14.0
LINE_HEIGHT = 18.0
EDGE_LABEL_FONT = 12.0

# Advance widths in em for a Helvetica-like face, by character class.
_NARROW = set("iljtfrI.,;:'!|()[] ")
_WIDE = set("mwMW@%")
_UPPER_WIDE = set("ABCDGHKNOQRUVXY&")


def char_em(ch: str) -> float:
    if ch in _NARROW:
        return 0.30
    if ch in _WIDE:
        return 0.86
    if ch in _UPPER_WIDE:
        return 0.70
    if ch.isupper() or ch.isdigit():
        return 0.62 if ch.isupper() else 0.56
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.52


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Width of the widest line of `text`, in px."""
    lines = text.split("\n") or [""]
    return max(sum(char_em(c) for c in line) for line in lines) * font_size


def text_lines(text: str) -> int:
    return max(1, text.count("\n") + 1)


MIN_W = 100.0
MIN_H = 48.0
PAD_X = 18.0
PAD_Y = 14.0
ICON_ROOM = 22.0  # the small glyph drawn at the left of a node with a class/icon


def node_size(
    label: str, shape: str = "rectangle", *, has_glyph: bool = False
) -> tuple[float, float]:
    """(width, height) of a leaf node showing `label` drawn as `shape`."""
    tw = text_width(label) + 2 * PAD_X + (ICON_ROOM if has_glyph else 0.0)
    th = text_lines(label) * LINE_HEIGHT + 2 * PAD_Y
    w, h = max(MIN_W, tw), max(MIN_H, th)
    if shape in ("circle", "square"):
        side = max(w, h)
        return (round(side), round(side))
    if shape == "oval":
        return (round(w * 1.25), round(h * 1.2))
    if shape == "diamond":
        return (round(w * 1.5), round(h * 1.6))
    if shape == "hexagon":
        return (round(w * 1.25), round(h))
    if shape in ("cylinder", "queue"):
        return (round(w + (24 if shape == "queue" else 0)), round(h + 20))
    if shape == "person":
        return (round(max(w, 80)), round(h + 40))
    if shape == "cloud":
        return (round(w * 1.35), round(h * 1.5))
    if shape in ("parallelogram", "step", "stored_data"):
        return (round(w + 30), round(h))
    if shape in ("document", "page", "package", "callout"):
        return (round(w), round(h + 16))
    return (round(w), round(h))


def edge_label_size(label: str) -> tuple[float, float]:
    if not label:
        return (0.0, 0.0)
    return (round(text_width(label, EDGE_LABEL_FONT) + 8), text_lines(label) * 15.0 + 4)


#: Container padding: room at the top for the container's label.
CONTAINER_PAD_TOP = 44.0
CONTAINER_PAD_SIDE = 20.0


def node_class(classes: list[str]) -> str | None:
    """The style-pack class of a node (its first known class), if any."""
    return next((c for c in classes if c in NODE_CLASSES), None)


def sized_graph(graph: DiagramGraph) -> SizedGraph:
    """Sizes from labels and shapes; drops edges whose ends are unknown."""
    parents = {n.parent for n in graph.nodes if n.parent}
    known = {n.id for n in graph.nodes}
    nodes: list[SizedNode] = []
    for n in graph.nodes:
        container = n.is_container or n.id in parents
        label = n.label if n.label is not None else n.id
        if n.id in parents:
            w = text_width(label) + 2 * CONTAINER_PAD_SIDE + 24
            h = CONTAINER_PAD_TOP + CONTAINER_PAD_SIDE
        else:
            glyph = bool(n.icon or node_class(n.classes))
            w, h = node_size(label, n.shape, has_glyph=glyph)
        parent = n.parent if n.parent in known else None
        nodes.append(SizedNode(n.id, w, h, parent, container))
    edges = []
    for e in graph.edges:
        if e.src in known and e.dst in known:
            lw, lh = edge_label_size(e.label)
            edges.append(SizedEdge(e.id, e.src, e.dst, lw, lh))
    return SizedGraph(nodes, edges, graph.direction, graph.direction_given)
