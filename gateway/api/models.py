"""``GET /v1/models``: the models the caller's department may use, with their trust attributes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from gateway.api.headers import gateway_headers, new_request_id
from gateway.api.json_response import JsonResponse
from gateway.auth import bearer_token
from gateway.runtime import Runtime

__all__ = ["router"]

router = APIRouter()


@router.get("/v1/models")
async def list_models(request: Request) -> JsonResponse:
    runtime: Runtime = request.app.state.runtime
    principal = await runtime.keys.authenticate(bearer_token(request.headers))
    data = [
        {
            "id": spec.id,
            "object": "model",
            "created": 0,
            "owned_by": spec.zone,
            "x_gateway": {
                "label": spec.label,
                "zone": spec.zone,
                "region": spec.region,
                "trains_on_input": spec.trains_on_input,
                "max_level_unmasked": spec.max_level_unmasked,
                "max_level_masked": spec.max_level_masked,
            },
        }
        for spec in runtime.policy.models_for(principal.department)
    ]
    return JsonResponse({"object": "list", "data": data}, headers=gateway_headers(new_request_id(), None))
