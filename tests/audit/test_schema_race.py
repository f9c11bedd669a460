"""Several gateway workers starting at once on a fresh database all come up."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import inspect

from gateway.database import create_db_engine, init_schema


def _init(url: str) -> None:
    init_schema(create_db_engine(url))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_workers_creating_the_schema_together_all_succeed(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}" if backend == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_init, args=(url,)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * 6
    engine = create_db_engine(url)
    try:
        assert {"api_keys", "audit_records"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
