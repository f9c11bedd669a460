"""The ``x-gateway-*`` headers that every answer carries (DESIGN.md §6).

Every answer says it is AI output (``x-gateway-ai-generated: true``), errors
included, so a client never has to guess. An answer whose use-case needs a
human review also names its review item (``x-gateway-review-id``), which the
client can follow at ``/v1/gateway/reviews/{id}``.
"""

from __future__ import annotations

import uuid

from policies import Decision

__all__ = ["gateway_headers", "new_request_id"]


def new_request_id() -> str:
    return f"gw-{uuid.uuid4().hex}"


def gateway_headers(request_id: str, decision: Decision | None, review_id: str | None = None) -> dict[str, str]:
    """Example: ``{"x-gateway-request-id": "...", "x-gateway-level": "3C", "x-gateway-action": "mask", ...}``.

    Before a request is classified its level is ``unclassified`` and its action ``none``.
    """
    headers = {
        "x-gateway-request-id": request_id,
        "x-gateway-level": decision.level if decision else "unclassified",
        "x-gateway-action": decision.action if decision else "none",
        "x-gateway-review-required": "true" if decision and decision.review_required else "false",
        "x-gateway-ai-generated": "true",
    }
    if review_id is not None:
        headers["x-gateway-review-id"] = review_id
    return headers
