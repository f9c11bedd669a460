"""One audit record per request, with counts and reasons but never a raw value."""

from __future__ import annotations

import logging

import openai
import pytest
from sqlalchemy import text

from audit import SqlAuditStore
from gateway.database import create_db_engine
from tests.gateway.conftest import Keys, settled_records
from tests.gateway.values import BAR_PROMPT, BAR_VALUES
from tests.support.upstream import RecordingUpstream


def test_completed_request_record_holds_who_what_level_counts_tokens_and_no_values(
    client: openai.OpenAI, upstream: RecordingUpstream, audit_store: SqlAuditStore, database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": BAR_PROMPT}])
    (record,) = settled_records(audit_store)
    assert (record.user, record.department, record.status, record.http_status) == ("suzuki.hanako", "soumu", "completed", 200)
    assert (record.model_requested, record.model_used, record.level, record.action) == ("upstream", "upstream", "3B", "mask")
    assert record.entity_counts["JP_MY_NUMBER"] == 1 and record.entity_counts["EMAIL_ADDRESS"] == 2
    assert record.total_tokens and record.total_tokens > 0 and record.latency_ms and record.latency_ms > 0
    assert record.policy_revision.startswith("2026-")
    assert record.client.startswith("OpenAI/Python")
    with create_db_engine(database_url).connect() as connection:
        dump = repr([tuple(row) for table in ("audit_records", "api_keys")
                     for row in connection.execute(text(f"SELECT * FROM {table}"))])
    for value in BAR_VALUES:
        assert value not in dump
        assert value not in caplog.text


@pytest.mark.postgres
def test_the_request_path_records_on_postgresql(make_server, keys: Keys, upstream: RecordingUpstream, postgres_url: str) -> None:
    from gateway.database import init_schema
    from gateway.keys import SqlKeyStore

    engine = create_db_engine(postgres_url)
    init_schema(engine)
    key_store = SqlKeyStore(engine)
    _, token = key_store.create("kato.yui", "soumu", ["staff"])
    server = make_server(audit=SqlAuditStore(engine), keys=key_store)
    answer = openai.OpenAI(base_url=f"{server.url}/v1", api_key=token, max_retries=0).chat.completions.create(
        model="upstream", messages=[{"role": "user", "content": BAR_PROMPT}], stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in answer if c.choices) == BAR_PROMPT
    (record,) = settled_records(SqlAuditStore(engine), user="kato.yui")
    assert (record.status, record.stream, record.action) == ("completed", True, "mask")
