"""``GET /healthz``: the process is up and its runtime (policy, analyzer, stores) is built."""

from __future__ import annotations

from fastapi import APIRouter, Request

from gateway.api.json_response import JsonResponse

__all__ = ["router"]

router = APIRouter()


@router.get("/healthz")
async def healthz(request: Request) -> JsonResponse:
    runtime = request.app.state.runtime
    return JsonResponse({"status": "ok", "policy_revision": runtime.policy.revision})
