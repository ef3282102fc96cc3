"""Node icons, drawn offline from Material Design Icons.

The icons come from the ``@mdi/svg`` npm package (pinned in package.json, installed with the
other Node packages under ``node_modules``; the web app draws the same set from ``@mdi/js``
of the same version): one SVG file per icon, read on first use and cached. Nothing is fetched
at run time. A node's icon is the Iconify id of its D2 ``icon`` when that is an Iconify URL
(``https://api.iconify.design/mdi/database.svg``), else its style-pack class's icon; the SVG
export inlines its path and the React Flow JSON carries it (``iconPath``), so the browser
needs no icon set of its own. A node whose icon is not in the set (another Iconify prefix, a
missing package) gets the class-initial glyph instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from shared.contracts import GraphNode

from .elk import node_modules_dir
from .sizing import node_class

#: style-pack class -> Iconify id (Material Design Icons)
ICON_BY_CLASS: dict[str, str] = {
    "client": "mdi:account-circle",
    "external": "mdi:web",
    "network": "mdi:lan",
    "security": "mdi:shield-lock",
    "process": "mdi:server",
    "database": "mdi:database",
    "cache": "mdi:lightning-bolt",
    "storage": "mdi:folder",
    "queue": "mdi:tray-full",
    "ai": "mdi:brain",
    "monitoring": "mdi:chart-line",
    "zone": "mdi:shape-outline",
}

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_D = re.compile(r'\sd="([^"]*)"')
#: path data only (letters of the path grammar, numbers, separators): what we inline must never
#: be able to carry markup, whatever the file holds
PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\- ]{1,20000}$")


@dataclass(frozen=True)
class Icon:
    id: str  # Iconify id, "mdi:database"
    path: str  # SVG path data in the view box
    view_box: str = "0 0 24 24"


def iconify_id(node: GraphNode) -> str | None:
    """`prefix:name` from an api.iconify.design icon URL, else from the node's class."""
    if node.icon:
        parts = urlsplit(node.icon)
        if parts.hostname == "api.iconify.design":
            segs = [s for s in parts.path.split("/") if s]
            if len(segs) == 2 and segs[1].endswith(".svg"):
                return f"{segs[0]}:{segs[1][:-4]}"
            if len(segs) == 1 and ":" in segs[0]:
                return segs[0].removesuffix(".svg")
    cls = node_class(node.classes)
    return ICON_BY_CLASS.get(cls) if cls else None


def icon_dir() -> Path:
    return node_modules_dir() / "@mdi" / "svg" / "svg"


@lru_cache(maxsize=1024)
def icon(iconify: str) -> Icon | None:
    """The icon named by an Iconify id, if the bundled set has it."""
    prefix, _, name = iconify.partition(":")
    if prefix != "mdi" or not _NAME.match(name):
        return None
    try:
        text = (icon_dir() / f"{name}.svg").read_text(encoding="utf-8")
    except OSError:
        return None
    path = " ".join(_D.findall(text))
    return Icon(iconify, path) if PATH_DATA.match(path) else None


def node_icon(node: GraphNode) -> Icon | None:
    found = iconify_id(node)
    return icon(found) if found else None
