"""Icons come from the bundled Material Design Icons, inlined in the SVG and carried in the
React Flow JSON; the class-initial glyph only where the set has no icon."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from services.layout import layout_graph, render, render_svg
from services.layout.icons import PATH_DATA, icon, icon_dir
from shared.contracts import DiagramGraph, GraphNode

pytestmark = pytest.mark.node

SVG_NS = "{http://www.w3.org/2000/svg}"


def _graph() -> DiagramGraph:
    return DiagramGraph(
        nodes=[
            GraphNode(id="db", label="DB", classes=["database"], shape="cylinder"),
            GraphNode(
                id="k", label="Kafka", icon="https://api.iconify.design/mdi/apache-kafka.svg"
            ),
            GraphNode(id="pg", label="PG", icon="https://api.iconify.design/logos/postgresql.svg"),
            GraphNode(id="plain", label="plain"),
        ]
    )


def test_icons_are_read_from_the_bundled_set() -> None:
    db = icon("mdi:database")
    assert db is not None and PATH_DATA.match(db.path) and db.view_box == "0 0 24 24"
    text = (icon_dir() / "database.svg").read_text()
    assert f'd="{db.path}"' in text  # the package's own path, unchanged
    assert icon("mdi:no-such-icon-at-all") is None
    assert icon("logos:postgresql") is None  # another set: not bundled
    assert icon("mdi:../../package") is None  # names are names, not paths


def test_svg_inlines_icon_paths_and_keeps_the_initial_glyph_for_the_rest() -> None:
    svg = render_svg(_graph(), layout_graph(_graph()))
    root = ET.fromstring(svg)
    drawn = {
        el.get("data-icon"): el.find(f"{SVG_NS}path")
        for el in root.iter(f"{SVG_NS}svg")
        if el.get("class") == "icon"
    }
    assert set(drawn) == {"mdi:database", "mdi:apache-kafka"}
    db = icon("mdi:database")
    assert db is not None and drawn["mdi:database"] is not None
    assert drawn["mdi:database"].get("d") == db.path
    # the PostgreSQL logo is not in the bundled set: the initial glyph; "plain" has no icon
    node_pg = next(g for g in root.iter(f"{SVG_NS}g") if g.get("data-id") == "pg")
    assert node_pg.find(f"{SVG_NS}circle") is not None
    node_plain = next(g for g in root.iter(f"{SVG_NS}g") if g.get("data-id") == "plain")
    assert node_plain.find(f"{SVG_NS}circle") is None and node_plain.find(f"{SVG_NS}svg") is None
    assert "http" not in re.sub(r'xmlns="[^"]*"', "", svg)  # nothing fetched


def test_react_flow_nodes_carry_the_icon_itself() -> None:
    nodes = {n["id"]: n["data"] for n in render(_graph()).diagram_state["nodes"]}
    db = icon("mdi:database")
    assert db is not None
    assert nodes["db"]["iconifyId"] == "mdi:database"
    assert nodes["db"]["iconPath"] == db.path and nodes["db"]["iconViewBox"] == "0 0 24 24"
    assert nodes["k"]["iconPath"] and nodes["k"]["iconifyId"] == "mdi:apache-kafka"
    assert nodes["pg"]["iconPath"] is None and nodes["plain"]["iconPath"] is None
