"""The CAIO's review metrics, computed in SQL on SQLite and PostgreSQL, against figures worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from audit import AuditOutcome, SqlAuditStore
from audit.figures.review_metrics import ReviewMetrics, metrics_csv, review_metrics
from audit.review import SqlReviewStore
from gateway.keys import Principal
from tests.audit.reviewing import START, draft, open_record
from tests.support.clock import Clock

SOUMU = Principal("a" * 16, "suzuki.hanako", "soumu", frozenset({"staff"}))
FUKUSHI = Principal("9" * 16, "sato.jiro", "fukushi", frozenset({"staff"}))
CAIO = Principal("e" * 16, "nakamura", "kikaku", frozenset({"caio"}))


def _item(engine: Engine, store: SqlReviewStore, clock: Clock, request_id: str, who: Principal,
          decided_after_hours: float | None, verdict: str = "approve", deadline_hours: int = 72) -> None:
    clock.now = START
    open_record(engine, request_id, who)
    SqlAuditStore(engine).close(request_id, AuditOutcome(status="completed", http_status=200))
    store.create(draft(request_id, steps=("所属長",), requester=who, hours=deadline_hours))
    if decided_after_hours is not None:
        clock.now = START + timedelta(hours=decided_after_hours)
        store.decide(f"rv-{request_id}", CAIO, verdict, "確認")  # type: ignore[arg-type]


@pytest.fixture
def seeded(engine: Engine) -> tuple[Engine, Clock]:
    clock = Clock()
    store = SqlReviewStore(engine, clock=clock)
    # 総務課: decided after 1, 2 and 10 hours (one sent back), one pending and overdue.
    _item(engine, store, clock, "s1", SOUMU, 1)
    _item(engine, store, clock, "s2", SOUMU, 2, "return")
    _item(engine, store, clock, "s3", SOUMU, 10)
    _item(engine, store, clock, "s4", SOUMU, None, deadline_hours=24)
    # 福祉課: decided after 1 and 3 hours, one pending within its deadline.
    _item(engine, store, clock, "f1", FUKUSHI, 1)
    _item(engine, store, clock, "f2", FUKUSHI, 3)
    _item(engine, store, clock, "f3", FUKUSHI, None)
    # A high-risk answer whose review item was never made (counts as unreviewed).
    open_record(engine, "f4", FUKUSHI)
    SqlAuditStore(engine).close("f4", AuditOutcome(status="completed", http_status=200))
    clock.now = START + timedelta(hours=30)
    return engine, clock


def test_metrics_per_department_and_in_total(seeded: tuple[Engine, Clock]) -> None:
    engine, clock = seeded
    fukushi, soumu, total = review_metrics(engine, clock.now)
    assert soumu == ReviewMetrics("soumu", items=4, approved=2, returned=1, pending=1, overdue=1,
                                  median_review_hours=2.0, high_risk_answers=4, unreviewed_high_risk=2)
    assert soumu.review_rate == 0.75 and soumu.unreviewed_share == 0.5
    # An even count: the median is the mean of the middle two (1 and 3 hours).
    assert fukushi == ReviewMetrics("fukushi", items=3, approved=2, returned=0, pending=1, overdue=0,
                                    median_review_hours=2.0, high_risk_answers=4, unreviewed_high_risk=2)
    assert total.department == "" and total.items == 7 and total.overdue == 1
    assert total.median_review_hours == 2.0  # of 1, 1, 2, 3, 10
    assert total.high_risk_answers == 8 and total.unreviewed_share == 0.5


def test_metrics_are_scoped_by_department_and_period(seeded: tuple[Engine, Clock]) -> None:
    engine, clock = seeded
    own, total = review_metrics(engine, clock.now, departments=["fukushi"])
    assert own.department == "fukushi" and total.items == 3 and total.high_risk_answers == 4
    (empty,) = review_metrics(engine, clock.now, since=START + timedelta(days=1))
    assert empty.items == 0 and empty.review_rate is None and empty.median_review_hours is None


def test_metrics_export_as_csv_for_excel(seeded: tuple[Engine, Clock]) -> None:
    engine, clock = seeded
    exported = metrics_csv(review_metrics(engine, clock.now), {"soumu": "総務課", "fukushi": "福祉課"})
    assert exported.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(exported.removeprefix("\ufeff"))))
    assert rows[0][:2] == ["所属", "確認件数"] and len({len(row) for row in rows}) == 1
    assert [row[0] for row in rows[1:]] == ["福祉課", "総務課", "全体"]
    assert rows[2][1] == "4" and rows[2][-2:] == ["0.750", "0.500"]
