"""``POST /v1/chat/completions``: the governed request path, stream and non-stream.

    authenticate → parse → prepare (detect → classify → decide → mask)
    → record (open) → forward → answer (output check → restore → label)
    → review (output check noted, review item) → record (close)

Headers ``x-gateway-*`` go on every answer, errors included.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import anyio
import orjson
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gateway.api.body import read_body
from gateway.api.errors import error_body
from gateway.api.headers import gateway_headers, new_request_id
from gateway.api.json_response import JsonResponse
from gateway.auth import bearer_token
from gateway.errors import AuditUnavailable, GatewayError, PolicyBlocked
from gateway.keys import Principal
from gateway.pipeline import forward
from gateway.pipeline.answer import Answer
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.parse import parse_chat
from gateway.pipeline.record import Recorder
from gateway.pipeline.review import review_id_for, settle
from gateway.pipeline.stages import prepare
from gateway.runtime import Runtime

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter()

# Up to this many characters, detection (~2 ms a 1,000 characters) runs on the
# event loop; handing it to a thread would cost more than it saves.
_INLINE_CHARS = 5_000


@router.post("/v1/chat/completions")
async def chat_completions(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    request_id = new_request_id()
    recorder = Recorder(runtime.audit, request_id, runtime.policy.revision, content=runtime.content)
    request.state.gateway_headers = gateway_headers(request_id, None)
    principal: Principal | None = None
    exchange: Exchange | None = None
    try:
        body = await read_body(request, runtime.settings.max_body_bytes)
        principal = await runtime.keys.authenticate(bearer_token(request.headers))
        exchange = parse_chat(body, request.headers, principal, request_id)
        if sum(len(slot.text) for slot in exchange.slots) > _INLINE_CHARS:
            # A pasted document takes the analyzer tens or hundreds of
            # milliseconds: keep the event loop serving other requests meanwhile.
            await anyio.to_thread.run_sync(prepare, exchange, runtime)
        else:
            prepare(exchange, runtime)
        decision = exchange.decision
        assert decision is not None
        request.state.gateway_headers = gateway_headers(request_id, decision)
        if decision.action == "block":
            raise PolicyBlocked(decision.message or "ポリシーにより送信できません。")
        review_id = review_id_for(exchange, runtime)
        headers = gateway_headers(request_id, decision, review_id)
        await recorder.open(exchange)
        if exchange.stream:
            return await _stream(exchange, runtime, recorder, headers, review_id)
        response, forwarded = await forward.complete(exchange, runtime)
        answer = Answer(exchange, runtime.policy, runtime.detector, restores=forwarded.provider.restores_placeholders)
        if _answer_chars(response) > _INLINE_CHARS:
            response = await anyio.to_thread.run_sync(answer.complete, response)
        else:
            response = answer.complete(response)
        await settle(exchange, runtime, answer, review_id, forwarded.model)
    except Exception as exc:
        error = _as_gateway_error(exc)
        await recorder.refused(error, exchange, **_who(principal, request))
        raise error from None
    # The answer as sent is analyzed, for the next turn that sends it back, once the worker is idle.
    answer.remember(runtime.idle)
    # The record is closed once the answer is on its way: the caller does not wait for it.
    close = BackgroundTask(_close_quietly, recorder, status="completed", http_status=200,
                           model_used=forwarded.model, usage=response.get("usage"),
                           check=answer.check)
    return JsonResponse(response, headers=headers, background=close)


async def _stream(
    exchange: Exchange, runtime: Runtime, recorder: Recorder, headers: dict[str, str], review_id: str | None
) -> Response:
    client_wants_usage = bool((exchange.params.get("stream_options") or {}).get("include_usage"))
    # Ask for usage even when the client did not, so the audit has tokens;
    # the usage-only chunk is then not relayed.
    exchange.params["stream_options"] = {**(exchange.params.get("stream_options") or {}), "include_usage": True}
    chunks, forwarded = await forward.open_stream(exchange, runtime)
    answer = Answer(exchange, runtime.policy, runtime.detector, restores=forwarded.provider.restores_placeholders)

    async def events() -> AsyncIterator[bytes]:
        usage: dict[str, Any] | None = None
        status, http_status, code = "failed", 499, "client_disconnected"
        try:
            async for chunk in chunks:
                if chunk.get("usage"):
                    usage = chunk["usage"]
                    if not client_wants_usage:
                        if not chunk.get("choices"):
                            continue
                        chunk.pop("usage")
                for out in answer.feed(chunk):
                    yield b"data: " + orjson.dumps(out) + b"\n\n"
            for out in answer.finish():
                yield b"data: " + orjson.dumps(out) + b"\n\n"
            await settle(exchange, runtime, answer, review_id, forwarded.model)
            yield b"data: [DONE]\n\n"
            status, http_status, code = "completed", 200, None
        except Exception as exc:
            error = _as_gateway_error(exc)
            status, http_status, code = "failed", error.status, error.code
            yield b"data: " + orjson.dumps(error_body(error)) + b"\n\n"
        finally:
            with anyio.CancelScope(shield=True):
                await _close_quietly(recorder, status=status, http_status=http_status, model_used=forwarded.model,
                                     usage=usage, error_code=code, check=answer.check)
                if status == "completed":
                    answer.remember(runtime.idle)

    return StreamingResponse(events(), media_type="text/event-stream", headers={**headers, "cache-control": "no-cache"})


async def _close_quietly(recorder: Recorder, **outcome: Any) -> None:
    # The request was already forwarded: a failed close leaves the record in
    # status "forwarding", which the CAIO's view reports, rather than hiding the answer.
    try:
        await recorder.close(**outcome)
    except AuditUnavailable:
        log.error("audit close failed: request_id=%s", recorder.request_id)


def _answer_chars(response: dict[str, Any]) -> int:
    messages = [choice.get("message") or {} for choice in response.get("choices") or []]
    return sum(len(m.get("content") or "") for m in messages if isinstance(m.get("content"), str))


def _as_gateway_error(exc: Exception) -> GatewayError:
    if isinstance(exc, GatewayError):
        return exc
    # Only the type: the message of an unexpected error may quote the prompt.
    log.error("unexpected error: %s", type(exc).__name__)
    return GatewayError()


def _who(principal: Principal | None, request: Request) -> dict[str, str]:
    client = request.headers.get("user-agent", "")[:200]
    if principal is None:
        return {"client": client}
    return {"user": principal.user, "department": principal.department, "key_id": principal.key_id, "client": client}
