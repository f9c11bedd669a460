"""The ``x-gateway-*`` headers that every answer carries (DESIGN.md §6)."""

from __future__ import annotations

import uuid

from policies import Decision

__all__ = ["gateway_headers", "new_request_id"]


def new_request_id() -> str:
    return f"gw-{uuid.uuid4().hex}"


def gateway_headers(request_id: str, decision: Decision | None) -> dict[str, str]:
    """Example: ``{"x-gateway-request-id": "...", "x-gateway-level": "3C", "x-gateway-action": "mask", ...}``.

    Before a request is classified its level is ``unclassified`` and its action ``none``.
    """
    return {
        "x-gateway-request-id": request_id,
        "x-gateway-level": decision.level if decision else "unclassified",
        "x-gateway-action": decision.action if decision else "none",
        "x-gateway-review-required": "true" if decision and decision.review_required else "false",
    }
