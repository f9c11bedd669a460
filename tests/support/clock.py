"""A clock the test moves by hand: deadlines and overdue items are tested without sleeping.

Example:
    clock = Clock()
    store = SqlReviewStore(engine, clock=clock)
    clock.advance(hours=73)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["START", "Clock"]

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
