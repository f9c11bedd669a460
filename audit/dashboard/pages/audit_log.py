"""監査ログ: search the audit record, open one record, and the chain's integrity badge.

The detail shows the masked content when the policy kept it (``kept_request``,
``kept_answer``); the encrypted original is never shown here, only that it exists.

Example:
    GET /dashboard/audit?from=2026-11-01&to=2026-11-30&level=3B&status=blocked
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from audit.dashboard.access import Scope
from audit.dashboard.context import engine_of, period_from, run, runtime_of
from audit.dashboard.integrity import IntegrityMonitor
from audit.dashboard.pages.login import read_form
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, check_csrf, require_page
from audit.figures.search import AuditSearch, SearchQuery
from audit.records import ACTIONS, OUTCOME_STATUSES

__all__ = ["integrity_monitor", "router"]

router = APIRouter()
_FILTERS = ("user", "model", "level", "action", "status")


def integrity_monitor(request: Request) -> IntegrityMonitor:
    """The process's monitor, built on first use (the runtime exists only after startup)."""
    state = request.app.state
    if getattr(state, "integrity_monitor", None) is None:
        settings = runtime_of(request).settings
        state.integrity_monitor = IntegrityMonitor(engine_of(request), settings.audit_chain_key())
    return state.integrity_monitor


@router.get("/dashboard/audit", response_class=HTMLResponse, name="dashboard_audit")
async def audit_log(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("audit_log"))) -> HTMLResponse:
    user, scope = viewer
    params = request.query_params
    period = period_from(params, user.department_filter(scope))
    before = params.get("before", "")
    filters = {name: params.get(name, "").strip()[:200] for name in _FILTERS}
    query = SearchQuery(scope=period, before=int(before) if before.isdigit() else None, **filters)
    page = await run(AuditSearch(engine_of(request)).page, query)
    policy = runtime_of(request).policy
    choices = {
        "level": [level.id for level in policy.levels],
        "action": sorted(ACTIONS),
        "status": sorted(OUTCOME_STATUSES | {"forwarding"}),
        "model": list(policy.models),
    }
    next_params = {**{k: v for k, v in params.items() if k != "before"}, "before": page.next_before}
    return render(
        request, "audit_log.html", user, page="audit_log", title="監査ログ", scope=scope, period=period,
        filters=filters, choices=choices, result=page, next_params=next_params,
        integrity=integrity_monitor(request).status(),
    )


@router.get("/dashboard/audit/records/{request_id}", response_class=HTMLResponse, name="dashboard_audit_record")
async def audit_record(
    request: Request, request_id: str, viewer: tuple[DashboardUser, Scope] = Depends(require_page("audit_log"))
) -> HTMLResponse:
    user, scope = viewer
    record = await run(AuditSearch(engine_of(request)).detail, request_id[:64], user.department_filter(scope))
    if record is None:
        return render(request, "error.html", user, 404, title="監査記録", scope=scope,
                      message="指定の監査記録は見つからないか、表示する権限がありません。")
    return render(request, "audit_record.html", user, page="audit_log", title="監査記録の詳細", scope=scope,
                  record=record)


@router.post("/dashboard/audit/verify", name="dashboard_audit_verify")
async def verify_now(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("audit_log"))) -> Response:
    user, _ = viewer
    check_csrf(request, await read_form(request), user)
    await run(integrity_monitor(request).check_now)
    return RedirectResponse("/dashboard/audit", status_code=303)
