"""No raw personal value reaches the audit store or an export, whatever the policy sent upstream.

Prompts full of fictitious personal data go through the real gateway (uvicorn,
the openai SDK, the recording upstream), with the policy keeping masked text
and the encrypted original; then every table and both export formats are
searched for the raw values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import openai
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from audit import SqlAuditStore
from audit.chain import verify
from audit.content import decrypt_original
from audit.export import export_records
from gateway.cli import app
from gateway.database import create_db_engine, utc_now
from tests.gateway.conftest import AUDIT_HMAC_KEY, Keys, ServerThread, settled_records
from tests.gateway.values import BAR_PROMPT, BAR_VALUES, PERSON

ADDRESS = "東京都千代田区霞が関1-2-3 みなとハイツ101号室"
BIRTH = "昭和45年3月12日"
CASE_NOTE = (f"相談者{PERSON}（{BIRTH}生、住所{ADDRESS}）は生活保護を受給中で、"
             "精神障害者保健福祉手帳を所持しています。支援方針を整理してください。")
RAW_VALUES = (*BAR_VALUES, PERSON, ADDRESS, "霞が関1-2-3", BIRTH)


def test_no_raw_value_in_any_table_or_export(
    caio_key: rsa.RSAPrivateKey,
    make_server: Callable[..., ServerThread],
    keys: Keys,
    database_url: str,
    tmp_path: Path,
) -> None:
    server = make_server()
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key=keys.staff, max_retries=0, timeout=30)
    messages = [{"role": "user", "content": BAR_PROMPT}]
    client.chat.completions.create(model="upstream", messages=messages)
    "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
        model="upstream", messages=[{"role": "user", "content": CASE_NOTE}], stream=True) if c.choices)
    # The on-premises model may receive raw values, and the echo upstream sends them back.
    answer = client.chat.completions.create(model="upstream-onprem", messages=messages)
    assert BAR_VALUES[0] in (answer.choices[0].message.content or "")
    # 市民課 has no on-premises model, so a 3A document is blocked (and recorded).
    shimin = openai.OpenAI(base_url=f"{server.url}/v1", api_key=keys.shimin, max_retries=0, timeout=30)
    with pytest.raises(openai.PermissionDeniedError):
        shimin.chat.completions.create(model="upstream", messages=[{"role": "user", "content": "【秘】" + CASE_NOTE}])
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=f"{server.url}/v1", api_key="gw-wrong", max_retries=0).chat.completions.create(
            model="upstream", messages=messages)

    engine = create_db_engine(database_url)
    records = settled_records(SqlAuditStore(engine))
    assert len(records) == 5
    kept = [r for r in records if r.kept_request]
    assert len(kept) >= 3 and all("<" in r.kept_request for r in kept)  # type: ignore[operator]
    assert any(r.kept_original for r in records)
    # The answers are kept as the output check stored them, the echoed raw values masked.
    answers = [r.kept_answer for r in records if r.model_used == "upstream-onprem"]
    assert answers and all(a and "<" in a for a in answers)

    with engine.connect() as conn:
        dump = "\n".join(repr(conn.execute(text(f'SELECT * FROM "{table}"')).all())
                         for table in inspect(engine).get_table_names())
    now = utc_now()
    exports = {fmt: b"".join(export_records(engine, now - timedelta(days=1), now + timedelta(days=1), fmt)).decode("utf-8-sig")
               for fmt in ("jsonl", "csv")}
    cli = CliRunner().invoke(app, ["audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "csv",
                                   "--output", str(tmp_path / "export.csv"), "--database-url", database_url])
    assert cli.exit_code == 0, cli.output
    written = (tmp_path / "export.csv").read_bytes()
    assert written.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8 Japanese
    exports["cli"] = written.decode("utf-8-sig")
    assert exports["jsonl"].count("\n") == 5 and exports["cli"].count("\r\n") == 6
    for value in RAW_VALUES:
        assert value not in dump, value
        for name, exported in exports.items():
            assert value not in exported, (name, value)

    # The chain, written with the HMAC key, verifies; and the CAIO can still read an original.
    assert verify(engine, AUDIT_HMAC_KEY.encode()).ok
    original = next(r.kept_original for r in records if r.kept_original)
    assert any(value in decrypt_original(original, caio_key).decode() for value in RAW_VALUES)
    engine.dispose()
