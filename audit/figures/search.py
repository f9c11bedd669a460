"""The audit log search: filters, keyset pagination and one record's detail.

Pages are cut by id (newest first, ``before`` = the last id of the previous
page) rather than by OFFSET, so page 500 costs what page 1 costs on a million
records. The match count stops at ``COUNT_CAP``: past that the page says
"10,000件以上" instead of scanning everything.

Example:
    >>> page = AuditSearch(engine).page(SearchQuery(scope=AuditFilter.for_days(30), level="3B"))
    >>> [r.request_id for r in page.records][:1]
    ['req-0042']
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, func, or_
from sqlmodel import Session, select

from audit.figures.query import RECORDS, AuditFilter, fetch
from audit.records import AuditRecord
from gateway.database import transaction

__all__ = ["COUNT_CAP", "AuditSearch", "SearchPage", "SearchQuery"]

COUNT_CAP = 10_000
PAGE_SIZE = 50
_C = RECORDS.c
_READ_FAILED = "監査記録を読み出せません。管理者に連絡してください。"
# Columns of the list; the kept content is read only for the detail view.
_LIST_COLUMNS = (
    _C.id, _C.request_id, _C.created_at, _C.user, _C.department, _C.model_requested, _C.model_used,
    _C.level, _C.action, _C.status, _C.http_status, _C.use_case, _C.total_tokens, _C.entity_counts,
)


@dataclass(frozen=True)
class SearchQuery:
    """The filters of the audit log page; empty strings mean "any"."""

    scope: AuditFilter
    user: str = ""
    model: str = ""
    level: str = ""
    action: str = ""
    status: str = ""
    before: int | None = None

    def where(self) -> list[ColumnElement[bool]]:
        clauses = self.scope.where()
        if self.user:
            clauses.append(_C.user == self.user)
        if self.model:
            clauses.append(or_(_C.model_used == self.model, _C.model_requested == self.model))
        for column, value in ((_C.level, self.level), (_C.action, self.action), (_C.status, self.status)):
            if value:
                clauses.append(column == value)
        return clauses


@dataclass(frozen=True)
class SearchPage:
    records: list
    matches: int
    capped: bool
    next_before: int | None


class AuditSearch:
    """Search queries on one database."""

    def __init__(self, engine: Engine, page_size: int = PAGE_SIZE) -> None:
        self._engine = engine
        self._page_size = page_size

    def page(self, query: SearchQuery) -> SearchPage:
        """One page of matching records, newest first, with the (capped) number of matches."""
        where = query.where()
        listed = where + ([_C.id < query.before] if query.before is not None else [])
        rows = fetch(
            self._engine,
            select(*_LIST_COLUMNS).where(*listed).order_by(_C.id.desc()).limit(self._page_size + 1),
        )
        capped_ids = select(_C.id).where(*where).limit(COUNT_CAP + 1).subquery()
        matches = fetch(self._engine, select(func.count()).select_from(capped_ids))[0][0]
        more = len(rows) > self._page_size
        rows = rows[: self._page_size]
        return SearchPage(rows, min(matches, COUNT_CAP), matches > COUNT_CAP, rows[-1].id if more else None)

    def detail(self, request_id: str, department: str | None) -> AuditRecord | None:
        """One record, or None if it does not exist or lies outside ``department``."""
        query = select(AuditRecord).where(AuditRecord.request_id == request_id)
        if department is not None:
            query = query.where(AuditRecord.department == department)
        with transaction(self._engine, _READ_FAILED) as conn, Session(conn) as session:
            return session.exec(query).first()
