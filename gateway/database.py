"""The database engine shared by the key store and the audit store.

Two backends are supported: SQLite, the embedded default for a single gateway
host, and PostgreSQL through psycopg 3 for larger municipalities. Both are
tuned here so that the callers never think about connection settings.

Example:
    >>> engine = create_db_engine("sqlite:///./var/gateway.db")
    >>> init_schema(engine)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, DateTime, Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from gateway.errors import AuditUnavailable

__all__ = [
    "SqliteCheckpointer",
    "UtcDateTime",
    "create_db_engine",
    "init_schema",
    "is_embedded",
    "require_aware",
    "transaction",
    "utc_now",
]

logger = logging.getLogger(__name__)

# How often a starting worker retries creating tables another one is creating.
_SCHEMA_ATTEMPTS = 10
# pg_advisory_xact_lock key held while migrating ("gw-migr" in ASCII).
_MIGRATION_LOCK = 0x67772D6D696772

_SQLITE_DRIVERS = frozenset({"sqlite", "sqlite+pysqlite"})
_POSTGRES_DRIVERS = frozenset({"postgres", "postgresql", "postgresql+psycopg"})
# WAL lets the dashboard read while the gateway writes; with WAL, NORMAL
# never corrupts the file on power loss and saves an fsync per request.
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA foreign_keys=ON",
    # Checkpoints (which fsync the database file) run in a background thread,
    # see SqliteCheckpointer, never inside a request's commit.
    "PRAGMA wal_autocheckpoint=0",
)


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC.

    Example:
        >>> utc_now().tzinfo
        datetime.timezone.utc
    """
    return datetime.now(UTC)


def require_aware(name: str, value: datetime) -> datetime:
    """``value`` itself, or ValueError if it has no time zone (its zone would be a guess).

    Example:
        >>> require_aware("created_at", utc_now()).tzinfo is not None
        True
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return value


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is stored in UTC and always read back timezone-aware.

    SQLite has no time zones and drops the offset, so values are converted to
    UTC before they are written and marked as UTC when they are read. A naive
    datetime is refused.

    Example:
        >>> created_at: datetime = Field(sa_type=UtcDateTime, index=True)
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return require_aware("timestamp", value).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def create_db_engine(url: str) -> Engine:
    """Build an engine for a SQLite file or a PostgreSQL server.

    ``postgresql://`` and ``postgres://`` are rewritten to the psycopg driver.
    Any other scheme, and in-memory SQLite (which would lose the audit trail at
    restart), raise ``ValueError``.

    Example:
        >>> create_db_engine("postgres://postgres@127.0.0.1:5432/test").url.drivername
        'postgresql+psycopg'
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        # The message must not echo the URL: it may hold a password.
        raise ValueError("database URL could not be parsed; expected sqlite:///path or postgresql://...") from None
    if parsed.drivername in _SQLITE_DRIVERS:
        engine = _sqlite_engine(parsed)
    elif parsed.drivername in _POSTGRES_DRIVERS:
        engine = _postgres_engine(parsed.set(drivername="postgresql+psycopg"))
    else:
        raise ValueError(
            f"unsupported database scheme {parsed.drivername!r}; use sqlite:///path/to/file.db or postgresql://user@host/db"
        )
    logger.info("database engine for %s", engine.url.render_as_string(hide_password=True))
    return engine


def is_embedded(engine: Engine) -> bool:
    """True for SQLite: a write is a local file append of a fraction of a millisecond.

    The gateway runs such writes on its event loop instead of handing them to a
    thread, which costs more than the write; a network database gets a thread.
    """
    return engine.dialect.name == "sqlite"


