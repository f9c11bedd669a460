"""Hash chain, kept content and prune checkpoints; links every closed record already stored.

New columns are NULLable with no server default, so that the canonical form
of a record written before them (NULLs are left out) does not change.

Revision ID: 0002_audit_chain
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

from audit.chain.canonical import canonical, link_hash, sign
from gateway.database import UtcDateTime

revision = "0002_audit_chain"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

_GENESIS = "0" * 64
_PAGE = 2_000
# The chained columns as they are at this revision (audit.chain.canonical.CHAINED_COLUMNS then).
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_COLUMNS = (
    ("id", sa.Integer()), ("request_id", sa.String()), ("created_at", UtcDateTime()),
    ("finished_at", UtcDateTime()), ("user_name", sa.String()), ("department", sa.String()),
    ("key_id", sa.String()), ("client", sa.String()), ("model_requested", sa.String()),
    ("model_used", sa.String()), ("level", sa.String()), ("action", sa.String()),
    ("mask_applied", sa.Boolean()), ("entity_counts", _JSON), ("reasons", _JSON), ("use_case", sa.String()),
    ("review_required", sa.Boolean()), ("policy_revision", sa.String()), ("stream", sa.Boolean()),
    ("prompt_tokens", sa.Integer()), ("completion_tokens", sa.Integer()), ("total_tokens", sa.Integer()),
    ("latency_ms", sa.Float()), ("status", sa.String()), ("http_status", sa.Integer()),
    ("error_code", sa.String()), ("kept_request", sa.Text()), ("kept_answer", sa.Text()),
    ("kept_original", sa.Text()),
)


def upgrade() -> None:
    for name in ("kept_request", "kept_answer", "kept_original"):
        op.add_column("audit_records", sa.Column(name, sa.Text(), nullable=True))
    op.add_column("audit_records", sa.Column("chain_seq", sa.BigInteger(), nullable=True))
    op.add_column("audit_records", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_records", sa.Column("record_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_audit_records_chain_seq", "audit_records", ["chain_seq"], unique=True)
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pruned_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("records_pruned", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_checkpoints_last_seq", "audit_checkpoints", ["last_seq"], unique=True)
    key = context.config.attributes.get("chain_key")
    seq, last_hash = _link_existing(op.get_bind(), key)
    op.bulk_insert(head, [{"id": 1, "last_seq": seq, "last_hash": last_hash,
                           "signature": sign(key, "head", seq, last_hash)}])


def _link_existing(conn: sa.Connection, key: bytes | None) -> tuple[int, str]:
    # Closed records, oldest first, page by page; open ones are linked when they close.
    records = sa.table("audit_records", *(sa.column(name, type_) for name, type_ in _COLUMNS),
                       sa.column("chain_seq", sa.BigInteger()), sa.column("prev_hash"), sa.column("record_hash"))
    names = [name for name, _ in _COLUMNS]
    link = (sa.update(records).where(records.c.id == sa.bindparam("b_id"))
            .values(chain_seq=sa.bindparam("b_seq"), prev_hash=sa.bindparam("b_prev"),
                    record_hash=sa.bindparam("b_hash")))
    seq, last_hash, after = 0, _GENESIS, -1
    while True:
        rows = conn.execute(
            sa.select(*(records.c[name] for name in names))
            .where(records.c.id > after, records.c.status != "forwarding").order_by(records.c.id).limit(_PAGE)
        ).all()
        if not rows:
            return seq, last_hash
        links = []
        for row in rows:
            seq += 1
            digest = link_hash(last_hash, seq, canonical(row), key)
            links.append({"b_id": row[0], "b_seq": seq, "b_prev": last_hash, "b_hash": digest})
            last_hash = digest
        conn.execute(link, links)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_table("audit_checkpoints")
    op.drop_table("audit_chain_head")
    op.drop_index("ix_audit_records_chain_seq", table_name="audit_records")
    with op.batch_alter_table("audit_records") as batch:
        for name in ("record_hash", "prev_hash", "chain_seq", "kept_original", "kept_answer", "kept_request"):
            batch.drop_column(name)
