"""SVG export: well-formed XML for every shape, hostile text inert, no external references."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.layout import layout_graph, render_svg
from services.layout.model import Box, Layout
from shared.contracts import DiagramGraph, GraphEdge, GraphNode
from shared.settings import clear_caches

pytestmark = pytest.mark.node

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = [
    "rectangle",
    "square",
    "oval",
    "circle",
    "cylinder",
    "queue",
    "hexagon",
    "diamond",
    "stored_data",
    "person",
    "cloud",
    "parallelogram",
    "step",
    "document",
    "page",
    "package",
    "callout",
    "text",
    "sql_table",
]
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "x' onload='alert(1)",
    "]]><script>alert(2)</script>",
    "&amp; &lt; \u202e",
]


def _assert_inert(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed, or this raises
    for el in root.iter():
        tag = el.tag.removeprefix(SVG)
        assert tag not in {"script", "foreignObject", "iframe", "img", "use"}
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), (tag, attr)
            if attr.endswith("href"):
                raise AssertionError(f"external reference {value}")
    return root


def _one_node_graph(label: str, shape: str = "rectangle", **style: str) -> DiagramGraph:
    return DiagramGraph(
        nodes=[
            GraphNode(id="zone", label=label, is_container=True),
            GraphNode(
                id="zone.a",
                label=label,
                parent="zone",
                shape=shape,
                style=dict(style),
                tooltip=label,
                classes=["process"],
            ),
            GraphNode(id="b", label="b", classes=["database"], shape="cylinder"),
        ],
        edges=[GraphEdge(id="e", src="zone.a", dst="b", label=label)],
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_renders_as_valid_svg(shape: str) -> None:
    graph = _one_node_graph("Label", shape)
    _assert_inert(render_svg(graph, layout_graph(graph)))


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_labels_are_text_only(label: str) -> None:
    graph = _one_node_graph(label)
    root = _assert_inert(render_svg(graph, layout_graph(graph)))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert label in texts  # shown verbatim, as text


def test_style_values_cannot_inject_attributes() -> None:
    graph = _one_node_graph("a", fill='red" onload="alert(1)', stroke="url(javascript:alert(1))")
    svg = render_svg(graph, layout_graph(graph))
    _assert_inert(svg)
    assert "javascript" not in svg and "alert" not in svg


def test_style_colours_are_used_when_valid() -> None:
    graph = _one_node_graph("a", fill="#123456", stroke="tomato")
    svg = render_svg(graph, layout_graph(graph))
    assert 'fill="#123456"' in svg and 'stroke="tomato"' in svg


def test_icons_are_local_glyphs_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = DiagramGraph(
        nodes=[
            GraphNode(
                id="a",
                label="a",
                icon="https://icons.terrastruct.com/essentials%2F117-database.svg",
            ),
            GraphNode(id="b", label="b", icon="https://evil.example/x.svg"),
            GraphNode(id="c", label="c", icon="javascript:alert(1)"),
        ]
    )
    layout = layout_graph(graph)
    _assert_inert(render_svg(graph, layout))  # default: no external reference at all
    monkeypatch.setenv("LAYOUT_SVG_EXTERNAL_ICONS", "true")
    clear_caches()
    try:
        root = ET.fromstring(render_svg(graph, layout))
        hrefs = [v for el in root.iter() for k, v in el.attrib.items() if k.endswith("href")]
        assert hrefs == ["https://icons.terrastruct.com/essentials%2F117-database.svg"]
    finally:
        monkeypatch.delenv("LAYOUT_SVG_EXTERNAL_ICONS")
        clear_caches()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20))
def test_any_text_gives_well_formed_inert_svg(label: str, edge_label: str) -> None:
    # XML 1.0 cannot carry most control characters; the D2 validator rejects them upstream,
    # and here they must at least not break the document.
    graph = DiagramGraph(
        nodes=[GraphNode(id="a", label=label), GraphNode(id="b", label="b")],
        edges=[GraphEdge(id="e", src="a", dst="b", label=edge_label)],
    )
    layout = Layout(
        nodes={"a": Box(0, 0, 100, 40), "b": Box(200, 0, 100, 40)},
        edges={"e": [(100, 20), (200, 20)]},
    )
    _assert_inert(render_svg(graph, layout))
