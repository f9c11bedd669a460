"""The official openai SDK, over HTTP, against the running gateway and a recording upstream."""

from __future__ import annotations

import json

import openai
import pytest

from tests.gateway.values import BAR_PROMPT, BAR_VALUES, EMAIL, MY_NUMBER, PERSON, PHONE_MOBILE
from tests.support.upstream import RecordingUpstream


@pytest.fixture(params=["upstream", "upstream-direct"])
def route(request: pytest.FixtureRequest) -> str:
    """The same upstream through litellm (openai/) and called directly (provider: openai_compatible)."""
    return request.param


def _sent_text(upstream: RecordingUpstream) -> str:
    (request,) = [r for r in upstream.requests if r.path.endswith("/chat/completions")]
    return request.raw.decode("utf-8")


def test_models_lists_only_what_the_department_may_use(gateway_url: str, keys) -> None:
    soumu = openai.OpenAI(base_url=f"{gateway_url}/v1", api_key=keys.staff)
    shimin = openai.OpenAI(base_url=f"{gateway_url}/v1", api_key=keys.shimin)
    all_ids = {m.id for m in soumu.models.list()}
    shimin_ids = {m.id for m in shimin.models.list()}
    assert {"preview", "preview-onprem", "upstream"} <= all_ids
    assert "preview" in shimin_ids and "preview-onprem" not in shimin_ids


