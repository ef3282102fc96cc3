"""Safe, self-contained SVG export of a laid-out diagram.

Shapes follow D2's shape types; labels, edge labels and arrowheads are drawn. Safety: every
text and attribute value goes through XML escaping (``xml.sax.saxutils``), colours must match
a strict pattern (else the class colour is used), there is no script and no external
reference — icons are Material Design Icons inlined as paths (icons.py), or (if enabled in
settings) an ``<image>`` whose URL is https on an allowed host.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from shared.contracts import DiagramGraph, GraphNode, ThreatMark
from shared.settings import d2_settings, layout_settings
from shared.stylepack import NODE_CLASSES, icon_url

from .icons import node_icon
from .model import Box, Layout
from .sizing import EDGE_LABEL_FONT, FONT_SIZE, LINE_HEIGHT, node_class, text_width

_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|transparent)$")
_FILL = re.compile(r"fill=(\"[^\"]*\"|'[^']*')")
MARGIN = 24.0
_DEFAULT_FILL, _DEFAULT_STROKE, _TEXT = "#f8fafc", "#334155", "#1f2937"


# Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Text content: XML-escaped, with characters XML cannot carry dropped."""
    return escape(_NOT_XML.sub("", text))


def attr(text: str) -> str:
    """A quoted attribute value (quotes included), escaped the same way."""
    return quoteattr(_NOT_XML.sub("", text))


