"""Usage figures for the CAIO: totals, series by day or month, departments, use-cases.

Every figure is a SQL GROUP BY over ``audit.figures.rollups.source`` (the daily rollups
plus the days not rolled up yet, live); the cost in yen is a SUM of tokens times
the policy's price (a CASE on the model), also in SQL.

Example:
    >>> usage = Usage.from_policy(engine, policy)
    >>> usage.totals(AuditFilter.for_days(30)).requests
    1234
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from sqlalchemy import Engine, func, select
from sqlalchemy.sql import Subquery

from audit.figures.query import AuditFilter, cost_yen, fetch
from audit.figures.rollups import bucket_text, day_bucket, distinct_users, rolled_through, source
from policies import Policy

__all__ = ["DepartmentUsage", "SeriesPoint", "Totals", "Usage", "UseCaseCount"]


@dataclass(frozen=True)
class Totals:
    """Figures of one period (or one bucket of a series)."""

    requests: int
    users: int
    departments: int
    tokens: int
    cost_yen: float
    masked: int
    blocked: int


@dataclass(frozen=True)
class SeriesPoint:
    """One day (``YYYY-MM-DD``) or month (``YYYY-MM``) of a series."""

    bucket: str
    totals: Totals


@dataclass(frozen=True)
class DepartmentUsage:
    department: str
    requests: int
    users: int
    tokens: int
    cost_yen: float


@dataclass(frozen=True)
class UseCaseCount:
    department: str | None
    use_case: str | None
    requests: int


class Usage:
    """Usage queries on one database, priced with one policy's model prices."""

    def __init__(self, engine: Engine, prices: Mapping[str, tuple[float, float]]) -> None:
        self._engine = engine
        self._prices = dict(prices)

    @cached_property
    def _through(self) -> date | None:
        # Read once (in the worker thread, at the first query): every query of a page splits at the same day.
        return rolled_through(self._engine)

    @classmethod
    def from_policy(cls, engine: Engine, policy: Policy) -> Usage:
        prices = {
            model_id: (spec.price_yen_per_1k_input, spec.price_yen_per_1k_output)
            for model_id, spec in policy.models.items()
            if spec.price_yen_per_1k_input or spec.price_yen_per_1k_output
        }
        return cls(engine, prices)

    def _measures(self, usage: Subquery) -> list:
        c = usage.c
        return [
            func.coalesce(func.sum(c.requests), 0).label("requests"),
            func.count(func.distinct(c.department)).label("departments"),
            func.coalesce(func.sum(c.total_tokens), 0).label("tokens"),
            cost_yen(c, self._prices).label("cost_yen"),
            func.coalesce(func.sum(c.requests).filter(c.masked.is_(True)), 0).label("masked"),
            func.coalesce(func.sum(c.requests).filter(c.status == "blocked"), 0).label("blocked"),
        ]

    def totals(self, scope: AuditFilter) -> Totals:
        """Requests, active users, departments, tokens, cost, masked and blocked counts."""
        usage, users = source(self._engine, "usage", scope, self._through), source(self._engine, "users", scope, self._through)
        row = fetch(self._engine, select(*self._measures(usage)))[0]
        active = fetch(self._engine, distinct_users(users))[0][0]
        return _totals(row, active)

    def series(self, scope: AuditFilter, unit: Literal["day", "month"]) -> list[SeriesPoint]:
        """The same figures per day or per month (Japan time), oldest first; empty buckets are absent."""
        usage, users = source(self._engine, "usage", scope, self._through), source(self._engine, "users", scope, self._through)
        key = day_bucket(self._engine, usage.c.day, unit).label("bucket")
        rows = fetch(self._engine, select(key, *self._measures(usage)).group_by(key).order_by(key))
        users_by_bucket = distinct_users(users, day_bucket(self._engine, users.c.day, unit))
        active = {bucket_text(bucket, unit): count for bucket, count in fetch(self._engine, users_by_bucket)}
        points = [(bucket_text(row.bucket, unit), row) for row in rows]
        return [SeriesPoint(bucket, _totals(row, active.get(bucket, 0))) for bucket, row in points]

    def by_department(self, scope: AuditFilter) -> list[DepartmentUsage]:
        """Requests, users, tokens and cost per department, busiest first."""
        usage, users = source(self._engine, "usage", scope, self._through), source(self._engine, "users", scope, self._through)
        c = usage.c
        requests = func.sum(c.requests)
        query = (
            select(c.department, requests.label("requests"), func.coalesce(func.sum(c.total_tokens), 0).label("tokens"),
                   cost_yen(c, self._prices).label("cost_yen"))
            .group_by(c.department)
            .order_by(requests.desc(), c.department)
        )
        active = dict(fetch(self._engine, distinct_users(users, users.c.department)))
        return [
            DepartmentUsage(r.department, int(r.requests), active.get(r.department, 0), int(r.tokens), float(r.cost_yen))
            for r in fetch(self._engine, query)
        ]

    def use_cases(self, scope: AuditFilter, per_department: bool = False) -> list[UseCaseCount]:
        """Requests per use-case (optionally per department too), most used first."""
        cases = source(self._engine, "use_cases", scope, self._through)
        keys = [cases.c.department, cases.c.use_case] if per_department else [cases.c.use_case]
        requests = func.sum(cases.c.requests)
        query = select(*keys, requests.label("requests")).group_by(*keys).order_by(requests.desc(), *keys)
        return [
            UseCaseCount(r.department if per_department else None, r.use_case, int(r.requests))
            for r in fetch(self._engine, query)
        ]


def _totals(row, users: int) -> Totals:
    return Totals(
        requests=int(row.requests),
        users=users,
        departments=row.departments,
        tokens=int(row.tokens),
        cost_yen=float(row.cost_yen),
        masked=int(row.masked),
        blocked=int(row.blocked),
    )
