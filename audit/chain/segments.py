"""Checking one stretch of the hash chain: the unit that ``audit.chain.verify`` runs, alone or in parallel.

Each link can be checked on its own (its hash covers its own columns and its
stored ``prev_hash``); only the hand-over between stretches is left to the
caller: the first record's ``prev_hash`` must be the previous stretch's last
hash. So a long chain on PostgreSQL is split into stretches checked by
several processes, all reading one exported snapshot.

Example:
    >>> with engine.connect() as conn:
    ...     check_segment(conn, after_seq=0, last_seq=10_000, key=None).count
    10000
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from audit.chain.canonical import CHAINED_COLUMNS, canonical, link_hasher
from audit.records import AuditRecord

__all__ = ["Segment", "chained_columns", "check_segment", "check_segment_in_snapshot"]

_RECORDS = AuditRecord.__table__
_BY_NAME = {column.name: column for column in _RECORDS.columns}
_N = len(CHAINED_COLUMNS)


def chained_columns() -> list:
    """The columns of audit_records covered by the hash, in ``CHAINED_COLUMNS`` order."""
    return [_BY_NAME[name] for name in CHAINED_COLUMNS]


@dataclass(frozen=True)
class Segment:
    """What one stretch holds: its first ``prev_hash``, last link, and its first break if any.

    Example:
        >>> Segment(count=2, first_prev="0" * 64, last_id=2, last_seq=2, last_hash="ab" * 32).broken is None
        True
    """

    count: int
    first_prev: str | None
    last_id: int | None
    last_seq: int
    last_hash: str | None
    # (Japanese problem, record id, seq) of the first break inside the stretch.
    broken: tuple[str, int, int] | None = None
    first_id: int | None = None
    first_seq: int | None = None


def check_segment(conn: Connection, after_seq: int, last_seq: int, key: bytes | None, batch: int = 10_000) -> Segment:
    """Check the links ``after_seq + 1 .. last_seq``: positions without gaps, each hash, each hand-over."""
    if conn.dialect.name == "postgresql":
        return _check_postgres(conn, after_seq, last_seq, key, batch)
    # Options on the statement, not the connection: the caller's next statements must not stream.
    rows = conn.execute(
        select(*chained_columns(), _RECORDS.c.chain_seq, _RECORDS.c.prev_hash, _RECORDS.c.record_hash)
        .where(_RECORDS.c.chain_seq > after_seq, _RECORDS.c.chain_seq <= last_seq)
        .order_by(_RECORDS.c.chain_seq)
        .execution_options(yield_per=batch)
    )
    try:
        return _check_rows(rows, after_seq, last_seq, key)
    finally:
        rows.close()


def _check_postgres(conn: Connection, after_seq: int, last_seq: int, key: bytes | None, batch: int) -> Segment:
    # Verification is bound by turning rows into Python values: a binary client-side cursor on
    # the driver connection, in the caller's transaction, fetching pages by position (keyset),
    # skips SQLAlchemy's per-value processing and a server-side cursor's round trips. With the
    # session in UTC, timestamps arrive as UTC-aware datetimes and JSONB as dicts and lists:
    # the same values the typed columns give when a record is closed (the PostgreSQL tests
    # verify chains written through the typed columns).
    import orjson
    from psycopg.types.json import set_json_loads

    conn.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
    driver = conn.connection.driver_connection
    assert driver is not None
    columns = ", ".join(f'"{name}"' for name in (*CHAINED_COLUMNS, "chain_seq", "prev_hash", "record_hash"))
    query = (f"SELECT {columns} FROM audit_records WHERE chain_seq > %s AND chain_seq <= %s "
             f"ORDER BY chain_seq LIMIT {int(batch)}")

    def pages() -> Iterator[Sequence[Any]]:
        after = after_seq
        with driver.cursor(binary=True) as cursor:
            set_json_loads(orjson.loads, cursor)
            while True:
                rows = cursor.execute(query, (after, last_seq)).fetchall()
                yield from rows
                if len(rows) < batch:
                    return
                after = rows[-1][_N]

    return _check_rows(pages(), after_seq, last_seq, key)


def _check_rows(rows: Iterable[Sequence[Any]], after_seq: int, last_seq: int, key: bytes | None) -> Segment:
    # The hot loop of verify: one comparison chain per record; words only for the first break.
    link = link_hasher(key)
    expected, prev, last_id = after_seq + 1, None, None
    rows = iter(rows)
    first = next(rows, None)
    for row in itertools.chain((first,), rows) if first is not None else ():
        seq, prev_hash = row[_N], row[_N + 1]
        if (seq != expected or (prev is not None and prev_hash != prev)
                or link(prev_hash, seq, canonical(row[:_N])) != row[_N + 2]):
            problem = _problem(row, expected, prev, key)
            return Segment(expected - after_seq - 1, first[_N + 1], last_id, expected - 1, prev,
                           (problem, row[0], seq), first[0], first[_N])
        prev, last_id, expected = row[_N + 2], row[0], expected + 1
    count = expected - after_seq - 1
    first_fields = (first[_N + 1], first[0], first[_N]) if first is not None else (None, None, None)
    if expected - 1 != last_seq:
        problem = f"位置 {expected} から {last_seq} の記録がありません（削除）。"
        return Segment(count, first_fields[0], last_id, expected - 1, prev, (problem, None, expected),
                       first_fields[1], first_fields[2])
    return Segment(count, first_fields[0], last_id, last_seq, prev, None, first_fields[1], first_fields[2])


def _problem(row: Sequence[Any], expected: int, prev: str | None, key: bytes | None) -> str:
    record_id, seq = row[0], row[_N]
    if seq != expected:
        return f"位置 {expected} の記録がありません（削除または並べ替え）。次は位置 {seq} の記録 #{record_id} です。"
    if prev is not None and row[_N + 1] != prev:
        return f"記録 #{record_id}（位置 {seq}）の前の記録のハッシュが一致しません（削除・挿入・並べ替え）。"
    hint = "" if key is not None else "（HMAC 鍵を使う設定なら鍵を指定してください）"
    return f"記録 #{record_id}（位置 {seq}）の内容がハッシュと一致しません（改ざん）。{hint}"


def check_segment_in_snapshot(url: str, snapshot: str, after_seq: int, last_seq: int, key: bytes | None) -> Segment:
    """``check_segment`` in a new process, on a PostgreSQL snapshot exported by the caller."""
    from gateway.database import create_db_engine

    engine: Engine = create_db_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{_snapshot_id(snapshot)}'")
            return check_segment(conn, after_seq, last_seq, key)
    finally:
        engine.dispose()


def _snapshot_id(snapshot: str) -> str:
    # Snapshot ids look like 00000003-0000001B-1; refuse anything else before it reaches SQL.
    if not snapshot.replace("-", "").isalnum():
        raise ValueError("invalid snapshot id")
    return snapshot