def _colour(value: str | None, fallback: str) -> str:
    return value if value and _COLOR.match(value) else fallback


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def shape_svg(shape: str, b: Box, attrs: str) -> str:
    """The outline of `shape` filling box `b` (`attrs` = fill/stroke attributes)."""
    x, y, w, h, r, bt = b.x, b.y, b.w, b.h, b.right, b.bottom
    line = _FILL.sub('fill="none"', attrs)  # for inner rims drawn over the body
    if shape in ("oval", "circle"):
        cx, cy = _f(x + w / 2), _f(y + h / 2)
        return f'<ellipse cx="{cx}" cy="{cy}" rx="{_f(w / 2)}" ry="{_f(h / 2)}" {attrs}/>'
    if shape == "diamond":
        pts = [(x + w / 2, y), (r, y + h / 2), (x + w / 2, bt), (x, y + h / 2)]
        return f'<polygon points="{_pts(pts)}" {attrs}/>'
    if shape == "hexagon":
        d = min(w / 4, h / 2)
        pts = [(x + d, y), (r - d, y), (r, y + h / 2), (r - d, bt), (x + d, bt), (x, y + h / 2)]
        return f'<polygon points="{_pts(pts)}" {attrs}/>'
    if shape in ("parallelogram", "step"):
        d = min(20.0, w / 5)
        if shape == "step":
            pts = [(x, y), (r - d, y), (r, y + h / 2), (r - d, bt), (x, bt), (x + d, y + h / 2)]
        else:
            pts = [(x + d, y), (r, y), (r - d, bt), (x, bt)]
        return f'<polygon points="{_pts(pts)}" {attrs}/>'
    if shape == "cylinder":
        ry = min(10.0, h / 6)
        body = (
            f"M{_f(x)},{_f(y + ry)} A{_f(w / 2)},{_f(ry)} 0 0 1 {_f(r)},{_f(y + ry)} "
            f"V{_f(bt - ry)} A{_f(w / 2)},{_f(ry)} 0 0 1 {_f(x)},{_f(bt - ry)} Z"
        )
        rim = f"M{_f(x)},{_f(y + ry)} A{_f(w / 2)},{_f(ry)} 0 0 0 {_f(r)},{_f(y + ry)}"
        return f'<path d="{body}" {attrs}/><path d="{rim}" {line}/>'
    if shape == "queue":
        rx = min(12.0, w / 8)
        body = (
            f"M{_f(x + rx)},{_f(y)} H{_f(r - rx)} "
            f"A{_f(rx)},{_f(h / 2)} 0 0 1 {_f(r - rx)},{_f(bt)} "
            f"H{_f(x + rx)} A{_f(rx)},{_f(h / 2)} 0 0 1 {_f(x + rx)},{_f(y)} Z"
        )
        rim = f"M{_f(r - rx)},{_f(y)} A{_f(rx)},{_f(h / 2)} 0 0 0 {_f(r - rx)},{_f(bt)}"
        return f'<path d="{body}" {attrs}/><path d="{rim}" {line}/>'
    if shape == "stored_data":
        rx = min(14.0, w / 6)
        path = (
            f"M{_f(x + rx)},{_f(y)} H{_f(r)} A{_f(rx)},{_f(h / 2)} 0 0 0 {_f(r)},{_f(bt)} "
            f"H{_f(x + rx)} A{_f(rx)},{_f(h / 2)} 0 0 1 {_f(x + rx)},{_f(y)} Z"
        )
        return f'<path d="{path}" {attrs}/>'
    if shape in ("document", "page"):
        wave = min(12.0, h / 5)
        if shape == "page":
            c = min(14.0, w / 5)
            pts = [(x, y), (r - c, y), (r, y + c), (r, bt), (x, bt)]
            return f'<polygon points="{_pts(pts)}" {attrs}/>'
        path = (
            f"M{_f(x)},{_f(y)} H{_f(r)} V{_f(bt - wave)} "
            f"Q{_f(x + 3 * w / 4)},{_f(bt - 2 * wave)} {_f(x + w / 2)},{_f(bt - wave)} "
            f"T{_f(x)},{_f(bt - wave)} Z"
        )
        return f'<path d="{path}" {attrs}/>'
    if shape == "person":
        hr = min(w, h) / 5
        mid_x = x + w / 2
        head = f'<circle cx="{_f(mid_x)}" cy="{_f(y + hr)}" r="{_f(hr)}" {attrs}/>'
        path = (
            f"M{_f(x)},{_f(bt)} V{_f(y + 2.6 * hr)} Q{_f(x)},{_f(y + 2.1 * hr)} "
            f"{_f(x + w / 4)},{_f(y + 2.1 * hr)} H{_f(r - w / 4)} "
            f"Q{_f(r)},{_f(y + 2.1 * hr)} {_f(r)},{_f(y + 2.6 * hr)} V{_f(bt)} Z"
        )
        return head + f'<path d="{path}" {attrs}/>'
    if shape == "cloud":
        # four cubic lobes, as fractions of the box
        lobes = [
            ((-0.05, 0.9), (0.0, 0.4), (0.22, 0.42)),
            ((0.2, 0.0), (0.6, 0.0), (0.62, 0.25)),
            ((0.8, 0.1), (1.02, 0.35), (0.85, 0.5)),
            ((1.05, 0.65), (0.95, 0.9), (0.75, 0.9)),
        ]
        path = f"M{_f(x + 0.25 * w)},{_f(y + 0.9 * h)} " + " ".join(
            "C" + " ".join(f"{_f(x + fx * w)},{_f(y + fy * h)}" for fx, fy in lobe)
            for lobe in lobes
        )
        return f'<path d="{path} Z" {attrs}/>'
    if shape == "package":
        tab_w, tab_h = min(w / 3, 50.0), 12.0
        pts = [(x, y), (x + tab_w, y), (x + tab_w, y + tab_h), (r, y + tab_h), (r, bt), (x, bt)]
        return f'<polygon points="{_pts(pts)}" {attrs}/>'
    if shape == "callout":
        tail = min(16.0, h / 4)
        pts = [
            (x, y),
            (r, y),
            (r, bt - tail),
            (x + w / 2, bt - tail),
            (x + w / 3, bt),
            (x + w / 3, bt - tail),
            (x, bt - tail),
        ]
        return f'<polygon points="{_pts(pts)}" {attrs}/>'
    if shape == "text":
        return ""
    rx = 4 if shape not in ("square",) else 2
    return f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" rx="{rx}" {attrs}/>'


