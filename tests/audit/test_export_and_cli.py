"""audit.export (JSONL, CSV for Excel) and the ``gateway audit verify`` command."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from audit import AuditEntry, AuditOutcome, SqlAuditStore
from audit.content import KeptContent
from audit.export import EXPORT_COLUMNS, export_records
from bench.audit_seed import SeedShape, seed
from gateway.cli import app
from gateway.settings import DEFAULT_POLICY
from policies import load_policy

KEY = "audit-hmac-key-for-tests-0123456789abcdef"
END = datetime(2026, 4, 1, tzinfo=UTC)


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    # 100 records, one every ~7.3 days over the two years before END.
    seed(engine, 100, shape=SeedShape(load_policy(DEFAULT_POLICY), end=END))
    return engine


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_jsonl_holds_the_records_of_the_period_oldest_first(seeded: Engine) -> None:
    start, end = END - timedelta(days=365), END
    lines = b"".join(export_records(seeded, start, end, "jsonl")).splitlines()
    rows = [orjson.loads(line) for line in lines]
    assert 40 <= len(rows) <= 60
    assert list(rows[0]) == list(EXPORT_COLUMNS) and "kept_original" not in rows[0]
    created = [row["created_at"] for row in rows]
    assert created == sorted(created) and start.isoformat()[:10] <= created[0][:10] and created[-1] < "2026-04-01"
    everything = b"".join(export_records(seeded, END - timedelta(days=800), END, "jsonl")).splitlines()
    assert len(everything) == 100


def test_csv_opens_in_excel_with_japanese_and_no_formula(engine: Engine) -> None:
    store = SqlAuditStore(engine)
    store.open(AuditEntry(request_id="r1", user="staff-0001", department="福祉課", key_id="0" * 16,
                          model_requested="preview", action="mask", policy_revision="r1", level="3C",
                          reasons=("PERSON×1 → 3C",), entity_counts={"PERSON": 1}))
    store.close("r1", AuditOutcome(status="completed", http_status=200),
                KeptContent(request='=HYPERLINK("http://example.invalid")', answer="<PERSON_1>様"))
    now = datetime.now(UTC)
    data = b"".join(export_records(engine, now - timedelta(hours=1), now + timedelta(hours=1), "csv"))
    assert data.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == list(EXPORT_COLUMNS)
    record = dict(zip(header, row, strict=True))
    assert (record["department"], record["reasons"]) == ("福祉課", '["PERSON×1 → 3C"]')
    assert record["kept_request"].startswith("'=")
    assert record["mask_applied"] == "false" and record["created_at"].endswith("Z")


def test_verify_command_says_up_to_which_record_it_holds(seeded: Engine) -> None:
    result = CliRunner().invoke(app, ["audit", "verify", "--database-url", _url(seeded)])
    assert result.exit_code == 0, result.output
    assert "OK: 100 件を検証しました。位置 100" in result.output


def test_verify_command_exits_non_zero_naming_the_first_bad_record(seeded: Engine) -> None:
    with seeded.begin() as conn:
        record_id = conn.execute(text("SELECT id FROM audit_records WHERE chain_seq = 37")).scalar_one()
        conn.execute(text("UPDATE audit_records SET total_tokens = 1 WHERE chain_seq = 37"))
    result = CliRunner().invoke(app, ["audit", "verify", "--database-url", _url(seeded)])
    assert result.exit_code == 1
    assert f"最初の不正な記録: #{record_id}（位置 37）" in result.output and "位置 36 までは正常" in result.output


def test_verify_command_reads_the_key_from_a_file(engine: Engine, tmp_path: Path) -> None:
    seed(engine, 20, KEY.encode())
    key_file = tmp_path / "audit-hmac.key"
    key_file.write_text(KEY + "\n")
    url = _url(engine)
    keyed = CliRunner().invoke(app, ["audit", "verify", "--database-url", url, "--hmac-key-file", str(key_file)])
    assert keyed.exit_code == 0 and "HMAC-SHA256" in keyed.output
    plain = CliRunner().invoke(app, ["audit", "verify", "--database-url", url])
    assert plain.exit_code == 1


def test_export_command_refuses_an_unknown_format(engine: Engine) -> None:
    result = CliRunner().invoke(app, ["audit", "export", "--from", "2026-01-01", "--to", "2026-01-31",
                                      "--format", "xml", "--database-url", _url(engine)])
    assert result.exit_code == 2 and "jsonl または csv" in result.output
