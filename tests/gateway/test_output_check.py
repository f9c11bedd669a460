"""The output check: personal values the answer adds are masked or flagged and recorded as counts only;
placeholders the gateway never issued get nothing restored."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import openai
import pytest
import yaml
from sqlalchemy import text

from audit import SqlAuditStore
from gateway.database import create_db_engine
from tests.gateway.conftest import Keys, ServerThread, settled_records
from tests.gateway.values import MY_NUMBER, PERSON, PHONE_MOBILE
from tests.support.upstream import RecordingUpstream

LEAKY = f"担当者の携帯は{PHONE_MOBILE}、マイナンバーは{MY_NUMBER}です。ご確認ください。"


def _ask(client: openai.OpenAI, content: str, *, stream: bool, model: str = "upstream") -> str:
    messages = [{"role": "user", "content": content}]
    if not stream:
        return client.chat.completions.create(model=model, messages=messages).choices[0].message.content or ""
    chunks = client.chat.completions.create(model=model, messages=messages, stream=True)
    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)


def _database_dump(database_url: str) -> str:
    with create_db_engine(database_url).connect() as connection:
        tables = [row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))]
        return repr([tuple(row) for table in tables for row in connection.execute(text(f'SELECT * FROM "{table}"'))])


@pytest.mark.parametrize("chunk_chars", [None, 1, 3], ids=["whole", "stream-1", "stream-3"])
def test_invented_phone_and_my_number_are_masked_and_counted_only(
    client: openai.OpenAI, upstream: RecordingUpstream, audit_store: SqlAuditStore, database_url: str,
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str], chunk_chars: int | None,
) -> None:
    caplog.set_level(logging.DEBUG)
    upstream.reply_with(text=LEAKY, stream_chunk_chars=chunk_chars or 3)
    answer = _ask(client, "窓口の担当者への連絡方法を教えてください。", stream=chunk_chars is not None)
    assert answer == "担当者の携帯は［電話番号］、マイナンバーは［マイナンバー］です。ご確認ください。"
    (record,) = settled_records(audit_store)
    assert record.output_action == "masked"
    assert record.output_entity_counts == {"JP_PHONE_NUMBER": 1, "JP_MY_NUMBER": 1}
    assert record.output_foreign_placeholders == 0
    leaks = _database_dump(database_url) + caplog.text + "".join(capsys.readouterr())
    assert PHONE_MOBILE not in leaks and MY_NUMBER not in leaks


def test_flag_policy_passes_the_value_on_and_records_it(
    make_server: Callable[..., ServerThread], policy_file: Path, keys: Keys, upstream: RecordingUpstream,
    audit_store: SqlAuditStore, database_url: str,
) -> None:
    document = yaml.safe_load(policy_file.read_text(encoding="utf-8"))
    document["output_check"] = {"action": "flag"}
    policy_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    client = openai.OpenAI(base_url=f"{make_server().url}/v1", api_key=keys.staff, max_retries=0)
    upstream.reply_with(text=LEAKY)
    assert _ask(client, "連絡先を教えてください。", stream=False) == LEAKY
    (record,) = settled_records(audit_store)
    assert record.output_action == "flagged" and record.output_entity_counts == {"JP_PHONE_NUMBER": 1, "JP_MY_NUMBER": 1}
    assert PHONE_MOBILE not in _database_dump(database_url)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_values_from_the_request_are_not_flagged(
    client: openai.OpenAI, upstream: RecordingUpstream, audit_store: SqlAuditStore, stream: bool
) -> None:
    # upstream-onprem receives the prompt unmasked and echoes it.
    prompt = f"{PERSON}さんの携帯 {PHONE_MOBILE} に折り返す文面を作ってください。"
    assert _ask(client, prompt, stream=stream, model="upstream-onprem") == prompt
    (record,) = settled_records(audit_store)
    assert record.output_action == "clean" and record.output_entity_counts == {}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_answer_with_a_placeholder_never_issued_gets_nothing_restored(
    client: openai.OpenAI, upstream: RecordingUpstream, audit_store: SqlAuditStore, stream: bool
) -> None:
    upstream.reply_with(text="<PERSON_1>様と<PERSON_2>様へ。", stream_chunk_chars=2)
    answer = _ask(client, f"{PERSON}さんへのお礼状を作ってください。", stream=stream)
    assert PERSON not in answer
    assert answer == "<PERSON_1>様と<PERSON_2>様へ。"
    (record,) = settled_records(audit_store)
    assert record.output_foreign_placeholders == 1 and record.output_action == "clean"


def test_issued_placeholders_are_still_restored_across_chunks(
    client: openai.OpenAI, upstream: RecordingUpstream, audit_store: SqlAuditStore
) -> None:
    upstream.reply_with(text="＜PERSON_1＞様、お問い合わせありがとうございます", stream_chunk_chars=1)
    assert _ask(client, f"{PERSON}さんへの返信", stream=True) == f"{PERSON}様、お問い合わせありがとうございます"
    (record,) = settled_records(audit_store)
    assert record.output_foreign_placeholders == 0


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_tool_call_arguments_are_checked_and_stay_valid_json(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream, audit_store: SqlAuditStore, stream: bool
) -> None:
    upstream.reply_with(tool_calls=[{"name": "notify", "arguments": {"to": "<PERSON_1>", "tel": PHONE_MOBILE}}],
                        stream_chunk_chars=4)
    body = {"model": "upstream", "stream": stream, "messages": [{"role": "user", "content": f"{PERSON}さんに連絡"}],
            "tools": [{"type": "function", "function": {"name": "notify", "parameters": {"type": "object"}}}]}
    client = openai.OpenAI(base_url=f"{gateway_url}/v1", api_key=keys.staff, max_retries=0)
    if stream:
        arguments = "".join(
            call.function.arguments or ""
            for chunk in client.chat.completions.create(**body) for choice in chunk.choices
            for call in choice.delta.tool_calls or []
        )
    else:
        arguments = client.chat.completions.create(**body).choices[0].message.tool_calls[0].function.arguments
    assert json.loads(arguments) == {"to": PERSON, "tel": "［電話番号］"}
    (record,) = settled_records(audit_store)
    assert record.output_entity_counts == {"JP_PHONE_NUMBER": 1}


def test_long_answer_without_sentence_ends_is_checked_in_pieces(
    gateway_url: str, keys: Keys, upstream: RecordingUpstream
) -> None:
    # No sentence end for 3,000 characters (varied: litellm stops a stream that repeats one chunk).
    filler = "あいうえおかきくけこ" * 150
    upstream.reply_with(text=filler + f" TEL {PHONE_MOBILE} " + filler, stream_chunk_chars=7)
    body = {"model": "upstream", "stream": True, "messages": [{"role": "user", "content": "長文"}]}
    seen = ""
    with httpx.stream("POST", f"{gateway_url}/v1/chat/completions", json=body, timeout=30,
                      headers={"authorization": f"Bearer {keys.staff}"}) as response:
        for line in response.iter_lines():
            if line.startswith("data: {"):
                for choice in json.loads(line[6:]).get("choices") or []:
                    seen += choice["delta"].get("content") or ""
    assert seen == filler + " TEL ［電話番号］ " + filler
