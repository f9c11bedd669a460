"""The 総務省 survey summary: categories, hours saved, 年度 bounds, models; and its CSV / Excel files."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime

import openpyxl
import pytest
from sqlalchemy import Engine

from audit.figures.report_files import summary_csv, summary_xlsx
from audit.figures.reports import CATEGORIES, ReportPeriod, SurveyReport
from gateway.settings import DEFAULT_POLICY
from policies import load_policy
from tests.dashboard.records import write


@pytest.fixture
def policy():
    return load_policy(DEFAULT_POLICY)


def _year(engine: Engine) -> None:
    # 2026-03-31 15:00 UTC is 2026-04-01 00:00 in Japan: the first moment of 2026年度.
    write(engine, "r1", datetime(2026, 3, 31, 15, tzinfo=UTC), use_case="translation", model="preview")  # 翻訳, 20 min
    write(engine, "r2", datetime(2026, 6, 1, 1, tzinfo=UTC), use_case="assembly_answer", model="preview")  # 想定問答, 60
    write(engine, "r3", datetime(2026, 6, 2, 1, tzinfo=UTC), use_case="assembly_answer", department="fukushi",
          user="u2", model="preview")
    # Blocked: counted as a request, saves no time.
    write(engine, "r4", datetime(2026, 6, 3, 1, tzinfo=UTC), use_case="assembly_answer", status="blocked",
          action="block", model="preview")
    write(engine, "r5", datetime(2026, 7, 1, 1, tzinfo=UTC), use_case="no-longer-in-policy", model="retired-model")
    # 2026-03-31 14:59 UTC is still 2025年度 in Japan.
    write(engine, "r0", datetime(2026, 3, 31, 14, 59, tzinfo=UTC), use_case="translation")


def test_the_annual_summary_counts_categories_and_hours_saved(engine: Engine, roll: Callable[[], None], policy) -> None:
    _year(engine)
    roll()
    summary = SurveyReport(engine, policy).build(ReportPeriod.fiscal_year(2026))
    assert summary.title == "2026年度（令和8年度） 生成AI利用状況"
    assert (summary.requests, summary.completed, summary.users, summary.departments) == (5, 4, 2, 2)
    by_category = {row.category: row for row in summary.categories}
    assert list(by_category) == list(CATEGORIES)
    assert by_category["翻訳"].requests == 1 and by_category["翻訳"].hours_saved == pytest.approx(20 / 60)
    assert by_category["想定問答"].requests == 3 and by_category["想定問答"].hours_saved == pytest.approx(2.0)
    # A use-case the policy no longer knows counts as その他 and saves nothing.
    assert by_category["その他"].requests == 1 and by_category["その他"].hours_saved == 0
    assert summary.hours_saved == pytest.approx(20 / 60 + 2.0)
    assert [(m.month, m.requests) for m in summary.months] == [("2026-04", 1), ("2026-06", 3), ("2026-07", 1)]
    models = {m.model: m for m in summary.models}
    assert models["preview"].requests == 3 and models["preview"].customization == "なし"
    assert models["retired-model"].label == "（現在のポリシーにないモデル）"


def test_a_monthly_summary_and_a_department_scope(engine: Engine, roll: Callable[[], None], policy) -> None:
    _year(engine)
    roll()
    june = SurveyReport(engine, policy).build(ReportPeriod.month(2026, 6), department="fukushi")
    assert june.title == "2026年6月 生成AI利用状況" and june.period.last.day == 30
    assert (june.requests, june.users) == (1, 1)


def test_the_csv_has_a_bom_every_section_and_no_formula(engine: Engine, roll: Callable[[], None], policy) -> None:
    write(engine, "f1", datetime(2026, 6, 1, 1, tzinfo=UTC), model="=HYPERLINK(\"x\")")
    roll()
    data = summary_csv(SurveyReport(engine, policy).build(ReportPeriod.fiscal_year(2026)))
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[0] for row in rows if row and row[0].startswith("■")] == ["■概要", "■利用目的別", "■モデル別", "■月別"]
    assert ["利用件数", "1"] in rows
    model_cells = [row[0] for row in rows if len(row) == 7][1:]
    assert model_cells == ["'=HYPERLINK(\"x\")"]


def test_the_workbook_has_one_sheet_per_section_with_numbers_as_numbers(engine: Engine, roll: Callable[[], None], policy) -> None:
    _year(engine)
    roll()
    data = summary_xlsx(SurveyReport(engine, policy).build(ReportPeriod.fiscal_year(2026)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["概要", "利用目的別", "モデル別", "月別"]
    overview = {row[0]: row[1] for row in book["概要"].iter_rows(min_row=3, values_only=True)}
    assert overview["利用件数"] == 5 and overview["推計削減時間（時間）"] == pytest.approx(2.3)
    assert book["概要"]["B5"].number_format == "#,##0"
