"""ポリシー: the current revision, its diff from the previous one, and the models' trust attributes.

Example:
    GET /dashboard/policy
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from audit.dashboard.access import Scope
from audit.dashboard.context import engine_of, run, runtime_of
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardUser, require_page
from audit.figures.tables import PolicyRevisions, unified_diff

__all__ = ["router"]

router = APIRouter()


@router.get("/dashboard/policy", response_class=HTMLResponse, name="dashboard_policy")
async def policy_page(request: Request, viewer: tuple[DashboardUser, Scope] = Depends(require_page("policy"))) -> HTMLResponse:
    user, scope = viewer
    policy = runtime_of(request).policy
    revisions = await run(PolicyRevisions(engine_of(request)).latest, 2)
    current = next((r for r in revisions if r.revision == policy.revision), revisions[0] if revisions else None)
    previous = next((r for r in revisions if current is not None and r.id != current.id), None)
    diff = unified_diff(previous, current) if current is not None else []
    return render(
        request, "policy.html", user, page="policy", title="ポリシー", scope=scope,
        policy=policy, current=current, previous=previous, diff=diff,
    )
