"""Bad input gets a clear 4xx in the OpenAI error shape, never a 500, and is recorded."""

from __future__ import annotations

import httpx
import pytest

from audit import SqlAuditStore
from tests.gateway.conftest import Keys, settled_records
from tests.support.upstream import RecordingUpstream

MESSAGES = [{"role": "user", "content": "こんにちは"}]


def _post(url: str, key: str, content: bytes, path: str = "/v1/chat/completions") -> httpx.Response:
    return httpx.post(f"{url}{path}", headers={"authorization": f"Bearer {key}", "content-type": "application/json"},
                      content=content, timeout=30)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"model": "upstream", "messages": [', 400, "invalid_request"),
        (b'["not", "an", "object"]', 400, "invalid_request"),
        (b'{"model": 42, "messages": []}', 400, "invalid_request"),
        (b'{"model": "upstream", "messages": []}', 400, "invalid_request"),
        (b'{"model": "upstream", "messages": "hello"}', 400, "invalid_request"),
        (b'{"model": "upstream", "messages": [{"role": "wizard", "content": "x"}]}', 400, "invalid_request"),
        (b'{"model": "upstream", "messages": [{"role": "user", "content": 5}]}', 400, "invalid_request"),
        (b'{"model": "upstream", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}]}', 400, "invalid_request"),
        (b'{"model": "upstream", "stream": "yes", "messages": [{"role": "user", "content": "x"}]}', 400, "invalid_request"),
        (b'{"model": "no-such-model", "messages": [{"role": "user", "content": "x"}]}', 404, "model_not_found"),
        ('{"model": "upstream", "messages": [{"role": "user", "content": "\xff"}]}'.encode("latin-1"), 400, "invalid_request"),
    ],
    ids=["malformed-json", "not-an-object", "wrong-model-type", "empty-messages", "messages-not-list",
         "unknown-role", "content-wrong-type", "image-part", "stream-not-bool", "unknown-model", "invalid-utf8"],
)
def test_bad_input_is_a_clear_4xx(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream, body: bytes, status: int, code: str
) -> None:
    response = _post(gateway_url, keys.staff, body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert response.headers["x-gateway-request-id"].startswith("gw-")
    assert upstream.requests == []


def test_body_over_the_limit_is_413(gateway_url: str, keys: Keys, upstream: RecordingUpstream) -> None:
    huge = b'{"model": "upstream", "messages": [{"role": "user", "content": "' + b"a" * 2_000_000 + b'"}]}'
    response = _post(gateway_url, keys.staff, huge)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert upstream.requests == []


@pytest.mark.parametrize("which", ["unknown", "revoked", "missing"])
def test_unknown_revoked_or_missing_key_is_401(gateway_url: str, keys: Keys, which: str) -> None:
    headers = {} if which == "missing" else {"authorization": "Bearer " + ("gw-0000_nope" if which == "unknown" else keys.revoked)}
    for method, path in (("POST", "/v1/chat/completions"), ("GET", "/v1/models"), ("POST", "/v1/gateway/inspect")):
        response = httpx.request(method, f"{gateway_url}{path}", headers=headers, json={"model": "upstream", "messages": MESSAGES})
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "invalid_api_key"


def test_unknown_route_is_404_in_openai_shape(gateway_url: str) -> None:
    response = httpx.get(f"{gateway_url}/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_every_refused_request_leaves_one_audit_record(gateway_url: str, keys: Keys, audit_store: SqlAuditStore) -> None:
    _post(gateway_url, keys.staff, b"{broken")
    _post(gateway_url, "gw-0000_nope", b'{"model": "upstream", "messages": []}')
    records = settled_records(audit_store)
    assert sorted((r.status, r.http_status) for r in records) == [("rejected", 400), ("rejected", 401)]
    assert {r.user for r in records} == {"suzuki.hanako", ""}
