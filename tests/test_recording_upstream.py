"""The recording upstream behaves like OpenAI for httpx, the openai SDK and raw HTTP, and records what it got."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import openai
import pytest

from tests.support import upstream as upstream_module
from tests.support.upstream import RecordingUpstream

ROOT = Path(__file__).resolve().parent.parent
USER_TEXT = "山田太郎さんから住民票の写しの請求がありました。"  # fictitious


@pytest.fixture
def upstream():
    with RecordingUpstream() as running:
        yield running


@pytest.fixture
def client(upstream):
    with openai.OpenAI(base_url=upstream.url, api_key="x", max_retries=0) as sdk:
        yield sdk


def _chat(upstream, body, **kwargs):
    return httpx.post(f"{upstream.url}/chat/completions", json=body, **kwargs)


def test_public_names_are_pinned():
    assert upstream_module.__all__ == ["RecordedRequest", "RecordingUpstream"]


@pytest.mark.parametrize(
    ("messages", "echoed"),
    [
        ([{"role": "user", "content": USER_TEXT}], USER_TEXT),
        ([{"role": "user", "content": [{"type": "text", "text": "一つ目"}, {"type": "image_url", "image_url": {"url": "data:,"}}, {"type": "text", "text": "二つ目"}]}], "一つ目\n二つ目"),
        ([{"role": "user", "content": "最初"}, {"role": "assistant", "content": "答え"}, {"role": "user", "content": "最後"}], "最後"),
        ([{"role": "system", "content": "指示"}], ""),
        ([], ""),
    ],
    ids=["string", "text-parts", "last-user-message", "no-user-message", "no-messages"],
)
def test_httpx_non_stream_echoes_the_last_user_message(upstream, messages, echoed):
    response = _chat(upstream, {"model": "m", "messages": messages})

    assert response.status_code == 200
    payload = response.json()
    assert payload["choices"][0]["message"]["content"] == echoed
    assert payload["choices"][0]["finish_reason"] == "stop"
    assert payload["usage"]["total_tokens"] == payload["usage"]["prompt_tokens"] + payload["usage"]["completion_tokens"] > 0


def test_openai_sdk_non_stream_echo_and_model(client):
    answer = client.chat.completions.create(model="bench-model", messages=[{"role": "user", "content": USER_TEXT}])

    assert answer.choices[0].message.content == USER_TEXT
    assert answer.model == "bench-model"
    assert answer.usage.completion_tokens > 0


@pytest.mark.parametrize("chunk_chars", [1, 3, 7, 1000])
def test_openai_sdk_stream_echo_reassembles_to_the_same_text(upstream, client, chunk_chars):
    upstream.reply_with(stream_chunk_chars=chunk_chars)

    chunks = list(client.chat.completions.create(model="m", messages=[{"role": "user", "content": USER_TEXT}], stream=True))

    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert "".join(pieces) == USER_TEXT
    assert all(len(piece) <= chunk_chars for piece in pieces)
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(c.usage is None for c in chunks)


def test_stream_with_include_usage_ends_with_a_usage_chunk(client):
    stream = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": USER_TEXT}], stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)

    assert chunks[-1].choices == []
    assert chunks[-1].usage.total_tokens > 0


def test_reply_with_text_replaces_the_echo(upstream, client):
    upstream.reply_with(text="承知しました")

    answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": USER_TEXT}])

    assert answer.choices[0].message.content == "承知しました"


TOOL_CALL_SHAPES = [
    [{"name": "lookup_resident", "arguments": {"query": "住民票", "limit": 3}}],
    [{"id": "call_abc", "type": "function", "function": {"name": "lookup_resident", "arguments": '{"query": "住民票", "limit": 3}'}}],
]


@pytest.mark.parametrize("tool_calls", TOOL_CALL_SHAPES, ids=["short", "openai-shape"])
def test_openai_sdk_non_stream_tool_call(upstream, client, tool_calls):
    upstream.reply_with(tool_calls=tool_calls)

    answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": USER_TEXT}])

    choice = answer.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    assert choice.message.tool_calls[0].function.name == "lookup_resident"
    assert json.loads(choice.message.tool_calls[0].function.arguments) == {"query": "住民票", "limit": 3}


def test_openai_sdk_stream_tool_calls_reassemble_to_valid_json(upstream, client):
    upstream.reply_with(
        tool_calls=[{"name": "first", "arguments": {"city": "架空市", "n": 1}}, {"name": "second", "arguments": {"ok": True}}],
        stream_chunk_chars=4,
    )

    chunks = list(client.chat.completions.create(model="m", messages=[{"role": "user", "content": USER_TEXT}], stream=True))

    names, arguments = {}, {}
    for chunk in chunks:
        for call in chunk.choices[0].delta.tool_calls or ():
            if call.function.name:
                names[call.index] = call.function.name
            arguments[call.index] = arguments.get(call.index, "") + (call.function.arguments or "")
    assert names == {0: "first", 1: "second"}
    assert json.loads(arguments[0]) == {"city": "架空市", "n": 1}
    assert json.loads(arguments[1]) == {"ok": True}
    assert sum(1 for c in chunks for call in c.choices[0].delta.tool_calls or () if call.function.arguments) > 2
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


@pytest.mark.parametrize(
    ("status", "error_body", "sdk_error"),
    [
        (400, None, openai.BadRequestError),
        (429, {"error": {"message": "rate limited", "type": "rate_limit_error", "code": "rate_limit", "param": None}}, openai.RateLimitError),
        (500, None, openai.InternalServerError),
        (503, None, openai.InternalServerError),
    ],
)
def test_error_status_is_answered_with_the_openai_error_shape(upstream, client, status, error_body, sdk_error):
    upstream.reply_with(status=status, error_body=error_body)

    raw = _chat(upstream, {"model": "m", "messages": [{"role": "user", "content": "x"}], "stream": True})
    with pytest.raises(sdk_error) as caught:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])

    assert raw.status_code == caught.value.status_code == status
    assert set(raw.json()["error"]) == {"message", "type", "code", "param"}
    if error_body is not None:
        assert raw.json() == error_body


@pytest.mark.parametrize(
    "arguments",
    [{"status": 99}, {"status": 1000}, {"stream_chunk_chars": 0}, {"delay_s": -1.0}, {"tool_calls": [{"arguments": {}}]}],
    ids=["status-too-low", "status-too-high", "empty-chunks", "negative-delay", "tool-call-without-name"],
)
def test_reply_with_refuses_invalid_settings(upstream, arguments):
    with pytest.raises(ValueError):
        upstream.reply_with(**arguments)


def test_delay_makes_a_short_client_timeout_expire(upstream):
    upstream.reply_with(delay_s=5.0)

    with pytest.raises(httpx.ReadTimeout):
        _chat(upstream, {"model": "m", "messages": []}, timeout=0.2)


def test_recorded_body_equals_what_was_sent(upstream):
    sent = {"model": "m", "messages": [{"role": "user", "content": USER_TEXT}], "temperature": 0.2}

    _chat(upstream, sent, headers={"Authorization": "Bearer sk-test"})

    (recorded,) = upstream.requests
    assert (recorded.method, recorded.path) == ("POST", "/v1/chat/completions")
    assert recorded.body == sent
    assert json.loads(recorded.raw) == sent
    assert recorded.headers["authorization"] == "Bearer sk-test"


@pytest.mark.parametrize(
    ("method", "path", "content", "status"),
    [
        ("POST", "/v1/chat/completions", b"{not json", 400),
        ("POST", "/v1/chat/completions", b'["a list"]', 400),
        ("POST", "/v1/chat/completions", b'{"model": "m"}', 400),
        ("GET", "/v1/chat/completions", b"", 404),
        ("POST", "/v1/embeddings", b"{}", 404),
        ("GET", "/v1/models", b"", 200),
    ],
)
def test_every_request_is_recorded_whatever_its_answer(upstream, method, path, content, status):
    response = httpx.request(method, upstream.url.removesuffix("/v1") + path, content=content)

    assert response.status_code == status
    (recorded,) = upstream.requests
    assert (recorded.method, recorded.path, recorded.raw) == (method, path, content)


def test_chunked_request_body_is_received_whole(upstream):
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": USER_TEXT}]}, ensure_ascii=False).encode()
    connection = http.client.HTTPConnection("127.0.0.1", upstream.port)

    connection.request("POST", "/v1/chat/completions", body=iter([body[:10], body[10:25], body[25:]]), encode_chunked=True)
    response = connection.getresponse()

    assert json.loads(response.read())["choices"][0]["message"]["content"] == USER_TEXT
    assert upstream.requests[0].headers["transfer-encoding"] == "chunked"
    assert upstream.requests[0].raw == body
    connection.close()


def test_keep_alive_serves_several_requests_on_one_connection(upstream):
    connection = http.client.HTTPConnection("127.0.0.1", upstream.port)
    sockets = []
    for turn in range(4):
        stream = turn % 2 == 1
        body = json.dumps({"model": "m", "stream": stream, "messages": [{"role": "user", "content": f"{turn}番目"}]})
        connection.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        assert f"{turn}番目".encode() in response.read()
        sockets.append(connection.sock)

    assert sockets[0] is not None
    assert all(sock is sockets[0] for sock in sockets)
    assert len(upstream.requests) == 4
    connection.close()


def _raw_exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def test_pipelined_requests_are_answered_in_order_and_connection_close_is_honoured(upstream):
    upstream.reply_with(text="遅い答え", delay_s=0.2)
    body = b'{"model": "m", "messages": []}'
    slow = b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    fast = b"GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"

    received = _raw_exchange(upstream.port, slow + fast)

    assert received.startswith(b"HTTP/1.1 200 OK")
    assert received.index("遅い答え".encode()) < received.index(b"recording-model")
    assert b"connection: close" in received


def test_expect_continue_gets_100_before_the_answer(upstream):
    body = b'{"model": "m", "messages": [{"role": "user", "content": "hi"}]}'
    head = b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)

    received = _raw_exchange(upstream.port, head + body)

    assert received.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")


def test_malformed_http_gets_400_and_is_closed(upstream):
    received = _raw_exchange(upstream.port, b"NOT HTTP AT ALL\r\n\r\n")

    assert received.startswith(b"HTTP/1.1 400 Bad Request")
    assert upstream.requests == []


def test_control_endpoints_show_and_reset_the_record_without_being_recorded(upstream):
    upstream.reply_with(text="固定")
    _chat(upstream, {"model": "m", "messages": [{"role": "user", "content": USER_TEXT}]})
    base = upstream.url.removesuffix("/v1")

    shown = httpx.get(f"{base}/_recorded").json()
    reset = httpx.post(f"{base}/_reset")
    after = _chat(upstream, {"model": "m", "messages": [{"role": "user", "content": "echo"}]})

    assert [entry["body"]["messages"][0]["content"] for entry in shown] == [USER_TEXT]
    assert reset.status_code == 200
    assert after.json()["choices"][0]["message"]["content"] == "echo"
    assert [r.path for r in upstream.requests] == ["/v1/chat/completions"]


@pytest.mark.parametrize(("record", "keep_last", "kept"), [(True, None, 5), (True, 2, 2), (False, None, 0)])
def test_record_and_keep_last_bound_what_is_kept(record, keep_last, kept):
    with RecordingUpstream(record=record, keep_last=keep_last) as bounded:
        for turn in range(5):
            _chat(bounded, {"model": "m", "messages": [{"role": "user", "content": str(turn)}]})
        contents = [r.body["messages"][0]["content"] for r in bounded.requests]

    assert contents == [str(turn) for turn in range(5)][5 - kept :]


def test_starting_twice_or_on_a_taken_port_fails(upstream):
    with pytest.raises(RuntimeError):
        upstream.start()
    with pytest.raises(OSError):
        RecordingUpstream(port=upstream.port).start()


def test_stop_closes_the_port_and_is_idempotent():
    running = RecordingUpstream().start()
    port = running.port

    running.stop()
    running.stop()

    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/v1/models")


def test_subprocess_mode_prints_its_url_and_stops_on_sigterm():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.upstream", "--port", "0", "--keep-last", "1"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        url = process.stdout.readline().strip()
        for turn in range(2):
            httpx.post(f"{url}/chat/completions", json={"model": "m", "messages": [{"role": "user", "content": str(turn)}]})
        shown = httpx.get(url.removesuffix("/v1") + "/_recorded").json()
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=10)
        process.stdout.close()

    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    assert [entry["body"]["messages"][0]["content"] for entry in shown] == ["1"]
    assert returncode == 0
