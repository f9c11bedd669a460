"""Seed realistic, fully chained audit records fast, for benchmarks and tests.

Records are spread over two years (weekdays, office hours) across the
departments, use-cases and models of a policy, with levels, actions, entity
counts, tokens and latencies drawn from fixed weights. They hold no personal
value: users are ``staff-0001``-style ids and kept content is left out.
Each record is linked into the hash chain exactly as ``SqlAuditStore.close``
would link it, so ``audit.chain.verify`` accepts the result.

PostgreSQL is filled with ``COPY`` (about 1,000,000 records in well under a
minute); SQLite with batched inserts.

Example:
    >>> engine = create_db_engine("postgresql://postgres@127.0.0.1:5432/bench")
    >>> init_schema(engine)
    >>> seed(engine, 1_000_000, key=None)
    1000000
    $ python -m bench.audit_seed --database-url postgresql://postgres@127.0.0.1:5432/bench --records 1000000
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, insert, select, update

from audit.chain.canonical import CHAINED_COLUMNS, canonical, link_hash, sign
from audit.chain.tables import HEAD_ID, AuditChainHead
from audit.records import AuditRecord
from gateway.database import create_db_engine, init_schema, is_embedded
from gateway.settings import DEFAULT_POLICY
from policies import Policy, load_policy

__all__ = ["SeedShape", "fake_records", "link_records", "seed"]

_LEVELS = (("1", 55), ("2", 20), ("3C", 18), ("3B", 5), ("3A", 2))
_ENTITIES = {
    "1": (),
    "2": (),
    "3C": ("PERSON", "JP_ADDRESS", "JP_PHONE_NUMBER", "EMAIL_ADDRESS", "JP_BIRTH_DATE"),
    "3B": ("JP_MY_NUMBER", "JP_SENSITIVE_WELFARE", "JP_SENSITIVE_HEALTH", "PERSON"),
    "3A": (),
}
_MARKERS = {"2": "庁内限り", "3A": "秘密文書"}
_STATUSES = (("completed", 96), ("failed", 2), ("rejected", 2))
_CLIENTS = ("OpenAI/Python 1.54.0", "Open WebUI", "Dify", "LibreChat", "vscode-continue")


class SeedShape:
    """Where seeded records come from: the policy's departments, use-cases and models, over ``days`` days.

    Example:
        >>> SeedShape(load_policy(DEFAULT_POLICY), end=datetime(2026, 11, 30, tzinfo=UTC)).departments[:2]
        ['soumu', 'fukushi']
    """

    def __init__(self, policy: Policy, end: datetime | None = None, days: int = 730, users_per_department: int = 40):
        self.departments = list(policy.departments)
        self.use_cases = list(policy.use_cases)
        self.models = list(policy.models)
        self.revision = policy.revision
        self.end = end or datetime.now(UTC).replace(microsecond=0)
        self.days = days
        self.users = {d: [f"staff-{i:04d}" for i in range(n * users_per_department, (n + 1) * users_per_department)]
                      for n, d in enumerate(self.departments)}


def fake_records(shape: SeedShape, count: int, first_id: int = 1, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` closed records (CHAINED_COLUMNS values, no link yet), oldest first.

    Example:
        >>> next(fake_records(shape, 1))["status"]
        'completed'
    """
    rng = random.Random(seed)
    start = shape.end - timedelta(days=shape.days)
    step = shape.days * 86_400 / max(count, 1)
    levels, level_weights = zip(*_LEVELS, strict=True)
    statuses, status_weights = zip(*_STATUSES, strict=True)
    for n in range(count):
        created = start + timedelta(seconds=n * step + rng.random() * step * 0.5, microseconds=rng.randrange(1_000_000))
        department = rng.choice(shape.departments)
        level = rng.choices(levels, level_weights)[0]
        status = rng.choices(statuses, status_weights)[0]
        entities = _ENTITIES[level]
        counts = {t: rng.randint(1, 4) for t in rng.sample(entities, k=min(len(entities), rng.randint(1, 3)))}
        action = {"1": "allow", "2": "allow", "3C": "mask", "3B": rng.choice(("mask", "block")), "3A": "block"}[level]
        if action == "block":
            status = "blocked"
        completed = status == "completed"
        prompt = rng.randint(50, 3_000) if completed else None
        answer = rng.randint(30, 1_500) if completed else None
        reasons = [f"{t}×{c} → {level}" for t, c in sorted(counts.items())]
        if level in _MARKERS:
            reasons.append(f"marker {_MARKERS[level]} → {level}")
        latency = round(rng.lognormvariate(7.2, 0.6), 3)
        yield {
            "id": first_id + n,
            "request_id": f"seed-{first_id + n:012d}",
            "created_at": created,
            "finished_at": created + timedelta(milliseconds=latency),
            "user_name": rng.choice(shape.users[department]),
            "department": department,
            "key_id": f"{rng.getrandbits(64):016x}",
            "client": rng.choice(_CLIENTS),
            "model_requested": rng.choice(shape.models),
            "model_used": rng.choice(shape.models) if action != "block" and status != "rejected" else None,
            "level": level,
            "action": action,
            "mask_applied": action == "mask",
            "entity_counts": counts,
            "reasons": reasons,
            "use_case": rng.choice(shape.use_cases),
            "review_required": rng.random() < 0.3,
            "policy_revision": shape.revision,
            "stream": rng.random() < 0.6,
            "prompt_tokens": prompt,
            "completion_tokens": answer,
            "total_tokens": prompt + answer if prompt is not None and answer is not None else None,
            "latency_ms": latency,
            "status": status,
            "http_status": {"completed": 200, "failed": 502, "rejected": 401, "blocked": 403}[status],
            "error_code": {"failed": "upstream_error", "rejected": "invalid_api_key", "blocked": "policy_blocked"}.get(status),
        }


