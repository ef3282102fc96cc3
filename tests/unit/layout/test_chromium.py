"""A generated diagram's SVG opens in headless Chromium without errors, and hostile labels
stay inert there (the browser is the real judge of what would execute).

Needs Debian's `chromium` (installed by the CI script and `make install`); not skipped.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from services.layout import layout_graph, render_svg
from services.layout.samples import sample_graph

pytestmark = [pytest.mark.node, pytest.mark.browser]

MARK = "document.documentElement.setAttribute('data-x', 'PW' + 'NED')"
HOSTILE = [
    f"<script>{MARK}</script>",
    f'"><img src=x onerror="{MARK}">',
    f"</text><script>{MARK}</script><text>",
]


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is required (apt-get install -y chromium)"
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    return subprocess.run(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _hostile_diagram() -> tuple[str, int]:
    graph = sample_graph(30, seed=11)
    nodes = list(graph.nodes)
    for i, label in enumerate(HOSTILE):
        nodes[i + 3] = nodes[i + 3].model_copy(update={"label": label})
    edges = [graph.edges[0].model_copy(update={"label": HOSTILE[1]}), *graph.edges[1:]]
    graph = graph.model_copy(update={"nodes": nodes, "edges": edges})
    return render_svg(graph, layout_graph(graph)), len(nodes)


def test_detector_sees_a_script_that_runs(tmp_path: Path) -> None:
    # Control: a script in an SVG does run in this Chromium, and the mark shows in the DOM.
    page = tmp_path / "control.svg"
    page.write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><script>{MARK}</script></svg>')
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert 'data-x="PWNED"' in dom


def test_generated_svg_renders_and_hostile_labels_are_inert(tmp_path: Path) -> None:
    svg, n_nodes = _hostile_diagram()
    page = tmp_path / "diagram.svg"
    page.write_text(svg, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert dom.startswith("<svg"), dom[:300]
    assert "parsererror" not in dom and "This page contains the following errors" not in dom
    assert "PWNED" not in dom  # no label executed
    assert dom.count('class="node"') == n_nodes

    shot = tmp_path / "diagram.png"
    blank = tmp_path / "blank.svg"
    blank.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"/>')
    blank_shot = tmp_path / "blank.png"
    for src, out in ((page, shot), (blank, blank_shot)):
        _chromium(tmp_path, f"--screenshot={out}", "--window-size=1200,800", src.as_uri())
        data = out.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1200, 800)
    # a drawn diagram compresses far worse than an empty page
    assert shot.stat().st_size > 4 * blank_shot.stat().st_size
