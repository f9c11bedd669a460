"""Login with an API key, and logout.

The key is checked by the gateway's own key store; a key without a dashboard
role (a staff key) is refused with a message saying which roles are needed.
The form is a plain POST from the same origin; the answer sets the session
cookie and redirects (303) to the first page the user may open.

Example:
    POST /dashboard/login  api_key=gw-0123456789abcdef_...
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from audit.dashboard.access import DASHBOARD_ROLES, PAGES
from audit.dashboard.context import runtime_of
from audit.dashboard.rendering import render
from audit.dashboard.session import COOKIE, COOKIE_PATH, SessionSigner, check_csrf, current_user
from gateway.errors import AuthenticationFailed

__all__ = ["read_form", "router"]

router = APIRouter()

_FORM_MAX = 8_192
_STAFF_ONLY = (
    "このAPIキー（職員用）ではダッシュボードを利用できません。"
    "CAIO・監査担当・確認者（所属長）・情報セキュリティ担当のいずれかの役割を持つキーでログインしてください。"
)
_INVALID = "APIキーが無効です（存在しないか、失効しています）。キーを確認してください。"


async def read_form(request: Request) -> dict[str, str]:
    """A small urlencoded form (the dashboard's forms hold a few short fields)."""
    body = await request.body()
    if len(body) > _FORM_MAX:
        return {}
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[0] for name, values in parsed.items()}


def _login_page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    hours = runtime_of(request).settings.dashboard_session_seconds // 3600
    return render(request, "login.html", None, status_code, title="ログイン", error=error, hours=hours)


@router.get("/dashboard/login", response_class=HTMLResponse, name="dashboard_login")
async def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/dashboard/login", name="dashboard_login_submit")
async def login(request: Request) -> Response:
    check_csrf(request, {}, None)
    form = await read_form(request)
    try:
        principal = await runtime_of(request).keys.authenticate(form.get("api_key", "").strip())
    except AuthenticationFailed:
        return _login_page(request, _INVALID, 401)
    if not principal.roles & DASHBOARD_ROLES:
        return _login_page(request, _STAFF_ONLY, 403)
    first = next(page for page in PAGES.values() if page.scope_for(principal.roles))
    signer: SessionSigner = request.app.state.dashboard_signer
    response = RedirectResponse(first.path, status_code=303)
    response.set_cookie(
        COOKIE,
        signer.issue(principal.key_id),
        max_age=signer.max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=runtime_of(request).settings.environment == "production",
    )
    return response


@router.post("/dashboard/logout", name="dashboard_logout")
async def logout(request: Request) -> Response:
    user = await current_user(request)
    check_csrf(request, await read_form(request), user)
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")
    return response
