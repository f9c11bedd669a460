"""The hash chain over ``audit_records``: append a link at close, verify the whole chain.

Where the link is made: a record is INSERTed when a request is accepted and
UPDATEd when it ends, and only then is it final. So the link is made in the
close transaction: the record gets the next position (``chain_seq``), its
predecessor's hash (``prev_hash``) and its own hash (``record_hash``), and the
one-row ``audit_chain_head`` moves on. The head row is locked for the
transaction (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite has one writer),
so replicas closing at the same time still append to one chain, in commit
order. An open record (status ``forwarding``) is not in the chain yet;
``verify`` counts them.

Example:
    >>> result = verify(engine, key=None)
    >>> result.ok, result.records_checked
    (True, 10000)
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, bindparam, func, select, update

from audit.chain.canonical import canonical, link_hash, sign
from audit.chain.segments import Segment, check_segment, check_segment_in_snapshot
from audit.chain.tables import GENESIS_HASH, HEAD_ID, AuditChainHead, AuditCheckpoint
from audit.records import AuditRecord

__all__ = ["VerifyResult", "append_link", "checkpoint_signature", "verify"]

_RECORDS = AuditRecord.__table__
_HEAD = AuditChainHead.__table__
_CHECKPOINTS = AuditCheckpoint.__table__


# Built once: append_link runs on every request.
_READ_HEAD = select(_HEAD.c.last_seq, _HEAD.c.last_hash).where(_HEAD.c.id == HEAD_ID).with_for_update()
_LINK_RECORD = (
    update(_RECORDS)
    .where(_RECORDS.c.id == bindparam("w_id"))
    .values(chain_seq=bindparam("v_seq"), prev_hash=bindparam("v_prev"), record_hash=bindparam("v_hash"))
)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(last_seq=bindparam("v_seq"), last_hash=bindparam("v_hash"), signature=bindparam("v_signature"))
)


def append_link(conn: Connection, record_id: int, values: Sequence[object], key: bytes | None) -> int:
    """Link the closed record ``record_id`` (its ``chained_columns()`` ``values``) at the end of the chain.

    Call it inside the close transaction; it locks the chain head until commit.

    Example:
        >>> append_link(conn, row.id, row, key=None)
        10001
    """
    head = conn.execute(_READ_HEAD).one()
    seq = head.last_seq + 1
    digest = link_hash(head.last_hash, seq, canonical(values), key)
    conn.execute(_LINK_RECORD, {"w_id": record_id, "v_seq": seq, "v_prev": head.last_hash, "v_hash": digest})
    conn.execute(_MOVE_HEAD, {"v_seq": seq, "v_hash": digest, "v_signature": sign(key, "head", seq, digest)})
    return seq


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of ``verify``; ``problem`` is a Japanese sentence naming positions and ids only.

    Example:
        >>> VerifyResult(ok=True, records_checked=3, last_good_id=3, last_good_seq=3).first_bad_id is None
        True
    """

    ok: bool
    records_checked: int
    last_good_id: int | None
    last_good_seq: int
    first_bad_id: int | None = None
    first_bad_seq: int | None = None
    problem: str | None = None
    open_records: int = 0
    checkpoints: int = 0
    keyed: bool = False


class _Broken(Exception):
    def __init__(self, problem: str, record_id: int | None = None, seq: int | None = None) -> None:
        self.problem, self.record_id, self.seq = problem, record_id, seq


# Below this many links one process is quicker than starting workers.
_PARALLEL_FROM = 200_000


