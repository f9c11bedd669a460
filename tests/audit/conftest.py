"""Database fixtures: every store test runs on SQLite and on PostgreSQL.

The PostgreSQL run uses a database created for this test session and dropped
at its end. If the server is unreachable those tests fail; they never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from gateway.database import create_db_engine, init_schema

# Nothing listens on port 1, so connecting is refused at once.
UNREACHABLE_URL = "postgresql://postgres@127.0.0.1:1/none"


@pytest.fixture(params=[pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine with the schema in place, on each supported backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'gateway.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = create_db_engine(url)
    init_schema(engine)
    yield engine
    drop_schema(engine)
    engine.dispose()


def drop_schema(engine: Engine) -> None:
    """Drop every table, Alembic's version table included, so the next init_schema starts from nothing."""
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def unreachable_engine() -> Iterator[Engine]:
    """An engine whose server refuses every connection."""
    engine = create_db_engine(UNREACHABLE_URL)
    yield engine
    engine.dispose()
