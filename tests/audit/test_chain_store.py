"""SqlAuditStore.close links each record into one chain, with many writers at once."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from audit import AuditEntry, AuditOutcome, SqlAuditStore
from audit.chain import verify
from audit.chain.tables import GENESIS_HASH
from gateway.database import create_db_engine, init_schema

KEY = b"audit-hmac-key-for-tests-0123456789abcdef"


def _entry(request_id: str) -> AuditEntry:
    return AuditEntry(request_id=request_id, user="staff-0001", department="shimin", key_id="0123456789abcdef",
                      model_requested="preview", action="mask", policy_revision="r1", level="3C",
                      entity_counts={"PERSON": 1}, reasons=("PERSON×1 → 3C",))


def _outcome() -> AuditOutcome:
    return AuditOutcome(status="completed", http_status=200, model_used="preview", total_tokens=42)


def test_records_join_the_chain_in_the_order_they_close(engine: Engine) -> None:
    store = SqlAuditStore(engine)
    for request_id in ("a", "b", "c"):
        store.open(_entry(request_id))
    store.close("c", _outcome())
    store.close("a", _outcome())
    c, a, b = store.get("c"), store.get("a"), store.get("b")
    assert c and a and b
    assert (c.chain_seq, c.prev_hash) == (1, GENESIS_HASH)
    assert (a.chain_seq, a.prev_hash) == (2, c.record_hash)
    assert (b.status, b.chain_seq, b.record_hash) == ("forwarding", None, None)
    result = verify(engine)
    assert (result.ok, result.records_checked, result.open_records) == (True, 2, 1)


def test_a_keyed_store_writes_a_chain_only_the_key_verifies(engine: Engine) -> None:
    store = SqlAuditStore(engine, chain_key=KEY)
    store.open(_entry("a"))
    store.close("a", _outcome())
    assert verify(engine, KEY).ok
    assert not verify(engine, None).ok


def test_a_failed_close_leaves_the_chain_unchanged(engine: Engine) -> None:
    store = SqlAuditStore(engine)
    store.open(_entry("a"))
    store.close("a", _outcome())
    with pytest.raises(Exception, match="監査記録"):
        store.close("a", _outcome())  # already closed
    assert verify(engine).records_checked == 1


def _init(url: str, key: bytes | None = None) -> None:
    engine = create_db_engine(url)
    init_schema(engine, key)
    engine.dispose()


def _close_many(url: str, prefix: str, count: int, key: bytes | None) -> None:
    engine = create_db_engine(url)
    store = SqlAuditStore(engine, chain_key=key)
    for n in range(count):
        store.open(_entry(f"{prefix}-{n}"))
        store.close(f"{prefix}-{n}", _outcome())
    engine.dispose()


@pytest.mark.postgres
def test_concurrent_closes_from_several_processes_leave_one_valid_chain(fresh_postgres_url: str) -> None:
    _init(fresh_postgres_url, KEY)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_close_many, args=(fresh_postgres_url, f"replica{i}", 40, KEY)) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * 4
    engine = create_db_engine(fresh_postgres_url)
    result = verify(engine, KEY)
    assert (result.ok, result.records_checked, result.last_good_seq) == (True, 160, 160)
    with engine.connect() as conn:
        seqs = conn.execute(text("SELECT chain_seq FROM audit_records ORDER BY chain_seq")).scalars().all()
    assert seqs == list(range(1, 161))
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_concurrent_closes_from_threads_on_separate_connections_leave_one_valid_chain(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'chain.db'}" if backend == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    _init(url)
    threads = [threading.Thread(target=_close_many, args=(url, f"thread{i}", 30, None)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    engine = create_db_engine(url)
    result = verify(engine)
    assert (result.ok, result.records_checked, result.open_records) == (True, 150, 0)
    engine.dispose()
