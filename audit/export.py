"""Exports of the audit records of a period, as JSON Lines or CSV, streamed in constant memory.

Both formats carry the same columns: every chained column but the encrypted
original (it is for the CAIO's private key, not for a spreadsheet), plus the
chain position and hash so that an exported row can be matched with a later
``verify``. Timestamps are ISO 8601 in UTC. The CSV starts with a UTF-8 BOM
so that Excel opens Japanese text correctly, and a cell that would start a
formula (``= + - @``) is prefixed with ``'`` (CSV injection).

The records hold no raw personal value, and neither does an export.

Example:
    >>> for chunk in export_records(engine, JST_2025_04_01, JST_2026_04_01, "csv"):
    ...     out.write(chunk)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Literal

import orjson
from sqlalchemy import Engine, select

from audit.chain.canonical import CHAINED_COLUMNS
from audit.records import AuditRecord
from gateway.database import require_aware

__all__ = ["EXPORT_COLUMNS", "ExportFormat", "export_records"]

ExportFormat = Literal["jsonl", "csv"]

EXPORT_COLUMNS: tuple[str, ...] = (
    *(name for name in CHAINED_COLUMNS if name != "kept_original"), "chain_seq", "record_hash",
)

_BOM = "\ufeff".encode()
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TABLE = AuditRecord.__table__
_BY_NAME = {column.name: column for column in _TABLE.columns}


def export_records(engine: Engine, start: datetime, end: datetime, fmt: ExportFormat,
                   batch: int = 5_000) -> Iterator[bytes]:
    """UTF-8 chunks of the records created in ``[start, end)``, oldest first.

    Example:
        >>> b"".join(export_records(engine, start, end, "jsonl")).count(b"\\n")
        1200
    """
    if fmt not in ("jsonl", "csv"):
        raise ValueError("format must be jsonl or csv")
    start, end = require_aware("start", start), require_aware("end", end)
    query = (
        select(*(_BY_NAME[name] for name in EXPORT_COLUMNS))
        .where(_TABLE.c.created_at >= start, _TABLE.c.created_at < end)
        .order_by(_TABLE.c.created_at, _TABLE.c.id)
    )
    if fmt == "csv":
        yield _BOM + _csv_line(EXPORT_COLUMNS)
    with engine.connect() as conn, conn.execute(query.execution_options(yield_per=batch)) as result:
        for rows in result.partitions():
            yield _chunk(rows, fmt)


def _chunk(rows: Sequence[Sequence[object]], fmt: ExportFormat) -> bytes:
    if fmt == "jsonl":
        return b"".join(
            orjson.dumps(dict(zip(EXPORT_COLUMNS, row, strict=True)), default=_default,
                         option=orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE)
            for row in rows
        )
    return b"".join(_csv_line([_cell(value) for value in row]) for row in rows)


def _csv_line(values: object) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)  # type: ignore[arg-type]
    return buffer.getvalue().encode()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dict | list):
        value = orjson.dumps(value).decode()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _default(value: object) -> object:
    raise TypeError(f"cannot export {type(value).__name__}")
