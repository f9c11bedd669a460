"""What every dashboard page reads from the request: the period, the runtime, Japanese names.

Dates in the query string are ``YYYY-MM-DD`` (what ``<input type="date">``
sends); a missing or malformed one falls back to the last 30 days rather than
failing, and a period longer than ``MAX_DAYS`` is cut.

Example:
    >>> period_from({"from": "2026-11-01", "to": "2026-11-30"}, None).first_day
    datetime.date(2026, 11, 1)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, TypeVar

import anyio
from fastapi import Request
from sqlalchemy import Engine

from audit.dashboard.freshness import RollupRefresher
from audit.dashboard.reasons import explain
from audit.figures.query import AuditFilter
from gateway.runtime import Runtime
from policies import Policy

__all__ = [
    "ACTION_LABELS",
    "MAX_DAYS",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "Names",
    "engine_of",
    "period_from",
    "run",
    "runtime_of",
]

T = TypeVar("T")

DEFAULT_DAYS = 30
MAX_DAYS = 731

ROLE_LABELS = {
    "caio": "CAIO",
    "auditor": "監査担当",
    "reviewer": "確認者（所属長）",
    "security-admin": "情報セキュリティ担当",
    "staff": "職員",
}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def period_from(params: Mapping[str, str], department: str | None) -> AuditFilter:
    """The period chosen in the query string (``from``, ``to``), restricted to ``department``."""
    first, last = _day(params.get("from")), _day(params.get("to"))
    if first is None or last is None or first > last:
        return AuditFilter.for_days(DEFAULT_DAYS, department)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return AuditFilter.for_dates(first, last, department)


async def run(function: Callable[..., T], *args: Any) -> T:
    """Run a blocking query in a worker thread, so the event loop keeps serving the API."""
    return await anyio.to_thread.run_sync(functools.partial(function, *args))


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


def engine_of(request: Request) -> Engine:
    """The database to read; also starts a rollup refresh when one is due (in the background)."""
    engine = runtime_of(request).engine
    if engine is None:  # only when a test passed in both stores: no database to read
        raise RuntimeError("the dashboard needs the runtime's database engine")
    state = request.app.state
    if getattr(state, "rollup_refresher", None) is None:
        state.rollup_refresher = RollupRefresher(engine)
    state.rollup_refresher.poke()
    return engine


class Names:
    """Japanese names for ids kept in the audit record (departments, use-cases, levels, models).

    Example:
        >>> Names(policy).department("fukushi")
        '福祉課'
    """

    def __init__(self, policy: Policy) -> None:
        self._policy = policy

    def department(self, department_id: str | None) -> str:
        found = self._policy.departments.get(department_id or "")
        return found.name if found else (department_id or "-")

    def use_case(self, use_case_id: str | None) -> str:
        found = self._policy.use_cases.get(use_case_id or "")
        return found.label if found else (use_case_id or "（指定なし）")

    def level(self, level: str | None) -> str:
        if level is None or not self._policy.has_level(level):
            return level or "-"
        return f"{level}（{self._policy.level_label(level)}）"

    def model(self, model_id: str | None) -> str:
        found = self._policy.models.get(model_id or "")
        return found.label if found else (model_id or "-")

    def entity(self, entity_type: str) -> str:
        found = self._policy.entities.get(entity_type)
        return found.label if found else entity_type

    def reason(self, reason: str) -> str:
        """A decision reason in Japanese (see ``audit.dashboard.reasons``)."""
        return explain(reason, self.entity)


ACTION_LABELS = {"allow": "許可", "mask": "マスキング", "block": "遮断", "reroute": "振替", "none": "判定前"}
STATUS_LABELS = {
    "forwarding": "処理中",
    "completed": "完了",
    "blocked": "遮断",
    "rejected": "拒否",
    "failed": "失敗",
}
