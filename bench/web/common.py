"""What the web app's benchmark and screenshot share: a private suite with a signed-up user,
and a Chromium page already signed in as that user (the token put in the tab's
sessionStorage before the app starts, as the app keeps it after a sign-in)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page

from shared.data.db import reset_engine
from shared.settings import clear_caches
from tests.support.api import Api
from tests.support.suite import Suite, private_suite

#: resolves after two animation frames: whatever was rendered before it is painted
FRAMES = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


@dataclass
class Seeded:
    suite: Suite
    api: Api
    token: str
    headers: dict[str, str]
    email: str


@contextmanager
def seeded_suite(prefix: str) -> Iterator[Seeded]:
    """A private suite (own database, Redis db, workers, gateway serving web/dist) with one
    user; this process's settings point at the suite's database, to seed data directly."""
    log_dir = Path(tempfile.mkdtemp(prefix=prefix))
    with private_suite(log_dir) as suite, Api(suite.base_url) as api:
        saved = {k: os.environ.get(k) for k in suite.env}
        os.environ.update(suite.env)
        clear_caches()
        reset_engine()
        try:
            token, headers = api.new_user()
            yield Seeded(suite, api, token, headers, api.email_of(headers))
        finally:
            reset_engine()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            clear_caches()


def signed_in_page(
    browser: Browser, seeded: Seeded, *, width: int = 1600, height: int = 900
) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height})
    token, email = json.dumps(seeded.token), json.dumps(seeded.email)
    context.add_init_script(
        f"sessionStorage.setItem('archdesign.token', {token});"
        f"sessionStorage.setItem('archdesign.email', {email});"
    )
    return context.new_page()
