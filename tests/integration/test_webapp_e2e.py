"""The web app end to end: real Chromium (Playwright driving Debian's chromium) on the app the
gateway serves, over the real suite (workers, Redis, PostgreSQL) — no mocked API.

Elements are found by the `data-testid` names of issue 14, which scripts rely on.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from services.gateway.webapp import REPO_WEB_DIST
from tests.support.api import Api
from tests.support.browser import ConsoleLog, chromium

pytestmark = [pytest.mark.integration, pytest.mark.browser]

PASSWORD = "correct horse battery staple 42"
CREATE = "create a secure web application with a database and authentication"
EDIT = "add a redis cache between the api and the database"
HOSTILE = "<img src=x onerror=window.__xss=1>"
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert (REPO_WEB_DIST / "index.html").is_file(), "build the web app first: make web"
    with chromium() as (_, b):
        yield b


@pytest.fixture()
def console() -> Iterator[ConsoleLog]:
    log = ConsoleLog()
    yield log
    assert log.errors == [], "\n".join(log.errors)


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1600, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    return context


def _register(page: Page, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_test_id("auth-email").fill(email)
    page.get_by_test_id("auth-password").fill(PASSWORD)
    page.get_by_test_id("auth-register").click()
    expect(page.get_by_test_id("project-name")).to_be_visible()


def _create_project(page: Page, name: str) -> None:
    page.get_by_test_id("project-name").fill(name)
    page.get_by_test_id("project-create").click()
    expect(page.get_by_test_id("project-item").filter(has_text=name)).to_have_count(1)


def _say(page: Page, text: str, *, answers: int) -> None:
    """Type a request, send it with Enter, and wait for the `answers`-th assistant message."""
    box = page.get_by_test_id("chat-input")
    box.fill(text)
    box.press("Enter")
    expect(page.locator("[data-testid=chat-message][data-role=assistant]")).to_have_count(answers)


def _version(page: Page, n: int) -> Any:
    return page.locator(f"[data-testid=version-item][data-version='{n}']")


def _nodes(page: Page) -> int:
    return page.get_by_test_id("diagram").locator(".react-flow__node").count()


def _download(page: Page, testid: str) -> str:
    with page.expect_download() as info:
        page.get_by_test_id(testid).click()
    path = info.value.path()
    return Path(path).read_text()


def _token(page: Page) -> str:
    return str(page.evaluate("sessionStorage.getItem('archdesign.token')"))


def test_a_whole_conversation_in_the_browser(
    api: Api, gateway: str, browser: Browser, console: ConsoleLog
) -> None:
    context = _context(browser)
    page = console.watch(context.new_page())
    email = f"web-{secrets.token_hex(5)}@example.com"
    _register(page, gateway, email)
    name = f"shop {secrets.token_hex(3)}"
    _create_project(page, name)

    # create: progress stage by stage, then the answer and the diagram
    _say(page, CREATE, answers=1)
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "succeeded")
    for stage in ("intent", "generate", "validate", "layout", "persist"):
        done = progress.locator(f"[data-stage={stage}]")
        expect(done).to_have_attribute("data-state", "completed")
    expect(_version(page, 1)).to_be_visible()
    diagram = page.get_by_test_id("diagram")
    expect(diagram.locator(".react-flow__node").first).to_be_visible()
    v1_nodes = _nodes(page)
    assert v1_nodes >= 5 and diagram.locator(".react-flow__edge").count() >= 3
    # zones are parent nodes; shapes and icons come from the stored JSON
    assert diagram.locator(".react-flow__node-zone").count() >= 2
    assert diagram.locator("[data-shape=cylinder]").count() >= 1
    assert diagram.locator("[data-icon='mdi:database']").count() >= 1
    assert diagram.locator(".dg-edge-label").count() >= 1  # edge labels
    assert diagram.locator("path[marker-end]").count() >= 3  # arrowheads
    expect(page.locator(".react-flow__minimap")).to_be_visible()
    v1_d2 = page.get_by_test_id("d2-source").text_content()
    assert v1_d2 and "->" in v1_d2

    # edit: version 2 with more nodes
    _say(page, EDIT, answers=2)
    expect(_version(page, 2)).to_be_visible()
    expect(diagram).to_have_attribute("data-version", "2")
    assert _nodes(page) > v1_nodes

    # reload: the tab keeps its token; project, diagram, versions and chat come back
    page.reload()
    expect(page.get_by_test_id("project-item").filter(has_text=name)).to_have_count(1)
    expect(page.get_by_test_id("version-item")).to_have_count(2)
    expect(page.get_by_test_id("chat-message")).to_have_count(4)
    expect(diagram).to_have_attribute("data-version", "2")
    expect(diagram.locator(".react-flow__node")).to_have_count(v1_nodes + 1)

    # select version 1 (a preview), compare, then revert: version 3 equals version 1
    _version(page, 1).click()
    expect(diagram).to_have_attribute("data-version", "1")
    expect(diagram.locator(".react-flow__node")).to_have_count(v1_nodes)
    page.get_by_role("button", name="Compare with current").click()
    expect(diagram.locator(".react-flow__node.dg-diff-added")).to_have_count(1)
    page.get_by_test_id("version-revert").click()
    expect(_version(page, 3)).to_be_visible()
    expect(diagram).to_have_attribute("data-version", "3")
    assert page.get_by_test_id("d2-source").text_content() == v1_d2
    expect(diagram.locator(".react-flow__node")).to_have_count(v1_nodes)

    # downloads of the shown version (fetched with the token)
    svg = _download(page, "export-svg")
    assert svg.lstrip().startswith("<svg") and "</svg>" in svg
    assert _download(page, "export-d2") == v1_d2
    state = json.loads(_download(page, "export-json"))
    assert len(state["nodes"]) == v1_nodes

    # a view answer changes the picture, not the versions
    _say(page, "show only the data tier", answers=3)
    expect(page.get_by_text("A view of the current version")).to_be_visible()
    assert 0 < _nodes(page) < v1_nodes
    expect(page.get_by_test_id("version-item")).to_have_count(3)

    # markup in a label, a message and a project name stays inert text
    _say(page, f'add a service called "{HOSTILE}"', answers=4)
    expect(diagram.locator(".dg-label", has_text=HOSTILE)).to_have_count(1)
    said = page.locator("[data-testid=chat-message][data-role=user]", has_text=HOSTILE)
    expect(said).to_have_count(1)
    _create_project(page, HOSTILE)
    assert page.evaluate("window.__xss") is None
    assert page.locator("main img").count() == 0

    # a second user does not see the first user's projects
    other = _context(browser)
    second = console.watch(other.new_page())
    _register(second, gateway, f"web-{secrets.token_hex(5)}@example.com")
    expect(second.get_by_test_id("project-item")).to_have_count(0)
    code = page.get_by_test_id("project-item").first.get_attribute("data-code")
    second.goto(f"{gateway}/#/p/{code}")
    expect(second.get_by_test_id("diagram")).to_have_count(0)
    other.close()
    context.close()


def test_live_versions_pins_and_a_dropped_socket(
    api: Api, gateway: str, browser: Browser, console: ConsoleLog
) -> None:
    context = _context(browser)
    page = console.watch(context.new_page())
    _register(page, gateway, f"web-{secrets.token_hex(5)}@example.com")
    _create_project(page, "live")

    # The job socket is closed under the page (as a per-user socket cap does): the page falls
    # back to polling GET /v2/jobs/{id} and still shows the result.
    def refuse(ws: WebSocketRoute) -> None:
        ws.close(code=4429, reason="too many sockets")

    page.route_web_socket(re.compile(r"/v2/jobs/[0-9a-f]+/ws"), refuse)
    _say(page, CREATE, answers=1)
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "succeeded")
    expect(progress).to_have_attribute("data-via", "polling")
    expect(_version(page, 1)).to_be_visible()

    # dragging a node pins it for the project
    code = page.get_by_test_id("project-item").first.get_attribute("data-code")
    assert code is not None
    headers = {"Authorization": f"Bearer {_token(page)}"}
    zone = page.get_by_test_id("diagram").locator(".react-flow__node-zone").first
    zone_id = zone.get_attribute("data-id")
    box = zone.bounding_box()
    assert box is not None
    with page.expect_response(lambda r: "/pins/" in r.url and r.request.method == "PUT") as put:
        page.mouse.move(box["x"] + 12, box["y"] + 6)
        page.mouse.down()
        page.mouse.move(box["x"] + 40, box["y"] + 200, steps=8)
        page.mouse.up()
    assert put.value.status == 200
    expect(zone.locator(".dg-pin")).to_be_visible()
    pins = api.http.get(f"/v2/projects/{code}/pins", headers=headers).json()
    assert [p["node_id"] for p in pins] == [zone_id]

    # a version made elsewhere (another member, through the API) appears without a reload
    _, member = api.new_user()
    r = api.http.post(
        f"/v2/projects/{code}/members", json={"email": api.email_of(member)}, headers=headers
    )
    assert r.status_code == 201, r.text
    job = api.ask(member, code, EDIT)
    assert job["status"] == "succeeded", job
    expect(_version(page, 2)).to_be_visible()
    expect(page.get_by_test_id("diagram")).to_have_attribute("data-version", "2")
    # ... laid out with the pin honoured
    v2 = api.http.get(f"/v2/projects/{code}/versions/2", headers=headers).json()
    assert v2["pinned_nodes"] == [zone_id]
    placed = next(n for n in v2["diagram_state"]["nodes"] if n["id"] == zone_id)
    assert abs(placed["position"]["x"] - pins[0]["x"]) < 0.5
    assert abs(placed["position"]["y"] - pins[0]["y"]) < 0.5

    # a selected pinned node can be unpinned
    zone = page.get_by_test_id("diagram").locator(f".react-flow__node[data-id='{zone_id}']")
    zone.click(position={"x": 12, "y": 6})
    unpin = page.get_by_role("button", name=re.compile(r"^Unpin "))
    with page.expect_response(lambda r: "/pins/" in r.url and r.request.method == "DELETE") as d:
        unpin.click()
    assert d.value.status == 204
    expect(zone.locator(".dg-pin")).to_have_count(0)
    assert api.http.get(f"/v2/projects/{code}/pins", headers=headers).json() == []
    context.close()


def test_labels_keyboard_and_focus_order(
    api: Api, gateway: str, browser: Browser, console: ConsoleLog
) -> None:
    context = _context(browser)
    page = console.watch(context.new_page())
    page.goto(gateway + "/")
    # every input has a label a screen reader reads
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("auth-login")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("auth-register")).to_be_focused()

    # a wrong password is a readable error with its code, not a blank screen
    page.get_by_label("Email").fill(f"nobody-{secrets.token_hex(4)}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("BAD_CREDENTIALS")
    console.errors.clear()  # the 401 itself is logged by the browser as a failed resource

    page.get_by_test_id("auth-register").click()
    expect(page.get_by_label("New project")).to_be_visible()
    page.get_by_label("New project").fill("keyboard")
    page.get_by_label("New project").press("Enter")
    expect(page.get_by_label("Message")).to_be_visible()
    message = page.get_by_label("Message")
    message.fill("what is a WAF")
    message.press("Shift+Enter")  # a new line, not a send
    message.type("and do I need one?")
    expect(message).to_have_value("what is a WAF\nand do I need one?")
    expect(page.get_by_test_id("job-progress")).to_have_count(0)
    message.press("Enter")
    expect(page.locator("[data-testid=chat-message][data-role=assistant]")).to_have_count(1)
    expect(page.get_by_label("Message")).to_have_value("")
    context.close()
