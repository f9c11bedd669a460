"""The audit log search: filters, keyset pages, the capped count and the department scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from audit.figures.query import AuditFilter
from audit.figures.search import AuditSearch, SearchQuery
from tests.dashboard.records import write

NOV = AuditFilter.for_dates(date(2026, 11, 1), date(2026, 11, 30))


def _many(engine: Engine, count: int) -> None:
    start = datetime(2026, 11, 10, tzinfo=UTC)
    for i in range(count):
        write(engine, f"s{i:03}", start + timedelta(minutes=i), user=f"u{i % 3}",
              department="fukushi" if i % 2 else "soumu", level="3C" if i % 4 == 0 else "1",
              status="blocked" if i % 5 == 0 else "completed", action="block" if i % 5 == 0 else "allow")


def test_pages_follow_each_other_without_gaps_or_repeats(engine: Engine) -> None:
    _many(engine, 23)
    search = AuditSearch(engine, page_size=10)
    seen: list[str] = []
    before = None
    while True:
        page = search.page(SearchQuery(scope=NOV, before=before))
        assert page.matches == 23 and not page.capped
        seen += [row.request_id for row in page.records]
        if page.next_before is None:
            break
        before = page.next_before
    assert seen == [f"s{i:03}" for i in reversed(range(23))]


def test_filters_combine(engine: Engine) -> None:
    _many(engine, 20)
    page = AuditSearch(engine).page(SearchQuery(scope=NOV, user="u0", status="blocked"))
    assert {row.request_id for row in page.records} == {"s000", "s015"}
    page = AuditSearch(engine).page(SearchQuery(scope=NOV, level="3C", model="upstream"))
    assert page.matches == 5
    assert AuditSearch(engine).page(SearchQuery(scope=NOV, model="other")).matches == 0


def test_the_count_stops_at_the_cap(engine: Engine, monkeypatch) -> None:
    monkeypatch.setattr("audit.figures.search.COUNT_CAP", 7)
    _many(engine, 9)
    page = AuditSearch(engine).page(SearchQuery(scope=NOV))
    assert (page.matches, page.capped) == (7, True)


def test_a_department_scope_hides_other_departments_records(engine: Engine) -> None:
    _many(engine, 4)
    search = AuditSearch(engine)
    scoped = AuditFilter.for_dates(date(2026, 11, 1), date(2026, 11, 30), "fukushi")
    assert {row.department for row in search.page(SearchQuery(scope=scoped)).records} == {"fukushi"}
    assert search.detail("s000", "fukushi") is None  # s000 is soumu's
    assert search.detail("s001", "fukushi").department == "fukushi"
    assert search.detail("s000", None).user == "u0"