def test_masking_model_never_receives_the_raw_values_and_the_answer_restores_them(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    answer = client.chat.completions.with_raw_response.create(
        model=route, messages=[{"role": "user", "content": BAR_PROMPT}]
    )
    sent = _sent_text(upstream)
    for value in BAR_VALUES:
        assert value not in sent
    assert "<JP_MY_NUMBER_1>" in sent
    assert answer.headers["x-gateway-action"] == "mask"
    assert answer.headers["x-gateway-level"] == "3B"
    assert answer.parse().choices[0].message.content == BAR_PROMPT


def test_streaming_restores_placeholders_split_across_chunks(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    upstream.reply_with(stream_chunk_chars=3)
    stream = client.chat.completions.create(
        model=route, messages=[{"role": "user", "content": BAR_PROMPT}], stream=True
    )
    pieces = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
    assert "".join(pieces) == BAR_PROMPT
    assert len(pieces) > 10, "chunks are relayed one by one, not buffered to the end"
    sent = _sent_text(upstream)
    assert not any(value in sent for value in BAR_VALUES)


def test_stream_usage_is_relayed_only_when_the_client_asks(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    plain = list(client.chat.completions.create(model=route, messages=[{"role": "user", "content": "こんにちは"}], stream=True))
    assert all(chunk.usage is None for chunk in plain)
    upstream.reset()
    with_usage = list(client.chat.completions.create(
        model=route, messages=[{"role": "user", "content": "こんにちは"}], stream=True,
        stream_options={"include_usage": True},
    ))
    assert with_usage[-1].usage is not None and with_usage[-1].usage.total_tokens > 0


def test_multi_turn_history_uses_one_placeholder_per_value(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    messages = [
        {"role": "system", "content": "あなたは市役所の職員を支援します。"},
        {"role": "user", "content": f"{PERSON}さんの電話番号は{PHONE_MOBILE}です。"},
        {"role": "assistant", "content": f"{PERSON}さん（{PHONE_MOBILE}）ですね。"},
        {"role": "user", "content": f"{PERSON}さんに折り返す文面を作ってください。"},
    ]
    answer = client.chat.completions.create(model=route, messages=messages)
    body = upstream.requests[-1].body
    assert body is not None
    sent = [m["content"] for m in body["messages"]]
    assert PHONE_MOBILE not in "".join(sent) and PERSON not in "".join(sent)
    assert sent[1].count("<PERSON_1>") == 1 and sent[2].count("<PERSON_1>") == 1 and "<PERSON_1>" in sent[3]
    assert "<PERSON_2>" not in "".join(sent)
    assert answer.choices[0].message.content == messages[-1]["content"]


def test_list_of_parts_content_is_scanned_part_by_part(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    content = [{"type": "text", "text": "次の方に連絡してください。"}, {"type": "text", "text": f"メール: {EMAIL}"}]
    client.chat.completions.create(model=route, messages=[{"role": "user", "content": content}])
    body = upstream.requests[-1].body
    assert body is not None
    parts = body["messages"][0]["content"]
    assert parts[0]["text"] == "次の方に連絡してください。"
    assert EMAIL not in parts[1]["text"] and "<EMAIL_ADDRESS_1>" in parts[1]["text"]


def test_tool_call_arguments_are_masked_going_out_and_restored_coming_back(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    tools = [{"type": "function", "function": {"name": "send_mail", "parameters": {
        "type": "object", "properties": {"to": {"type": "string"}, "body": {"type": "string"}}}}}]
    history = [
        {"role": "user", "content": f"{EMAIL} に案内を送ってください。"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {
            "name": "send_mail", "arguments": json.dumps({"to": EMAIL, "body": "案内"}, ensure_ascii=False)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "送信しました"},
        {"role": "user", "content": "もう一度送ってください。"},
    ]
    upstream.reply_with(tool_calls=[{"id": "call_2", "type": "function", "function": {
        "name": "send_mail", "arguments": json.dumps({"to": "<EMAIL_ADDRESS_1>", "body": "再送"})}}])
    answer = client.chat.completions.create(model=route, messages=history, tools=tools)
    sent = _sent_text(upstream)
    assert EMAIL not in sent
    call = answer.choices[0].message.tool_calls[0]
    assert json.loads(call.function.arguments) == {"to": EMAIL, "body": "再送"}


def test_streamed_tool_call_arguments_are_restored(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    upstream.reply_with(stream_chunk_chars=2, tool_calls=[{"id": "call_9", "type": "function", "function": {
        "name": "send_mail", "arguments": json.dumps({"to": "<EMAIL_ADDRESS_1>"})}}])
    stream = client.chat.completions.create(
        model=route, messages=[{"role": "user", "content": f"{EMAIL} に送信"}], stream=True,
        tools=[{"type": "function", "function": {"name": "send_mail", "parameters": {"type": "object"}}}],
    )
    arguments = "".join(
        call.function.arguments or ""
        for chunk in stream if chunk.choices
        for call in (chunk.choices[0].delta.tool_calls or [])
    )
    assert json.loads(arguments) == {"to": EMAIL}


def test_parameters_the_gateway_does_not_use_pass_through(
    client: openai.OpenAI, upstream: RecordingUpstream, route: str
) -> None:
    client.chat.completions.create(
        model=route, messages=[{"role": "user", "content": "要約してください。"}],
        temperature=0.2, max_tokens=64, seed=7, stop=["。"], extra_body={"top_k": 5},
    )
    body = upstream.requests[-1].body
    assert body is not None
    assert (body["temperature"], body["max_tokens"], body["seed"], body["stop"], body["top_k"]) == (0.2, 64, 7, ["。"], 5)


def test_preview_model_answers_with_exactly_what_would_have_been_sent(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    answer = client.chat.completions.create(model="preview", messages=[{"role": "user", "content": f"マイナンバー{MY_NUMBER}"}])
    shown = json.loads(answer.choices[0].message.content or "")
    assert shown["messages"] == [{"role": "user", "content": "マイナンバー<JP_MY_NUMBER_1>"}]
    assert upstream.requests == []


def test_fallback_goes_to_the_next_allowed_model_when_the_first_is_down(
    client: openai.OpenAI, upstream: RecordingUpstream
) -> None:
    answer = client.chat.completions.with_raw_response.create(model="down", messages=[{"role": "user", "content": "こんにちは"}])
    assert answer.parse().choices[0].message.content == "こんにちは"
    assert len(upstream.requests) == 1


def test_fallback_never_goes_to_a_model_not_allowed_for_the_level(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="down-weak-fallback", messages=[{"role": "user", "content": f"{PERSON}さんの件"}])
    assert caught.value.status_code == 502
    assert upstream.requests == []


def test_fallback_is_used_when_the_level_allows_it(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    answer = client.chat.completions.create(model="down-weak-fallback", messages=[{"role": "user", "content": "会議の日程調整"}])
    assert answer.choices[0].message.content == "会議の日程調整"
    assert len(upstream.requests) == 1


@pytest.mark.parametrize("model", ["down-alone", "direct-down-alone"])
@pytest.mark.parametrize("stream", [False, True])
def test_unreachable_upstream_is_a_clear_502(client: openai.OpenAI, stream: bool, model: str) -> None:
    with pytest.raises(openai.APIStatusError) as caught:
        result = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "こんにちは"}], stream=stream)
        list(result) if stream else None
    assert caught.value.status_code == 502
    assert caught.value.body["code"] == "upstream_error"
    assert model in caught.value.body["message"]


@pytest.mark.parametrize("model", ["slow", "direct-slow"])
@pytest.mark.parametrize("stream", [False, True])
def test_slow_upstream_is_a_504(client: openai.OpenAI, upstream: RecordingUpstream, model: str, stream: bool) -> None:
    upstream.reply_with(delay_s=2.0)
    with pytest.raises(openai.APIStatusError) as caught:
        result = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "こんにちは"}], stream=stream)
        list(result) if stream else None
    assert caught.value.status_code == 504


def test_a_long_pasted_document_is_masked_like_a_short_prompt(client: openai.OpenAI, upstream: RecordingUpstream) -> None:
    filler = "本日の窓口では、制度の概要について一般的な説明を行いました。" * 400
    document = f"{filler}\n相談者の連絡先は{EMAIL}、携帯は{PHONE_MOBILE}です。\n{filler}"
    answer = client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": document}])
    sent = _sent_text(upstream)
    assert EMAIL not in sent and PHONE_MOBILE not in sent
    assert answer.choices[0].message.content == document


@pytest.mark.parametrize("stream", [False, True])
def test_the_vllm_route_masks_and_restores_like_the_openai_route(
    client: openai.OpenAI, upstream: RecordingUpstream, stream: bool
) -> None:
    result = client.chat.completions.create(model="upstream-vllm", messages=[{"role": "user", "content": BAR_PROMPT}], stream=stream)
    text = "".join(c.choices[0].delta.content or "" for c in result if c.choices) if stream else result.choices[0].message.content
    assert text == BAR_PROMPT
    sent = _sent_text(upstream)
    assert not any(value in sent for value in BAR_VALUES)
