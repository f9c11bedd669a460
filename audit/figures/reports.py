"""The annual (年度) and monthly summary shaped for the 総務省 AI・RPA survey.

It answers what the survey asks of a municipality using generative AI: the
status, the use-case categories (文章作成, 要約, 議事録, 翻訳, 企画立案, 想定問答,
プログラミング, その他), users, requests and departments, the models and how
they are customised, and the estimated hours saved (the policy's
``minutes_saved`` per use-case times the completed requests). Every figure is
a GROUP BY in SQL over ``audit.figures.rollups.source``; the use-case to category and
minutes mappings are CASE expressions.

Example:
    >>> report = SurveyReport(engine, policy).build(ReportPeriod.fiscal_year(2026))
    >>> report.title
    '2026年度（令和8年度） 生成AI利用状況'
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import ColumnElement, Engine, case, func, select
from sqlalchemy.sql import Subquery

from audit.figures.query import AuditFilter, fetch
from audit.figures.rollups import bucket_text, day_bucket, distinct_users, rolled_through, source
from policies import Policy

__all__ = ["CATEGORIES", "ZONE_LABELS", "CategoryRow", "ModelRow", "MonthRow", "ReportPeriod", "SurveyReport", "SurveySummary"]

ZONE_LABELS = {"onprem": "庁内", "lgwan": "LGWAN", "internet": "インターネット"}
CATEGORIES = ("文章作成", "要約", "議事録", "翻訳", "企画立案", "想定問答", "プログラミング", "その他")


@dataclass(frozen=True)
class ReportPeriod:
    """A 年度 (April to March) or one month, with its Japanese title."""

    title: str
    first: date
    last: date

    @classmethod
    def fiscal_year(cls, year: int) -> ReportPeriod:
        return cls(f"{year}年度（令和{year - 2018}年度）", date(year, 4, 1), date(year + 1, 3, 31))

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(f"{year}年{month}月", date(year, month, 1), date.fromordinal(following.toordinal() - 1))

    def scope(self, department: str | None = None) -> AuditFilter:
        return AuditFilter.for_dates(self.first, self.last, department)


@dataclass(frozen=True)
class CategoryRow:
    category: str
    requests: int
    hours_saved: float


@dataclass(frozen=True)
class ModelRow:
    model: str
    label: str
    zone: str
    customization: str
    trains_on_input: bool | None
    requests: int
    tokens: int


@dataclass(frozen=True)
class MonthRow:
    month: str
    requests: int
    users: int
    departments: int
    hours_saved: float


@dataclass(frozen=True)
class SurveySummary:
    title: str
    period: ReportPeriod
    status: str
    requests: int
    completed: int
    users: int
    departments: int
    hours_saved: float
    categories: list[CategoryRow]
    models: list[ModelRow]
    months: list[MonthRow]


class SurveyReport:
    """Builds the survey summary from one database and the current policy."""

    def __init__(self, engine: Engine, policy: Policy) -> None:
        self._engine = engine
        self._policy = policy

    @cached_property
    def _through(self) -> date | None:
        # Read once (in the worker thread, at the first query): every query of a page splits at the same day.
        return rolled_through(self._engine)

    def _category(self, cases: Subquery) -> ColumnElement[str]:
        mapping = {uc_id: uc.category for uc_id, uc in self._policy.use_cases.items()}
        return case(mapping, value=cases.c.use_case, else_="その他")

    def _minutes(self, cases: Subquery) -> ColumnElement[float]:
        # Only answers that were delivered save time.
        mapping = {uc_id: uc.minutes_saved for uc_id, uc in self._policy.use_cases.items()}
        per_row = cases.c.requests * case(mapping, value=cases.c.use_case, else_=0.0)
        return func.coalesce(func.sum(per_row).filter(cases.c.status == "completed"), 0.0)

    def build(self, period: ReportPeriod, department: str | None = None) -> SurveySummary:
        scope = period.scope(department)
        usage = source(self._engine, "usage", scope, self._through)
        users = source(self._engine, "users", scope, self._through)
        cases = source(self._engine, "use_cases", scope, self._through)
        # Independent queries: run side by side, each on its own pooled connection.
        with ThreadPoolExecutor(max_workers=3) as pool:
            totals = pool.submit(self._totals, usage)
            active = pool.submit(fetch, self._engine, distinct_users(users))
            categories = pool.submit(self._categories, cases)
            models = pool.submit(self._models, usage)
            months = pool.submit(self._months, usage, users, cases)
            requests, completed, departments = totals.result()
            by_category = categories.result()
            return SurveySummary(
                title=f"{period.title} 生成AI利用状況",
                period=period,
                status="導入済み（利用実績あり）" if completed else "利用実績なし",
                requests=requests,
                completed=completed,
                users=active.result()[0][0],
                departments=departments,
                # Every use-case falls in one category, so the categories add up to the whole.
                hours_saved=sum(row.hours_saved for row in by_category),
                categories=by_category,
                models=models.result(),
                months=months.result(),
            )

    def _totals(self, usage: Subquery) -> tuple[int, int, int]:
        u = usage.c
        row = fetch(self._engine, select(
            func.coalesce(func.sum(u.requests), 0).label("requests"),
            func.coalesce(func.sum(u.requests).filter(u.status == "completed"), 0).label("completed"),
            func.count(func.distinct(u.department)).label("departments"),
        ))[0]
        return int(row.requests), int(row.completed), int(row.departments)

    def _categories(self, cases: Subquery) -> list[CategoryRow]:
        category = self._category(cases).label("category")
        query = select(category, func.sum(cases.c.requests).label("requests"), self._minutes(cases).label("minutes"))
        found = {
            row.category: CategoryRow(row.category, int(row.requests), float(row.minutes) / 60)
            for row in fetch(self._engine, query.group_by(category))
        }
        return [found.get(name, CategoryRow(name, 0, 0.0)) for name in CATEGORIES]

    def _models(self, usage: Subquery) -> list[ModelRow]:
        u = usage.c
        requests = func.sum(u.requests)
        query = (
            select(u.model, requests.label("requests"), func.coalesce(func.sum(u.total_tokens), 0).label("tokens"))
            .where(u.status == "completed").group_by(u.model).order_by(requests.desc(), u.model)
        )
        return [self._model_row(row.model, int(row.requests), int(row.tokens)) for row in fetch(self._engine, query)]

    def _months(self, usage: Subquery, users: Subquery, cases: Subquery) -> list[MonthRow]:
        month = day_bucket(self._engine, usage.c.day, "month").label("month")
        rows = fetch(self._engine, select(month, func.sum(usage.c.requests).label("requests"),
                                          func.count(func.distinct(usage.c.department)).label("departments"))
                     .group_by(month).order_by(month))
        users_by_month = distinct_users(users, day_bucket(self._engine, users.c.day, "month"))
        active = {bucket_text(key, "month"): count for key, count in fetch(self._engine, users_by_month)}
        case_month = day_bucket(self._engine, cases.c.day, "month").label("month")
        saved = fetch(self._engine, select(case_month, self._minutes(cases)).group_by(case_month))
        minutes = {bucket_text(key, "month"): value for key, value in saved}
        months = [(bucket_text(r.month, "month"), r) for r in rows]
        return [
            MonthRow(key, int(r.requests), active.get(key, 0), r.departments, float(minutes.get(key, 0)) / 60)
            for key, r in months
        ]

    def _model_row(self, model_id: str | None, requests: int, tokens: int) -> ModelRow:
        spec = self._policy.models.get(model_id or "")
        if spec is None:  # a model removed from the policy since
            return ModelRow(model_id or "-", "（現在のポリシーにないモデル）", "-", "-", None, requests, tokens)
        return ModelRow(model_id, spec.label, ZONE_LABELS[spec.zone], spec.customization, spec.trains_on_input, requests, tokens)
