"""``POST /v1/gateway/inspect``: a dry run of the request path that sends nothing upstream.

Takes ``{"text": ...}`` or ``{"messages": [...]}`` with an optional ``model``
and answers what the gateway would do (DESIGN.md §6). ``masked`` replaces every
finding by its placeholder, whatever the decision, so the security team sees
what masking would leave. The caller's own text is echoed back to the caller
only; nothing is logged or recorded.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from gateway.api.body import read_body
from gateway.api.headers import gateway_headers, new_request_id
from gateway.api.json_response import JsonResponse
from gateway.auth import bearer_token
from gateway.dryrun import DryRun
from gateway.errors import BadRequest
from gateway.masking import PlaceholderMap
from gateway.pipeline.parse import parse_json_body
from gateway.pipeline.stages import masked_messages
from gateway.runtime import Runtime

__all__ = ["router"]

router = APIRouter()


@router.post("/v1/gateway/inspect")
async def inspect(request: Request) -> JsonResponse:
    runtime: Runtime = request.app.state.runtime
    request_id = new_request_id()
    request.state.gateway_headers = gateway_headers(request_id, None)
    body = await read_body(request, runtime.settings.max_body_bytes)
    principal = await runtime.keys.authenticate(bearer_token(request.headers))
    data = parse_json_body(body)
    text_mode = "text" in data
    if text_mode == ("messages" in data):
        raise BadRequest("text か messages のどちらか一方を指定してください。", param="text")
    if text_mode and not isinstance(data["text"], str):
        raise BadRequest("text は文字列である必要があります。", param="text")
    messages = [{"role": "user", "content": data["text"]}] if text_mode else data["messages"]
    if not isinstance(messages, list) or not messages:
        raise BadRequest("messages には 1 件以上のメッセージを配列で指定してください。", param="messages")
    model = data.get("model") or _default_model(runtime, principal.department)
    if not isinstance(model, str):
        raise BadRequest("model は文字列である必要があります。", param="model")
    exchange = DryRun(runtime.policy, runtime.detector).evaluate(
        messages,
        model=model,
        department=principal.department,
        declared_level=request.headers.get("x-gateway-declared-level"),
        use_case=request.headers.get("x-gateway-use-case") or data.get("use_case"),
        principal=principal,
        request_id=request_id,
    )
    decision = exchange.decision
    assert decision is not None
    masked = masked_messages(exchange, PlaceholderMap(), None)
    result = {
        "request_id": request_id,
        "level": decision.level,
        "reasons": list(decision.reasons),
        "findings": [
            {"entity_type": f.entity_type, "start": f.start, "end": f.end, "score": round(f.score, 4),
             "message_index": slot.message_index, "field": slot.field}
            for slot, found in zip(exchange.slots, exchange.findings, strict=True)
            for f in found
        ],
        "masked": masked[0]["content"] if text_mode else masked,
        "decision": {"action": decision.action, "model": decision.model, "reasons": list(decision.reasons),
                     "mask_types": sorted(decision.mask_types), "policy_revision": decision.revision},
        "review_required": decision.review_required,
    }
    return JsonResponse(result, headers=gateway_headers(request_id, decision))


def _default_model(runtime: Runtime, department: str) -> str:
    allowed = runtime.policy.models_for(department)
    if not allowed:
        raise BadRequest("この部署が使用できるモデルがありません。", param="model")
    return allowed[0].id
