"""``gateway audit``: verify, prune, export, decrypt and migrate the audit log.

Every command takes ``--database-url`` (``GATEWAY_DATABASE_URL``); the HMAC
key comes from ``GATEWAY_AUDIT_HMAC_KEY`` or ``--hmac-key-file``
(``GATEWAY_AUDIT_HMAC_KEY_FILE``). Dates are calendar days in Japan time
(JST), as a municipal user reads them.

Example:
    gateway audit verify
    gateway audit prune --before 2024-04-01
    gateway audit export --from 2025-04-01 --to 2026-03-31 --format csv --output 2025年度.csv
    gateway audit decrypt --private-key caio_private.pem --request-id 3f2a...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

__all__ = ["audit_app"]

JST = timezone(timedelta(hours=9), "JST")

audit_app = typer.Typer(no_args_is_help=True, help="Audit log: verify, prune, export, decrypt, migrate.")

DatabaseOption = Annotated[
    str, typer.Option("--database-url", envvar="GATEWAY_DATABASE_URL", help="sqlite:///path.db or postgresql://...")
]
KeyFileOption = Annotated[
    Path | None,
    typer.Option("--hmac-key-file", envvar="GATEWAY_AUDIT_HMAC_KEY_FILE", help="File holding the audit HMAC key."),
]
Day = Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD (JST)")]


@contextmanager
def _engine(database_url: str, key: bytes | None) -> Iterator[Any]:  # Engine
    from gateway.database import create_db_engine, init_schema

    engine = create_db_engine(database_url)
    try:
        init_schema(engine, key)
        yield engine
    finally:
        engine.dispose()


def _key(key_file: Path | None) -> bytes | None:
    from audit.chain.keys import chain_key_from_env

    try:
        return chain_key_from_env(key_file)
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), JST)


@audit_app.command("verify")
def verify_command(database_url: DatabaseOption = "sqlite:///./gateway.db", hmac_key_file: KeyFileOption = None) -> None:
    """Check the hash chain; exit 1 and name the first bad record if it is broken."""
    from audit.chain import verify

    key = _key(hmac_key_file)
    with _engine(database_url, key) as engine:
        result = verify(engine, key)
    mode = "HMAC-SHA256" if result.keyed else "SHA-256（HMAC 鍵なし）"
    if result.open_records:
        typer.echo(f"未完了の記録（チェーン未登録）: {result.open_records} 件", err=True)
    if not result.ok:
        typer.echo(f"NG: {result.problem}", err=True)
        typer.echo(f"最初の不正な記録: #{result.first_bad_id or '-'}（位置 {result.first_bad_seq or '-'}）; "
                   f"位置 {result.last_good_seq} までは正常（{result.records_checked:,} 件を検証、{mode}）", err=True)
        raise typer.Exit(1)
    typer.echo(f"OK: {result.records_checked:,} 件を検証しました。位置 {result.last_good_seq}"
               f"（記録 #{result.last_good_id or '-'}）まで改ざんはありません（{mode}、"
               f"チェックポイント {result.checkpoints} 件）。")


@audit_app.command("prune")
def prune_command(
    before: Day,
    database_url: DatabaseOption = "sqlite:///./gateway.db",
    hmac_key_file: KeyFileOption = None,
) -> None:
    """Delete records created before BEFORE (JST) and leave a signed checkpoint."""
    from audit.chain.prune import PruneRefused, prune

    key = _key(hmac_key_file)
    try:
        with _engine(database_url, key) as engine:
            result = prune(engine, _start_of(before.date()), key)
    except PruneRefused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(1) from None
    if result.checkpoint_id is None:
        typer.echo("削除する記録はありません。")
        return
    signed = "署名あり" if key is not None else "署名なし（HMAC 鍵が未設定）"
    typer.echo(f"{result.records_pruned:,} 件を削除しました（位置 {result.last_seq} まで）。"
               f"チェックポイント #{result.checkpoint_id}（{signed}）。")


@audit_app.command("export")
def export_command(
    from_: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD (JST).")],
    to: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, included (JST).")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv (UTF-8 with BOM, for Excel).")] = "jsonl",
    output: Annotated[Path | None, typer.Option(help="File to write (default: standard output).")] = None,
    database_url: DatabaseOption = "sqlite:///./gateway.db",
) -> None:
    """Export the records created from FROM to TO (both days included)."""
    from audit.export import export_records

    if fmt not in ("jsonl", "csv"):
        typer.echo("--format は jsonl または csv を指定してください", err=True)
        raise typer.Exit(2)
    chosen: Literal["jsonl", "csv"] = "csv" if fmt == "csv" else "jsonl"
    with _engine(database_url, None) as engine:
        chunks = export_records(engine, _start_of(from_.date()), _start_of(to.date() + timedelta(days=1)), chosen)
        if output is None:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return
        with output.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
    typer.echo(f"書き出しました: {output}", err=True)


@audit_app.command("decrypt")
def decrypt_command(
    request_id: Annotated[str, typer.Option(help="The request id (x-gateway-request-id).")],
    private_key: Annotated[Path, typer.Option(help="The CAIO's RSA private key (PEM). Use offline.")],
    password_file: Annotated[Path | None, typer.Option(help="File holding the private key's passphrase.")] = None,
    database_url: DatabaseOption = "sqlite:///./gateway.db",
) -> None:
    """Print the original request of one record (policy audit.content: masked_encrypted)."""
    from audit.content import decrypt_original, load_private_key
    from audit.store import SqlAuditStore

    with _engine(database_url, None) as engine:
        record = SqlAuditStore(engine).get(request_id)
    if record is None or record.kept_original is None:
        typer.echo("この記録には暗号化された原文がありません。", err=True)
        raise typer.Exit(1)
    password = password_file.read_bytes().strip() if password_file else None
    try:
        plaintext = decrypt_original(record.kept_original, load_private_key(private_key, password))
    except (TypeError, ValueError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    sys.stdout.buffer.write(plaintext + b"\n")
    sys.stdout.buffer.flush()


@audit_app.command("migrate")
def migrate_command(database_url: DatabaseOption = "sqlite:///./gateway.db", hmac_key_file: KeyFileOption = None) -> None:
    """Bring the database schema to the newest revision (the gateway also does this at start-up)."""
    from audit.migrations import current_revision

    with _engine(database_url, _key(hmac_key_file)) as engine, engine.connect() as conn:
        typer.echo(f"schema revision: {current_revision(conn)}")
