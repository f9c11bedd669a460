"""報告: the 総務省 survey summary for a 年度 or a month, on screen and as CSV / Excel.

Example:
    GET /dashboard/reports?fy=2026
    GET /dashboard/reports/download.xlsx?month=2026-11
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from audit.dashboard.access import Scope
from audit.dashboard.charts import bar
from audit.dashboard.context import engine_of, run, runtime_of
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, require_page
from audit.figures.query import JST
from audit.figures.report_files import summary_csv, summary_xlsx
from audit.figures.reports import ReportPeriod, SurveyReport, SurveySummary

__all__ = ["router"]

router = APIRouter()

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(params: dict[str, str]) -> ReportPeriod:
    """``month=YYYY-MM`` or ``fy=YYYY``; default: the current 年度."""
    now = datetime.now(JST)
    month = params.get("month", "")
    if len(month) == 7 and month[4] == "-" and month[:4].isdigit() and month[5:].isdigit() and 1 <= int(month[5:]) <= 12:
        return ReportPeriod.month(int(month[:4]), int(month[5:]))
    fiscal = params.get("fy", "")
    if fiscal.isdigit() and 2000 <= int(fiscal) <= 2100:
        return ReportPeriod.fiscal_year(int(fiscal))
    return ReportPeriod.fiscal_year(now.year if now.month >= 4 else now.year - 1)


async def _summary(request: Request, user: DashboardUser, scope: Scope) -> SurveySummary:
    report = SurveyReport(engine_of(request), runtime_of(request).policy)
    return await run(report.build, _period(dict(request.query_params)), user.department_filter(scope))


@router.get("/dashboard/reports", response_class=HTMLResponse, name="dashboard_reports")
async def reports(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("reports"))) -> HTMLResponse:
    user, scope = viewer
    summary = await _summary(request, user, scope)
    now = datetime.now(JST)
    current_fy = now.year if now.month >= 4 else now.year - 1
    return render(
        request, "reports.html", user, page="reports", title="報告（総務省 AI・RPA 調査）", scope=scope,
        summary=summary, query=request.url.query, years=range(current_fy, current_fy - 5, -1),
        month_value=request.query_params.get("month", ""),
        chart_spec=bar([c.category for c in summary.categories], {"利用件数": [c.requests for c in summary.categories]}),
    )


@router.get("/dashboard/reports/download.{kind}", name="dashboard_report_download")
async def download(
    request: Request, kind: str, viewer: tuple[DashboardUser, Scope] = Depends(require_page("reports"))
) -> Response:
    user, scope = viewer
    if kind not in ("csv", "xlsx"):
        return Response(status_code=404)
    summary = await _summary(request, user, scope)
    stem = f"ai-usage-{summary.period.first:%Y%m%d}-{summary.period.last:%Y%m%d}"
    if kind == "csv":
        body, media = summary_csv(summary), "text/csv; charset=utf-8"
    else:
        body, media = await run(summary_xlsx, summary), _XLSX
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{kind}"', "Cache-Control": "no-store"}
    return Response(body, media_type=media, headers=headers)
