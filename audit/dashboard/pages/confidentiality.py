"""機密性: the distribution of levels, the top entity types, blocked requests with their reasons.

Only types and counts are shown: the audit record holds nothing else.

Example:
    GET /dashboard/confidentiality?from=2026-11-01&to=2026-11-30
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from audit.dashboard.access import Scope
from audit.dashboard.charts import bar, doughnut
from audit.dashboard.context import Names, engine_of, period_from, run, runtime_of
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, require_page
from audit.figures.confidentiality import Confidentiality

__all__ = ["router"]

router = APIRouter()


@router.get("/dashboard/confidentiality", response_class=HTMLResponse, name="dashboard_confidentiality")
async def confidentiality(
    request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("confidentiality"))
) -> HTMLResponse:
    user, scope = viewer
    period = period_from(request.query_params, user.department_filter(scope))
    queries = Confidentiality(engine_of(request))
    policy = runtime_of(request).policy
    names = Names(policy)
    levels, entities, reasons = await asyncio.gather(
        run(queries.levels, period), run(queries.entity_types, period), run(queries.block_reasons, period)
    )
    # Levels in the taxonomy's order (lowest first), unknown ones (e.g. none decided) last.
    levels.sort(key=lambda r: policy.level_rank(r.level) if r.level and policy.has_level(r.level) else 99)
    return render(
        request, "confidentiality.html", user, page="confidentiality", title="機密性", scope=scope, period=period,
        levels=levels, entities=entities, reasons=reasons,
        level_chart=doughnut([names.level(r.level) for r in levels], [r.requests for r in levels], "利用件数"),
        entity_chart=bar([names.entity(e.entity_type) for e in entities], {"検出数": [e.findings for e in entities]}),
    )
