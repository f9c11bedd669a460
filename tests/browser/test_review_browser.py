"""The review queue in a real browser: a reviewer logs in, sees the queue, opens an item and approves it;
the requester sees the item change state through the API. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import httpx
import openai
from playwright.sync_api import Page, expect

from gateway.database import create_db_engine
from gateway.keys import SqlKeyStore
from tests.support.browser import log_in, shot
from tests.support.dashboard_fixtures import Site
from tests.support.dashboard_site import PERSON, PHONE


def _reviewers(site: Site) -> tuple[str, str]:
    engine = create_db_engine(site.database_url)
    try:
        store = SqlKeyStore(engine)
        return (store.create("yoshida.kakaricho", "soumu", ["reviewer"])[1],
                store.create("yamamoto.kacho", "soumu", ["reviewer"])[1])
    finally:
        engine.dispose()


def _state(site: Site, review_id: str) -> dict:
    response = httpx.get(f"{site.url}/v1/gateway/reviews/{review_id}", headers={"authorization": f"Bearer {site.keys.staff}"})
    assert response.status_code == 200
    return response.json()


def _approve(page: Page, site: Site, review_id: str, comment: str, name: str) -> None:
    page.goto(f"{site.url}/dashboard/reviews")
    row = page.get_by_role("row").filter(has=page.locator(f"a[href$='{review_id}']"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("住民向け文書")
    shot(page, f"review_queue_{name}")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認依頼の詳細")
    answer = page.get_by_label("回答")
    expect(answer).to_contain_text("<PERSON_1>")
    expect(answer).not_to_contain_text(PERSON)
    expect(page.locator("main")).not_to_contain_text(PHONE)
    page.get_by_label("コメント").fill(comment)
    shot(page, f"review_item_{name}")
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status")).to_have_text("承認しました。")


def test_reviewers_approve_in_two_steps_and_the_requester_sees_the_state(page: Page, site: Site) -> None:
    kakaricho, kacho = _reviewers(site)
    client = openai.OpenAI(base_url=f"{site.url}/v1", api_key=site.keys.staff, max_retries=0, timeout=60)
    raw = client.chat.completions.with_raw_response.create(
        model="upstream", extra_headers={"x-gateway-use-case": "resident_document"},
        messages=[{"role": "user", "content": f"{PERSON}さん（電話 {PHONE}）への窓口案内の文面を作ってください。"}],
    )
    review_id = raw.headers["x-gateway-review-id"]
    assert PERSON in raw.parse().choices[0].message.content
    assert _state(site, review_id)["status"] == "pending"

    # The 福祉課 reviewer does not see a 総務課 item.
    log_in(page, site, site.keys.reviewer)
    page.goto(f"{site.url}/dashboard/reviews")
    expect(page.locator(f"a[href$='{review_id}']")).to_have_count(0)
    page.goto(f"{site.url}/dashboard/reviews/{review_id}")
    expect(page.get_by_role("alert")).to_contain_text("見つからないか")
    page.get_by_role("button", name="ログアウト").click()

    log_in(page, site, kakaricho)
    _approve(page, site, review_id, "係長として内容を確認しました。", "kakaricho")
    after_first = _state(site, review_id)
    assert (after_first["status"], after_first["next_step"], after_first["approved_steps"]) == ("pending", "課長", 1)

    # The same person cannot approve the second step.
    page.goto(f"{site.url}/dashboard/reviews/{review_id}")
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("alert")).to_contain_text("前の段階を承認した職員")
    page.get_by_role("button", name="ログアウト").click()

    log_in(page, site, kacho)
    _approve(page, site, review_id, "課長決裁。", "kacho")
    page.goto(f"{site.url}/dashboard/reviews?status=approved")
    expect(page.locator(f"a[href$='{review_id}']")).to_have_count(1)
    shot(page, "review_queue_approved")
    final = _state(site, review_id)
    assert final["status"] == "approved" and final["decided_at"] is not None
    assert [h["user"] for h in final["history"]] == ["suzuki.hanako", "yoshida.kakaricho", "yamamoto.kacho"]
