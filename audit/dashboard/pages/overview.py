"""概要: requests, users, departments, tokens, cost, masked and blocked, by day and by month.

Example:
    GET /dashboard/?from=2026-11-01&to=2026-11-30
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from audit.dashboard.access import Scope
from audit.dashboard.charts import bar, day_label, line, month_label
from audit.dashboard.context import engine_of, period_from, run, runtime_of
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, require_page
from audit.figures.metrics import Usage

__all__ = ["router"]

router = APIRouter()


@router.get("/dashboard/", response_class=HTMLResponse, name="dashboard_overview")
async def overview(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("overview"))) -> HTMLResponse:
    user, scope = viewer
    period = period_from(request.query_params, user.department_filter(scope))
    usage = Usage.from_policy(engine_of(request), runtime_of(request).policy)
    # Independent queries: run side by side, each on its own pooled connection.
    totals, daily, monthly = await asyncio.gather(
        run(usage.totals, period), run(usage.series, period, "day"), run(usage.series, period.months_back(12), "month")
    )
    days = [day_label(p.bucket) for p in daily]
    return render(
        request, "overview.html", user, page="overview", title="概要", scope=scope, period=period,
        totals=totals, monthly=monthly,
        daily_chart=bar(days, {
            "許可・振替": [max(0, p.totals.requests - p.totals.masked - p.totals.blocked) for p in daily],
            "マスキング": [p.totals.masked for p in daily],
            "遮断": [p.totals.blocked for p in daily],
        }, stacked=True),
        monthly_chart=line([month_label(p.bucket) for p in monthly], {
            "利用件数": [p.totals.requests for p in monthly],
            "利用者数": [p.totals.users for p in monthly],
        }),
        cost_chart=bar(days, {"推計費用（円）": [round(p.totals.cost_yen) for p in daily]}),
    )
