"""The web app draws nodes in the style pack's colours: its palette is the style pack's."""

from __future__ import annotations

import json
from pathlib import Path

from services.layout import svg
from services.layout.reactflow import ICONIFY_BY_CLASS
from shared.stylepack import NODE_CLASSES

WEB = Path(__file__).resolve().parents[3] / "web" / "src" / "diagram"


def test_palette_matches_the_style_pack_and_the_svg_export() -> None:
    palette = json.loads((WEB / "palette.json").read_text())
    assert palette["classes"] == {
        name: {"fill": c.fill, "stroke": c.stroke, "font": c.font_color}
        for name, c in NODE_CLASSES.items()
    }
    default = palette["default"]
    assert (default["fill"], default["stroke"], default["font"]) == (
        svg._DEFAULT_FILL,
        svg._DEFAULT_STROKE,
        svg._TEXT,
    )


def test_the_app_bundles_an_icon_for_every_class_icon_the_layout_names() -> None:
    icons = (WEB / "icons.ts").read_text()
    for iconify_id in ICONIFY_BY_CLASS.values():
        assert f'"{iconify_id}":' in icons, iconify_id
