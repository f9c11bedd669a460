"""確認: the review queue, one item with its masked content, approve / send back, and the review metrics.

A reviewer (所属長) sees and decides their own department's items; the CAIO
sees and may decide all. The rules (four eyes, steps, deadlines) live in
``audit.review``: this page only shows them and passes the decision on.

Example:
    GET  /dashboard/reviews?status=overdue
    GET  /dashboard/reviews/rv-0123456789abcdef01234567
    POST /dashboard/reviews/rv-0123456789abcdef01234567   action=approve&comment=...&csrf=...
    GET  /dashboard/reviews/metrics.csv
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from audit.dashboard.access import Scope
from audit.dashboard.context import engine_of, run, runtime_of
from audit.dashboard.pages.login import read_form
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, check_csrf, require_page
from audit.figures.review_metrics import metrics_csv, review_metrics
from audit.review import ReviewItem, SqlReviewStore
from gateway.api.reviews import mask_comment
from gateway.errors import GatewayError
from gateway.keys import Principal

__all__ = ["router"]

router = APIRouter()

STATUS_FILTERS = {"pending": "確認待ち", "overdue": "期限超過", "approved": "承認済み", "returned": "差戻し", "all": "すべて"}
STATUS_LABELS = {"pending": "確認待ち", "approved": "承認済み", "returned": "差戻し"}
_VERDICTS = {"approve": "承認", "return": "差戻し"}


def _store(request: Request) -> SqlReviewStore:
    reviews = runtime_of(request).reviews
    if reviews is None:
        raise RuntimeError("the review page needs the runtime's review store")
    return reviews


def _principal(user: DashboardUser) -> Principal:
    return Principal(user.key_id, user.user, user.department, user.roles)


@router.get("/dashboard/reviews", response_class=HTMLResponse, name="dashboard_reviews")
async def queue(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("reviews"))) -> HTMLResponse:
    user, scope = viewer
    reviews = _store(request)
    status = request.query_params.get("status", "pending")
    status = status if status in STATUS_FILTERS else "pending"
    items = await run(reviews.listing, _principal(user), None if status == "all" else status)
    departments = None if scope == "all" else [user.department]
    metrics = await run(review_metrics, engine_of(request), reviews.clock(), None, None, departments)
    return render(
        request, "reviews.html", user, page="reviews", title="生成物の確認", scope=scope, items=items,
        status=status, filters=STATUS_FILTERS, labels=STATUS_LABELS, now=reviews.clock(), metrics=metrics,
        done=request.query_params.get("done", ""),
    )


@router.get("/dashboard/reviews/metrics.csv", name="dashboard_review_metrics_csv")
async def metrics_download(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("reviews"))) -> Response:
    user, scope = viewer
    departments = None if scope == "all" else [user.department]
    rows = await run(review_metrics, engine_of(request), _store(request).clock(), None, None, departments)
    names = {key: department.name for key, department in runtime_of(request).policy.departments.items()}
    return Response(metrics_csv(rows, names).encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": "attachment; filename*=UTF-8''" + quote("確認の集計.csv")})


@router.get("/dashboard/reviews/{item_id}", response_class=HTMLResponse, name="dashboard_review_item")
async def item_page(
    request: Request, item_id: str, viewer: tuple[DashboardUser, Scope] = Depends(require_page("reviews"))
) -> HTMLResponse:
    user, scope = viewer
    item = await run(_store(request).get, item_id[:40])
    return _item_page(request, user, scope, item)


@router.post("/dashboard/reviews/{item_id}", name="dashboard_review_decide")
async def decide(
    request: Request, item_id: str, viewer: tuple[DashboardUser, Scope] = Depends(require_page("reviews"))
) -> Response:
    user, scope = viewer
    form = await read_form(request)
    check_csrf(request, form, user)
    reviews = _store(request)
    verdict = form.get("action", "")
    comment = form.get("comment", "")[:2000]
    if verdict not in _VERDICTS:
        return _item_page(request, user, scope, await run(reviews.get, item_id[:40]), "操作を選んでください。")
    try:
        masked = mask_comment(runtime_of(request), comment)
        await run(reviews.decide, item_id[:40], _principal(user), verdict, masked)
    except (GatewayError, LookupError) as error:
        message = error.message if isinstance(error, GatewayError) else "指定の確認依頼は見つかりません。"
        # The comment is not shown again: it may hold a personal value.
        return _item_page(request, user, scope, await run(reviews.get, item_id[:40]), message)
    return RedirectResponse(f"/dashboard/reviews?done={verdict}", status_code=303)


def _item_page(
    request: Request, user: DashboardUser, scope: Scope, item: ReviewItem | None, error: str | None = None
) -> HTMLResponse:
    if item is None or not item.may_see(_principal(user)):
        return render(request, "error.html", user, 404, title="確認依頼", scope=scope,
                      message="指定の確認依頼は見つからないか、表示する権限がありません。")
    now = _store(request).clock()
    return render(
        request, "review_item.html", user, 400 if error else 200, page="reviews", title="確認依頼の詳細",
        scope=scope, item=item, labels=STATUS_LABELS, verdicts=_VERDICTS, now=now, error=error,
        history=[{**entry, "at": datetime.fromisoformat(entry["at"])} for entry in item.history],
    )
