"""``/v1/gateway/reviews``: the review items, for the clients that asked and for the reviewers.

Bearer keys, as for chat. Who sees what:

* a requester sees their own items (to follow ``x-gateway-review-id``);
* a ``reviewer`` sees and decides the items of their own department;
* the ``caio`` sees and may decide every item; an ``auditor`` sees every item.

An item another caller may not see answers 404, as if it did not exist.

    GET  /v1/gateway/reviews?status=pending|approved|returned|overdue
    GET  /v1/gateway/reviews/{id}
    POST /v1/gateway/reviews/{id}/approve   {"comment": "..."}
    POST /v1/gateway/reviews/{id}/return    {"comment": "..."}     (差戻し; a comment is required)
    GET  /v1/gateway/reviews/metrics[?format=csv]                  (caio: all, reviewer: own department)

Comments are scanned like prompts: a personal value in a comment is stored as its placeholder.

Example:
    >>> httpx.post(f"{url}/v1/gateway/reviews/{review_id}/approve", json={"comment": "確認済み"},
    ...            headers={"authorization": f"Bearer {reviewer_key}"}).json()["status"]
    'pending'
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request, Response

from audit.figures.review_metrics import metrics_csv, review_metrics
from audit.review import SEE_ALL, ReviewItem, SqlReviewStore, Verdict
from gateway.api.body import read_body
from gateway.api.headers import gateway_headers, new_request_id
from gateway.api.json_response import JsonResponse
from gateway.auth import bearer_token
from gateway.errors import AuditUnavailable, BadRequest, GatewayError, PermissionDenied
from gateway.keys import Principal
from gateway.masking import PlaceholderMap
from gateway.pipeline.parse import parse_json_body
from gateway.runtime import Runtime

__all__ = ["ReviewNotFound", "item_json", "mask_comment", "router"]

router = APIRouter(prefix="/v1/gateway/reviews")

_STATUSES = frozenset({"pending", "approved", "returned", "overdue"})
_COMMENT_MAX = 2_000
_ACTIONS: dict[str, Verdict] = {"approve": "approve", "return": "return"}


class ReviewNotFound(GatewayError):
    status = 404
    type = "invalid_request_error"
    code = "review_not_found"


async def _caller(request: Request) -> tuple[Runtime, Principal, SqlReviewStore]:
    runtime: Runtime = request.app.state.runtime
    request.state.gateway_headers = gateway_headers(new_request_id(), None)
    principal = await runtime.keys.authenticate(bearer_token(request.headers))
    if runtime.reviews is None:
        raise AuditUnavailable("確認（レビュー）の記録先が設定されていません。管理者に連絡してください。")
    return runtime, principal, runtime.reviews


@router.get("")
async def list_reviews(request: Request, status: str | None = None) -> JsonResponse:
    runtime, principal, reviews = await _caller(request)
    if status is not None and status not in _STATUSES:
        raise BadRequest(f"status は {', '.join(sorted(_STATUSES))} のいずれかで指定してください。", param="status")
    items = await anyio.to_thread.run_sync(reviews.listing, principal, status)
    now = reviews.clock()
    data = [item_json(item, runtime, now, content=False) for item in items]
    return JsonResponse({"object": "list", "data": data}, headers=request.state.gateway_headers)


@router.get("/metrics")
async def metrics(request: Request, format: str = "json") -> Response:
    runtime, principal, reviews = await _caller(request)
    if principal.roles & SEE_ALL:
        departments = None
    elif "reviewer" in principal.roles:
        departments = [principal.department]
    else:
        raise PermissionDenied("確認の集計は CAIO・監査担当と所属の確認者のみが参照できます。")
    assert runtime.engine is not None
    rows = await anyio.to_thread.run_sync(
        lambda: review_metrics(runtime.engine, reviews.clock(), departments=departments)  # type: ignore[arg-type]
    )
    if format == "csv":
        names = {key: department.name for key, department in runtime.policy.departments.items()}
        return Response(metrics_csv(rows, names).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="review_metrics.csv"'})
    data = [{**row.__dict__, "review_rate": row.review_rate, "unreviewed_share": row.unreviewed_share} for row in rows]
    return JsonResponse({"object": "list", "data": data}, headers=request.state.gateway_headers)


@router.get("/{item_id}")
async def get_review(request: Request, item_id: str) -> JsonResponse:
    runtime, principal, reviews = await _caller(request)
    item = await anyio.to_thread.run_sync(reviews.get, item_id)
    if item is None or not item.may_see(principal):
        raise ReviewNotFound("指定された確認依頼は見つかりません。")
    return JsonResponse(item_json(item, runtime, reviews.clock()), headers=request.state.gateway_headers)


@router.post("/{item_id}/{action}")
async def decide_review(request: Request, item_id: str, action: str) -> JsonResponse:
    runtime, principal, reviews = await _caller(request)
    verdict = _ACTIONS.get(action)
    if verdict is None:
        raise ReviewNotFound("操作は approve（承認）か return（差戻し）です。")
    data = parse_json_body(await read_body(request, runtime.settings.max_body_bytes) or b"{}")
    comment = data.get("comment", "")
    if not isinstance(comment, str) or len(comment) > _COMMENT_MAX:
        raise BadRequest(f"comment は {_COMMENT_MAX} 文字以内の文字列で指定してください。", param="comment")
    comment = mask_comment(runtime, comment)
    try:
        item = await anyio.to_thread.run_sync(reviews.decide, item_id, principal, verdict, comment)
    except LookupError:
        raise ReviewNotFound("指定された確認依頼は見つかりません。") from None
    return JsonResponse(item_json(item, runtime, reviews.clock()), headers=request.state.gateway_headers)


def mask_comment(runtime: Runtime, comment: str) -> str:
    """The comment with every personal value replaced by its placeholder (e.g. ``<PERSON_1>``)."""
    findings = runtime.detector.detect(comment)
    return PlaceholderMap().mask(comment, findings, {f.entity_type for f in findings})


def item_json(item: ReviewItem, runtime: Runtime, now: Any, *, content: bool = True) -> dict[str, Any]:
    """An item as the API shows it; ``content=False`` leaves out the masked request and answer (lists)."""
    use_case = runtime.policy.use_cases.get(item.use_case)
    department = runtime.policy.departments.get(item.department)
    result: dict[str, Any] = {
        "id": item.id,
        "object": "gateway.review",
        "request_id": item.request_id,
        "status": item.status,
        "overdue": item.overdue(now),
        "department": item.department,
        "department_name": department.name if department else item.department,
        "requester": item.requester,
        "use_case": item.use_case,
        "use_case_label": use_case.label if use_case else item.use_case,
        "level": item.level,
        "model": item.model_used,
        "steps": item.steps,
        "approved_steps": item.approved_steps,
        "next_step": item.next_step,
        "created_at": item.created_at.isoformat(),
        "deadline_at": item.deadline_at.isoformat(),
        "decided_at": item.decided_at.isoformat() if item.decided_at else None,
        "history": [{k: h.get(k) for k in ("action", "step", "user", "at", "comment")} for h in item.history],
    }
    if content:
        result["masked_request"] = item.masked_request
        result["masked_answer"] = item.masked_answer
    return result
