"""Benchmark: seed 1,000,000 chained audit records in PostgreSQL, then verify the whole chain.

Prints the seeding time and the verification rate (bar: ≥ 50,000 records/s),
with one process and with the default (one worker per core). Seeding is
skipped when the database already holds the records (``--reuse``), so the
dashboard benchmark can share the same data.

    $ python -m bench.audit_bench --database-url postgresql://postgres@127.0.0.1:5432/audit_bench
    seeded 1,000,000 records in 114.5 s (8,732 records/s, COPY)
    verify, 1 process: 1,000,000 records in 20.5 s = 48,899 records/s  ok
    verify, 2 processes: 1,000,000 records in 11.9 s = 84,101 records/s  ok

(2-core development machine, 2026-11-30; see docs/benchmark.md.)
"""

from __future__ import annotations

import argparse
import os
import time

from sqlalchemy import create_engine, text

from audit.chain import verify
from bench.audit_seed import seed
from gateway.database import create_db_engine, init_schema

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/audit_bench"


def _ensure_database(url: str) -> None:
    # Create the benchmark database on the server if it is missing.
    server, _, name = url.rpartition("/")
    admin = create_engine(server.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="Do not seed when the database already holds records.")
    args = parser.parse_args()
    _ensure_database(args.database_url)
    engine = create_db_engine(args.database_url)
    init_schema(engine)
    with engine.connect() as conn:
        existing = conn.execute(text("SELECT count(*) FROM audit_records")).scalar_one()
    if not (args.reuse and existing >= args.records):
        started = time.perf_counter()
        seed(engine, args.records)
        elapsed = time.perf_counter() - started
        print(f"seeded {args.records:,} records in {elapsed:.1f} s ({args.records / elapsed:,.0f} records/s, COPY)")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE audit_records"))
    for workers in (1, os.cpu_count() or 1):
        started = time.perf_counter()
        result = verify(engine, workers=workers)
        elapsed = time.perf_counter() - started
        state = "ok" if result.ok else f"BROKEN: {result.problem}"
        print(f"verify, {workers} process{'es' if workers > 1 else ''}: {result.records_checked:,} records in "
              f"{elapsed:.1f} s = {result.records_checked / elapsed:,.0f} records/s  {state}")
    engine.dispose()


if __name__ == "__main__":
    main()
