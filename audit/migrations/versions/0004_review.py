"""Review items and the output check on audit records.

``review_items`` holds one human review per answer that needs one, linked to
its audit record by ``request_id``. The output-check columns of
``audit_records`` are NULLable with no server default, so that the canonical
form (and hash) of every record written before them does not change.

Revision ID: 0004_review
Revises: 0002_audit_chain
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_review"
down_revision = "0002_audit_chain"
branch_labels = None
depends_on = None

_JSONB = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("audit_records", sa.Column("output_entity_counts", _JSONB, nullable=True))
    op.add_column("audit_records", sa.Column("output_action", sa.String(length=16), nullable=True))
    op.add_column("audit_records", sa.Column("output_foreign_placeholders", sa.Integer(), nullable=True))
    op.create_table(
        "review_items",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("deadline_at", _TIMESTAMP, nullable=False),
        sa.Column("decided_at", _TIMESTAMP, nullable=True),
        sa.Column("review_seconds", sa.Float(), nullable=True),
        sa.Column("requester", sa.String(length=200), nullable=False),
        sa.Column("requester_key_id", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("use_case", sa.String(length=200), nullable=False),
        sa.Column("model_used", sa.String(length=200), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("approved_steps", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("masked_request", sa.JSON(), nullable=False),
        sa.Column("masked_answer", sa.Text(), nullable=False),
        sa.Column("kept_original", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["request_id"], ["audit_records.request_id"]),
        sa.UniqueConstraint("request_id"),
    )
    for column in ("created_at", "deadline_at", "requester", "department", "status"):
        op.create_index(f"ix_review_items_{column}", "review_items", [column])


def downgrade() -> None:
    op.drop_table("review_items")
    with op.batch_alter_table("audit_records") as batch:
        for name in ("output_foreign_placeholders", "output_action", "output_entity_counts"):
            batch.drop_column(name)
