"""The shared pieces of every dashboard query: the filter, date buckets and cost.

All figures are computed by the database (GROUP BY over ``audit_records``);
Python only formats the handful of grouped rows that come back. Days and
months are those of Japan time, truncated by the database's own functions
(``to_char(... AT TIME ZONE 'Asia/Tokyo')`` on PostgreSQL, ``strftime(...,
'+9 hours')`` on SQLite, which has no zones; Japan has no daylight saving).

Example:
    >>> scope = AuditFilter.for_days(30, department="fukushi")
    >>> query = select(func.count()).select_from(RECORDS).where(*scope.where())
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Engine, Integer, case, cast, func, literal
from sqlalchemy.sql.expression import Select

from audit.records import AuditRecord
from gateway.database import transaction

__all__ = ["JST", "RECORDS", "AuditFilter", "cost_yen", "fetch", "jst_day_start"]

JST = ZoneInfo("Asia/Tokyo")
RECORDS = AuditRecord.__table__
_READ_FAILED = "監査記録を読み出せません。管理者に連絡してください。"


def jst_day_start(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in Japan."""
    return datetime.combine(day, time(), JST).astimezone(UTC)


@dataclass(frozen=True)
class AuditFilter:
    """Which records a figure covers: ``[start, end)`` and optionally one department.

    Example:
        >>> AuditFilter.for_days(7).department is None
        True
    """

    start: datetime
    end: datetime
    department: str | None = None

    @classmethod
    def for_days(cls, days: int, department: str | None = None, today: date | None = None) -> AuditFilter:
        """The last ``days`` Japanese calendar days, today included."""
        today = today or datetime.now(JST).date()
        return cls(jst_day_start(today - timedelta(days=days - 1)), jst_day_start(today + timedelta(days=1)), department)

    @classmethod
    def for_dates(cls, first: date, last: date, department: str | None = None) -> AuditFilter:
        """From the start of ``first`` to the end of ``last`` (Japan time), both included."""
        return cls(jst_day_start(first), jst_day_start(last + timedelta(days=1)), department)

    @property
    def first_day(self) -> date:
        return self.start.astimezone(JST).date()

    @property
    def last_day(self) -> date:
        return (self.end.astimezone(JST) - timedelta(microseconds=1)).date()

    def months_back(self, months: int) -> AuditFilter:
        """The same end, starting on the first day of the month ``months - 1`` months before the last day."""
        last = self.last_day
        year, month = divmod(last.year * 12 + last.month - 1 - (months - 1), 12)
        return replace(self, start=jst_day_start(date(year, month + 1, 1)))

    def where(self) -> list[ColumnElement[bool]]:
        clauses = [RECORDS.c.created_at >= self.start, RECORDS.c.created_at < self.end]
        if self.department is not None:
            clauses.append(RECORDS.c.department == self.department)
        return clauses


def cost_yen(columns: Any, prices: Mapping[str, tuple[float, float]]) -> ColumnElement[Any]:
    """SUM of the estimated cost in yen: tokens times the model's price per 1,000 tokens.

    ``columns`` has ``model``, ``prompt_tokens`` and ``completion_tokens`` (a
    usage rollup source); ``prices`` maps a model id to (input, output) yen per
    1,000 tokens. A model without a price (or a blocked request) costs nothing.
    """
    if not prices:
        return cast(literal(0), Integer)
    input_price = case({m: p[0] for m, p in prices.items()}, value=columns.model, else_=0.0)
    output_price = case({m: p[1] for m, p in prices.items()}, value=columns.model, else_=0.0)
    per_row = (
        func.coalesce(columns.prompt_tokens, 0) * input_price
        + func.coalesce(columns.completion_tokens, 0) * output_price
    )
    return func.coalesce(func.sum(per_row), 0) / 1000.0


def fetch(engine: Engine, query: Select[Any]) -> list[Any]:
    """Run one read query in a short transaction; failures say so in Japanese."""
    with transaction(engine, _READ_FAILED) as conn:
        return list(conn.execute(query).all())
