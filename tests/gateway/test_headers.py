"""Every answer carries the four ``x-gateway-*`` headers of DESIGN.md §6."""

from __future__ import annotations

import httpx
import pytest

from tests.gateway.conftest import Keys

HEADERS = ("x-gateway-request-id", "x-gateway-level", "x-gateway-action", "x-gateway-review-required")


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/v1/chat/completions", {"model": "preview", "messages": [{"role": "user", "content": "こんにちは"}]}, 200),
        ("POST", "/v1/chat/completions", {"model": "preview", "stream": True, "messages": [{"role": "user", "content": "こんにちは"}]}, 200),
        ("POST", "/v1/chat/completions", {"model": "preview", "messages": []}, 400),
        ("GET", "/v1/models", None, 200),
        ("POST", "/v1/gateway/inspect", {"text": "こんにちは"}, 200),
        ("GET", "/v1/unknown", None, 404),
    ],
    ids=["chat", "chat-stream", "bad-request", "models", "inspect", "unknown-route"],
)
def test_every_answer_carries_the_gateway_headers(
    gateway_url: str, keys: Keys, method: str, path: str, body: dict | None, status: int
) -> None:
    response = httpx.request(method, f"{gateway_url}{path}", json=body, headers={"authorization": f"Bearer {keys.staff}"})
    assert response.status_code == status
    assert all(response.headers.get(name) for name in HEADERS)
    assert response.headers["x-gateway-review-required"] in ("true", "false")


def test_review_required_header_follows_the_use_case(gateway_url: str, keys: Keys) -> None:
    response = httpx.post(
        f"{gateway_url}/v1/chat/completions",
        json={"model": "preview", "messages": [{"role": "user", "content": "市民まつりのお知らせを書いてください。"}]},
        headers={"authorization": f"Bearer {keys.staff}", "x-gateway-use-case": "resident_document"},
    )
    assert response.status_code == 200
    assert response.headers["x-gateway-review-required"] == "true"
    assert response.headers["x-gateway-level"] == "1" and response.headers["x-gateway-action"] == "allow"
