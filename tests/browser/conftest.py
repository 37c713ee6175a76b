"""A real Chromium, driven by Playwright, against the site served by pytest-django's live server.

Chromium is Debian's package (``apt-get install chromium``; ``.ci/run`` installs it), never a
browser Playwright downloads: this machine reaches package registries only. Tests here are
marked ``browser`` and skip with one line when no Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

# No GPU, no sandbox (CI runs as root), and none of Chromium's calls home: the network here is
# closed, and each refused background connection would otherwise be retried and logged.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty STATIC_ROOT, in place before the live server (session-scoped) starts.

    WhiteNoise warns, an error under this suite's settings, when STATIC_ROOT is missing; the
    site's static files are served from the package through the finders either way.
    """
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        yield root


def find_chromium() -> Path | None:
    """QUAESTIO_TEST_CHROMIUM if set, else Debian's /usr/bin/chromium, else chromium on PATH."""
    configured = os.environ.get("QUAESTIO_TEST_CHROMIUM")
    if configured:
        return Path(configured)
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """A headless Chromium for one test.

    Playwright's sync API keeps an asyncio event loop running in this thread while it is open,
    and Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation),
    taking them for calls from async code. Here they are plain synchronous calls from the test,
    so the guard is lifted for browser tests only, and only while the browser is open.
    """
    chromium = find_chromium()
    if chromium is None or not chromium.is_file():
        pytest.skip("no Chromium: apt-get install chromium, or set QUAESTIO_TEST_CHROMIUM.")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
            # Connections the test opened while the browser ran belong to the context Playwright
            # runs the test in, and pytest-django closes only those it can see; left open, one
            # keeps PostgreSQL from dropping the test database at the end of the run.
            connections.close_all()


class ConsoleErrors(list[str]):
    """What the page logged as an error, and scripts that threw."""

    def on_console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error":
            self.append(f"console: {message.text} ({url})")

    def on_page_error(self, error: Error) -> None:
        self.append(f"page error: {error.message}")


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture
def page(browser: Browser, console_errors: ConsoleErrors) -> Iterator[Page]:
    """A fresh browser context and page; console errors and uncaught exceptions are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    opened.on("console", console_errors.on_console)
    opened.on("pageerror", console_errors.on_page_error)
    try:
        yield opened
        # Let requests the page started on its own (the favicon) finish before the test ends:
        # a request still in the live server when the test database is flushed or dropped
        # holds a PostgreSQL session that makes the drop fail.
        opened.wait_for_load_state("networkidle")
    finally:
        context.close()
