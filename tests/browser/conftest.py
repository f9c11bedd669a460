"""Browser fixtures shared by the dashboard and review-queue tests: Debian's Chromium, a Japanese page,
one context per test (see tests/support/browser.py for logging in and screenshots)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import SCREENSHOTS, chromium
from tests.support.dashboard_fixtures import site

__all__ = ["browser", "page", "site"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1360, "height": 900},
                                  accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()
