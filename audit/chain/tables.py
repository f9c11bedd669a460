"""The two small tables beside ``audit_records`` that anchor the hash chain.

``audit_chain_head`` holds one row: the position and hash of the newest link.
Every close locks it (``SELECT ... FOR UPDATE`` on PostgreSQL, the single
writer on SQLite), so replicas append one after another to one chain, and
``verify`` notices when records at the end of the chain were deleted.

``audit_checkpoints`` gets a row each time old records are pruned: the
position and hash of the last pruned link, so that the records kept still
verify from there.

Example:
    >>> with engine.connect() as conn:
    ...     conn.execute(select(AuditChainHead.last_seq)).scalar_one()
    0
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from gateway.database import UtcDateTime

__all__ = ["GENESIS_HASH", "HEAD_ID", "AuditChainHead", "AuditCheckpoint"]

# The "previous hash" of the very first record.
GENESIS_HASH = "0" * 64
# audit_chain_head has exactly one row, with this id.
HEAD_ID = 1


class AuditChainHead(SQLModel, table=True):
    """The newest link of the chain; ``signature`` is an HMAC of it when a key is set.

    Example:
        >>> AuditChainHead(id=HEAD_ID, last_seq=0, last_hash=GENESIS_HASH).last_seq
        0
    """

    __tablename__ = "audit_chain_head"

    id: int = Field(primary_key=True)
    last_seq: int = Field(sa_type=BigInteger)
    last_hash: str = Field(max_length=64)
    signature: str | None = Field(default=None, max_length=64)


class AuditCheckpoint(SQLModel, table=True):
    """What a prune removed: up to which link, how many records, signed when a key is set.

    Example:
        >>> AuditCheckpoint(created_at=utc_now(), pruned_before=utc_now(), last_seq=120,
        ...     last_hash="ab" * 32, records_pruned=120).records_pruned
        120
    """

    __tablename__ = "audit_checkpoints"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_type=UtcDateTime)
    pruned_before: datetime = Field(sa_type=UtcDateTime)
    last_seq: int = Field(sa_type=BigInteger, unique=True, index=True)
    last_hash: str = Field(max_length=64)
    records_pruned: int = Field(sa_type=BigInteger)
    signature: str | None = Field(default=None, max_length=64)
