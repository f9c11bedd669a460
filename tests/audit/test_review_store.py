"""Review items in the database (SQLite and PostgreSQL): who sees them, who may decide, in which order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from audit.review import ReviewConflict, SqlReviewStore
from gateway.errors import BadRequest, PermissionDenied
from gateway.keys import Principal
from tests.audit.reviewing import AUDITOR, CAIO, KACHO, KAKARICHO, OTHER, REQUESTER, START, draft, open_record
from tests.support.clock import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(engine: Engine, clock: Clock) -> SqlReviewStore:
    return SqlReviewStore(engine, clock=clock)


def test_item_is_stored_linked_and_read_back(engine: Engine, store: SqlReviewStore) -> None:
    open_record(engine, "req-1")
    store.create(draft("req-1"))
    item = store.get("rv-req-1")
    assert item is not None and item.request_id == "req-1" and item.status == "pending"
    assert item.created_at == START and item.deadline_at == START + timedelta(hours=72)
    assert item.steps == ["係長", "課長"] and item.next_step == "係長"
    assert item.masked_request == [{"role": "user", "content": "<PERSON_1>さん"}]


def test_an_item_needs_its_audit_record(store: SqlReviewStore) -> None:
    with pytest.raises(Exception, match="保存できません"):
        store.create(draft("req-missing"))


def test_who_sees_which_items(engine: Engine, store: SqlReviewStore) -> None:
    open_record(engine, "req-1")
    store.create(draft("req-1"))
    other_requester = Principal("9" * 16, "sato.jiro", "fukushi", frozenset({"staff"}))
    open_record(engine, "req-2", other_requester)
    store.create(draft("req-2", requester=other_requester))

    def ids(who: Principal) -> list[str]:
        return [item.id for item in store.listing(who)]

    assert ids(REQUESTER) == ["rv-req-1"]
    assert ids(KAKARICHO) == ["rv-req-1"]
    assert ids(OTHER) == ["rv-req-2"]
    assert sorted(ids(CAIO)) == sorted(ids(AUDITOR)) == ["rv-req-1", "rv-req-2"]
    with pytest.raises(LookupError):
        store.decide("rv-req-1", OTHER, "approve", "")
    with pytest.raises(PermissionDenied, match="権限がありません"):
        store.decide("rv-req-1", AUDITOR, "approve", "")


def test_two_steps_by_two_people_then_approved(engine: Engine, store: SqlReviewStore, clock: Clock) -> None:
    open_record(engine, "req-1")
    store.create(draft("req-1"))
    with pytest.raises(PermissionDenied, match="自分の依頼"):
        store.decide("rv-req-1", REQUESTER, "approve", "")
    same_key = Principal(REQUESTER.key_id, "someone.else", "soumu", frozenset({"reviewer"}))
    with pytest.raises(PermissionDenied, match="自分の依頼"):
        store.decide("rv-req-1", same_key, "approve", "")
    clock.now = START + timedelta(hours=1)
    assert store.decide("rv-req-1", KAKARICHO, "approve", "").next_step == "課長"
    with pytest.raises(PermissionDenied, match="前の段階"):
        store.decide("rv-req-1", KAKARICHO, "approve", "")
    clock.now = START + timedelta(hours=3)
    item = store.decide("rv-req-1", KACHO, "approve", "OK")
    assert item.status == "approved" and item.decided_at == clock.now and item.review_seconds == 3 * 3600
    stored = store.get("rv-req-1")
    assert stored is not None and stored.status == "approved" and len(stored.history) == 3
    with pytest.raises(ReviewConflict):
        store.decide("rv-req-1", CAIO, "return", "やり直し")


def test_return_needs_a_comment_and_ends_the_review(engine: Engine, store: SqlReviewStore) -> None:
    open_record(engine, "req-1")
    store.create(draft("req-1"))
    with pytest.raises(BadRequest):
        store.decide("rv-req-1", KAKARICHO, "return", " ")
    assert store.decide("rv-req-1", KAKARICHO, "return", "出典を追記してください").status == "returned"


def test_a_concurrent_decision_on_the_same_step_is_refused(
    engine: Engine, store: SqlReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_record(engine, "req-1")
    store.create(draft("req-1"))
    stale = store.get("rv-req-1")
    store.decide("rv-req-1", KAKARICHO, "approve", "")
    # The second reviewer read the item before the first one's decision was written.
    monkeypatch.setattr(store, "get", lambda item_id: stale)
    with pytest.raises(ReviewConflict, match="先に処理"):
        store.decide("rv-req-1", KACHO, "approve", "")


def test_overdue_follows_the_clock(engine: Engine, store: SqlReviewStore, clock: Clock) -> None:
    open_record(engine, "req-1")
    store.create(draft("req-1", hours=24))
    clock.now = START + timedelta(hours=24)
    assert store.listing(CAIO, "overdue") == []
    clock.now = START + timedelta(hours=24, seconds=1)
    (item,) = store.listing(CAIO, "overdue")
    assert item.overdue(clock.now)
