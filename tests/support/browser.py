"""Playwright driving Debian's system Chromium: never a downloaded browser.

``make test`` installs the ``chromium`` package when it is missing; here a
missing binary is a failure with a clear message, never a skip.

Example:
    with chromium() as browser:
        page = browser.new_page()
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.support.dashboard_fixtures import Site

__all__ = ["CHROMIUM", "SCREENSHOTS", "chromium", "log_in", "shot"]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=ja",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Chromium がありません: `apt-get install -y chromium`（make test が自動で入れます）"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS, headless=True,
                                             # A Japanese UI (Debian's chromium-l10n): date inputs read 2026/11/01.
                                             env={**os.environ, "LANGUAGE": "ja", "LANG": "ja_JP.UTF-8"})
        try:
            yield browser
        finally:
            browser.close()


def log_in(page: Page, site: Site, key: str) -> None:
    page.goto(f"{site.url}/dashboard/")
    expect(page).to_have_url(f"{site.url}/dashboard/login")
    page.get_by_label("API キー").fill(key)
    page.get_by_role("button", name="ログイン").click()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
