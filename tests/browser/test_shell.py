"""The site shell in a real browser: it renders, its stylesheet applies, nothing errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import ConsoleErrors
from tests.conftest import PASSWORD, make_user
from tests.posts.factories import answer, ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCENT = "rgb(244, 130, 37)"


def test_the_login_page_renders_in_the_site_shell(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    response = page.goto(f"{live_server.url}/users/login")
    assert response is not None
    assert response.status == 200
    assert page.title().startswith("Log in")
    assert page.locator("header.topbar a.logo").inner_text() == "quaestio"
    assert page.locator("nav.topnav a").all_inner_texts() == ["Questions", "Tags", "Users"]
    assert console_errors == []


def test_the_stylesheet_gives_the_top_bar_its_orange_border(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    stylesheets: list[int] = []
    page.on("response", lambda r: stylesheets.append(r.status) if r.url.endswith("/site.css") else None)
    page.goto(f"{live_server.url}/users/login")
    topbar = page.locator("header.topbar")
    border = topbar.evaluate(
        "element => { const s = getComputedStyle(element); return [s.borderTopColor, s.borderTopWidth]; }"
    )
    assert border == [ACCENT, "3px"]
    assert stylesheets == [200]
    assert console_errors == []


def test_a_member_logs_in_through_the_form(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    make_user("Alice", "alice@example.org")
    page.goto(f"{live_server.url}/users/login")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.locator("header.topbar .me-name").inner_text() == "Alice"
    assert page.get_by_role("button", name="Log out").is_visible()
    assert console_errors == []


def test_the_shell_names_a_favicon(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/users/login")
    icon = page.locator('link[rel~="icon"]')
    assert icon.count() == 1
    href = icon.get_attribute("href")
    assert href
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200


def test_a_question_page_runs_its_scripts_without_errors(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    asker = make_user("Alice", "alice@example.org", reputation=1250)
    answerer = make_user("Bob", "bob@example.org", reputation=101)
    question = ask(asker)
    answer(question, answerer)
    scripts: list[int] = []
    page.on("response", lambda r: scripts.append(r.status) if r.url.endswith(".js") else None)
    response = page.goto(f"{live_server.url}{question.get_absolute_url()}")
    assert response is not None
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == question.title
    assert scripts
    assert set(scripts) == {200}
    assert console_errors == []
