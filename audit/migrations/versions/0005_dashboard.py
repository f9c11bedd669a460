"""The dashboard: stored policy revisions and the daily rollups of the audit record.

``policy_revisions`` keeps the text and SHA-256 of every policy a gateway
loaded, so the dashboard can show the diff from the previous revision. The
``rollup_*`` tables hold per-day GROUP BY results (``audit.figures.rollups``), filled
on first use. No column of ``audit_records`` changes, so the hash chain is
untouched.

Revision ID: 0005_dashboard
Revises: 0004_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_dashboard"
down_revision = "0004_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A reviewer's pages filter by department and period (audit.figures.tables.DEPARTMENT_PERIOD).
    op.create_index("ix_audit_records_department_created_at", "audit_records", ["department", "created_at"])
    op.create_table(
        "policy_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.String(length=200), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_sha256"),
    )
    op.create_index("ix_policy_revisions_loaded_at", "policy_revisions", ["loaded_at"])
    op.create_table(
        "rollup_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rolled_through", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    _rollup("rollup_usage", [
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("masked", sa.Boolean(), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
        sa.Column("prompt_tokens", sa.BigInteger(), nullable=False),
        sa.Column("completion_tokens", sa.BigInteger(), nullable=False),
        sa.Column("total_tokens", sa.BigInteger(), nullable=False),
    ])
    _rollup("rollup_users", [
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
    ])
    _rollup("rollup_use_cases", [
        sa.Column("use_case", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
    ])
    _rollup("rollup_entities", [
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("findings", sa.BigInteger(), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
    ])
    _rollup("rollup_reasons", [
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
    ])


def _rollup(name: str, columns: list[sa.Column]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(f"ix_{name}_day", name, ["day"])


def downgrade() -> None:
    for name in ("rollup_reasons", "rollup_entities", "rollup_use_cases", "rollup_users", "rollup_usage", "rollup_state"):
        op.drop_table(name)
    op.drop_table("policy_revisions")
    op.drop_index("ix_audit_records_department_created_at", table_name="audit_records")
