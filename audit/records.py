"""The ``audit_records`` table: one row per request the gateway received.

A row says who asked which model for what, at which confidentiality level,
what the policy did and how the request ended. It holds counts and reasons,
never a detected value. What is kept of the content (``kept_*`` columns) is a
policy setting: nothing, the fully masked text, or that plus the original
encrypted for the CAIO (see ``audit.content``). The ``chain_*`` columns link
the record into the hash chain once it is closed (see ``audit.chain``).

Example:
    >>> record = SqlAuditStore(engine).get("req-0001")
    >>> record.level, record.action, record.entity_counts
    ('3C', 'mask', {'JP_PERSON': 2})
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import JSON, BigInteger, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from gateway.database import UtcDateTime

__all__ = ["ACTIONS", "OUTCOME_STATUSES", "Action", "AuditRecord", "Status"]

Action = Literal["allow", "mask", "block", "reroute", "none"]
Status = Literal["forwarding", "completed", "blocked", "rejected", "failed"]

ACTIONS: frozenset[str] = frozenset(get_args(Action))
# Every status but "forwarding", which only an open (unfinished) record has.
OUTCOME_STATUSES: frozenset[str] = frozenset(get_args(Status)) - {"forwarding"}

# Free text sent by the client is cut to these lengths before it is stored.
TEXT_MAX = 200

# JSONB on PostgreSQL so the dashboard can query inside entity_counts.
_JSON = JSON().with_variant(JSONB(), "postgresql")


class AuditRecord(SQLModel, table=True):
    """One request, from the moment it was accepted to the moment it ended.

    Example:
        >>> [(r.department, r.level, r.status) for r in SqlAuditStore(engine).recent(limit=1)]
        [('市民課', '3C', 'completed')]
    """

    __tablename__ = "audit_records"

    id: int | None = Field(default=None, primary_key=True)
    request_id: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UtcDateTime, index=True)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    # "user" is a reserved word in SQL (SELECT user is the database login), so
    # the column is user_name while Python code keeps the plain key.
    user: str = Field(max_length=TEXT_MAX, index=True, sa_column_kwargs={"name": "user_name", "key": "user"})
    department: str = Field(max_length=TEXT_MAX, index=True)
    key_id: str = Field(max_length=64, index=True)
    client: str = Field(default="", max_length=TEXT_MAX)

    model_requested: str = Field(max_length=TEXT_MAX)
    model_used: str | None = Field(default=None, max_length=TEXT_MAX)
    level: str | None = Field(default=None, max_length=16, index=True)
    action: str = Field(max_length=16, index=True)
    mask_applied: bool = False
    entity_counts: dict[str, int] = Field(default_factory=dict, sa_type=_JSON)
    reasons: list[str] = Field(default_factory=list, sa_type=_JSON)
    use_case: str | None = Field(default=None, max_length=TEXT_MAX)
    review_required: bool = False
    policy_revision: str = Field(max_length=TEXT_MAX)
    stream: bool = False

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    latency_ms: float | None = None
    status: str = Field(default="forwarding", max_length=16, index=True)
    http_status: int | None = None
    error_code: str | None = Field(default=None, max_length=64)

    # Content kept by policy (audit.content): never a raw personal value in clear.
    kept_request: str | None = Field(default=None, sa_type=Text)
    kept_answer: str | None = Field(default=None, sa_type=Text)
    kept_original: str | None = Field(default=None, sa_type=Text)

    # The output check of the answer (gateway.pipeline.output_check): personal values the
    # answer held that the request did not, as type -> count; "clean", "masked" or "flagged";
    # and how many placeholders it held that the gateway never issued (then nothing was restored).
    output_entity_counts: dict[str, int] | None = Field(default=None, sa_type=_JSON)
    output_action: str | None = Field(default=None, max_length=16)
    output_foreign_placeholders: int | None = None

    # The hash chain (audit.chain): set once, when the record is closed.
    chain_seq: int | None = Field(default=None, sa_type=BigInteger, unique=True, index=True)
    prev_hash: str | None = Field(default=None, max_length=64)
    record_hash: str | None = Field(default=None, max_length=64)
