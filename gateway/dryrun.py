"""A dry run of the request-side stages, for ``/v1/gateway/inspect`` and the policy commands.

Example:
    >>> exchange = DryRun(policy, detector).evaluate([{"role": "user", "content": "山田太郎さんの件"}],
    ...                                              model="preview", department="soumu")
    >>> exchange.decision.action
    'mask'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.detection.base import Detector
from gateway.keys import Principal
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.parse import text_slots
from gateway.pipeline.stages import STAGES
from policies import Policy

__all__ = ["DryRun"]


@dataclass
class DryRun:
    policy: Policy
    detector: Detector

    def evaluate(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str,
        department: str,
        declared_level: str | None = None,
        use_case: str | None = None,
        principal: Principal | None = None,
        request_id: str = "dry-run",
    ) -> Exchange:
        """Run every request-side stage (masking included) and return the exchange; sends nothing."""
        exchange = Exchange(
            request_id=request_id,
            principal=principal or Principal(key_id="-", user="dry-run", department=department, roles=frozenset()),
            model=model,
            messages=messages,
            params={},
            declared_level=declared_level,
            use_case=use_case,
            slots=text_slots(messages),
        )
        for stage in STAGES:
            stage(exchange, self)
        return exchange
