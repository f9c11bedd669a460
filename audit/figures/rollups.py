"""Daily rollups of the audit record, so year-long figures do not scan a million rows.

``refresh`` adds, for every Japanese calendar day up to two days ago that is
not rolled up yet, one INSERT ... SELECT ... GROUP BY per rollup table
(``audit.figures.tables``). Two days, because a record is closed after its
answer: by then every record of the day has its final status.

``source(kind, scope)`` is what every dashboard query reads: the rollup rows
of the days already rolled up, UNION ALL the same GROUP BY computed live on
``audit_records`` for the days after. The figures are therefore the same
whether a refresh has run or not (a test holds this); only the speed differs.
Rollups are derived data: the integrity check runs on ``audit_records``, and
figures of days later pruned by retention stay in the rollups (annual reports
still add up).

Example:
    >>> refresh(engine)                       # e.g. in a background thread
    730
    >>> usage = source(engine, "usage", AuditFilter.for_days(365), rolled_through(engine))
    >>> select(func.sum(usage.c.requests))
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Date,
    Engine,
    Integer,
    cast,
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.sql import ColumnElement, FromClause, Subquery
from sqlalchemy.sql.expression import Select

from audit.figures.query import JST, RECORDS, AuditFilter, fetch, jst_day_start
from audit.figures.tables import (
    RollupEntities,
    RollupReasons,
    RollupState,
    RollupUsage,
    RollupUseCases,
    RollupUsers,
)

__all__ = ["LAG_DAYS", "Kind", "bucket_text", "day_bucket", "distinct_users", "refresh", "rolled_through", "source"]

Kind = Literal["usage", "users", "use_cases", "entities", "reasons"]
LAG_DAYS = 2
_C = RECORDS.c
_STATE = RollupState.__table__
_TABLES = {
    "usage": RollupUsage.__table__,
    "users": RollupUsers.__table__,
    "use_cases": RollupUseCases.__table__,
    "entities": RollupEntities.__table__,
    "reasons": RollupReasons.__table__,
}
# The grain and measures of each rollup, in table column order (after id).
_COLUMNS = {kind: [c.name for c in table.columns if c.name != "id"] for kind, table in _TABLES.items()}
_LOCK = 0x6A69_6368_0005  # pg_advisory_xact_lock key of the refresh


def _day(engine: Engine) -> ColumnElement[Any]:
    """The Japanese calendar day of ``created_at``, computed by the database."""
    if engine.dialect.name == "postgresql":
        return cast(func.timezone(literal("Asia/Tokyo"), _C.created_at), Date)
    return func.date(_C.created_at, literal_column("'+9 hours'"))


def day_bucket(engine: Engine, day: ColumnElement[Any], unit: Literal["day", "month"]) -> ColumnElement[Any]:
    """The day itself, or the first day of its month; format it with ``bucket_text``.

    Date arithmetic, not ``to_char``: PostgreSQL would convert every row to a
    timestamp with a time zone first, which costs more than the whole GROUP BY.
    """
    if unit == "day":
        return day
    if engine.dialect.name == "postgresql":
        # date - integer is a date: the first of the month, without any time zone arithmetic.
        return day - (cast(func.extract("day", day), Integer) - 1)
    return func.substr(day, 1, 7)


def bucket_text(value: date | str, unit: Literal["day", "month"]) -> str:
    """``2026-11-30`` or ``2026-11`` for a bucket value from either database."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text[:10] if unit == "day" else text[:7]


def _expand(engine: Engine, column: Any, *, pairs: bool) -> FromClause:
    # One row per key (JSON object) or element (JSON array), joined laterally.
    if engine.dialect.name == "postgresql":
        function = func.jsonb_each_text(column) if pairs else func.jsonb_array_elements_text(column)
        return function.table_valued(*(("key", "value") if pairs else ("value",))).lateral()
    return func.json_each(column).table_valued("key", "value")


