"""Alembic environment: always run with a connection handed in by ``audit.migrations``."""

from __future__ import annotations

from alembic import context

from audit.migrations import import_models

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through gateway.database.init_schema or `gateway audit migrate`")

context.configure(connection=connection, target_metadata=import_models(), render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
