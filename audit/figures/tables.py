"""The dashboard's own tables: loaded policy revisions, and daily rollups of the audit record.

``policy_revisions``: every policy a gateway loaded, with its text and SHA-256.
The ``rollup_*`` tables hold per-day (Japan time) GROUP BY results of
``audit_records``, built by ``audit.figures.rollups``; they hold types, counts, user
ids and department ids, like the audit record itself, never content.

A starting gateway stores the policy it loaded unless that exact text is
already stored, so the dashboard can show the current revision and its diff
from the previous one. The policy file never holds a secret (it refers to
environment variables), so storing its text is safe.

Example:
    >>> revisions = PolicyRevisions(engine)
    >>> revisions.record("2026-11-30.1+ab12cd34", Path("policies/default/policy.yaml").read_text())
    >>> revisions.latest(2)[0].revision
    '2026-11-30.1+ab12cd34'
"""

from __future__ import annotations

import difflib
import hashlib
from datetime import date, datetime

from sqlalchemy import BigInteger, Engine, Index, Text, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from audit.records import AuditRecord
from gateway.database import UtcDateTime, transaction, utc_now
from gateway.errors import AuditUnavailable

__all__ = [
    "PolicyRevision",
    "PolicyRevisions",
    "RollupEntities",
    "RollupReasons",
    "RollupState",
    "RollupUsage",
    "RollupUseCases",
    "RollupUsers",
    "unified_diff",
]

_UNAVAILABLE = "ポリシーの履歴を読み書きできません。管理者に連絡してください。"


class PolicyRevision(SQLModel, table=True):
    """One row of ``policy_revisions``.

    Example:
        >>> PolicyRevision(revision="r1", content_sha256="00" * 32, text="revision: r1", loaded_at=utc_now()).revision
        'r1'
    """

    __tablename__ = "policy_revisions"

    id: int | None = Field(default=None, primary_key=True)
    revision: str = Field(max_length=200)
    content_sha256: str = Field(max_length=64, unique=True)
    text: str = Field(sa_type=Text)
    loaded_at: datetime = Field(sa_type=UtcDateTime, index=True)


# A reviewer's pages filter audit_records by department and period: without this
# index, PostgreSQL walks every department's records of the period (migration 0005).
DEPARTMENT_PERIOD = Index(
    "ix_audit_records_department_created_at", AuditRecord.__table__.c.department, AuditRecord.__table__.c.created_at
)


class RollupState(SQLModel, table=True):
    """One row: the last Japanese calendar day whose records are in the rollups."""

    __tablename__ = "rollup_state"

    id: int = Field(primary_key=True)
    rolled_through: date | None = None


class _DailyRollup(SQLModel):
    """What every rollup row has: its Japanese calendar day and department."""

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    department: str = Field(max_length=200)


class RollupUsage(_DailyRollup, table=True):
    """Requests and tokens per day, department, model, level, status and masking."""

    __tablename__ = "rollup_usage"

    model: str | None = Field(default=None, max_length=200)
    level: str | None = Field(default=None, max_length=16)
    status: str = Field(max_length=16)
    masked: bool
    requests: int = Field(sa_type=BigInteger)
    prompt_tokens: int = Field(sa_type=BigInteger)
    completion_tokens: int = Field(sa_type=BigInteger)
    total_tokens: int = Field(sa_type=BigInteger)


class RollupUsers(_DailyRollup, table=True):
    """The users active per day and department (for distinct user counts over any period)."""

    __tablename__ = "rollup_users"

    user_name: str = Field(max_length=200)
    requests: int = Field(sa_type=BigInteger)


class RollupUseCases(_DailyRollup, table=True):
    """Requests per day, department, use-case and status."""

    __tablename__ = "rollup_use_cases"

    use_case: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=16)
    requests: int = Field(sa_type=BigInteger)


class RollupEntities(_DailyRollup, table=True):
    """Findings per day, department and entity type (types and counts only)."""

    __tablename__ = "rollup_entities"

    entity_type: str = Field(max_length=64)
    findings: int = Field(sa_type=BigInteger)
    requests: int = Field(sa_type=BigInteger)


class RollupReasons(_DailyRollup, table=True):
    """Blocked requests per day, department and decision reason."""

    __tablename__ = "rollup_reasons"

    reason: str = Field(sa_type=Text)
    requests: int = Field(sa_type=BigInteger)


class PolicyRevisions:
    """The ``policy_revisions`` table."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._table = PolicyRevision.__table__

    def record(self, revision: str, text: str) -> bool:
        """Store this policy text unless it is already stored; True if a row was added."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        row = {"revision": revision[:200], "content_sha256": digest, "text": text, "loaded_at": utc_now()}
        try:
            with transaction(self._engine, _UNAVAILABLE) as conn:
                if conn.execute(select(self._table.c.id).where(self._table.c.content_sha256 == digest)).first():
                    return False
                conn.execute(insert(self._table), row)
        except AuditUnavailable as exc:
            # Two replicas starting together with the same policy: the other one stored it.
            if isinstance(exc.__cause__, IntegrityError):
                return False
            raise
        return True

    def latest(self, count: int = 2) -> list[PolicyRevision]:
        """The newest ``count`` revisions, newest first."""
        query = select(self._table).order_by(self._table.c.id.desc()).limit(count)
        with transaction(self._engine, _UNAVAILABLE) as conn:
            return [PolicyRevision.model_validate(row._mapping) for row in conn.execute(query).all()]


def unified_diff(previous: PolicyRevision | None, current: PolicyRevision) -> list[str]:
    """The lines of a unified diff from ``previous`` to ``current`` (empty when there is no previous)."""
    if previous is None:
        return []
    return list(
        difflib.unified_diff(
            previous.text.splitlines(),
            current.text.splitlines(),
            fromfile=previous.revision,
            tofile=current.revision,
            lineterm="",
        )
    )
