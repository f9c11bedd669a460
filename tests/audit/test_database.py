"""gateway.database: engines for SQLite and PostgreSQL, schema, transactions."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from audit.store import AuditEntry, SqlAuditStore
from gateway.database import create_db_engine, init_schema, require_aware, transaction
from gateway.errors import AuditUnavailable

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("synchronous", 1), ("busy_timeout", 5000), ("foreign_keys", 1)],
)
def test_sqlite_connections_get_the_gateway_pragmas(tmp_path: Path, pragma: str, expected: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    with engine.connect() as conn:
        assert conn.execute(text(f"PRAGMA {pragma}")).scalar() == expected
    engine.dispose()


def test_sqlite_parent_folders_are_created(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'var' / 'lib' / 'gateway.db'}")
    init_schema(engine)
    engine.dispose()
    assert (tmp_path / "var" / "lib" / "gateway.db").is_file()


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/test",
        "postgresql://postgres@127.0.0.1:5432/test",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    ],
)
def test_postgres_urls_use_the_psycopg_driver(url: str) -> None:
    engine = create_db_engine(url)
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "mysql://gw:s3cret-pw@127.0.0.1/gateway",
        "postgresql+asyncpg://gw:s3cret-pw@127.0.0.1/gateway",
        "oracle://gw:s3cret-pw@127.0.0.1/gateway",
        "not a url with s3cret-pw",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file:gateway?mode=memory&uri=true",
    ],
)
def test_unsupported_and_in_memory_urls_are_refused_without_echoing_the_password(url: str) -> None:
    with pytest.raises(ValueError) as raised:
        create_db_engine(url)
    assert "s3cret-pw" not in str(raised.value)


def test_password_is_masked_in_the_log_and_in_connection_errors(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gateway.database"):
        engine = create_db_engine("postgresql://gw:s3cret-pw@127.0.0.1:1/gateway")
    with pytest.raises(AuditUnavailable) as raised, transaction(engine, "接続できません。") as conn:
        conn.execute(text("SELECT 1"))
    engine.dispose()
    assert "127.0.0.1:1/gateway" in caplog.text
    assert "s3cret-pw" not in caplog.text
    assert "s3cret-pw" not in f"{raised.value} {raised.value.__cause__}"


def test_init_schema_creates_indexed_tables_and_can_run_twice(engine: Engine) -> None:
    init_schema(engine)
    inspector = inspect(engine)
    assert {"api_keys", "audit_records"} <= set(inspector.get_table_names())
    indexed = {column for index in inspector.get_indexes("audit_records") for column in index["column_names"]}
    assert {"created_at", "user_name", "department", "level", "action", "status", "request_id"} <= indexed


def test_database_errors_in_a_transaction_become_audit_unavailable(engine: Engine) -> None:
    with pytest.raises(AuditUnavailable, match="テスト用"), transaction(engine, "テスト用のメッセージ") as conn:
        conn.execute(text("SELECT * FROM no_such_table"))


def test_other_errors_in_a_transaction_pass_through_unchanged(engine: Engine) -> None:
    with pytest.raises(KeyError), transaction(engine, "テスト用のメッセージ"):
        raise KeyError("not a database error")


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (datetime(2026, 4, 1, 9, 0, tzinfo=UTC), True),
        (datetime(2026, 4, 1, 18, 0, tzinfo=JST), True),
        (datetime(2026, 4, 1, 9, 0), False),
    ],
)
def test_only_timezone_aware_timestamps_are_accepted(value: datetime, accepted: bool) -> None:
    if accepted:
        assert require_aware("created_at", value) is value
    else:
        with pytest.raises(ValueError, match="timezone-aware"):
            require_aware("created_at", value)


def test_timestamps_are_read_back_in_utc(engine: Engine) -> None:
    store = SqlAuditStore(engine)
    written = datetime(2026, 4, 1, 18, 30, tzinfo=JST)
    store.open(AuditEntry(
        request_id="req-tz", user="yamada.taro", department="市民課", key_id="0123456789abcdef",
        model_requested="gpt-4o", action="allow", policy_revision="r1", created_at=written,
    ))
    record = store.get("req-tz")
    assert record is not None
    assert record.created_at == written
    assert record.created_at.utcoffset() == timedelta(0)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that completes the handshake but never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.mark.timeout(15)
def test_a_silent_postgres_server_is_given_up_after_the_connect_timeout(silent_server: int) -> None:
    engine = create_db_engine(f"postgresql://postgres@127.0.0.1:{silent_server}/none")
    with pytest.raises(AuditUnavailable), transaction(engine, "接続できません。") as conn:
        conn.execute(text("SELECT 1"))
    engine.dispose()
