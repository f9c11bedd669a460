"""The usage and confidentiality figures, computed in SQL, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from audit.figures.confidentiality import Confidentiality
from audit.figures.metrics import Usage
from audit.figures.query import AuditFilter
from tests.dashboard.records import write

NOV = AuditFilter.for_dates(date(2026, 11, 1), date(2026, 11, 30))
PRICES = {"upstream": (2.0, 8.0)}  # yen per 1,000 input / output tokens


def _traffic(engine: Engine) -> None:
    write(engine, "a1", datetime(2026, 11, 2, 1, tzinfo=UTC), user="u1", tokens=(1000, 500))
    write(engine, "a2", datetime(2026, 11, 2, 2, tzinfo=UTC), user="u2", department="fukushi", level="3C",
          action="mask", entities={"PERSON": 2, "JP_PHONE_NUMBER": 1}, tokens=(2000, 1000))
    write(engine, "a3", datetime(2026, 11, 3, 3, tzinfo=UTC), user="u2", department="fukushi", level="3B",
          action="block", status="blocked", entities={"JP_SENSITIVE_DV": 1, "PERSON": 1},
          reasons=("JP_SENSITIVE_DV×1 → 3B", "no allowed model → block"))
    # 2026-11-30 16:00 UTC is 2026-12-01 01:00 in Japan: December, outside NOV.
    write(engine, "a4", datetime(2026, 11, 30, 16, tzinfo=UTC), user="u3")
    # 2026-10-31 15:30 UTC is 2026-11-01 00:30 in Japan: inside NOV.
    write(engine, "a5", datetime(2026, 10, 31, 15, 30, tzinfo=UTC), user="u1", model="unpriced", tokens=(10, 10))


def test_totals_count_requests_users_departments_tokens_cost_masked_and_blocked(engine: Engine, roll: Callable[[], None]) -> None:
    _traffic(engine)
    roll()
    totals = Usage(engine, PRICES).totals(NOV)
    assert (totals.requests, totals.users, totals.departments) == (4, 2, 2)
    assert totals.tokens == 1500 + 3000 + 20
    # a1: 1000*2/1000 + 500*8/1000 = 6 yen; a2: 4 + 8 = 12 yen; the unpriced model costs nothing.
    assert totals.cost_yen == 18.0
    assert (totals.masked, totals.blocked) == (1, 1)


def test_days_and_months_are_those_of_japan_time(engine: Engine, roll: Callable[[], None]) -> None:
    _traffic(engine)
    roll()
    usage = Usage(engine, PRICES)
    days = {p.bucket: p.totals.requests for p in usage.series(NOV, "day")}
    assert days == {"2026-11-01": 1, "2026-11-02": 2, "2026-11-03": 1}
    year = AuditFilter.for_dates(date(2026, 1, 1), date(2026, 12, 31))
    months = {p.bucket: p.totals.requests for p in usage.series(year, "month")}
    assert months == {"2026-11": 4, "2026-12": 1}


def test_a_department_scope_sees_only_that_department(engine: Engine, roll: Callable[[], None]) -> None:
    _traffic(engine)
    roll()
    scoped = AuditFilter.for_dates(date(2026, 11, 1), date(2026, 11, 30), "fukushi")
    usage = Usage(engine, PRICES)
    assert usage.totals(scoped).requests == 2
    assert [(d.department, d.requests) for d in usage.by_department(scoped)] == [("fukushi", 2)]
    assert [(d.department, d.requests) for d in usage.by_department(NOV)] == [("fukushi", 2), ("soumu", 2)]


def test_entity_types_are_summed_and_block_reasons_come_from_blocked_requests_only(engine: Engine, roll: Callable[[], None]) -> None:
    _traffic(engine)
    roll()
    queries = Confidentiality(engine)
    entities = {(e.entity_type, e.findings, e.requests) for e in queries.entity_types(NOV)}
    assert entities == {("PERSON", 3, 2), ("JP_PHONE_NUMBER", 1, 1), ("JP_SENSITIVE_DV", 1, 1)}
    reasons = {(r.reason, r.requests) for r in queries.block_reasons(NOV)}
    assert reasons == {("JP_SENSITIVE_DV×1 → 3B", 1), ("no allowed model → block", 1)}
    levels = {(r.level, r.requests, r.masked, r.blocked) for r in queries.levels(NOV)}
    assert levels == {("1", 2, 0, 0), ("3C", 1, 1, 0), ("3B", 1, 0, 1)}


def test_use_cases_are_counted_per_department(engine: Engine, roll: Callable[[], None]) -> None:
    _traffic(engine)
    write(engine, "b1", datetime(2026, 11, 5, 1, tzinfo=UTC), use_case="translation")
    write(engine, "b2", datetime(2026, 11, 5, 2, tzinfo=UTC), use_case="translation")
    write(engine, "b3", datetime(2026, 11, 5, 3, tzinfo=UTC), use_case="translation")
    roll()
    rows = Usage(engine, PRICES).use_cases(NOV, per_department=True)
    assert [(r.department, r.use_case, r.requests) for r in rows] == [
        ("soumu", "translation", 3), ("fukushi", "general", 2), ("soumu", "general", 2)
    ]
