"""The request-side stages, in order. Each is a plain function of (exchange, runtime).

    parse → detect → classify → decide → mask      (this module: STAGES)
    → forward → output check → restore → label → review → record
                                                   (gateway.pipeline.forward / answer / review / record)

A stage either fills in its part of the exchange or raises a ``GatewayError``;
nothing is forwarded until every stage here has passed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import Any, Protocol

from gateway.detection.base import Detector
from gateway.errors import DetectorUnavailable
from gateway.masking import PlaceholderMap
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.parse import replace_texts
from policies import Policy, RequestFacts, decide

__all__ = ["STAGES", "Engines", "masked_messages", "prepare"]

log = logging.getLogger(__name__)


class Engines(Protocol):
    """What the stages need: the gateway's runtime, or a dry run's policy and detector."""

    policy: Policy
    detector: Detector


def detect(exchange: Exchange, runtime: Engines) -> None:
    try:
        exchange.findings = [runtime.detector.detect(slot.text) for slot in exchange.slots]
    except Exception as exc:  # noqa: BLE001 - any failure of the detector must fail closed
        # Only the type is logged: the exception text may quote the prompt.
        log.error("detector failed: request_id=%s type=%s", exchange.request_id, type(exc).__name__)
        raise DetectorUnavailable(
            "個人情報の検出処理でエラーが発生したため、送信を中止しました。時間をおいて再度お試しください。"
        ) from None


def classify(exchange: Exchange, runtime: Engines) -> None:
    # The scanner caches its hits by content: turn N of a conversation scans only its new messages.
    exchange.marker_counts = runtime.policy.count_markers(slot.text for slot in exchange.slots)


def decide_action(exchange: Exchange, runtime: Engines) -> None:
    facts = RequestFacts(
        entity_counts=exchange.entity_counts,
        marker_counts=dict(exchange.marker_counts),
        model=exchange.model,
        department=exchange.principal.department,
        declared_level=exchange.declared_level,
        use_case=exchange.use_case,
    )
    exchange.decision = decide(runtime.policy, facts)


def masked_messages(exchange: Exchange, placeholders: PlaceholderMap, types: Collection[str] | None) -> list[dict[str, Any]]:
    """The exchange's messages with the findings of ``types`` replaced (``None``: every finding)."""
    replacements = {}
    if types is None or types:
        for slot, found in zip(exchange.slots, exchange.findings, strict=True):
            wanted = {f.entity_type for f in found} if types is None else types
            masked = placeholders.mask(slot.text, found, wanted)
            if masked != slot.text:
                replacements[(slot.message_index, slot.path)] = masked
    return replace_texts(exchange.messages, replacements)


def mask(exchange: Exchange, runtime: Engines) -> None:
    decision = exchange.decision
    assert decision is not None, "decide runs before mask"
    if decision.action != "block":
        exchange.outbound_messages = masked_messages(exchange, exchange.placeholders, decision.mask_types)


STAGES: tuple[Callable[[Exchange, Engines], None], ...] = (detect, classify, decide_action, mask)


def prepare(exchange: Exchange, runtime: Engines) -> None:
    """Run every request-side stage; afterwards the exchange holds its decision and outbound messages."""
    for stage in STAGES:
        stage(exchange, runtime)
