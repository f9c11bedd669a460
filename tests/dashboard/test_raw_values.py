"""No raw personal value appears on any dashboard page or in any download.

Prompts full of fictitious personal data go through the real gateway; then
every page, every audit record's detail and both report files are searched
for the raw values, as the CAIO, an auditor and a reviewer see them.
"""

from __future__ import annotations

import io
import re

import httpx
import openpyxl

from tests.support.dashboard_fixtures import Site
from tests.support.dashboard_site import RAW_VALUES, login

PAGES = (
    "/dashboard/",
    "/dashboard/confidentiality",
    "/dashboard/departments",
    "/dashboard/audit",
    "/dashboard/audit?status=blocked",
    "/dashboard/reports",
    "/dashboard/reports?month=2026-11",
)


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)


def test_no_page_or_download_holds_a_raw_personal_value(site: Site) -> None:
    assert site.traffic.completed >= 5 and site.traffic.blocked >= 1
    texts: dict[str, str] = {}
    for key in (site.keys.caio, site.keys.auditor, site.keys.reviewer):
        with login(site.url, key) as http:
            texts.update(_everything(site, http, key))
    # The kept masked content is really on the detail pages (so the search below means something).
    assert any('<pre class="kept">' in text for path, text in texts.items() if "/records/" in path)
    for where, text in texts.items():
        for value in RAW_VALUES:
            assert value not in text, f"a raw personal value appears in {where}"


def _everything(site: Site, http: httpx.Client, key: str) -> dict[str, str]:
    """Every page this key may open, every record's detail and both report files, as text."""
    who = key[:19]
    texts: dict[str, str] = {}
    for path in PAGES + (() if key == site.keys.reviewer else ("/dashboard/policy",)):
        answer = http.get(path)
        assert answer.status_code == 200, path
        texts[f"{who} {path}"] = answer.text
    details = sorted(set(re.findall(r'href="(/dashboard/audit/records/[^"]+)"', texts[f"{who} /dashboard/audit"])))
    assert details, "the audit log lists no record"
    for path in details:
        texts[f"{who} {path}"] = http.get(path).text
    texts[f"{who} csv"] = http.get("/dashboard/reports/download.csv").content.decode("utf-8-sig")
    texts[f"{who} xlsx"] = _xlsx_text(http.get("/dashboard/reports/download.xlsx").content)
    return texts
