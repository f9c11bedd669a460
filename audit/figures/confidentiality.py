"""機密性 figures: levels, detected entity types, and why requests were blocked.

The audit record holds types and counts only (``entity_counts``) and reasons
such as ``JP_MY_NUMBER×1 → 3B``, never a value, so these figures cannot leak
one. The JSON columns are expanded by the database (``jsonb_each_text`` on
PostgreSQL, ``json_each`` on SQLite, see ``audit.figures.rollups``) and grouped there.

Example:
    >>> Confidentiality(engine).levels(AuditFilter.for_days(30))
    [LevelCount(level='1', requests=120, masked=0, blocked=0), ...]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import Engine, func, select

from audit.figures.query import AuditFilter, fetch
from audit.figures.rollups import rolled_through, source

__all__ = ["Confidentiality", "EntityCount", "LevelCount", "ReasonCount"]


@dataclass(frozen=True)
class LevelCount:
    level: str | None
    requests: int
    masked: int
    blocked: int


@dataclass(frozen=True)
class EntityCount:
    entity_type: str
    findings: int
    requests: int


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    requests: int


class Confidentiality:
    """The confidentiality page's queries on one database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @cached_property
    def _through(self) -> date | None:
        # Read once (in the worker thread, at the first query): every query of a page splits at the same day.
        return rolled_through(self._engine)

    def levels(self, scope: AuditFilter) -> list[LevelCount]:
        """Requests per level, with how many were masked and blocked, lowest level id first."""
        c = source(self._engine, "usage", scope, self._through).c
        query = (
            select(
                c.level,
                func.sum(c.requests).label("requests"),
                func.coalesce(func.sum(c.requests).filter(c.masked.is_(True)), 0).label("masked"),
                func.coalesce(func.sum(c.requests).filter(c.status == "blocked"), 0).label("blocked"),
            )
            .group_by(c.level)
            .order_by(c.level)
        )
        return [LevelCount(r.level, int(r.requests), int(r.masked), int(r.blocked)) for r in fetch(self._engine, query)]

    def entity_types(self, scope: AuditFilter, limit: int = 15) -> list[EntityCount]:
        """The most found entity types: total findings and requests that had one."""
        c = source(self._engine, "entities", scope, self._through).c
        findings = func.sum(c.findings)
        query = (
            select(c.entity_type, findings.label("findings"), func.sum(c.requests).label("requests"))
            .group_by(c.entity_type)
            .order_by(findings.desc(), c.entity_type)
            .limit(limit)
        )
        return [EntityCount(r.entity_type, int(r.findings), int(r.requests)) for r in fetch(self._engine, query)]

    def block_reasons(self, scope: AuditFilter, limit: int = 20) -> list[ReasonCount]:
        """The reasons recorded on blocked requests, most frequent first."""
        c = source(self._engine, "reasons", scope, self._through).c
        requests = func.sum(c.requests)
        query = select(c.reason, requests.label("requests")).group_by(c.reason).order_by(requests.desc(), c.reason).limit(limit)
        return [ReasonCount(str(r.reason), int(r.requests)) for r in fetch(self._engine, query)]
