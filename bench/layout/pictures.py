"""PNG pictures of one replayed conversation, every version, for people to look at.

    .venv/bin/python -m bench.layout.pictures [--conversation shop] [--out docs/pictures]

Lays out each version as the pipeline does (bench/layout/edits.py), writes its SVG export and
has headless Chromium (Debian's /usr/bin/chromium) take a screenshot of it at its own size.
Writes ``<conversation>-<n>.png`` and an index, ``<conversation>.md``, with each request.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import tempfile
from pathlib import Path

from services.layout import render_svg

from .conversations import CONVERSATIONS, replay
from .edits import lay_out

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("headless Chromium is needed: apt-get install -y chromium")
    return exe


def svg_size(svg: str) -> tuple[int, int]:
    head = svg[: svg.index(">")]
    width = float(head.split('width="', 1)[1].split('"', 1)[0])
    height = float(head.split('height="', 1)[1].split('"', 1)[0])
    return math.ceil(width), math.ceil(height)


def screenshot(svg: str, out: Path, work: Path) -> None:
    """`svg` as a PNG of its own size, drawn by Chromium."""
    page = work / f"{out.stem}.svg"
    page.write_text(svg, encoding="utf-8")
    w, h = svg_size(svg)
    subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--window-size={w},{h}",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--conversation", default="shop", choices=list(CONVERSATIONS))
    p.add_argument("--out", default="docs/pictures")
    p.add_argument("--engine", choices=["elk", "native"], default=None)
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = args.conversation
    laid = lay_out(replay(CONVERSATIONS[name]), args.engine)
    lines = [f"# The `{name}` conversation, version by version", ""]
    lines += [
        "Made by `.venv/bin/python -m bench.layout.pictures --conversation "
        f"{name}`: each version laid out as the pipeline does (an edit from the previous "
        "version's picture), exported as SVG and drawn by headless Chromium.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for i, lo in enumerate(laid, start=1):
            png = out / f"{name}-{i}.png"
            screenshot(render_svg(lo.version.graph, lo.layout), png, Path(tmp))
            verb = "created" if i == 1 else "edited"
            lines += [
                f"## {i}. “{lo.version.query}” ({verb})",
                "",
                f"![version {i}]({png.name})",
                "",
            ]
            print(png, flush=True)
    (out / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