def _text(
    x: float,
    y: float,
    label: str,
    *,
    size: float,
    anchor: str = "middle",
    weight: str = "normal",
    colour: str = _TEXT,
) -> str:
    lines = label.split("\n")
    first = y - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{_f(x)}" y="{_f(first + i * LINE_HEIGHT)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="{anchor}" dominant-baseline="central" font-size="{_f(size)}" '
        f'font-weight="{weight}" fill={attr(colour)}>{spans}</text>'
    )


def _badge(cx: float, cy: float, mark: ThreatMark | None, stroke: str) -> str:
    """The ``threats`` view's count of open threats: a filled circle with the number."""
    if mark is None or mark.open_count <= 0:
        return ""
    text = str(mark.open_count)
    r = 9.0 + 3.0 * max(0, len(text) - 1)
    return (
        f'<g class="threat-badge" data-severity={attr(mark.severity or "none")}>'
        f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" fill={attr(stroke)} '
        f'stroke="#ffffff" stroke-width="1.5"/>'
        + _text(cx, cy, text, size=11, weight="bold", colour="#ffffff")
        + f"<title>{esc(f'{mark.open_count} open threat(s), worst {mark.severity}')}</title>"
        + "</g>"
    )


def _allowed_icon(url: str | None) -> str | None:
    if not url or not layout_settings().svg_external_icons:
        return None
    s = d2_settings()
    parts = urlsplit(url)
    if parts.scheme in s.allowed_url_schemes and parts.hostname in s.allowed_url_hosts:
        return url
    return None


def _glyph(node: GraphNode, b: Box, stroke: str) -> str:
    """The node's icon: the allowed external image if enabled, else its Material Design Icon
    inlined as a path, else a small circle with the class initial."""
    cls = node_class(node.classes)
    url = _allowed_icon(node.icon or (icon_url(cls) if cls else None))
    gx, gy = b.x + 8, b.y + 8
    if url:
        return f'<image x="{_f(gx)}" y="{_f(gy)}" width="18" height="18" href={attr(url)}/>'
    if not (cls or node.icon):
        return ""
    drawn = node_icon(node)
    if drawn is not None:
        return (
            f'<svg class="icon" data-icon={attr(drawn.id)} x="{_f(gx)}" y="{_f(gy)}" '
            f'width="18" height="18" viewBox={attr(drawn.view_box)}>'
            f"<path d={attr(drawn.path)} fill={attr(stroke)}/></svg>"
        )
    initial = (cls or "i")[0].upper()
    return (
        f'<circle cx="{_f(gx + 8)}" cy="{_f(gy + 8)}" r="8" fill="#ffffff" '
        f"stroke={attr(stroke)}/>"
        f'<text x="{_f(gx + 8)}" y="{_f(gy + 8)}" text-anchor="middle" dominant-baseline="central" '
        f'font-size="10" font-weight="bold" fill={attr(stroke)}>{esc(initial)}</text>'
    )


def _arrow(p: tuple[float, float], q: tuple[float, float], colour: str) -> str:
    """A filled triangle at q pointing along p -> q."""
    ang = math.atan2(q[1] - p[1], q[0] - p[0])
    size, spread = 10.0, 0.45
    a = (q[0] - size * math.cos(ang - spread), q[1] - size * math.sin(ang - spread))
    b = (q[0] - size * math.cos(ang + spread), q[1] - size * math.sin(ang + spread))
    return f'<polygon points="{_pts([q, a, b])}" fill={attr(colour)}/>'


