"""The ``review_items`` table: one recorded human review per answer that needs one.

An item is made when an answer of a use-case with ``review_required`` has been
delivered, and is linked to its audit record by ``request_id``. It keeps the
masked request and the masked answer only (personal values are placeholders),
never the raw text; the original request only encrypted for the CAIO, when the
policy's ``audit.content`` is ``masked_encrypted``. A reviewer approves it step by step (``approval_steps`` of
the use-case, e.g. 係長 then 課長) or sends it back (差戻し) with a comment.

    pending ──approve (last step)──▶ approved
       │ └─approve (earlier step)─▶ pending (next step)
       └──return──────────────────▶ returned

Four eyes: no step may be approved by the requester, nor by someone who
approved an earlier step; "someone" is the same user name or the same key.

Example:
    >>> store = SqlReviewStore(engine)
    >>> item = store.create(draft)
    >>> store.decide(item.id, reviewer, "approve", "確認しました").status
    'approved'
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import JSON, Engine, Text, insert, update
from sqlmodel import Field, Session, SQLModel, col, select

from gateway.database import UtcDateTime, transaction, utc_now
from gateway.errors import BadRequest, GatewayError, PermissionDenied
from gateway.keys import Principal

__all__ = ["SEE_ALL", "ReviewConflict", "ReviewDraft", "ReviewItem", "SqlReviewStore", "new_review_id"]

Verdict = Literal["approve", "return"]
# Roles that see every department's items; only "caio" may also decide them.
SEE_ALL = frozenset({"caio", "auditor"})
_UNAVAILABLE = "確認（レビュー）の記録を保存できません。管理者に連絡してください。"
_READ_FAILED = "確認（レビュー）の記録を読み出せません。管理者に連絡してください。"


class ReviewConflict(GatewayError):
    """The item was decided already, or by someone else at the same moment (409)."""

    status = 409
    type = "invalid_request_error"
    code = "review_conflict"


def new_review_id() -> str:
    return f"rv-{secrets.token_hex(12)}"


class ReviewItem(SQLModel, table=True):
    """One answer waiting for, or having had, its human review.

    Example:
        >>> item.status, item.steps, len(item.history)
        ('pending', ['係長', '課長'], 1)
    """

    __tablename__ = "review_items"

    id: str = Field(primary_key=True, max_length=40)
    request_id: str = Field(foreign_key="audit_records.request_id", max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UtcDateTime, index=True)
    deadline_at: datetime = Field(sa_type=UtcDateTime, index=True)
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Seconds from the answer to the final decision, so that medians are plain SQL on every backend.
    review_seconds: float | None = None

    requester: str = Field(max_length=200, index=True)
    requester_key_id: str = Field(max_length=64)
    department: str = Field(max_length=200, index=True)
    use_case: str = Field(max_length=200)
    model_used: str | None = Field(default=None, max_length=200)
    level: str | None = Field(default=None, max_length=16)

    steps: list[str] = Field(default_factory=list, sa_type=JSON)
    approved_steps: int = 0
    status: str = Field(default="pending", max_length=16, index=True)
    # [{"action", "step", "user", "key_id", "at", "comment"}]; comments are masked before they get here.
    history: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)

    masked_request: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    masked_answer: str = Field(default="", sa_type=Text)
    # The original request, encrypted for the CAIO, when the policy keeps one (audit.content: masked_encrypted).
    kept_original: str | None = Field(default=None, sa_type=Text)

    def overdue(self, now: datetime) -> bool:
        return self.status == "pending" and now > self.deadline_at

    @property
    def next_step(self) -> str | None:
        return self.steps[self.approved_steps] if self.status == "pending" else None

    def may_see(self, who: Principal) -> bool:
        """The requester sees their own item, a reviewer their department's, the CAIO and auditors every item."""
        return (
            bool(who.roles & SEE_ALL)
            or ("reviewer" in who.roles and who.department == self.department)
            or who.user == self.requester
        )


@dataclass(frozen=True)
class ReviewDraft:
    """What the gateway knows when it makes an item (all content already masked)."""

    id: str
    request_id: str
    requester: Principal
    use_case: str
    steps: tuple[str, ...]
    deadline_hours: int
    masked_request: list[dict[str, Any]]
    masked_answer: str
    model_used: str | None = None
    level: str | None = None
    kept_original: str | None = None  # already encrypted