def _raw(engine: Engine, kind: Kind, where: list[ColumnElement[bool]]) -> Select[Any]:
    """The rollup's GROUP BY computed on ``audit_records`` rows matching ``where``."""
    day = _day(engine).label("day")
    count = func.count().label("requests")
    if kind == "usage":
        keys = [_C.department, _C.model_used.label("model"), _C.level, _C.status, _C.mask_applied.label("masked")]
        measures = [count] + [func.coalesce(func.sum(_C[name]), 0).label(name)
                              for name in ("prompt_tokens", "completion_tokens", "total_tokens")]
        return select(day, *keys, *measures).where(*where).group_by(day, *keys)
    if kind == "users":
        keys = [_C.department, _C.user.label("user_name")]
        return select(day, *keys, count).where(*where).group_by(day, *keys)
    if kind == "use_cases":
        keys = [_C.department, _C.use_case, _C.status]
        return select(day, *keys, count).where(*where).group_by(day, *keys)
    if kind == "entities":
        pairs = _expand(engine, _C.entity_counts, pairs=True)
        entity = pairs.c.key.label("entity_type")
        findings = func.sum(cast(pairs.c.value, Integer)).label("findings")
        return (select(day, _C.department, entity, findings, count).select_from(RECORDS.join(pairs, true()))
                .where(*where).group_by(day, _C.department, pairs.c.key))
    items = _expand(engine, _C.reasons, pairs=False)
    reason = items.c.value.label("reason")
    return (select(day, _C.department, reason, count).select_from(RECORDS.join(items, true()))
            .where(*where, _C.status == "blocked").group_by(day, _C.department, items.c.value))


def distinct_users(users: Subquery, *keys: ColumnElement[Any]) -> Select[Any]:
    """Active users per ``keys`` of a users source: SELECT DISTINCT, then COUNT.

    A hashed DISTINCT in a subquery is several times faster on PostgreSQL
    than ``COUNT(DISTINCT ...)``, which sorts.
    """
    labelled = [key.label(f"k{i}") for i, key in enumerate(keys)]
    pairs = select(*labelled, users.c.user_name).distinct().subquery("active")
    grouped = [pairs.c[f"k{i}"] for i in range(len(keys))]
    return select(*grouped, func.count().label("users")).select_from(pairs).group_by(*grouped)


def rolled_through(engine: Engine) -> date | None:
    """The last day held by the rollups (None: nothing rolled up yet)."""
    rows = fetch(engine, select(_STATE.c.rolled_through).where(_STATE.c.id == 1))
    value = rows[0][0] if rows else None
    return date.fromisoformat(value) if isinstance(value, str) else value


def source(engine: Engine, kind: Kind, scope: AuditFilter, through: date | None) -> Subquery:
    """The rows of ``kind`` for ``scope``: rollup rows up to ``through`` (``rolled_through``), live rows after."""
    first, last = scope.first_day, scope.last_day
    raw_where = scope.where()
    if through is None or through < first:
        return _raw(engine, kind, raw_where).subquery(kind)
    table = _TABLES[kind]
    rolled = select(*[table.c[name] for name in _COLUMNS[kind]]).where(table.c.day >= first, table.c.day <= min(last, through))
    if scope.department is not None:
        rolled = rolled.where(table.c.department == scope.department)
    if through >= last:
        return rolled.subquery(kind)
    live = _raw(engine, kind, [*raw_where, _C.created_at >= jst_day_start(through + timedelta(days=1))])
    return union_all(rolled, live).subquery(kind)


def refresh(engine: Engine, today: date | None = None) -> int:
    """Roll up every day not rolled up yet, up to ``LAG_DAYS`` before today; returns the number of days added."""
    target = (today or datetime.now(JST).date()) - timedelta(days=LAG_DAYS)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_LOCK)))  # one replica at a time
        state = conn.execute(select(_STATE.c.rolled_through).where(_STATE.c.id == 1)).first()
        if state is None:
            conn.execute(insert(_STATE).values(id=1, rolled_through=None))
        through = state.rolled_through if state is not None else None
        if isinstance(through, str):
            through = date.fromisoformat(through)
        if through is None:
            oldest = conn.execute(select(func.min(_C.created_at))).scalar()
            if oldest is None:
                return 0
            through = oldest.astimezone(JST).date() - timedelta(days=1) if oldest.tzinfo else oldest.date() - timedelta(days=1)
        if through >= target:
            return 0
        where = [_C.created_at >= jst_day_start(through + timedelta(days=1)), _C.created_at < jst_day_start(target + timedelta(days=1))]
        for kind, table in _TABLES.items():
            conn.execute(insert(table).from_select(_COLUMNS[kind], _raw(engine, kind, where)))  # type: ignore[arg-type]
        conn.execute(update(_STATE).where(_STATE.c.id == 1).values(rolled_through=target))
    return (target - through).days
