"""The dashboard in a real browser: login per role, every page with its charts, filters,
downloads and the integrity alarm, on a real gateway with real traffic (PostgreSQL).

Screenshots of every page go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from gateway.database import create_db_engine
from gateway.keys import SqlKeyStore
from tests.support.browser import log_in, shot
from tests.support.dashboard_fixtures import Site

NAV = ["概要", "機密性", "部署", "監査ログ", "ポリシー", "報告", "確認"]


def charts_drawn(page: Page) -> list[int]:
    """For every chart canvas: how many of its pixels are not blank (0 = nothing drawn)."""
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => c.dataset.drawn)")
    return page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-chart]')].map(c => {
             const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let inked = 0;
             for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
             return inked;
           })"""
    )


def fonts_loaded(page: Page) -> bool:
    return page.evaluate("async () => { await document.fonts.ready; return document.fonts.check('16px \"Noto Sans JP\"', '監査'); }")


def test_a_staff_key_is_refused_with_a_japanese_message(page: Page, site: Site) -> None:
    log_in(page, site, site.keys.staff)
    expect(page.get_by_role("alert")).to_contain_text("職員用")
    expect(page.get_by_role("alert")).to_contain_text("ダッシュボードを利用できません")
    shot(page, "01-login-staff-refused")
    page.get_by_label("API キー").fill("gw-0123456789abcdef_" + "x" * 43)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("alert")).to_contain_text("APIキーが無効です")


@pytest.mark.parametrize(
    ("role", "landing", "nav"),
    [
        ("caio", "概要", NAV),
        ("auditor", "概要", NAV),
        ("reviewer", "概要", ["概要", "機密性", "部署", "監査ログ", "報告", "確認"]),
        ("security", "機密性", ["機密性", "ポリシー"]),
    ],
)
def test_each_role_logs_in_and_sees_its_pages(page: Page, site: Site, role: str, landing: str, nav: list[str]) -> None:
    log_in(page, site, getattr(site.keys, role))
    expect(page.get_by_role("heading", level=1)).to_have_text(landing)
    expect(page.get_by_role("navigation").get_by_role("link")).to_have_text(nav)
    if role == "security":
        page.goto(f"{site.url}/dashboard/audit")
        expect(page.get_by_role("alert")).to_contain_text("権限がありません")
    page.get_by_role("button", name="ログアウト").click()
    expect(page).to_have_url(f"{site.url}/dashboard/login")
    page.goto(f"{site.url}/dashboard/confidentiality")
    expect(page).to_have_url(f"{site.url}/dashboard/login")


