"""Retention: delete old audit records and leave a signed checkpoint, so the rest still verifies.

Pruning removes a *prefix* of the chain: every linked record up to the last
one before the first record created on or after ``before``. (A record that
closed late, after a newer one, waits for the next prune.) The prefix is
verified first: a prune never hides tampering. A row of ``audit_checkpoints``
then keeps the position and hash of the last pruned link, the count and the
cut-off, signed with the HMAC key when one is set; ``verify`` resumes from it.
Without a key the checkpoint is only as trustworthy as the database.

Open records (status ``forwarding``) are never pruned.

Example:
    >>> prune(engine, before=datetime(2025, 4, 1, tzinfo=JST), key=key).records_pruned
    182340
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, insert, select, update

from audit.chain.links import checkpoint_signature
from audit.chain.segments import check_segment
from audit.chain.tables import GENESIS_HASH, HEAD_ID, AuditChainHead, AuditCheckpoint
from audit.records import AuditRecord
from gateway.database import require_aware, utc_now

__all__ = ["PruneRefused", "PruneResult", "prune"]

_RECORDS = AuditRecord.__table__
_HEAD = AuditChainHead.__table__
_CHECKPOINTS = AuditCheckpoint.__table__


class PruneRefused(Exception):
    """The records to prune do not verify; nothing was deleted. The message is Japanese."""


@dataclass(frozen=True)
class PruneResult:
    """What a prune did; ``checkpoint_id`` is None when there was nothing to prune.

    Example:
        >>> PruneResult(records_pruned=0, last_seq=0, checkpoint_id=None).records_pruned
        0
    """

    records_pruned: int
    last_seq: int
    checkpoint_id: int | None


def prune(engine: Engine, before: datetime, key: bytes | None = None) -> PruneResult:
    """Delete the chain's records created before ``before`` (a prefix) and write a checkpoint; one transaction."""
    before = require_aware("before", before).astimezone(UTC)
    with engine.begin() as conn:
        # A no-op write first: it takes the head row lock (PostgreSQL) or the write lock (SQLite),
        # so no close appends while the prefix is cut.
        conn.execute(update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(last_seq=_HEAD.c.last_seq))
        head_seq = conn.execute(select(_HEAD.c.last_seq).where(_HEAD.c.id == HEAD_ID)).scalar_one()
        previous = conn.execute(
            select(_CHECKPOINTS.c.last_seq, _CHECKPOINTS.c.last_hash).order_by(_CHECKPOINTS.c.last_seq.desc()).limit(1)
        ).one_or_none()
        start_seq, start_hash = (previous.last_seq, previous.last_hash) if previous else (0, GENESIS_HASH)
        first_kept = conn.execute(
            select(func.min(_RECORDS.c.chain_seq)).where(_RECORDS.c.chain_seq.is_not(None),
                                                         _RECORDS.c.created_at >= before)
        ).scalar_one()
        last_seq = (head_seq + 1 if first_kept is None else first_kept) - 1
        if last_seq <= start_seq:
            return PruneResult(0, start_seq, None)
        segment = check_segment(conn, start_seq, last_seq, key)
        if segment.broken is not None or segment.first_prev != start_hash:
            problem = segment.broken[0] if segment.broken else "削除する最初の記録の前のハッシュが一致しません。"
            raise PruneRefused(f"削除対象の記録が検証できないため、削除しませんでした: {problem}")
        assert segment.last_hash is not None
        pruned = conn.execute(
            delete(_RECORDS).where(_RECORDS.c.chain_seq > start_seq, _RECORDS.c.chain_seq <= last_seq)
        ).rowcount
        checkpoint = {"created_at": utc_now(), "pruned_before": before, "last_seq": last_seq,
                      "last_hash": segment.last_hash, "records_pruned": pruned}
        checkpoint["signature"] = checkpoint_signature(key, **checkpoint)
        checkpoint_id = conn.execute(insert(_CHECKPOINTS).returning(_CHECKPOINTS.c.id), checkpoint).scalar_one()
    return PruneResult(pruned, last_seq, checkpoint_id)
