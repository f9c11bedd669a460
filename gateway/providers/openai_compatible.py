"""Models served over the OpenAI chat completions protocol itself (vLLM, llama.cpp, Ollama's /v1, ...).

The gateway already speaks that protocol: the body it forwards is the masked
request as the client sent it, with the model name the endpoint serves. So it
goes out over one pooled HTTP client, without a translation layer. Every other
provider (Azure, Bedrock, Vertex, Anthropic, ...) goes through litellm.

Measured per call on loopback (bench/README.md): litellm's ``hosted_vllm/``
route costs about 9 ms of CPU before and after the HTTP exchange; this
provider about 0.3 ms. A worker whose policy names no ``provider: litellm``
model never imports litellm (about 200 MB of memory).

Retries follow the openai SDK's rule: a connection failure, a timeout, HTTP
408, 409, 429 and 5xx are retried ``num_retries`` times, before any answer
was relayed. Provider error bodies are never read into a message: they may
echo the prompt.

Example (policy YAML):
    vllm-onprem:
      provider: openai_compatible
      upstream_model: Qwen/Qwen3-8B
      api_base: http://llm.internal:8000/v1
      api_key: {$env: VLLM_API_KEY}
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import orjson

from gateway.errors import UpstreamError
from gateway.providers.base import ProviderCall, resolve_api_key, upstream_failed, upstream_timed_out
from gateway.providers.sessions import LoopSessions

__all__ = ["OpenAICompatibleProvider", "server_sent_events"]

log = logging.getLogger(__name__)

_RETRIED_STATUSES = frozenset({408, 409, 429}) | frozenset(range(500, 600))
_MAX_BACKOFF_S = 2.0


class OpenAICompatibleProvider:
    restores_placeholders = True

    def __init__(self, connections: int = 256) -> None:
        self._sessions = LoopSessions(lambda: aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=connections, ttl_dns_cache=300), trust_env=False))

    async def complete(self, call: ProviderCall) -> dict[str, Any]:
        timeout = aiohttp.ClientTimeout(total=call.model.timeout_s)
        async with self._exchange(call, stream=False, timeout=timeout) as response:
            try:
                answer = orjson.loads(await response.read())
            except TimeoutError:  # first: aiohttp's read timeout is a ClientError too
                raise upstream_timed_out(call.model.id) from None
            except (orjson.JSONDecodeError, aiohttp.ClientError):
                raise _invalid(call) from None
        if not isinstance(answer, dict) or not isinstance(answer.get("choices"), list):
            raise _invalid(call)
        return answer

    async def stream(self, call: ProviderCall) -> AsyncIterator[dict[str, Any]]:
        # No total limit on a stream: the limit applies to connecting and to each wait for data.
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=call.model.timeout_s, sock_read=call.model.timeout_s)
        async with self._exchange(call, stream=True, timeout=timeout) as response:
            try:
                async for chunk in server_sent_events(response.content, call.model.id):
                    yield chunk
            except TimeoutError:
                raise upstream_timed_out(call.model.id) from None
            except aiohttp.ClientError:
                raise upstream_failed(call.model.id) from None

    def _exchange(self, call: ProviderCall, *, stream: bool, timeout: aiohttp.ClientTimeout) -> _Exchange:
        spec = call.model
        assert spec.api_base is not None and spec.upstream_model is not None  # ModelSpec requires both
        body = {**spec.params, **call.params, "model": spec.upstream_model, "messages": call.messages, "stream": stream}
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream" if stream else "application/json"}
        if (key := resolve_api_key(spec)) is not None:
            headers["Authorization"] = f"Bearer {key}"
        url = spec.api_base.rstrip("/") + "/chat/completions"
        return _Exchange(self._sessions.get(), call, url, orjson.dumps(body), headers, timeout)

    async def aclose(self) -> None:
        """Release the connections (at shutdown)."""
        await self._sessions.aclose()


class _Exchange:
    """One POST with retries: ``async with`` yields a 2xx response, or raises UpstreamError."""

    def __init__(self, session: aiohttp.ClientSession, call: ProviderCall, url: str, body: bytes,
                 headers: dict[str, str], timeout: aiohttp.ClientTimeout) -> None:
        self._session, self._call, self._url = session, call, url
        self._body, self._headers, self._timeout = body, headers, timeout
        self._response: aiohttp.ClientResponse | None = None

    async def __aenter__(self) -> aiohttp.ClientResponse:
        model = self._call.model
        for attempt in range(model.num_retries + 1):
            last = attempt == model.num_retries
            try:
                response = await self._session.post(self._url, data=self._body, headers=self._headers, timeout=self._timeout)
            except TimeoutError:
                error: UpstreamError = upstream_timed_out(model.id)
            except aiohttp.ClientError as exc:
                log.warning("upstream call failed: model=%s type=%s", model.id, type(exc).__name__)
                error = upstream_failed(model.id)
            else:
                if response.status < 400:
                    self._response = response
                    return response
                response.release()
                log.warning("upstream call failed: model=%s status=%s", model.id, response.status)
                error = upstream_failed(model.id, response.status)
                if response.status not in _RETRIED_STATUSES:
                    raise error
            if last:
                raise error
            await asyncio.sleep(min(0.25 * 2**attempt, _MAX_BACKOFF_S))
        raise AssertionError("unreachable")

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.release()


async def server_sent_events(content: aiohttp.StreamReader, model_id: str) -> AsyncIterator[dict[str, Any]]:
    """The JSON objects of a server-sent event stream, up to ``data: [DONE]``; an ``error`` object is an UpstreamError."""
    data: list[bytes] = []
    async for raw in content:
        line = raw.rstrip(b"\r\n")
        if line:
            if line.startswith(b"data:"):
                data.append(line[5:].lstrip())
            continue  # event:, id:, retry: and comments carry nothing a chunk needs
        if not data:
            continue
        payload = b"\n".join(data)
        data = []
        if payload == b"[DONE]":
            return
        try:
            chunk = orjson.loads(payload)
        except orjson.JSONDecodeError:
            chunk = None
        if not isinstance(chunk, dict) or "error" in chunk:
            log.warning("upstream stream broke off: model=%s", model_id)
            raise upstream_failed(model_id)
        yield chunk


def _invalid(call: ProviderCall) -> UpstreamError:
    return UpstreamError(f"モデル「{call.model.id}」の応答を読み取れませんでした。管理者に連絡してください。")