class SqliteCheckpointer:
    """Copies the SQLite write-ahead log into the database file every few seconds, off the request path.

    With automatic checkpoints off, no request ever waits for the fsync a
    checkpoint needs. PASSIVE never blocks writers or readers; SQLite also
    checkpoints when the last connection closes.

    Example:
        >>> checkpointer = SqliteCheckpointer(engine, every_seconds=5.0).start()
        >>> checkpointer.stop()
    """

    def __init__(self, engine: Engine, every_seconds: float = 5.0) -> None:
        self._engine = engine
        self._every = every_seconds
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> SqliteCheckpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)
        self.checkpoint()

    def checkpoint(self) -> None:
        try:
            with self._engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except SQLAlchemyError as exc:
            # A missed checkpoint only lets the log grow; the next one catches up.
            logger.warning("sqlite checkpoint failed: %s", type(exc).__name__)

    def _run(self) -> None:
        while not self._stopped.wait(self._every):
            self.checkpoint()


def init_schema(engine: Engine, chain_key: bytes | None = None) -> None:
    """Bring the schema to the newest Alembic revision (idempotent); see ``audit.migrations``.

    ``chain_key`` is the audit HMAC key: the migration that introduces the hash
    chain links the records already stored with it.

    Example:
        >>> init_schema(create_db_engine("sqlite:///./var/gateway.db"))
    """
    # Imported here: audit.migrations imports the table modules, which import this one.
    from audit.migrations import upgrade_connection

    # Several workers or replicas start together. On PostgreSQL an advisory
    # lock held for the migration's transaction makes the others wait, then
    # find the schema at head; SQLite's BEGIN IMMEDIATE does the same with its
    # write lock. A loser that still trips (busy timeout) waits and tries again.
    for attempt in range(_SCHEMA_ATTEMPTS):
        try:
            with engine.connect() as conn:
                if is_embedded(engine):
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                upgrade_connection(conn, chain_key)
                conn.commit()
            return
        except (OperationalError, ProgrammingError, IntegrityError):
            if attempt == _SCHEMA_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


@contextmanager
def transaction(engine: Engine, unavailable: str) -> Iterator[Connection]:
    """One short transaction; any database failure becomes ``AuditUnavailable(unavailable)``.

    The stores refuse the request (503) rather than carry on without a
    record or a key check: the gateway fails closed.

    Example:
        >>> with transaction(engine, "監査記録を保存できません。") as conn:
        ...     conn.execute(statement, row)
    """
    try:
        with _writer_lock(engine), engine.begin() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise AuditUnavailable(unavailable) from exc


_NO_LOCK = nullcontext()
_SQLITE_LOCKS: dict[str, threading.Lock] = {}


def _writer_lock(engine: Engine) -> AbstractContextManager[Any]:
    # SQLite has one writer at a time. Threads of one process that race for it
    # fall into SQLite's busy handler, which sleeps 1, 2, 5, 10... ms: queueing
    # them on a lock instead keeps the tail latency at the length of a write.
    # One lock per file, shared by every engine of this process on that file.
    if not is_embedded(engine):
        return _NO_LOCK
    return _SQLITE_LOCKS.setdefault(engine.url.database or "", threading.Lock())


def _sqlite_engine(url: URL) -> Engine:
    if url.database in (None, "", ":memory:") or url.query.get("mode") == "memory":
        raise ValueError("in-memory SQLite would lose the audit trail; give a file path, e.g. sqlite:///./gateway.db")
    path = Path(url.database).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    # An absolute path, so that every engine on one file shares one writer lock.
    url = url.set(database=str(path))
    engine = sa_create_engine(
        url,
        connect_args={"check_same_thread": False},
        hide_parameters=True,
    )
    event.listen(engine, "connect", _apply_sqlite_pragmas)
    return engine


def _apply_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _postgres_engine(url: URL) -> Engine:
    return sa_create_engine(
        url,
        # Fail fast when the server is unreachable: the request is refused
        # with 503 instead of hanging a worker thread.
        connect_args={"connect_timeout": 3},
        pool_pre_ping=True,
        # Sized for a 2-core host: statements are short, so few connections
        # serve many requests; pool_timeout bounds the wait when all are busy.
        pool_size=5,
        max_overflow=5,
        pool_timeout=5,
        # Parameters hold user names and key ids; keep them out of error text.
        hide_parameters=True,
        # JSONB columns decode several times faster than with the stdlib (audit verify reads millions).
        json_deserializer=orjson.loads,
    )
