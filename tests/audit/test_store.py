"""audit.store: one record per request, opened before forwarding and closed at the end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text

from audit.chain import verify
from audit.store import AuditEntry, AuditOutcome, SqlAuditStore
from gateway.errors import AuditUnavailable

# A fictitious name that must never be echoed by a validation error.
FAKE_NAME = "山田太郎"


def entry(**changes: Any) -> AuditEntry:
    fields: dict[str, Any] = {
        "request_id": "req-0001",
        "user": "yamada.taro",
        "department": "市民課",
        "key_id": "0123456789abcdef",
        "model_requested": "gpt-4o",
        "action": "mask",
        "policy_revision": "r12",
        "level": "3C",
        "mask_applied": True,
        "entity_counts": {"JP_PERSON": 2},
        "reasons": ("JP_PERSON×2 → 3C",),
        "use_case": "文書要約",
        "review_required": True,
        "stream": True,
        "client": "OpenAI/Python 1.0",
    }
    fields.update(changes)
    return AuditEntry(**fields)


@pytest.fixture
def store(engine: Engine) -> SqlAuditStore:
    return SqlAuditStore(engine)


def test_open_then_close_round_trips_every_field(store: SqlAuditStore) -> None:
    opened = entry()
    store.open(opened)
    outcome = AuditOutcome(
        status="completed", http_status=200, model_used="gpt-4o-2024-08-06",
        prompt_tokens=120, completion_tokens=80, total_tokens=200, latency_ms=812.5,
    )
    store.close("req-0001", outcome)
    record = store.get("req-0001")
    assert record is not None
    linked = {"chain_seq", "prev_hash", "record_hash"}
    later = {"kept_request", "kept_answer", "kept_original", "output_entity_counts", "output_action",
             "output_foreign_placeholders"}
    assert (record.chain_seq, record.prev_hash, len(record.record_hash or "")) == (1, "0" * 64, 64)
    assert record.model_dump(include=later) == dict.fromkeys(later)
    assert record.model_dump(exclude={"id", "reasons", "entity_counts"} | linked | later) == {
        "request_id": "req-0001", "user": "yamada.taro", "department": "市民課",
        "key_id": "0123456789abcdef", "client": "OpenAI/Python 1.0", "model_requested": "gpt-4o",
        "model_used": "gpt-4o-2024-08-06", "level": "3C", "action": "mask", "mask_applied": True,
        "use_case": "文書要約", "review_required": True, "policy_revision": "r12", "stream": True,
        "prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200, "latency_ms": 812.5,
        "status": "completed", "http_status": 200, "error_code": None,
        "created_at": opened.created_at, "finished_at": outcome.finished_at,
    }
    assert record.reasons == ["JP_PERSON×2 → 3C"]


def test_an_open_record_is_forwarding_until_closed(store: SqlAuditStore) -> None:
    store.open(entry())
    record = store.get("req-0001")
    assert record is not None
    assert (record.status, record.finished_at, record.http_status) == ("forwarding", None, None)


@pytest.mark.parametrize(
    "counts",
    [{}, {"JP_PERSON": 2}, {"JP_MY_NUMBER": 1, "JP_ADDRESS": 3, "EMAIL_ADDRESS": 0}],
)
def test_entity_counts_round_trip_as_a_json_object(store: SqlAuditStore, counts: dict[str, int]) -> None:
    store.open(entry(entity_counts=counts))
    record = store.get("req-0001")
    assert record is not None and record.entity_counts == counts


def test_a_request_blocked_by_policy_is_closed_as_blocked(store: SqlAuditStore) -> None:
    store.open(entry(action="block", level="3B", entity_counts={"JP_MY_NUMBER": 1}))
    store.close("req-0001", AuditOutcome(status="blocked", http_status=403, error_code="policy_blocked"))
    record = store.get("req-0001")
    assert record is not None
    assert (record.status, record.http_status, record.error_code, record.model_used) == (
        "blocked", 403, "policy_blocked", None,
    )


def test_a_request_that_failed_before_classification_has_no_level(store: SqlAuditStore) -> None:
    store.open(entry(action="none", level=None, mask_applied=False, entity_counts={}, reasons=()))
    store.close("req-0001", AuditOutcome(status="failed", http_status=503, error_code="detector_unavailable"))
    record = store.get("req-0001")
    assert record is not None and (record.level, record.status) == (None, "failed")


def test_a_duplicate_request_id_is_refused_and_the_first_record_kept(store: SqlAuditStore) -> None:
    store.open(entry(user="yamada.taro"))
    with pytest.raises(AuditUnavailable):
        store.open(entry(user="sato.hanako"))
    records = store.recent()
    assert [r.user for r in records] == ["yamada.taro"]


@pytest.mark.parametrize("request_id", ["req-unknown", "req-0001"], ids=["never-opened", "already-closed"])
def test_closing_a_record_that_is_not_open_is_refused(store: SqlAuditStore, request_id: str) -> None:
    store.open(entry())
    store.close("req-0001", AuditOutcome(status="completed", http_status=200))
    with pytest.raises(AuditUnavailable):
        store.close(request_id, AuditOutcome(status="failed", http_status=500))
    record = store.get("req-0001")
    assert record is not None and record.status == "completed"


def test_a_long_user_agent_is_truncated_to_200_characters(store: SqlAuditStore) -> None:
    store.open(entry(client="x" * 500))
    record = store.get("req-0001")
    assert record is not None and record.client == "x" * 200


def test_recent_lists_the_newest_first_up_to_the_limit(store: SqlAuditStore) -> None:
    for number in range(5):
        store.open(entry(request_id=f"req-{number}"))
    assert [r.request_id for r in store.recent(limit=3)] == ["req-4", "req-3", "req-2"]


def test_get_of_an_unknown_request_is_none(store: SqlAuditStore) -> None:
    assert store.get("req-unknown") is None


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda store: store.open(entry()), id="open"),
        pytest.param(lambda store: store.close("req-0001", AuditOutcome(status="completed", http_status=200)), id="close"),
        pytest.param(lambda store: store.get("req-0001"), id="get"),
        pytest.param(lambda store: store.recent(), id="recent"),
    ],
)
def test_an_unreachable_database_raises_audit_unavailable(unreachable_engine: Engine, call) -> None:
    with pytest.raises(AuditUnavailable) as raised:
        call(SqlAuditStore(unreachable_engine))
    assert raised.value.status == 503


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"request_id": ""}, id="empty-request-id"),
        pytest.param({"request_id": "r" * 65}, id="long-request-id"),
        pytest.param({"action": "deny"}, id="unknown-action"),
        pytest.param({"created_at": datetime(2026, 4, 1, 9, 0)}, id="naive-created-at"),
        pytest.param({"entity_counts": {FAKE_NAME: 1}}, id="value-as-entity-type"),
        pytest.param({"entity_counts": {"jp_person": 1}}, id="lower-case-entity-type"),
        pytest.param({"entity_counts": {"JP_PERSON": -1}}, id="negative-count"),
        pytest.param({"entity_counts": {"JP_PERSON": True}}, id="boolean-count"),
        pytest.param({"entity_counts": {"JP_PERSON": 1.5}}, id="fractional-count"),
        pytest.param({"reasons": (FAKE_NAME, 3)}, id="non-string-reason"),
    ],
)
def test_invalid_entries_are_refused_without_echoing_values(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as raised:
        entry(**changes)
    assert FAKE_NAME not in str(raised.value)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"status": "forwarding", "http_status": 200}, id="forwarding-is-not-an-end"),
        pytest.param({"status": "done", "http_status": 200}, id="unknown-status"),
        pytest.param({"status": "completed", "http_status": 99}, id="status-code-too-low"),
        pytest.param({"status": "completed", "http_status": 600}, id="status-code-too-high"),
        pytest.param({"status": "completed", "http_status": 200, "total_tokens": -1}, id="negative-tokens"),
        pytest.param(
            {"status": "completed", "http_status": 200, "finished_at": datetime(2026, 4, 1, 9, 0)},
            id="naive-finished-at",
        ),
        pytest.param({"status": "completed", "http_status": 200, "output_entity_counts": {FAKE_NAME: 1}},
                     id="value-as-output-entity-type"),
        pytest.param({"status": "completed", "http_status": 200, "output_action": "ignored"}, id="unknown-output-action"),
    ],
)
def test_invalid_outcomes_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        AuditOutcome(**fields)


def test_the_output_check_is_written_by_close_and_covered_by_the_chain(engine: Engine, store: SqlAuditStore) -> None:
    store.open(entry(request_id="req-1"))
    store.close("req-1", AuditOutcome(status="completed", http_status=200, output_entity_counts={"JP_PHONE_NUMBER": 1},
                                      output_action="masked", output_foreign_placeholders=0))
    with pytest.raises(AuditUnavailable):  # closed and chained: nothing changes
        store.close("req-1", AuditOutcome(status="completed", http_status=200, output_entity_counts={"JP_MY_NUMBER": 9},
                                          output_action="flagged", output_foreign_placeholders=3))
    record = store.get("req-1")
    assert record is not None
    assert (record.output_entity_counts, record.output_action, record.output_foreign_placeholders) == (
        {"JP_PHONE_NUMBER": 1}, "masked", 0)
    # The output check is covered by the record's hash: the chain verifies, and an edit of it is caught.
    assert verify(engine).ok
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET output_action = 'clean' WHERE request_id = 'req-1'"))
    assert not verify(engine).ok
