"""One HTTP/1.1 server connection: requests parsed with httptools, answers sent in order.

The connection hands each complete request to an ``answer`` callback, which
returns the response bytes and a delay. Answers keep the order of the requests
even when one of them is delayed, as HTTP/1.1 pipelining requires.

Example:
    >>> loop.create_server(lambda: HttpConnection(answer, connections), "127.0.0.1", 0)   # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httptools
import orjson

from tests.support.replies import error_payload

__all__ = ["Answer", "HttpConnection", "RecordedRequest", "event_stream", "json_response"]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the upstream received it; header names are lower-case, ``body`` is the parsed JSON object."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    raw: bytes


# Given a request and whether the connection stays open: the response bytes and the seconds to wait before sending them.
Answer = Callable[[RecordedRequest, bool], tuple[bytes, float]]


def _parse_json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _head(status: int, content_type: bytes, keep_alive: bool, length: int | None) -> bytes:
    framing = b"transfer-encoding: chunked" if length is None else b"content-length: %d" % length
    return b"HTTP/1.1 %d %s\r\ncontent-type: %s\r\n%s\r\n%s\r\n" % (
        status,
        HTTPStatus(status).phrase.encode(),
        content_type,
        framing,
        b"" if keep_alive else b"connection: close\r\n",
    )


def json_response(status: int, payload: Any, keep_alive: bool) -> bytes:
    """A whole HTTP response with a JSON body, e.g. ``json_response(200, {"ok": True}, keep_alive=True)``."""
    data = orjson.dumps(payload)
    return _head(status, b"application/json", keep_alive, len(data)) + data


def event_stream(events: list[bytes], keep_alive: bool) -> bytes:
    """A whole ``text/event-stream`` response, e.g. ``event_stream([b"data: [DONE]\\n\\n"], keep_alive=True)``."""
    # One HTTP chunk per event, as OpenAI sends them.
    framed = [b"%x\r\n%s\r\n" % (len(event), event) for event in events]
    return _head(200, b"text/event-stream", keep_alive, None) + b"".join(framed) + b"0\r\n\r\n"


class HttpConnection(asyncio.Protocol):
    """One client connection: parses requests with httptools and answers them in order."""

    def __init__(self, answer: Answer, connections: set[HttpConnection]) -> None:
        self._answer = answer
        self._connections = connections
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._pending: asyncio.Task[None] | None = None
        self._url = b""
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        self._connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._connections.discard(self)
        if self._pending is not None:
            self._pending.cancel()

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError:
            self._send(json_response(400, error_payload(400, "malformed HTTP request"), keep_alive=False), keep_alive=False)

    # httptools callbacks
    def on_message_begin(self) -> None:
        self._url, self._headers, self._body = b"", {}, []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        self._headers[key] = f"{self._headers[key]}, {text}" if key in self._headers else text

    def on_headers_complete(self) -> None:
        if self._headers.get("expect", "").lower() == "100-continue":
            self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        raw = b"".join(self._body)
        request = RecordedRequest(
            method=self._parser.get_method().decode(),
            path=self._url.split(b"?", 1)[0].decode("latin-1"),
            headers=self._headers,
            body=_parse_json_object(raw),
            raw=raw,
        )
        keep_alive = self._parser.should_keep_alive()
        response, delay_s = self._answer(request, keep_alive)
        if delay_s == 0 and (self._pending is None or self._pending.done()):
            self._send(response, keep_alive)
        else:
            self._pending = asyncio.get_running_loop().create_task(self._send_later(self._pending, delay_s, response, keep_alive))

    async def _send_later(self, previous: asyncio.Task[None] | None, delay_s: float, response: bytes, keep_alive: bool) -> None:
        # Answers on one connection must keep the order of the requests.
        if previous is not None:
            await previous
        await asyncio.sleep(delay_s)
        self._send(response, keep_alive)

    def _send(self, response: bytes, keep_alive: bool) -> None:
        if self._transport is None or self._transport.is_closing():
            return
        self._transport.write(response)
        if not keep_alive:
            self._transport.close()