def render_svg(graph: DiagramGraph, layout: Layout) -> str:
    min_x, min_y, max_x, max_y = layout.bounds()
    ox, oy = MARGIN - min_x, MARGIN - min_y
    width, height = max_x - min_x + 2 * MARGIN, max_y - min_y + 2 * MARGIN
    parents = {n.id: n.parent for n in graph.nodes}
    holding = {n.parent for n in graph.nodes if n.parent}

    def depth(nid: str) -> int:
        d, cur = 0, parents.get(nid)
        while cur is not None and d < 64:
            d, cur = d + 1, parents.get(cur)
        return d

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect x="0" y="0" width="{_f(width)}" height="{_f(height)}" fill="#ffffff"/>',
        f'<g transform="translate({_f(ox)},{_f(oy)})">',
    ]
    order = sorted((n for n in graph.nodes if n.id in layout.nodes), key=lambda n: depth(n.id))
    leaves_after: list[str] = []
    for n in order:
        b = layout.nodes[n.id]
        cls = NODE_CLASSES.get(node_class(n.classes) or "")
        fill = _colour(n.style.get("fill"), cls.fill if cls else _DEFAULT_FILL)
        stroke = _colour(n.style.get("stroke"), cls.stroke if cls else _DEFAULT_STROKE)
        font = _colour(n.style.get("font-color"), cls.font_color if cls else _TEXT)
        dash = ' stroke-dasharray="6 4"' if n.style.get("stroke-dash", "0") not in ("", "0") else ""
        attrs = f'fill={attr(fill)} stroke={attr(stroke)} stroke-width="1.5"{dash}'
        container = n.is_container or n.id in holding
        part = [f'<g class="node" data-id={attr(n.id)}>']
        if container:
            part.append(shape_svg("rectangle", b, attrs))
            part.append(
                _text(
                    b.x + 14,
                    b.y + 20,
                    n.label,
                    size=FONT_SIZE + 1,
                    anchor="start",
                    weight="bold",
                    colour=font,
                )
            )
        else:
            part.append(shape_svg(n.shape, b, attrs))
            part.append(_glyph(n, b, stroke))
            cy = b.y + b.h / 2 + (b.h / 5 if n.shape == "person" else 0)
            part.append(_text(b.x + b.w / 2, cy, n.label, size=FONT_SIZE, colour=font))
            part.append(_badge(b.x + b.w, b.y, n.threat, stroke))
        if n.tooltip:
            part.append(f"<title>{esc(n.tooltip)}</title>")
        part.append("</g>")
        (leaves_after if not container else out).append("".join(part))
    edge_parts: list[str] = []
    for e in graph.edges:
        pts = layout.edges.get(e.id)
        if not pts or len(pts) < 2:
            continue
        colour = _colour(e.style.get("stroke"), "#475569")
        dash = ' stroke-dasharray="6 4"' if e.style.get("stroke-dash", "0") not in ("", "0") else ""
        part = [
            f'<g class="edge" data-id={attr(e.id)}>',
            f'<polyline points="{_pts(pts)}" fill="none" stroke={attr(colour)} '
            f'stroke-width="1.5"{dash}/>',
        ]
        if e.dst_arrow != "none":
            part.append(_arrow(pts[-2], pts[-1], colour))
        if e.src_arrow != "none":
            part.append(_arrow(pts[1], pts[0], colour))
        if e.label:
            lb = layout.edge_labels.get(e.id)
            if lb is not None:
                cx, cy, w, h = lb.x + lb.w / 2, lb.y + lb.h / 2, lb.w, lb.h
            else:
                mid = len(pts) // 2
                cx, cy = (pts[mid - 1][0] + pts[mid][0]) / 2, (pts[mid - 1][1] + pts[mid][1]) / 2
                w, h = text_width(e.label, EDGE_LABEL_FONT) + 8, 16.0
            part.append(
                f'<rect x="{_f(cx - w / 2)}" y="{_f(cy - h / 2)}" width="{_f(w)}" height="{_f(h)}" '
                f'fill="#ffffff" fill-opacity="0.85"/>'
            )
            part.append(_text(cx, cy, e.label, size=EDGE_LABEL_FONT, colour="#334155"))
        if e.threat is not None and e.threat.open_count:
            mid = len(pts) // 2
            bx, by = (pts[mid - 1][0] + pts[mid][0]) / 2, (pts[mid - 1][1] + pts[mid][1]) / 2
            if e.label and (lb := layout.edge_labels.get(e.id)) is not None:
                bx, by = lb.x + lb.w, lb.y
            part.append(_badge(bx, by, e.threat, colour))
        part.append("</g>")
        edge_parts.append("".join(part))
    out += leaves_after + edge_parts
    out.append("</g></svg>")
    return "\n".join(out)
