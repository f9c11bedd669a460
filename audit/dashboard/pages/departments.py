"""部署: usage per department, this month's cost against the budget, top use-cases.

Example:
    GET /dashboard/departments?from=2026-11-01&to=2026-11-30
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from audit.dashboard.access import Scope
from audit.dashboard.charts import bar
from audit.dashboard.context import Names, engine_of, period_from, run, runtime_of
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, require_page
from audit.figures.metrics import DepartmentUsage, Usage
from audit.figures.query import AuditFilter

__all__ = ["router"]

router = APIRouter()


@dataclass(frozen=True)
class BudgetRow:
    department: str
    budget_yen: int | None
    month_cost_yen: float

    @property
    def ratio(self) -> float | None:
        return self.month_cost_yen / self.budget_yen if self.budget_yen else None


@router.get("/dashboard/departments", response_class=HTMLResponse, name="dashboard_departments")
async def departments(
    request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("departments"))
) -> HTMLResponse:
    user, scope = viewer
    department = user.department_filter(scope)
    period = period_from(request.query_params, department)
    policy = runtime_of(request).policy
    names = Names(policy)
    usage = Usage.from_policy(engine_of(request), policy)
    month = AuditFilter.for_days(1, department).months_back(1)
    rows, this_month, use_cases = await asyncio.gather(
        run(usage.by_department, period), run(usage.by_department, month), run(usage.use_cases, period, True)
    )
    month_costs = {r.department: r.cost_yen for r in this_month}
    budgets = [
        BudgetRow(dept_id, spec.monthly_budget_yen, month_costs.get(dept_id, 0.0))
        for dept_id, spec in policy.departments.items()
        if department is None or dept_id == department
    ]
    return render(
        request, "departments.html", user, page="departments", title="部署", scope=scope, period=period,
        rows=rows, budgets=budgets, use_cases=use_cases[:30], month=month,
        chart_spec=_chart(rows, names),
    )


def _chart(rows: list[DepartmentUsage], names: Names) -> dict:
    return bar([names.department(r.department) for r in rows], {"利用件数": [r.requests for r in rows]})