class SqlReviewStore:
    """Review items on SQLite or PostgreSQL; ``clock`` is injectable so deadlines can be tested without sleeping.

    Example:
        >>> SqlReviewStore(engine, clock=lambda: datetime(2026, 12, 1, tzinfo=UTC)).listing(reviewer, "overdue")
        []
    """

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._table = ReviewItem.__table__
        self.clock = clock

    def create(self, draft: ReviewDraft) -> ReviewItem:
        now = self.clock()
        row = {
            "id": draft.id, "request_id": draft.request_id, "created_at": now,
            "deadline_at": now + timedelta(hours=draft.deadline_hours), "requester": draft.requester.user,
            "requester_key_id": draft.requester.key_id, "department": draft.requester.department,
            "use_case": draft.use_case, "model_used": draft.model_used, "level": draft.level,
            "steps": list(draft.steps), "approved_steps": 0, "status": "pending",
            "history": [{"action": "created", "step": None, "user": draft.requester.user,
                         "key_id": draft.requester.key_id, "at": now.isoformat(), "comment": ""}],
            "masked_request": draft.masked_request, "masked_answer": draft.masked_answer,
            "kept_original": draft.kept_original,
        }
        with transaction(self._engine, _UNAVAILABLE) as conn:
            conn.execute(insert(self._table), row)
        return ReviewItem(**row)

    def get(self, item_id: str) -> ReviewItem | None:
        found = self._select(select(ReviewItem).where(ReviewItem.id == item_id))
        return found[0] if found else None

    def listing(self, who: Principal, status: str | None = None, limit: int = 200) -> list[ReviewItem]:
        """The items ``who`` may see, oldest deadline first; ``status`` filters (``overdue``: pending past deadline)."""
        query = select(ReviewItem)
        if not who.roles & SEE_ALL:
            own = col(ReviewItem.requester) == who.user
            query = query.where(own | (col(ReviewItem.department) == who.department) if "reviewer" in who.roles else own)
        if status == "overdue":
            query = query.where(col(ReviewItem.status) == "pending", col(ReviewItem.deadline_at) < self.clock())
        elif status is not None:
            query = query.where(col(ReviewItem.status) == status)
        return self._select(query.order_by(col(ReviewItem.deadline_at), col(ReviewItem.id)).limit(limit))

    def decide(self, item_id: str, reviewer: Principal, verdict: Verdict, comment: str) -> ReviewItem:
        """Approve the next step or send the item back; raises PermissionDenied, ReviewConflict or LookupError."""
        item = self.get(item_id)
        if item is None or not item.may_see(reviewer):
            raise LookupError(item_id)
        _check_reviewer(item, reviewer, verdict, comment)
        now = self.clock()
        entry = {"action": verdict, "step": item.next_step, "user": reviewer.user, "key_id": reviewer.key_id,
                 "at": now.isoformat(), "comment": comment}
        approved = item.approved_steps + (verdict == "approve")
        final = verdict == "return" or approved == len(item.steps)
        values: dict[str, Any] = {"approved_steps": approved, "history": [*item.history, entry]}
        if final:
            values.update(status="approved" if verdict == "approve" else "returned", decided_at=now,
                          review_seconds=(now - item.created_at).total_seconds())
        # Optimistic: a concurrent decision on the same step makes this update match no row.
        statement = update(self._table).where(
            self._table.c.id == item_id, self._table.c.status == "pending",
            self._table.c.approved_steps == item.approved_steps,
        )
        with transaction(self._engine, _UNAVAILABLE) as conn:
            if conn.execute(statement, values).rowcount != 1:
                raise ReviewConflict("この確認依頼は他の職員が先に処理しました。画面を更新してください。")
        return item.model_copy(update=values)

    def _select(self, query: Any) -> list[ReviewItem]:
        with transaction(self._engine, _READ_FAILED) as conn, Session(conn) as session:
            return list(session.exec(query).all())


def _check_reviewer(item: ReviewItem, reviewer: Principal, verdict: Verdict, comment: str) -> None:
    if item.status != "pending":
        raise ReviewConflict("この確認依頼は既に処理済みです。")
    if reviewer.user == item.requester or reviewer.key_id == item.requester_key_id:
        raise PermissionDenied("自分の依頼は確認できません。依頼者とは別の職員が確認してください。")
    if "caio" not in reviewer.roles and not ("reviewer" in reviewer.roles and reviewer.department == item.department):
        raise PermissionDenied("この確認依頼を処理する権限がありません（所属の確認者または CAIO のみ）。")
    earlier = [h for h in item.history if h["action"] == "approve"]
    if any(reviewer.user == h["user"] or reviewer.key_id == h["key_id"] for h in earlier):
        raise PermissionDenied("前の段階を承認した職員は、次の段階を承認できません。別の職員が確認してください。")
    if verdict == "return" and not comment.strip():
        raise BadRequest("差戻しには理由（コメント）を入力してください。")
