"""Support for the review tests: reviewer and CAIO keys, an injectable clock, and request helpers.

The fixtures ``clock``, ``review_keys`` and ``review_server`` are registered in
``tests/gateway/conftest.py``.

Example:
    def test_x(review_server: ServerThread, review_keys: ReviewKeys) -> None:
        review_id = ask(review_server.url, review_keys.requester, "…", use_case="resident_document").headers[...]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from audit.review import SqlReviewStore
from gateway.database import create_db_engine
from gateway.keys import SqlKeyStore
from tests.support.clock import Clock

if TYPE_CHECKING:
    from tests.gateway.conftest import Keys, ServerThread

__all__ = ["Clock", "ReviewKeys", "ask", "make_review_keys", "make_review_server", "reviews_api"]


@dataclass
class ReviewKeys:
    requester: str  # suzuki.hanako (総務課, staff): keys.staff
    requester_reviewer: str  # a second key of suzuki.hanako, with the reviewer role
    kakaricho: str  # 総務課 reviewer (係長)
    kacho: str  # 総務課 reviewer (課長)
    fukushi_reviewer: str  # 福祉課 reviewer: another department
    caio: str


def make_review_keys(database_url: str, keys: Keys) -> ReviewKeys:
    store = SqlKeyStore(create_db_engine(database_url))
    return ReviewKeys(
        requester=keys.staff,
        requester_reviewer=store.create("suzuki.hanako", "soumu", ["staff", "reviewer"])[1],
        kakaricho=store.create("takahashi.kakaricho", "soumu", ["staff", "reviewer"])[1],
        kacho=store.create("watanabe.kacho", "soumu", ["reviewer"])[1],
        fukushi_reviewer=store.create("kobayashi.fukushi", "fukushi", ["reviewer"])[1],
        caio=store.create("nakamura.caio", "kikaku", ["caio"])[1],
    )


def make_review_server(make_server: Callable[..., ServerThread], database_url: str, clock: Clock) -> ServerThread:
    return make_server(reviews=SqlReviewStore(create_db_engine(database_url), clock=clock))


def ask(url: str, key: str, text: str, *, use_case: str | None = None, model: str = "upstream", **body: Any) -> httpx.Response:
    """One chat completion through the gateway, over plain HTTP (headers and body as sent)."""
    headers = {"authorization": f"Bearer {key}"}
    if use_case is not None:
        headers["x-gateway-use-case"] = use_case
    payload = {"model": model, "messages": [{"role": "user", "content": text}], **body}
    return httpx.post(f"{url}/v1/chat/completions", json=payload, headers=headers, timeout=30)


def reviews_api(url: str, key: str, method: str, path: str = "", **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{url}/v1/gateway/reviews{path}", headers={"authorization": f"Bearer {key}"},
                         timeout=30, **kwargs)