def link_records(records: Iterator[dict[str, Any]], key: bytes | None, seq: int, prev: str) -> Iterator[dict[str, Any]]:
    """The records with ``chain_seq``, ``prev_hash`` and ``record_hash`` set, continuing after (seq, prev)."""
    for record in records:
        seq += 1
        digest = link_hash(prev, seq, canonical([record.get(name) for name in CHAINED_COLUMNS]), key)
        record.update(chain_seq=seq, prev_hash=prev, record_hash=digest)
        prev = digest
        yield record


def seed(engine: Engine, count: int, key: bytes | None = None, shape: SeedShape | None = None, seed: int = 7) -> int:
    """Append ``count`` chained records after the current chain head; returns how many were written."""
    shape = shape or SeedShape(load_policy(DEFAULT_POLICY))
    head_table, records_table = AuditChainHead.__table__, AuditRecord.__table__
    with engine.begin() as conn:
        head = conn.execute(select(head_table).where(head_table.c.id == HEAD_ID).with_for_update()).one()
        first_id = (conn.execute(select(records_table.c.id).order_by(records_table.c.id.desc()).limit(1)).scalar()
                    or 0) + 1
        rows = link_records(fake_records(shape, count, first_id, seed), key, head.last_seq, head.last_hash)
        last = _copy(conn, rows) if not is_embedded(engine) else _insert(conn, rows)
        if last is not None:
            conn.execute(update(head_table).where(head_table.c.id == HEAD_ID).values(
                last_seq=last["chain_seq"], last_hash=last["record_hash"],
                signature=sign(key, "head", last["chain_seq"], last["record_hash"])))
        if not is_embedded(engine):
            # Ids were given explicitly: move the sequence past them.
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('audit_records', 'id'), "
                                 "(SELECT max(id) FROM audit_records))")
    return count


def _insert(conn: Any, rows: Iterator[dict[str, Any]], batch: int = 5_000) -> dict[str, Any] | None:
    table, last, chunk = AuditRecord.__table__, None, []
    by_name = {column.name: column.key for column in table.columns}
    for row in rows:
        chunk.append({by_name[name]: value for name, value in row.items()})
        last = row
        if len(chunk) == batch:
            conn.execute(insert(table), chunk)
            chunk = []
    if chunk:
        conn.execute(insert(table), chunk)
    return last


def _copy(conn: Any, rows: Iterator[dict[str, Any]], batch: int = 2_000) -> dict[str, Any] | None:
    # COPY in text format, lines built here: several times faster than adapting value by value.
    first = next(rows, None)
    if first is None:
        return None
    names = list(first)
    last = first
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY audit_records ({', '.join(names)}) FROM STDIN") as copy:
        lines = []
        for row in itertools.chain((first,), rows):
            lines.append("\t".join([_copy_text(row[n]) for n in names]))
            last = row
            if len(lines) == batch:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")
    return last


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = orjson.dumps(value).decode()
    if isinstance(value, float):
        return repr(value)
    return str(value).translate(_COPY_ESCAPES)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Seed chained audit records (no personal values).")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--hmac-key-file", type=Path)
    args = parser.parse_args(argv)
    key = args.hmac_key_file.read_bytes().strip() if args.hmac_key_file else None
    engine = create_db_engine(args.database_url)
    init_schema(engine, key)
    started = time.perf_counter()
    seed(engine, args.records, key)
    print(f"seeded {args.records:,} records in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
