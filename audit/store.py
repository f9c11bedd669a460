"""Writing the audit record of a request: one INSERT before, one UPDATE after.

The gateway calls ``open`` before anything is sent upstream and ``close`` when
the request ends, whatever the end. A request the policy blocks is opened and
then closed with status ``blocked``. If either write fails the store raises
``AuditUnavailable`` and the gateway refuses the request (fail closed).
``close`` also keeps the content the policy asks for (``audit.content``) and
links the final record into the hash chain (``audit.chain``), in one
transaction.

Example:
    >>> store = SqlAuditStore(engine)
    >>> store.open(AuditEntry(request_id="req-0001", user="suzuki.hanako", department="福祉課",
    ...     key_id="0123456789abcdef", model_requested="gpt-4o", action="mask", level="3C",
    ...     policy_revision="r12", entity_counts={"JP_PERSON": 2}))
    >>> store.close("req-0001", AuditOutcome(status="completed", http_status=200, model_used="gpt-4o"))
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine, Update, bindparam, insert, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from audit.chain import append_link
from audit.chain.segments import chained_columns
from audit.content import KeptContent
from audit.records import ACTIONS, OUTCOME_STATUSES, TEXT_MAX, Action, AuditRecord, Status
from gateway.database import is_embedded, require_aware, transaction, utc_now
from gateway.errors import AuditUnavailable

__all__ = ["AuditEntry", "AuditOutcome", "AuditStore", "SqlAuditStore"]

_ENTITY_TYPE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_WRITE_FAILED = "監査記録を保存できないため、リクエストを処理できません。管理者に連絡してください。"
_NOT_OPEN = "監査記録が見つからないか、既に完了しています。管理者に連絡してください。"
_READ_FAILED = "監査記録を読み出せません。管理者に連絡してください。"


@dataclass(frozen=True)
class AuditEntry:
    """What is known about a request before it is forwarded; invalid fields raise ValueError.

    Example:
        >>> AuditEntry(request_id="req-0001", user="yamada.taro", department="市民課",
        ...     key_id="0123456789abcdef", model_requested="gpt-4o", action="allow",
        ...     policy_revision="r12", level="1").created_at.tzinfo
        datetime.timezone.utc
    """

    request_id: str
    user: str
    department: str
    key_id: str
    model_requested: str
    action: Action
    policy_revision: str
    level: str | None = None
    mask_applied: bool = False
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    use_case: str | None = None
    review_required: bool = False
    stream: bool = False
    client: str = ""
    created_at: datetime = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        if not 0 < len(self.request_id) <= 64:
            raise ValueError("request_id must be 1 to 64 characters")
        if self.action not in ACTIONS:
            raise ValueError(f"action must be one of: {', '.join(sorted(ACTIONS))}")
        require_aware("created_at", self.created_at)
        _check_counts("entity_counts", self.entity_counts)
        if not all(isinstance(reason, str) for reason in self.reasons):
            raise ValueError("reasons must be strings")


@dataclass(frozen=True)
class AuditOutcome:
    """How a request ended; invalid fields raise ValueError.

    Example:
        >>> AuditOutcome(status="blocked", http_status=403, error_code="policy_blocked").status
        'blocked'
    """

    status: Status
    http_status: int
    model_used: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    latency_ms: float | None = None
    error_code: str | None = None
    # The output check of the answer (gateway.pipeline.output_check): types and counts of personal
    # values the answer added, "clean" / "masked" / "flagged", and foreign placeholders it held.
    output_entity_counts: Mapping[str, int] | None = None
    output_action: str | None = None
    output_foreign_placeholders: int | None = None
    finished_at: datetime = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        if self.status not in OUTCOME_STATUSES:
            raise ValueError(f"status must be one of: {', '.join(sorted(OUTCOME_STATUSES))}")
        if not 100 <= self.http_status <= 599:
            raise ValueError("http_status must be an HTTP status code")
        for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative")
        if self.output_entity_counts is not None:
            _check_counts("output_entity_counts", self.output_entity_counts)
        if self.output_action not in (None, "clean", "masked", "flagged"):
            raise ValueError("output_action must be clean, masked or flagged")
        require_aware("finished_at", self.finished_at)


def _check_counts(name: str, counts: Mapping[str, int]) -> None:
    for entity_type, count in counts.items():
        # Keys are checked by shape so that a detected value can never be
        # stored by mistake in place of its type; the error does not echo it.
        if not isinstance(entity_type, str) or not _ENTITY_TYPE.fullmatch(entity_type):
            raise ValueError(f"{name} keys must be entity type names such as JP_MY_NUMBER")
        if type(count) is not int or count < 0:
            raise ValueError(f"{name} values must be non-negative integers")


class AuditStore(Protocol):
    """Where the gateway records every request.

    Example:
        >>> def record(store: AuditStore, entry: AuditEntry, outcome: AuditOutcome) -> None:
        ...     store.open(entry)
        ...     store.close(entry.request_id, outcome)
    """

    # True when a write is a local append cheap enough to run on the event loop (SQLite).
    embedded: bool

    def open(self, record: AuditEntry) -> None:
        """Insert the record; raise AuditUnavailable if it cannot be written."""
        ...

    def close(self, request_id: str, outcome: AuditOutcome, content: KeptContent | None = None) -> None:
        """Complete an open record, keeping ``content``; raise AuditUnavailable if it cannot be written."""
        ...


class SqlAuditStore:
    """The audit store on SQLite or PostgreSQL (``audit_records``).

    Example:
        >>> SqlAuditStore(engine).recent(limit=10)
        []
    """

    def __init__(self, engine: Engine, chain_key: bytes | None = None) -> None:
        self._engine = engine
        self._table = AuditRecord.__table__
        # Every replica must use the same key (or none): verify checks every link with one key.
        self._chain_key = chain_key
        self.embedded = is_embedded(engine)
        # Statements are built once, with bound parameters: building and hashing a
        # statement per write cost more than SQLite's own work (~2 ms a request).
        self._insert = insert(self._table)
        self._closes: dict[frozenset[str], Update] = {}

    def open(self, record: AuditEntry) -> None:
        """Insert the record with status ``forwarding``; a duplicate request_id is refused."""
        row = _row(record)
        row.update(
            entity_counts=dict(record.entity_counts),
            reasons=list(record.reasons),
            client=record.client[:TEXT_MAX],
            model_requested=record.model_requested[:TEXT_MAX],
            use_case=None if record.use_case is None else record.use_case[:TEXT_MAX],
            status="forwarding",
        )
        with transaction(self._engine, _WRITE_FAILED) as conn:
            conn.execute(self._insert, row)

    def close(self, request_id: str, outcome: AuditOutcome, content: KeptContent | None = None) -> None:
        """Record how the request ended and link it into the chain; the record must be open (``forwarding``)."""
        values = _row(outcome)
        if outcome.output_entity_counts is not None:
            values["output_entity_counts"] = dict(outcome.output_entity_counts)
        if content is not None:
            values.update(content.columns())
        # The UPDATE comes first: on SQLite it takes the write lock, so the chain
        # head read next is the newest; on PostgreSQL append_link locks the head row.
        parameters = {f"v_{name}": value for name, value in values.items()}
        with transaction(self._engine, _WRITE_FAILED) as conn:
            final = conn.execute(self._close_statement(values), {**parameters, "w_request_id": request_id}).one_or_none()
            if final is None:
                raise AuditUnavailable(_NOT_OPEN)
            append_link(conn, final[0], final, self._chain_key)

    def _close_statement(self, values: Mapping[str, object]) -> Update:
        """The close UPDATE for this set of columns (a handful of sets in all), built on first use."""
        names = frozenset(values)
        statement = self._closes.get(names)
        if statement is None:
            table = self._table
            statement = self._closes[names] = (
                update(table)
                .where(table.c.request_id == bindparam("w_request_id"), table.c.status == "forwarding")
                .values({name: bindparam(f"v_{name}") for name in sorted(names)})
                .returning(*chained_columns())
            )
        return statement

    def get(self, request_id: str) -> AuditRecord | None:
        """The record of one request, or None."""
        found = self._select(select(AuditRecord).where(AuditRecord.request_id == request_id))
        return found[0] if found else None

    def recent(self, limit: int = 100) -> list[AuditRecord]:
        """The newest records first."""
        return self._select(select(AuditRecord).order_by(col(AuditRecord.id).desc()).limit(limit))

    def _select(self, query: SelectOfScalar[AuditRecord]) -> list[AuditRecord]:
        with transaction(self._engine, _READ_FAILED) as conn, Session(conn) as session:
            return list(session.exec(query).all())


def _row(record: AuditEntry | AuditOutcome) -> dict[str, object]:
    # A shallow copy: dataclasses.asdict deep-copies every value, twice per request.
    return {f.name: getattr(record, f.name) for f in fields(record)}