@pytest.mark.parametrize(
    ("path", "title", "charts"),
    [
        ("/dashboard/", "概要", 3),
        ("/dashboard/confidentiality", "機密性", 2),
        ("/dashboard/departments", "部署", 1),
        ("/dashboard/audit", "監査ログ", 0),
        ("/dashboard/policy", "ポリシー", 0),
        ("/dashboard/reports", "報告（総務省 AI・RPA 調査）", 1),
    ],
)
def test_every_page_renders_real_data_and_its_charts(page: Page, site: Site, path: str, title: str, charts: int) -> None:
    log_in(page, site, site.keys.caio)
    page.goto(f"{site.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert fonts_loaded(page), "the Japanese web font did not load"
    if charts:
        inked = charts_drawn(page)
        assert len(inked) == charts and all(count > 500 for count in inked), inked
    # Real data: a first table row that is not the "no data" row.
    expect(page.locator("table.data tbody tr").first).not_to_have_class("empty")
    if path in ("/dashboard/", "/dashboard/audit", "/dashboard/departments"):
        expect(page.locator("td.empty")).to_have_count(0)
    shot(page, f"10-{path.strip('/').replace('/', '-') or 'dashboard'}-caio")


def test_overview_figures_match_the_traffic(page: Page, site: Site) -> None:
    log_in(page, site, site.keys.caio)
    requests = page.locator(".kpi", has_text="利用件数").locator(".kpi-value")
    expect(requests).to_contain_text(f"{site.traffic.completed + site.traffic.blocked:,}")
    expect(page.locator(".kpi", has_text="遮断").locator(".kpi-value")).to_contain_text(f"{site.traffic.blocked:,}")


def test_reviewer_sees_only_its_department(page: Page, site: Site) -> None:
    log_in(page, site, site.keys.reviewer)
    page.goto(f"{site.url}/dashboard/audit")
    expect(page.locator(".scope-note")).to_contain_text("福祉課のデータのみ")
    departments = page.locator("table.data tbody tr td:nth-child(3)").all_inner_texts()
    assert departments and set(departments) == {"福祉課"}
    shot(page, "20-audit-reviewer")


def test_filtering_the_audit_log(page: Page, site: Site) -> None:
    log_in(page, site, site.keys.auditor)
    page.goto(f"{site.url}/dashboard/audit")
    all_rows = page.locator("table.data tbody tr").count()
    page.get_by_label("結果").select_option("blocked")
    page.get_by_role("button", name="表示").click()
    statuses = page.locator("table.data tbody tr td:nth-child(7)").all_inner_texts()
    assert statuses == ["遮断"] * site.traffic.blocked
    assert all_rows > len(statuses)
    expect(page.locator(".result-count")).to_contain_text(f"該当 {site.traffic.blocked} 件")
    shot(page, "21-audit-filtered-blocked")
    page.locator("table.data tbody tr a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("監査記録の詳細")
    expect(page.locator("table.detail")).to_contain_text("遮断")
    shot(page, "22-audit-record-detail")


def test_downloading_the_report_as_csv_and_excel(page: Page, site: Site) -> None:
    log_in(page, site, site.keys.caio)
    page.goto(f"{site.url}/dashboard/reports")
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV でダウンロード").click()
    data = csv_download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    total = site.traffic.completed + site.traffic.blocked
    assert summary["利用件数"] == str(total) and summary["うち回答済み件数"] == str(site.traffic.completed)
    categories = [row[0] for row in rows if len(row) == 3][1:9]
    assert categories == ["文章作成", "要約", "議事録", "翻訳", "企画立案", "想定問答", "プログラミング", "その他"]
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel でダウンロード").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    assert csv_download.value.suggested_filename.endswith(".csv")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    assert book.sheetnames == ["概要", "利用目的別", "モデル別", "月別"]
    values = {row[0]: row[1] for row in book["概要"].iter_rows(min_row=3, values_only=True)}
    assert values["利用件数"] == total and values["利用者数"] == 4
    models = list(book["モデル別"].iter_rows(min_row=3, values_only=True))
    assert ("upstream", "試験用クラウドモデル", "インターネット", "RAG（庁内規程集）") in [m[:4] for m in models]
    shot(page, "30-reports")


def test_a_revoked_key_loses_access_at_the_next_click(page: Page, site: Site) -> None:
    engine = create_db_engine(site.database_url)
    store = SqlKeyStore(engine)
    principal, token = store.create("yoshida.kansa", "soumu", ["auditor"])
    log_in(page, site, token)
    expect(page.get_by_role("heading", level=1)).to_have_text("概要")
    store.revoke(principal.key_id)
    engine.dispose()
    page.goto(f"{site.url}/dashboard/audit")
    expect(page).to_have_url(f"{site.url}/dashboard/login")


def test_tampering_with_a_row_raises_the_integrity_alarm(page: Page, site: Site) -> None:
    log_in(page, site, site.keys.auditor)
    page.goto(f"{site.url}/dashboard/audit")
    page.get_by_role("button", name="今すぐ検証").click()
    expect(page.locator(".integrity")).to_contain_text("改ざん検知: 正常")
    engine = create_engine(site.database_url)
    try:
        with engine.begin() as conn:
            victim = conn.execute(text("SELECT id, user_name FROM audit_records WHERE chain_seq = 3")).one()
            conn.execute(text("UPDATE audit_records SET user_name = 'someone.else' WHERE id = :id"), {"id": victim.id})
        page.get_by_role("button", name="今すぐ検証").click()
        alarm = page.locator(".integrity")
        expect(alarm).to_contain_text("改ざん検知: 異常があります")
        expect(alarm).to_contain_text(f"記録 ID {victim.id}")
        shot(page, "40-integrity-alarm")
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_records SET user_name = :u WHERE id = :id"), {"u": victim.user_name, "id": victim.id})
        engine.dispose()
    page.get_by_role("button", name="今すぐ検証").click()
    expect(page.locator(".integrity")).to_contain_text("改ざん検知: 正常")
