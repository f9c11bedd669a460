"""Alembic migrations of the gateway's database, on SQLite and PostgreSQL.

Revisions (fixed ids, one chain): ``0001_initial`` (the first released schema)
→ ``0002_audit_chain`` (hash chain, kept content, checkpoints) → ``0004_review``
→ ``0005_dashboard``. ``gateway.database.init_schema`` runs ``upgrade`` at
start-up; a database made by the first release without Alembic is stamped
``0001_initial`` first. A new table or column needs a revision here: the test
``tests/audit/test_migrations.py`` compares the head schema with the models.

Example:
    >>> with engine.connect() as conn:
    ...     upgrade_connection(conn, chain_key=None)
    ...     conn.commit()
    ...     current_revision(conn)
    '0005_dashboard'
"""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData, inspect

__all__ = ["MODEL_MODULES", "alembic_config", "current_revision", "import_models", "upgrade_connection"]

_HERE = Path(__file__).resolve().parent

# Modules that declare tables (SQLModel, table=True); a test checks that none is missing.
MODEL_MODULES = ("gateway.keys", "audit.records", "audit.chain.tables", "audit.review", "audit.figures.tables")


def import_models() -> MetaData:
    """Import every module that declares a table and return the metadata they fill."""
    from sqlmodel import SQLModel

    for name in MODEL_MODULES:
        importlib.import_module(name)
    return SQLModel.metadata


def alembic_config(connection: Connection | None = None, chain_key: bytes | None = None) -> Config:
    """An Alembic config for this package's scripts; ``connection`` and ``chain_key`` go to env.py."""
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.attributes["connection"] = connection
    config.attributes["chain_key"] = chain_key
    return config


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: not under Alembic)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_connection(connection: Connection, chain_key: bytes | None = None) -> None:
    """Upgrade to head on ``connection``, inside its transaction (the caller holds the lock and commits).

    A database made by the first release (tables, no ``alembic_version``) is stamped ``0001_initial`` first.
    """
    config = alembic_config(connection, chain_key)
    if current_revision(connection) is None and inspect(connection).has_table("audit_records"):
        command.stamp(config, "0001_initial")
    command.upgrade(config, "head")
