"""When in doubt, forward nothing and say why."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from audit import SqlAuditStore
from gateway.database import create_db_engine
from gateway.findings import Finding
from gateway.keys import SqlKeyStore
from tests.gateway.conftest import Keys, ServerThread, settled_records
from tests.gateway.values import BAR_PROMPT, PERSON
from tests.support.upstream import RecordingUpstream


class ExplodingDetector:
    def detect(self, text: str) -> list[Finding]:
        raise RuntimeError(f"analyzer crashed on {text}")


def _chat(url: str, key: str, content: str, model: str = "upstream", **extra: object) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/chat/completions",
        headers={"authorization": f"Bearer {key}"},
        json={"model": model, "messages": [{"role": "user", "content": content}], **extra},
        timeout=30,
    )


@pytest.mark.parametrize("stream", [False, True])
def test_detector_failure_is_503_and_nothing_is_forwarded(
    make_server: Callable[..., ServerThread], keys: Keys, upstream: RecordingUpstream, caplog: pytest.LogCaptureFixture, stream: bool
) -> None:
    server = make_server(detector=ExplodingDetector())
    response = _chat(server.url, keys.staff, BAR_PROMPT, stream=stream)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "detector_unavailable"
    assert upstream.requests == []
    assert BAR_PROMPT not in caplog.text and BAR_PROMPT not in response.text


def test_unreachable_audit_store_refuses_the_request_and_forwards_nothing(
    make_server: Callable[..., ServerThread], keys: Keys, upstream: RecordingUpstream, database_url: str
) -> None:
    unreachable = SqlAuditStore(create_db_engine("postgresql://postgres@127.0.0.1:1/nowhere"))
    server = make_server(audit=unreachable, keys=SqlKeyStore(create_db_engine(database_url)))
    response = _chat(server.url, keys.staff, "会議の議事録を要約してください。")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "audit_unavailable"
    assert upstream.requests == []


def test_policy_block_is_403_in_openai_shape_with_a_japanese_message_and_nothing_forwarded(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream, audit_store: SqlAuditStore
) -> None:
    # 市民課 may not use an on-premises model, so a 3A document cannot be rerouted.
    response = _chat(gateway_url, keys.shimin, f"【秘】{PERSON}さんの人事評価について", model="upstream")
    assert response.status_code == 403
    error = response.json()["error"]
    assert set(error) == {"message", "type", "code", "param"}
    assert error["code"] == "policy_blocked"
    assert "3A" in error["message"] and PERSON not in error["message"]
    assert response.headers["x-gateway-action"] == "block"
    assert upstream.requests == []
    (record,) = settled_records(audit_store)
    assert (record.status, record.http_status, record.action) == ("blocked", 403, "block")


def test_unreachable_upstream_still_leaves_an_audit_record(
    gateway_url: str, keys: Keys, audit_store: SqlAuditStore
) -> None:
    response = _chat(gateway_url, keys.staff, "こんにちは", model="down-alone")
    assert response.status_code == 502
    (record,) = settled_records(audit_store)
    assert (record.status, record.http_status, record.error_code) == ("failed", 502, "upstream_error")
    assert record.model_requested == "down-alone"


def test_reroute_goes_to_an_allowed_on_premises_model(gateway_url: str, keys: Keys, upstream: RecordingUpstream) -> None:
    response = _chat(gateway_url, keys.staff, f"【秘】{PERSON}さんの人事評価について", model="upstream")
    assert response.status_code == 200
    assert response.headers["x-gateway-action"] == "reroute"
    assert response.headers["x-gateway-level"] == "3A"
    assert upstream.requests == []  # preview-onprem answered; nothing went to the internet model
