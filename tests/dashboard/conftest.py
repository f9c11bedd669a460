"""Fixtures of the dashboard's tests: a migrated database on each backend (``engine``, shared
with tests/audit), daily rollups at three states (``roll``), and one real gateway per module for
the HTTP tests (``site``, see tests/support/dashboard_fixtures.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from audit.figures.rollups import refresh
from tests.audit.conftest import engine
from tests.support.dashboard_fixtures import site

__all__ = ["engine", "roll", "site"]


@pytest.fixture(params=[None, date(2026, 11, 4), date(2027, 1, 1)], ids=["live", "half-rolled", "rolled"])
def roll(request: pytest.FixtureRequest, engine: Engine) -> Callable[[], None]:
    """Call after writing records: nothing rolled up, the days up to 2 Nov 2026, or everything.

    The figures must be the same in all three cases: only where they are read from changes.
    """

    def apply() -> None:
        if request.param is not None:
            assert refresh(engine, today=request.param) > 0

    return apply
