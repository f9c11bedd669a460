"""audit.chain.verify over 10,000 chained records: every single-record tampering is found, where it is.

The chain is built once per key with bulk inserts (bench.audit_seed), then
copied for each case; each case tampers with the raw rows as someone holding
only the database could, and checks the first bad position verify reports.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, insert, select, text

from audit.chain import verify
from audit.chain.canonical import CHAINED_COLUMNS, canonical, link_hash
from audit.chain.segments import chained_columns
from audit.records import AuditRecord
from bench.audit_seed import seed
from gateway.database import create_db_engine, init_schema
from tests.conftest import POSTGRES_SERVER

RECORDS = 10_000
MIDDLE = 5_000
KEY = b"audit-hmac-key-for-tests-0123456789abcdef"

Tamper = Callable[[Connection], None]


def _edit(column: str, value: object, seq: int = MIDDLE) -> Tamper:
    def tamper(conn: Connection) -> None:
        conn.execute(text(f"UPDATE audit_records SET {column} = :value WHERE chain_seq = :seq"),
                     {"value": value, "seq": seq})
    return tamper


def _delete(seq: int) -> Tamper:
    def tamper(conn: Connection) -> None:
        conn.execute(text("DELETE FROM audit_records WHERE chain_seq = :seq"), {"seq": seq})
    return tamper


def _delete_and_close_the_gap(conn: Connection) -> None:
    conn.execute(text("DELETE FROM audit_records WHERE chain_seq = :seq"), {"seq": MIDDLE})
    conn.execute(text("UPDATE audit_records SET chain_seq = -(chain_seq - 1) WHERE chain_seq > :seq"), {"seq": MIDDLE})
    conn.execute(text("UPDATE audit_records SET chain_seq = -chain_seq WHERE chain_seq < 0"))


def _swap_positions(conn: Connection) -> None:
    conn.execute(text("UPDATE audit_records SET chain_seq = -1 WHERE chain_seq = :seq"), {"seq": MIDDLE})
    conn.execute(text("UPDATE audit_records SET chain_seq = :seq WHERE chain_seq = :next"),
                 {"seq": MIDDLE, "next": MIDDLE + 1})
    conn.execute(text("UPDATE audit_records SET chain_seq = :next WHERE chain_seq = -1"), {"next": MIDDLE + 1})


def _swap_links(conn: Connection) -> None:
    # Give two records each other's position and link columns: each link looks intact, the content is not.
    links = conn.execute(text("SELECT id, chain_seq, prev_hash, record_hash FROM audit_records "
                              "WHERE chain_seq IN (:a, :b) ORDER BY chain_seq"), {"a": MIDDLE, "b": MIDDLE + 1}).all()
    conn.execute(text("UPDATE audit_records SET chain_seq = NULL WHERE id IN (:a, :b)"),
                 {"a": links[0].id, "b": links[1].id})
    for record, link in ((links[0], links[1]), (links[1], links[0])):
        conn.execute(text("UPDATE audit_records SET chain_seq = :seq, prev_hash = :prev, record_hash = :hash "
                          "WHERE id = :id"),
                     {"seq": link.chain_seq, "prev": link.prev_hash, "hash": link.record_hash, "id": record.id})


def _forge_insert(conn: Connection, seq: int, shift: bool) -> None:
    # The strongest forger without the key: a record copied from its neighbour, hashed with plain SHA-256.
    prev = conn.execute(text("SELECT record_hash FROM audit_records WHERE chain_seq = :s"), {"s": seq - 1}).scalar()
    if shift:
        conn.execute(text("UPDATE audit_records SET chain_seq = -(chain_seq + 1) WHERE chain_seq >= :seq"),
                     {"seq": seq})
        conn.execute(text("UPDATE audit_records SET chain_seq = -chain_seq WHERE chain_seq < 0"))
    values = _typed_row(conn, seq - 1)
    new_id = conn.execute(text("SELECT max(id) + 1 FROM audit_records")).scalar()
    values.update(id=new_id, request_id=f"forged-{new_id}")
    digest = link_hash(prev, seq, canonical(list(values.values())), None)
    by_name = {column.name: column.key for column in AuditRecord.__table__.columns}
    row = {by_name[name]: value for name, value in values.items()}
    conn.execute(insert(AuditRecord.__table__), {**row, "chain_seq": seq, "prev_hash": prev, "record_hash": digest})


def _typed_row(conn: Connection, seq: int) -> dict[str, object]:
    # Read as the gateway reads (typed columns), so a forged hash is computed exactly as verify computes it.
    row = conn.execute(select(*chained_columns()).where(AuditRecord.__table__.c.chain_seq == seq)).one()
    return dict(zip(CHAINED_COLUMNS, row, strict=True))


def _insert_middle(conn: Connection) -> None:
    _forge_insert(conn, MIDDLE, shift=True)


def _insert_after_head(conn: Connection) -> None:
    _forge_insert(conn, RECORDS + 1, shift=False)


def _unchain(conn: Connection) -> None:
    conn.execute(text("UPDATE audit_records SET chain_seq = NULL, prev_hash = NULL, record_hash = NULL "
                      "WHERE chain_seq = :seq"), {"seq": MIDDLE})


# name -> (tampering, (first bad position, last good position) without the key, the same with the key).
# A first bad position of None: the break is only visible at the chain's end (head or beyond).
M, N = MIDDLE, RECORDS
CASES: dict[str, tuple[Tamper, tuple[int | None, int], tuple[int | None, int]]] = {
    "edit a department": (_edit("department", "forged"), (M, M - 1), (M, M - 1)),
    "edit a level": (_edit("level", "0"), (M, M - 1), (M, M - 1)),
    "edit entity counts": (_edit("entity_counts", '{"PERSON": 1}'), (M, M - 1), (M, M - 1)),
    "edit tokens": (_edit("total_tokens", 1), (M, M - 1), (M, M - 1)),
    "blank a nullable column": (_edit("http_status", None), (M, M - 1), (M, M - 1)),
    "edit the first record": (_edit("user_name", "staff-9999", seq=1), (1, 0), (1, 0)),
    "edit the last record": (_edit("action", "forged", seq=N), (N, N - 1), (N, N - 1)),
    "edit a stored hash": (_edit("record_hash", "f" * 64), (M, M - 1), (M, M - 1)),
    "delete a record": (_delete(M), (M + 1, M - 1), (M + 1, M - 1)),
    "delete the first record": (_delete(1), (2, 0), (2, 0)),
    "delete the last record": (_delete(N), (N, N - 1), (N, N - 1)),
    "delete and renumber": (_delete_and_close_the_gap, (M, M - 1), (M, M - 1)),
    "take a record out of the chain": (_unchain, (M + 1, M - 1), (M + 1, M - 1)),
    "insert a forged record": (_insert_middle, (M + 1, M), (M, M - 1)),
    "insert a record after the head": (_insert_after_head, (None, N), (None, N)),
    "swap two positions": (_swap_positions, (M, M - 1), (M, M - 1)),
    "swap two whole links": (_swap_links, (M, M - 1), (M, M - 1)),
}


class Chains:
    """Valid chains of RECORDS records, one per key, built once; ``copy`` hands out a fresh copy.

    SQLite copies the file; PostgreSQL creates a database from a template.
    """

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend, self.folder, self.made = backend, folder, []
        self.templates = {key: self._build(key, f"chain_{secrets.token_hex(4)}") for key in (None, KEY)}

    def _url(self, name: str) -> str:
        return f"sqlite:///{self.folder / name}.db" if self.backend == "sqlite" else f"{POSTGRES_SERVER}/{name}"

    def _build(self, key: bytes | None, name: str) -> str:
        if self.backend == "postgres":
            self._admin(f'CREATE DATABASE "{name}"')
        engine = create_db_engine(self._url(name))
        init_schema(engine, key)
        seed(engine, RECORDS, key)
        if self.backend == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        self.made.append(name)
        return name

    def copy(self, key: bytes | None) -> Engine:
        name, template = f"copy_{secrets.token_hex(4)}", self.templates[key]
        if self.backend == "sqlite":
            shutil.copyfile(self.folder / f"{template}.db", self.folder / f"{name}.db")
        else:
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.made.append(name)
        return create_db_engine(self._url(name))

    def drop(self, names: list[str]) -> None:
        if self.backend == "postgres":
            for name in names:
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @staticmethod
    def _admin(statement: str) -> None:
        admin = create_engine(f"{POSTGRES_SERVER}/test", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(statement))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def chains(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chains]:
    made = Chains(request.param, tmp_path_factory.mktemp("chain"))
    yield made
    made.drop(made.made)


@pytest.fixture
def copy_of(chains: Chains) -> Iterator[Callable[[bytes | None], Engine]]:
    engines: list[Engine] = []

    def copy(key: bytes | None) -> Engine:
        engines.append(chains.copy(key))
        return engines[-1]

    yield copy
    for engine in engines:
        engine.dispose()
    chains.drop([engine.url.database or "" for engine in engines])


@pytest.mark.parametrize("key", [None, KEY], ids=["sha256", "hmac"])
def test_an_untouched_chain_of_10000_records_verifies(copy_of: Callable[[bytes | None], Engine], key: bytes | None) -> None:
    result = verify(copy_of(key), key)
    assert (result.ok, result.records_checked, result.last_good_seq, result.problem) == (True, RECORDS, RECORDS, None)
    assert result.keyed is (key is not None)


@pytest.mark.parametrize("key", [None, KEY], ids=["sha256", "hmac"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_single_record_tampering_is_found_at_its_position(
    copy_of: Callable[[bytes | None], Engine], key: bytes | None, case: str
) -> None:
    tamper, bad_without_key, bad_with_key = CASES[case]
    engine = copy_of(key)
    with engine.begin() as conn:
        tamper(conn)
    result = verify(engine, key)
    first_bad, last_good = bad_with_key if key is not None else bad_without_key
    assert (result.ok, result.first_bad_seq, result.last_good_seq) == (False, first_bad, last_good)
    assert result.records_checked == last_good
    assert result.problem


def test_a_chain_written_with_a_key_does_not_verify_without_it(copy_of: Callable[[bytes | None], Engine]) -> None:
    result = verify(copy_of(KEY), None)
    assert (result.ok, result.first_bad_seq) == (False, 1)


def test_a_chain_rewritten_without_the_key_is_caught_with_it(copy_of: Callable[[bytes | None], Engine]) -> None:
    # A forger who edits the last record and rewrites its hash and the head fools a plain
    # SHA-256 chain; the HMAC key, kept outside the database, is what makes the chain unforgeable.
    engine = copy_of(KEY)
    with engine.begin() as conn:
        _edit("department", "forged", seq=RECORDS)(conn)
        prev = conn.execute(text("SELECT prev_hash FROM audit_records WHERE chain_seq = :s"), {"s": RECORDS}).scalar()
        digest = link_hash(prev, RECORDS, canonical(list(_typed_row(conn, RECORDS).values())), None)
        conn.execute(text("UPDATE audit_records SET record_hash = :h WHERE chain_seq = :s"), {"h": digest, "s": RECORDS})
        conn.execute(text("UPDATE audit_chain_head SET last_hash = :h"), {"h": digest})
    keyed = verify(engine, KEY)
    assert (keyed.ok, keyed.first_bad_seq) == (False, RECORDS)
