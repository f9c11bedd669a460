"""Labelling: every answer says it is AI output; the use-case's notice ends text answers, once.

JSON-mode and tool-call answers are never corrupted by the notice.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from tests.gateway.conftest import Keys
from tests.support.upstream import RecordingUpstream

MEMO = "※この文章は生成AIが作成した下書きです。担当者が内容を確認してから使用してください。"  # 庁内メモ's notice
QUESTION = "来週の課内会議の議題を3つ挙げてください。"


def _events(gateway_url: str, key: str, body: dict[str, Any], use_case: str | None) -> list[dict[str, Any] | str]:
    """The server-sent events of one streamed answer, parsed; ``"[DONE]"`` as a string."""
    headers = {"authorization": f"Bearer {key}"} | ({"x-gateway-use-case": use_case} if use_case else {})
    events: list[dict[str, Any] | str] = []
    with httpx.stream("POST", f"{gateway_url}/v1/chat/completions", json={**body, "stream": True},
                      headers=headers, timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["x-gateway-ai-generated"] == "true"
        for line in response.iter_lines():
            if line.startswith("data: "):
                data = line.removeprefix("data: ")
                events.append(data if data == "[DONE]" else json.loads(data))
    return events


def _text(events: list[dict[str, Any] | str]) -> str:
    return "".join(
        choice["delta"].get("content") or ""
        for event in events if isinstance(event, dict)
        for choice in event.get("choices") or []
    )


def test_whole_answer_ends_with_the_notice_and_says_it_is_ai(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    upstream.reply_with(text="1. 予算 2. 人事 3. 研修")
    raw = client.chat.completions.with_raw_response.create(
        model="upstream", messages=[{"role": "user", "content": QUESTION}], extra_headers={"x-gateway-use-case": "internal_memo"}
    )
    assert raw.headers["x-gateway-ai-generated"] == "true"
    assert raw.parse().choices[0].message.content == "1. 予算 2. 人事 3. 研修\n\n" + MEMO


def test_use_case_without_notice_leaves_the_answer_as_it_is(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    upstream.reply_with(text="print('hello')")
    raw = client.chat.completions.with_raw_response.create(
        model="upstream", messages=[{"role": "user", "content": "hello を表示するコード"}],
        extra_headers={"x-gateway-use-case": "programming"},
    )
    assert raw.headers["x-gateway-ai-generated"] == "true"
    assert raw.parse().choices[0].message.content == "print('hello')"


@pytest.mark.parametrize("chunk_chars", [1, 4, 50])
def test_stream_notice_arrives_once_at_the_end_as_its_own_chunk(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream, chunk_chars: int
) -> None:
    upstream.reply_with(text="1. 予算。2. 人事。3. 研修", stream_chunk_chars=chunk_chars)
    events = _events(gateway_url, keys.staff, {"model": "upstream", "messages": [{"role": "user", "content": QUESTION}]},
                     "internal_memo")
    assert events[-1] == "[DONE]"
    assert _text(events) == "1. 予算。2. 人事。3. 研修\n\n" + MEMO
    assert _text(events).count(MEMO) == 1
    chunks = [e for e in events if isinstance(e, dict) and e.get("choices")]
    notice, finish = chunks[-2]["choices"][0], chunks[-1]["choices"][0]
    assert notice["delta"] == {"content": "\n\n" + MEMO} and notice["finish_reason"] is None
    assert finish["finish_reason"] == "stop" and not finish["delta"].get("content")


def test_stream_through_the_sdk_gets_the_notice_once(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    upstream.reply_with(text="議題案です。", stream_chunk_chars=2)
    stream = client.chat.completions.create(
        model="upstream", messages=[{"role": "user", "content": QUESTION}], stream=True,
        extra_headers={"x-gateway-use-case": "internal_memo"},
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "議題案です。\n\n" + MEMO


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("response_format", [
    {"type": "json_object"},
    {"type": "json_schema", "json_schema": {"name": "agenda", "schema": {"type": "object"}}},
], ids=["json_object", "json_schema"])
def test_json_mode_answer_stays_valid_json(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream, stream: bool, response_format: dict[str, Any]
) -> None:
    upstream.reply_with(text='{"議題": ["予算", "人事"], "備考": "確認中。\\n以上"}', stream_chunk_chars=3)
    body = {"model": "upstream", "messages": [{"role": "user", "content": QUESTION}], "response_format": response_format}
    if stream:
        text = _text(_events(gateway_url, keys.staff, body, "internal_memo"))
    else:
        response = httpx.post(f"{gateway_url}/v1/chat/completions", json=body, timeout=30,
                              headers={"authorization": f"Bearer {keys.staff}", "x-gateway-use-case": "internal_memo"})
        assert response.headers["x-gateway-ai-generated"] == "true"
        text = response.json()["choices"][0]["message"]["content"]
    assert json.loads(text) == {"議題": ["予算", "人事"], "備考": "確認中。\n以上"}
    assert MEMO not in text


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_tool_call_answer_gets_no_notice_and_valid_arguments(
    client: openai.OpenAI, upstream: RecordingUpstream, stream: bool
) -> None:
    upstream.reply_with(tool_calls=[{"name": "schedule", "arguments": {"title": "課内会議", "room": "第1会議室"}}])
    request = {
        "model": "upstream", "messages": [{"role": "user", "content": QUESTION}],
        "tools": [{"type": "function", "function": {"name": "schedule", "parameters": {"type": "object"}}}],
        "extra_headers": {"x-gateway-use-case": "internal_memo"},
    }
    if stream:
        arguments, content = "", ""
        for chunk in client.chat.completions.create(stream=True, **request):
            for choice in chunk.choices:
                content += choice.delta.content or ""
                for call in choice.delta.tool_calls or []:
                    arguments += call.function.arguments or ""
    else:
        message = client.chat.completions.create(**request).choices[0].message
        content, arguments = message.content or "", message.tool_calls[0].function.arguments
    assert MEMO not in content
    assert json.loads(arguments) == {"title": "課内会議", "room": "第1会議室"}


def test_errors_say_ai_generated_too(gateway_url: str, keys: Keys) -> None:
    response = httpx.post(f"{gateway_url}/v1/chat/completions", json={"model": "upstream", "messages": []},
                          headers={"authorization": f"Bearer {keys.staff}"})
    assert response.status_code == 400 and response.headers["x-gateway-ai-generated"] == "true"
