"""The review workflow over the API: items, four eyes, departments, two steps, deadlines, metrics."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from audit import SqlAuditStore
from audit.content import decrypt_original
from audit.review import SqlReviewStore
from gateway.database import create_db_engine
from tests.gateway.conftest import Keys, ServerThread, settled_records
from tests.gateway.reviewing import Clock, ReviewKeys, ask, reviews_api
from tests.gateway.values import PERSON, PHONE_MOBILE
from tests.support.upstream import RecordingUpstream

NOTICE_TEXT = "市民まつりの開催案内を住民向けのお知らせにしてください。"


def _review_id(server: ServerThread, key: str, text: str = NOTICE_TEXT, use_case: str = "resident_document") -> str:
    response = ask(server.url, key, text, use_case=use_case)
    assert response.status_code == 200, response.text
    assert response.headers["x-gateway-review-required"] == "true"
    return response.headers["x-gateway-review-id"]


def test_review_required_answer_names_its_item_linked_to_the_audit_record(
    review_server: ServerThread, review_keys: ReviewKeys, audit_store: SqlAuditStore
) -> None:
    response = ask(review_server.url, review_keys.requester, NOTICE_TEXT, use_case="resident_document")
    assert response.status_code == 200
    assert response.headers["x-gateway-ai-generated"] == "true"
    review_id = response.headers["x-gateway-review-id"]
    assert review_id.startswith("rv-")

    item = reviews_api(review_server.url, review_keys.requester, "GET", f"/{review_id}").json()
    assert item["status"] == "pending" and item["overdue"] is False
    assert item["request_id"] == response.headers["x-gateway-request-id"]
    assert item["steps"] == ["係長", "課長"] and item["next_step"] == "係長"
    assert item["use_case_label"] == "住民向け文書" and item["department_name"] == "総務課"
    record = audit_store.get(item["request_id"])
    assert record is not None and record.review_required and record.use_case == "resident_document"


def test_no_review_item_for_a_use_case_without_review(review_server: ServerThread, review_keys: ReviewKeys) -> None:
    response = ask(review_server.url, review_keys.requester, "会議室の予約方法を教えてください。")
    assert response.status_code == 200
    assert response.headers["x-gateway-review-required"] == "false"
    assert "x-gateway-review-id" not in response.headers
    assert reviews_api(review_server.url, review_keys.requester, "GET").json()["data"] == []


@pytest.mark.parametrize("model", ["upstream", "upstream-onprem"], ids=["masked-for-provider", "sent-unmasked"])
def test_item_keeps_masked_content_only(
    review_server: ServerThread, review_keys: ReviewKeys, upstream: RecordingUpstream, model: str
) -> None:
    text = f"{PERSON}さん（電話 {PHONE_MOBILE}）あての通知文を作成してください。"
    response = ask(review_server.url, review_keys.requester, text, use_case="resident_document", model=model)
    assert response.status_code == 200
    assert PERSON in response.json()["choices"][0]["message"]["content"]  # the caller gets the values back
    item = reviews_api(review_server.url, review_keys.kakaricho, "GET", f"/{response.headers['x-gateway-review-id']}").json()
    stored = str(item["masked_request"]) + item["masked_answer"]
    assert PERSON not in stored and PHONE_MOBILE not in stored
    assert "<PERSON_1>" in item["masked_request"][0]["content"] and "<PERSON_1>" in item["masked_answer"]


def test_requester_cannot_approve_own_item_by_user_or_by_key(review_server: ServerThread, review_keys: ReviewKeys) -> None:
    review_id = _review_id(review_server, review_keys.requester)
    for key in (review_keys.requester, review_keys.requester_reviewer):
        response = reviews_api(review_server.url, key, "POST", f"/{review_id}/approve", json={"comment": "OK"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert "自分の依頼" in response.json()["error"]["message"]
    assert reviews_api(review_server.url, review_keys.requester, "GET", f"/{review_id}").json()["approved_steps"] == 0


def test_reviewer_cannot_see_or_decide_another_departments_items(
    review_server: ServerThread, review_keys: ReviewKeys
) -> None:
    review_id = _review_id(review_server, review_keys.requester)
    other = review_keys.fukushi_reviewer
    assert reviews_api(review_server.url, other, "GET", f"/{review_id}").status_code == 404
    assert reviews_api(review_server.url, other, "GET").json()["data"] == []
    decided = reviews_api(review_server.url, other, "POST", f"/{review_id}/approve", json={"comment": "OK"})
    assert decided.status_code == 404
    # The department's own reviewer and the CAIO do see it.
    assert [i["id"] for i in reviews_api(review_server.url, review_keys.kakaricho, "GET").json()["data"]] == [review_id]
    assert reviews_api(review_server.url, review_keys.caio, "GET", f"/{review_id}").status_code == 200


def test_two_step_approval_needs_two_different_reviewers(review_server: ServerThread, review_keys: ReviewKeys) -> None:
    review_id = _review_id(review_server, review_keys.requester)
    url = review_server.url

    first = reviews_api(url, review_keys.kakaricho, "POST", f"/{review_id}/approve", json={"comment": "係長確認済み"})
    assert first.status_code == 200
    assert first.json()["status"] == "pending" and first.json()["next_step"] == "課長"

    again = reviews_api(url, review_keys.kakaricho, "POST", f"/{review_id}/approve", json={"comment": "再承認"})
    assert again.status_code == 403 and "前の段階" in again.json()["error"]["message"]

    second = reviews_api(url, review_keys.kacho, "POST", f"/{review_id}/approve", json={"comment": "課長確認済み"})
    assert second.status_code == 200 and second.json()["status"] == "approved"

    seen = reviews_api(url, review_keys.requester, "GET", f"/{review_id}").json()
    assert seen["status"] == "approved" and seen["decided_at"] is not None
    assert [(h["action"], h["step"], h["user"]) for h in seen["history"]] == [
        ("created", None, "suzuki.hanako"),
        ("approve", "係長", "takahashi.kakaricho"),
        ("approve", "課長", "watanabe.kacho"),
    ]
    late = reviews_api(url, review_keys.caio, "POST", f"/{review_id}/return", json={"comment": "やり直し"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "review_conflict"


def test_send_back_needs_a_comment_and_stores_it_masked(review_server: ServerThread, review_keys: ReviewKeys) -> None:
    review_id = _review_id(review_server, review_keys.requester)
    url = review_server.url
    empty = reviews_api(url, review_keys.kakaricho, "POST", f"/{review_id}/return", json={"comment": "  "})
    assert empty.status_code == 400
    comment = f"{PERSON}さんの電話番号 {PHONE_MOBILE} を本文から削除してください。"
    returned = reviews_api(url, review_keys.kakaricho, "POST", f"/{review_id}/return", json={"comment": comment})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    stored = returned.json()["history"][-1]["comment"]
    assert PERSON not in stored and PHONE_MOBILE not in stored and "<JP_PHONE_NUMBER_1>" in stored


def test_deadline_and_overdue_follow_the_injected_clock(
    review_server: ServerThread, review_keys: ReviewKeys, clock: Clock
) -> None:
    assembly = _review_id(review_server, review_keys.requester, "老朽化対策の答弁案を作ってください。", "assembly_answer")
    notice = _review_id(review_server, review_keys.requester)  # 72 hours
    url, kakaricho = review_server.url, review_keys.kakaricho
    item = reviews_api(url, kakaricho, "GET", f"/{assembly}").json()
    assert item["deadline_at"] == "2026-12-02T09:00:00+00:00"  # 議会答弁: 24 hours

    clock.advance(hours=23, minutes=59)
    assert reviews_api(url, kakaricho, "GET", f"/{assembly}").json()["overdue"] is False
    assert reviews_api(url, kakaricho, "GET", params={"status": "overdue"}).json()["data"] == []

    clock.advance(minutes=2)
    assert reviews_api(url, kakaricho, "GET", f"/{assembly}").json()["overdue"] is True
    overdue = reviews_api(url, kakaricho, "GET", params={"status": "overdue"}).json()["data"]
    assert [i["id"] for i in overdue] == [assembly]
    assert reviews_api(url, kakaricho, "GET", f"/{notice}").json()["overdue"] is False

    metrics = reviews_api(url, review_keys.caio, "GET", "/metrics").json()["data"]
    assert [(m["department"], m["overdue"], m["pending"]) for m in metrics] == [("soumu", 1, 2), ("", 1, 2)]
    # A decided item is no longer overdue.
    reviews_api(url, kakaricho, "POST", f"/{assembly}/return", json={"comment": "数値の出典を確認してください"})
    assert reviews_api(url, kakaricho, "GET", params={"status": "overdue"}).json()["data"] == []


def test_metrics_for_the_caio_in_json_and_csv(
    review_server: ServerThread, review_keys: ReviewKeys, clock: Clock, keys: Keys, audit_store: SqlAuditStore
) -> None:
    url = review_server.url
    approved = _review_id(review_server, review_keys.requester)
    _review_id(review_server, review_keys.requester)  # stays pending
    ask(url, keys.fukushi, "福祉だよりの記事の下書きを作ってください。", use_case="publication", model="upstream-onprem")
    settled_records(audit_store)
    clock.advance(hours=2)
    reviews_api(url, review_keys.kakaricho, "POST", f"/{approved}/approve", json={"comment": "OK"})
    clock.advance(hours=2)
    reviews_api(url, review_keys.kacho, "POST", f"/{approved}/approve", json={"comment": "OK"})

    rows = {m["department"]: m for m in reviews_api(url, review_keys.caio, "GET", "/metrics").json()["data"]}
    assert rows["soumu"]["items"] == 2 and rows["soumu"]["review_rate"] == 0.5
    assert rows["soumu"]["median_review_hours"] == 4.0
    assert rows["soumu"]["unreviewed_share"] == 0.5
    assert rows["fukushi"]["unreviewed_share"] == 1.0
    assert rows[""]["high_risk_answers"] == 3 and rows[""]["unreviewed_high_risk"] == 2

    # A reviewer gets their own department only; a staff key gets nothing.
    own = reviews_api(url, review_keys.kakaricho, "GET", "/metrics").json()["data"]
    assert [m["department"] for m in own] == ["soumu", ""] and own[-1]["items"] == 2
    assert reviews_api(url, keys.staff, "GET", "/metrics").status_code == 403

    exported = reviews_api(url, review_keys.caio, "GET", "/metrics", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert table[0][0] == "所属" and [row[0] for row in table[1:]] == ["福祉課", "総務課", "全体"]
    assert table[2][-2] == "0.500"


def test_unknown_use_case_is_a_clear_400_and_a_forbidden_one_a_403(review_server: ServerThread, keys: Keys) -> None:
    unknown = ask(review_server.url, keys.staff, "こんにちは", use_case="poster")
    assert unknown.status_code == 400 and "利用目的が登録されていません" in unknown.json()["error"]["message"]
    forbidden = ask(review_server.url, keys.fukushi, "支給可否の判断材料", use_case="decision_support")
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "permission_denied"
    assert "福祉課では利用できません" in forbidden.json()["error"]["message"]
    body_declared = ask(review_server.url, keys.staff, "答弁案", metadata={"use_case": "assembly_answer"})
    assert body_declared.headers["x-gateway-review-required"] == "true"


def test_item_keeps_the_original_only_encrypted_when_the_policy_says_so(
    caio_key: rsa.RSAPrivateKey, review_server: ServerThread, review_keys: ReviewKeys, database_url: str,
) -> None:
    # caio_key (first) switches the policy to audit.content: masked_encrypted before the server starts.
    text = f"{PERSON}さん（電話 {PHONE_MOBILE}）あての通知文を作成してください。"
    response = ask(review_server.url, review_keys.requester, text, use_case="resident_document")
    item = SqlReviewStore(create_db_engine(database_url)).get(response.headers["x-gateway-review-id"])
    assert item is not None and item.kept_original is not None
    assert PERSON not in item.kept_original and PERSON not in item.masked_answer
    original = orjson.loads(decrypt_original(item.kept_original, caio_key))
    assert original == [{"role": "user", "content": text}]


def test_the_item_and_the_audit_record_keep_one_sealing_of_the_original(
    caio_key: rsa.RSAPrivateKey, review_server: ServerThread, review_keys: ReviewKeys, database_url: str,
) -> None:
    # The original is encrypted once per request (an RSA operation), not once per place that keeps it.
    response = ask(review_server.url, review_keys.requester, f"{PERSON}さんあての通知文", use_case="resident_document")
    engine = create_db_engine(database_url)
    item = SqlReviewStore(engine).get(response.headers["x-gateway-review-id"])
    (record,) = [r for r in settled_records(SqlAuditStore(engine)) if r.request_id == response.headers["x-gateway-request-id"]]
    assert item is not None and item.kept_original is not None
    assert record.kept_original == item.kept_original
