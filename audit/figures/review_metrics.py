"""Review metrics for the CAIO, computed in SQL on SQLite and PostgreSQL alike.

Per department, and for all departments together (``department == ""``):

* ``review_rate``: reviewed items (approved or sent back) / review items;
* ``median_review_hours``: median time from the answer to the final decision;
* ``overdue``: items still pending past their deadline;
* ``unreviewed_share``: of the answers delivered in use-cases that require a
  review (the high-risk ones), the share with no approved review.

Example:
    >>> rows = review_metrics(engine, now=utc_now())
    >>> rows[-1].department, rows[-1].review_rate
    ('', 0.75)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, Table, and_, case, func, literal, or_, select

from audit.records import AuditRecord
from audit.review import ReviewItem
from gateway.database import transaction

__all__ = ["ReviewMetrics", "metrics_csv", "review_metrics"]

_READ_FAILED = "確認（レビュー）の集計を読み出せません。管理者に連絡してください。"
_ITEMS = ReviewItem.__table__
_RECORDS = AuditRecord.__table__


@dataclass(frozen=True)
class ReviewMetrics:
    """The review metrics of one department (``""``: all departments)."""

    department: str
    items: int = 0
    approved: int = 0
    returned: int = 0
    pending: int = 0
    overdue: int = 0
    median_review_hours: float | None = None
    high_risk_answers: int = 0
    unreviewed_high_risk: int = 0

    @property
    def review_rate(self) -> float | None:
        return (self.approved + self.returned) / self.items if self.items else None

    @property
    def unreviewed_share(self) -> float | None:
        return self.unreviewed_high_risk / self.high_risk_answers if self.high_risk_answers else None


def review_metrics(
    engine: Engine,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    departments: Collection[str] | None = None,
) -> list[ReviewMetrics]:
    """One row per department with data, sorted, then the total row; ``departments`` limits the scope."""
    scope = _Scope(since, until, None if departments is None else list(departments))
    per: dict[str, dict[str, Any]] = {}
    with transaction(engine, _READ_FAILED) as conn:
        for grouped in (True, False):
            for query in (_counts(scope, now, grouped), _median(scope, grouped), _high_risk(scope, grouped)):
                for row in conn.execute(query).mappings():
                    per.setdefault(row["department"], {}).update(row)
    total = per.pop("", {})
    return [*(_metrics(name, values) for name, values in sorted(per.items())), _metrics("", total)]


@dataclass(frozen=True)
class _Scope:
    since: datetime | None
    until: datetime | None
    departments: list[str] | None

    def where(self, table: Table) -> list[ColumnElement[bool]]:
        conditions = []
        if self.since is not None:
            conditions.append(table.c.created_at >= self.since)
        if self.until is not None:
            conditions.append(table.c.created_at < self.until)
        if self.departments is not None:
            conditions.append(table.c.department.in_(self.departments))
        return conditions


def _metrics(department: str, values: dict[str, Any]) -> ReviewMetrics:
    seconds = values.get("median_seconds")
    counts = {f.name: int(values.get(f.name) or 0) for f in fields(ReviewMetrics) if f.name not in _NOT_COUNTS}
    hours = None if seconds is None else round(float(seconds) / 3600, 2)
    return ReviewMetrics(department, median_review_hours=hours, **counts)


_NOT_COUNTS = frozenset({"department", "median_review_hours"})


def _department(table: Table, grouped: bool) -> ColumnElement[str]:
    return (table.c.department if grouped else literal("")).label("department")


def _grouped(query: Select[Any], table: Table, grouped: bool) -> Select[Any]:
    return query.group_by(table.c.department) if grouped else query


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _counts(scope: _Scope, now: datetime, grouped: bool) -> Select[Any]:
    status = _ITEMS.c.status
    query = select(
        _department(_ITEMS, grouped),
        func.count().label("items"),
        _count(status == "approved").label("approved"),
        _count(status == "returned").label("returned"),
        _count(status == "pending").label("pending"),
        _count(and_(status == "pending", _ITEMS.c.deadline_at < now)).label("overdue"),
    ).where(*scope.where(_ITEMS))
    return _grouped(query, _ITEMS, grouped)


def _median(scope: _Scope, grouped: bool) -> Select[Any]:
    # The mean of the middle one or two rows, by window functions: SQLite has no percentile_cont.
    partition = [_ITEMS.c.department] if grouped else []
    ranked = (
        select(
            _department(_ITEMS, grouped),
            _ITEMS.c.review_seconds.label("seconds"),
            func.row_number().over(partition_by=partition, order_by=_ITEMS.c.review_seconds).label("rn"),
            func.count().over(partition_by=partition).label("n"),
        )
        .where(_ITEMS.c.review_seconds.is_not(None), *scope.where(_ITEMS))
        .subquery()
    )
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    return (
        select(ranked.c.department, func.avg(ranked.c.seconds).label("median_seconds"))
        .where(middle)
        .group_by(ranked.c.department)
    )


def _high_risk(scope: _Scope, grouped: bool) -> Select[Any]:
    unreviewed = or_(_ITEMS.c.status.is_(None), _ITEMS.c.status != "approved")
    query = (
        select(
            _department(_RECORDS, grouped),
            func.count().label("high_risk_answers"),
            _count(unreviewed).label("unreviewed_high_risk"),
        )
        .select_from(_RECORDS.outerjoin(_ITEMS, _ITEMS.c.request_id == _RECORDS.c.request_id))
        .where(_RECORDS.c.review_required.is_(True), _RECORDS.c.status == "completed", *scope.where(_RECORDS))
    )
    return _grouped(query, _RECORDS, grouped)


def metrics_csv(rows: Iterable[ReviewMetrics], department_names: dict[str, str]) -> str:
    """The metrics as CSV (UTF-8 with BOM, so that Excel opens the Japanese headers), one row per department."""
    names = [f.name for f in fields(ReviewMetrics)]
    header = ["所属", "確認件数", "承認", "差戻し", "確認待ち", "期限超過", "確認までの時間(中央値・時間)",
              "要確認の利用目的の回答数", "承認なしの回答数", "確認率", "承認なしの割合"]
    assert len(header) == len(names) + 2
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        values = list(astuple(row))
        values[0] = department_names.get(row.department, row.department) if row.department else "全体"
        writer.writerow([*values, _ratio(row.review_rate), _ratio(row.unreviewed_share)])
    return out.getvalue()


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
