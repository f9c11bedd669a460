"""Jinja2 templates of the dashboard and the filters that format Japanese figures.

Numbers get 3-digit separators, yen a ``円`` suffix, dates read
``2026年11月30日`` in Japan time. Every page extends ``base.html``, whose nav
lists the pages of ``access.PAGES`` that the user may open.

Example:
    >>> date_ja(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    '2026年11月30日'
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from audit.dashboard.access import OWN, PAGES
from audit.dashboard.context import ACTION_LABELS, ROLE_LABELS, STATUS_LABELS, Names
from audit.dashboard.session import DashboardUser
from audit.figures.reports import ZONE_LABELS

__all__ = ["JST", "date_ja", "datetime_ja", "number", "render", "templates", "yen"]

JST = ZoneInfo("Asia/Tokyo")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def number(value: float | None, digits: int = 0) -> str:
    """``1234567`` -> ``1,234,567``; None -> ``-``."""
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def yen(value: float | None) -> str:
    """``12345.6`` -> ``12,346円``."""
    return "-" if value is None else f"{number(value)}円"


def percent(value: float | None) -> str:
    """``0.256`` -> ``25.6%``."""
    return "-" if value is None else f"{value * 100:.1f}%"


def date_ja(value: datetime | date | str | None) -> str:
    """A timestamp (shown in Japan time), a date or ``YYYY-MM[-DD]`` text as ``2026年11月30日`` / ``2026年11月``."""
    if value is None:
        return "-"
    if isinstance(value, str):
        parts = [int(p) for p in value.split("-")]
        return f"{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) > 2 else "")
    if isinstance(value, datetime):
        value = value.astimezone(JST).date()
    return f"{value.year}年{value.month}月{value.day}日"


def datetime_ja(value: datetime | None) -> str:
    """``2026年11月30日 10:05:03`` in Japan time."""
    if value is None:
        return "-"
    local = value.astimezone(JST) if value.tzinfo else value.replace(tzinfo=UTC).astimezone(JST)
    return f"{date_ja(local)} {local:%H:%M:%S}"


templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.filters.update(number=number, yen=yen, percent=percent, date_ja=date_ja, datetime_ja=datetime_ja)
templates.env.globals.update(action_labels=ACTION_LABELS, status_labels=STATUS_LABELS, zone_labels=ZONE_LABELS)


def render(
    request: Request, template: str, user: DashboardUser | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render ``template`` with the nav of the pages ``user`` may open and the policy's Japanese names.

    Pass ``scope="own"`` to show the note that only the user's department is shown.
    """
    nav = [page for page in PAGES.values() if user is not None and page.scope_for(user.roles)]
    runtime = getattr(request.app.state, "runtime", None)
    names = Names(runtime.policy) if runtime is not None else None
    note = None
    if user is not None and context.get("scope") == OWN:
        department = names.department(user.department) if names else user.department
        note = f"確認者（所属長）の権限のため、{department}のデータのみを表示しています。"
    values = {"user": user, "nav": nav, "names": names, "role_labels": ROLE_LABELS, "scope_note": note, **context}
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Content-Security-Policy": _CSP}
    return templates.TemplateResponse(request, template, values, status_code=status_code, headers=headers)


# Everything comes from the gateway itself: the network has no CDN, and nothing else may load.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
