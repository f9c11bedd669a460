"""``POST /v1/gateway/inspect`` follows DESIGN.md §6 and sends nothing upstream."""

from __future__ import annotations

import httpx

from tests.gateway.conftest import Keys
from tests.gateway.values import EMAIL, MY_NUMBER, PERSON, PHONE_MOBILE
from tests.support.upstream import RecordingUpstream


def _inspect(url: str, key: str, payload: dict) -> httpx.Response:
    return httpx.post(f"{url}/v1/gateway/inspect", headers={"authorization": f"Bearer {key}"}, json=payload, timeout=30)


def test_inspect_text_returns_level_findings_with_true_offsets_and_masked_text(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream
) -> None:
    text = f"{PERSON}様のマイナンバーは{MY_NUMBER}、電話は０９０－１２３４－５６７８です。"
    response = _inspect(gateway_url, keys.staff, {"text": text, "model": "preview"})
    assert response.status_code == 200
    result = response.json()
    assert set(result) >= {"level", "reasons", "findings", "masked", "decision", "review_required"}
    assert result["level"] == "3B"
    assert any("JP_MY_NUMBER" in reason for reason in result["reasons"])
    spans = {text[f["start"]:f["end"]]: f for f in result["findings"]}
    assert spans[MY_NUMBER]["entity_type"] == "JP_MY_NUMBER"
    assert spans["０９０－１２３４－５６７８"]["entity_type"] == "JP_PHONE_NUMBER"
    assert all(f["message_index"] == 0 and 0 < f["score"] <= 1 for f in result["findings"])
    assert MY_NUMBER not in result["masked"] and "<JP_MY_NUMBER_1>" in result["masked"]
    assert result["decision"]["action"] == "mask" and result["decision"]["model"] == "preview"
    assert response.headers["x-gateway-level"] == "3B"
    assert upstream.requests == []


def test_inspect_masks_every_finding_whatever_the_decision(gateway_url: str, keys: Keys) -> None:
    # To an on-premises model the e-mail could go unmasked, but `masked` still shows every placeholder.
    result = _inspect(gateway_url, keys.staff, {"text": f"連絡先は{EMAIL}です", "model": "preview-onprem"}).json()
    assert result["decision"]["action"] == "allow"
    assert result["masked"] == "連絡先は<EMAIL_ADDRESS_1>です"


def test_inspect_messages_reports_message_index(gateway_url: str, keys: Keys) -> None:
    messages = [{"role": "system", "content": "丁寧に回答してください。"}, {"role": "user", "content": f"携帯は{PHONE_MOBILE}"}]
    result = _inspect(gateway_url, keys.staff, {"messages": messages}).json()
    (finding,) = result["findings"]
    assert finding["message_index"] == 1
    assert messages[1]["content"][finding["start"]:finding["end"]] == PHONE_MOBILE
    assert result["masked"][1]["content"] == "携帯は<JP_PHONE_NUMBER_1>"
    assert result["masked"][0] == messages[0]


def test_inspect_requires_text_or_messages(gateway_url: str, keys: Keys) -> None:
    response = _inspect(gateway_url, keys.staff, {"model": "preview"})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "text"