def verify(engine: Engine, key: bytes | None = None, *, workers: int | None = None) -> VerifyResult:
    """Check every link from the newest checkpoint to the chain head; report the first break.

    Records are streamed, so memory stays constant. On PostgreSQL the check
    reads one snapshot (REPEATABLE READ), and a long chain is split between
    ``workers`` processes (default: one per core, at most 8) sharing it.

    Example:
        >>> verify(engine, key=b"k" * 32).problem is None
        True
    """
    with _snapshot(engine) as conn:
        open_records = conn.execute(select(func.count()).where(_RECORDS.c.chain_seq.is_(None))).scalar_one()
        checkpoints = conn.execute(select(_CHECKPOINTS).order_by(_CHECKPOINTS.c.last_seq)).all()
        head = conn.execute(select(_HEAD).where(_HEAD.c.id == HEAD_ID)).one_or_none()
        counts = {"open_records": open_records, "checkpoints": len(checkpoints), "keyed": key is not None}
        checked, last_id, last_seq = 0, None, 0
        try:
            start_seq, prev = _start(checkpoints, key)
            last_seq = start_seq
            if head is None:
                raise _Broken("チェーンの先頭情報（audit_chain_head）がありません。")
            before = conn.execute(
                select(func.min(_RECORDS.c.id)).where(_RECORDS.c.chain_seq <= start_seq)
            ).scalar_one()
            if before is not None:
                raise _Broken(f"削除済み区間（位置 {start_seq} まで）に記録 #{before} があります（挿入）。", before)
            for segment, after in _segments(engine, conn, start_seq, head.last_seq, key, workers):
                if segment.first_seq == after + 1 and segment.first_prev != prev:
                    raise _Broken(f"記録 #{segment.first_id}（位置 {segment.first_seq}）の前の記録のハッシュが"
                                  "一致しません（削除・挿入・並べ替え）。", segment.first_id, segment.first_seq)
                checked += segment.count
                if segment.count:
                    last_id, last_seq, prev = segment.last_id, segment.last_seq, segment.last_hash
                if segment.broken is not None:
                    raise _Broken(*segment.broken)
            _check_head(head, last_seq, prev, key)
            # Head and records are written in one transaction and read in one snapshot: nothing may follow the head.
            beyond = conn.execute(
                select(func.min(_RECORDS.c.id)).where(_RECORDS.c.chain_seq > head.last_seq)
            ).scalar_one()
            if beyond is not None:
                raise _Broken(f"チェーンの先頭情報（位置 {head.last_seq}）より後に記録 #{beyond} があります（挿入）。",
                              beyond)
        except _Broken as broken:
            return VerifyResult(False, checked, last_id, last_seq, broken.record_id, broken.seq, broken.problem,
                                **counts)
    return VerifyResult(True, checked, last_id, last_seq, **counts)


def _segments(engine: Engine, conn: Connection, start_seq: int, last_seq: int, key: bytes | None,
              workers: int | None) -> Iterator[tuple[Segment, int]]:
    # (segment, seq it starts after), in chain order.
    total = last_seq - start_seq
    workers = workers or min(os.cpu_count() or 1, 8)
    if engine.dialect.name != "postgresql" or workers < 2 or total < _PARALLEL_FROM:
        yield check_segment(conn, start_seq, last_seq, key), start_seq
        return
    snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
    url = engine.url.render_as_string(hide_password=False)
    bounds = [start_seq + total * i // workers for i in range(workers + 1)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(check_segment_in_snapshot, url, snapshot, a, b, key)
                   for a, b in itertools.pairwise(bounds)]
        for future, after in zip(futures, bounds, strict=False):
            yield future.result(), after


def _check_head(head: object, last_seq: int, last_hash: str, key: bytes | None) -> None:
    if head.last_seq != last_seq or head.last_hash != last_hash:  # type: ignore[attr-defined]
        raise _Broken(f"チェーンの末尾が一致しません。位置 {last_seq} より後の記録が削除されています"
                      f"（先頭情報は位置 {head.last_seq}）。")  # type: ignore[attr-defined]
    if key is not None and head.signature != sign(key, "head", last_seq, last_hash):  # type: ignore[attr-defined]
        raise _Broken("チェーンの先頭情報の署名が一致しません（改ざん、または HMAC 鍵の誤り）。")


def _start(checkpoints: Sequence, key: bytes | None) -> tuple[int, str]:
    # Every checkpoint must carry a valid signature (with a key); the newest is where the chain resumes.
    for checkpoint in checkpoints:
        expected = checkpoint_signature(key, checkpoint.last_seq, checkpoint.last_hash, checkpoint.records_pruned,
                                        checkpoint.pruned_before, checkpoint.created_at)
        if key is not None and checkpoint.signature != expected:
            raise _Broken(f"削除の記録（チェックポイント #{checkpoint.id}）の署名が一致しません（改ざん）。")
    if not checkpoints:
        return 0, GENESIS_HASH
    return checkpoints[-1].last_seq, checkpoints[-1].last_hash


def checkpoint_signature(key: bytes | None, last_seq: int, last_hash: str, records_pruned: int,
                         pruned_before: datetime, created_at: datetime) -> str | None:
    """The HMAC a checkpoint row carries (see ``audit.chain.prune``); None without a key.

    Example:
        >>> checkpoint_signature(None, 120, "ab" * 32, 120, utc_now(), utc_now()) is None
        True
    """
    return sign(key, "checkpoint", last_seq, last_hash, records_pruned, pruned_before, created_at)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    # One consistent view of head, checkpoints and records while closes go on.
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            yield conn
        return
    with engine.connect() as conn, conn.begin():
        # pysqlite opens no transaction for a SELECT; an explicit one pins the WAL snapshot.
        conn.exec_driver_sql("BEGIN")
        yield conn
