"""Alembic migrations: upgrading the first released schema keeps every record and chains it; head equals the models."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from audit.chain import verify
from audit.migrations import alembic_config, current_revision, import_models
from gateway.database import create_db_engine, init_schema

KEY = b"audit-hmac-key-for-tests-0123456789abcdef"
CLOSED, OPEN = 25, 2

_INSERT = text(
    "INSERT INTO audit_records (request_id, created_at, finished_at, user_name, department, key_id, client, "
    "model_requested, model_used, level, action, mask_applied, entity_counts, reasons, use_case, review_required, "
    "policy_revision, stream, prompt_tokens, completion_tokens, total_tokens, latency_ms, status, http_status, "
    "error_code) VALUES (:request_id, :created_at, :finished_at, 'staff-0001', 'fukushi', '0123456789abcdef', "
    "'OpenAI/Python', 'preview', :model_used, '3C', 'mask', :mask_applied, :entity_counts, :reasons, 'general', "
    ":review, 'r1', :stream, :tokens, 10, :total, :latency, :status, :http_status, NULL)"
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def blank_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database on each backend."""
    url = f"sqlite:///{tmp_path / 'old.db'}" if request.param == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


def _first_release_with_records(engine: Engine) -> None:
    """The database as the first release left it: schema 0001, closed and open records."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001_initial")
        start = datetime(2026, 4, 1, 9, tzinfo=UTC)
        for n in range(CLOSED + OPEN):
            closed = n < CLOSED
            conn.execute(_INSERT, {
                "request_id": f"old-{n}", "created_at": start + timedelta(minutes=n, microseconds=n),
                "finished_at": start + timedelta(minutes=n, seconds=2) if closed else None,
                "model_used": "preview" if closed else None, "mask_applied": n % 2 == 0,
                "entity_counts": '{"PERSON": 2, "JP_ADDRESS": 1}', "reasons": '["PERSON×2 → 3C", "住所 → 3C"]',
                "review": n % 3 == 0, "stream": n % 2 == 1, "tokens": 100 + n if closed else None,
                "total": 110 + n if closed else None, "latency": 812.5 + n / 7 if closed else None,
                "status": "completed" if closed else "forwarding", "http_status": 200 if closed else None,
            })
        conn.execute(text("INSERT INTO api_keys VALUES ('0123456789abcdef', :h, 'staff-0001', 'fukushi', 'staff', "
                          ":at, NULL)"), {"h": "0" * 64, "at": start})


@pytest.mark.parametrize("key", [None, KEY], ids=["sha256", "hmac"])
def test_upgrading_the_first_release_keeps_every_record_and_chains_the_closed_ones(
    blank_engine: Engine, key: bytes | None
) -> None:
    _first_release_with_records(blank_engine)
    with blank_engine.connect() as conn:
        before = conn.execute(text("SELECT request_id, status, total_tokens FROM audit_records ORDER BY id")).all()
    init_schema(blank_engine, key)
    with blank_engine.connect() as conn:
        after = conn.execute(text("SELECT request_id, status, total_tokens FROM audit_records ORDER BY id")).all()
        chained = conn.execute(text("SELECT count(*) FROM audit_records WHERE chain_seq IS NOT NULL")).scalar()
        assert conn.execute(text("SELECT count(*) FROM api_keys")).scalar() == 1
        assert current_revision(conn) == _head()
    assert after == before and len(after) == CLOSED + OPEN
    assert chained == CLOSED
    result = verify(blank_engine, key)
    assert (result.ok, result.records_checked, result.open_records) == (True, CLOSED, OPEN)


def test_a_database_made_before_alembic_is_adopted_and_upgraded(blank_engine: Engine) -> None:
    _first_release_with_records(blank_engine)
    with blank_engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # create_all left no version table
    init_schema(blank_engine)
    assert verify(blank_engine).records_checked == CLOSED


def test_the_head_schema_equals_the_models(blank_engine: Engine) -> None:
    # Fails when anyone adds a table or column without its migration.
    init_schema(blank_engine)
    with blank_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), import_models())
    assert diff == []


def test_init_schema_twice_is_a_no_op(blank_engine: Engine) -> None:
    init_schema(blank_engine)
    init_schema(blank_engine)
    assert {"alembic_version", "audit_chain_head", "audit_checkpoints"} <= set(inspect(blank_engine).get_table_names())


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def test_every_module_that_declares_a_table_is_loaded_for_the_comparison() -> None:
    import_models()
    root = Path(__file__).resolve().parents[2]
    for path in [*root.glob("audit/**/*.py"), *root.glob("gateway/**/*.py")]:
        if "migrations" not in path.parts and "table=True" in path.read_text(encoding="utf-8"):
            assert ".".join(path.relative_to(root).with_suffix("").parts) in sys.modules, path
