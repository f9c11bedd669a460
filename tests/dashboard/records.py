"""Audit records with chosen dates and facts, written through the real store (so they are chained)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from audit import AuditEntry, AuditOutcome, SqlAuditStore

__all__ = ["write"]


def write(
    engine: Engine,
    request_id: str,
    at: datetime,
    *,
    department: str = "soumu",
    user: str = "suzuki.hanako",
    level: str = "1",
    action: str = "allow",
    status: str = "completed",
    model: str = "upstream",
    tokens: tuple[int, int] = (100, 50),
    entities: dict[str, int] | None = None,
    reasons: tuple[str, ...] = (),
    use_case: str | None = "general",
) -> None:
    store = SqlAuditStore(engine)
    store.open(AuditEntry(
        request_id=request_id, user=user, department=department, key_id="0123456789abcdef",
        model_requested=model, action=action, policy_revision="test", level=level,
        mask_applied=action == "mask", entity_counts=entities or {}, reasons=reasons, use_case=use_case,
        created_at=at,
    ))
    blocked = status == "blocked"
    store.close(request_id, AuditOutcome(
        status=status, http_status=403 if blocked else 200, model_used=None if blocked else model,
        prompt_tokens=None if blocked else tokens[0], completion_tokens=None if blocked else tokens[1],
        total_tokens=None if blocked else sum(tokens), error_code="policy_blocked" if blocked else None,
        finished_at=at,
    ))
