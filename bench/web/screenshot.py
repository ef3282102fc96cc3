"""The README's picture of the web app: a real conversation on a private suite, shot in
headless Chromium.

    .venv/bin/python -m bench.web.screenshot [--out docs/img/webapp.png]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import expect

from bench.web.common import FRAMES, seeded_suite, signed_in_page
from tests.support.browser import chromium

ROOT = Path(__file__).resolve().parents[2]
CONVERSATION = (
    "create a secure web application with a database and authentication",
    "add a redis cache between the api and the database",
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.web.screenshot")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "webapp.png")
    out = parser.parse_args().out
    with seeded_suite("webapp-shot-") as seeded, chromium() as (_, browser):
        code = seeded.api.new_project(seeded.headers, "online shop")
        page = signed_in_page(browser, seeded)
        page.goto(f"{seeded.suite.base_url}/#/p/{code}")
        expect.set_options(timeout=60_000)
        for n, text in enumerate(CONVERSATION, 1):
            page.get_by_test_id("chat-input").fill(text)
            page.get_by_test_id("chat-input").press("Enter")
            answers = page.locator("[data-testid=chat-message][data-role=assistant]")
            expect(answers).to_have_count(n)
            expect(page.get_by_test_id("diagram")).to_have_attribute("data-version", str(n))
        page.evaluate(FRAMES)  # the fit-view frame after the last version is painted
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
