"""The dashboard session: a signed cookie naming the API key that logged in.

The cookie holds ``key_id.issued_at.nonce.signature`` (HMAC-SHA256 with
``GATEWAY_DASHBOARD_SECRET``), nothing else: no name, no role. It is HttpOnly,
SameSite=Strict, limited to ``/dashboard`` and Secure in production. Every
request looks the key up again, so a revoked key or a removed role loses
access at its next click, on every replica (they share the secret and the
database, not memory). A session ends ``dashboard_session_seconds`` after login.

POSTs carry a CSRF token derived from the session's nonce, and must come from
the same origin (``Origin`` header), which also covers the login form.

Example (a page another room adds):
    @router.get("/dashboard/reviews")
    async def reviews(request: Request, user: DashboardUser = Depends(require_user("caio", "reviewer"))):
        return render(request, "reviews.html", user, page="reviews")
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import anyio
from fastapi import Request
from sqlalchemy import Engine, select

from audit.dashboard.access import DASHBOARD_ROLES, PAGES, Scope
from gateway.database import transaction
from gateway.keys import ROLES, ApiKey
from gateway.settings import Settings

__all__ = [
    "COOKIE",
    "DashboardDenied",
    "DashboardUser",
    "LoginRequired",
    "SessionSigner",
    "check_csrf",
    "require_page",
    "require_user",
]

COOKIE = "gw_dashboard"
COOKIE_PATH = "/dashboard"
_UNAVAILABLE = "認証情報のデータベースに接続できません。管理者に連絡してください。"


class LoginRequired(Exception):
    """No valid session: the handler redirects to the login page."""


class DashboardDenied(Exception):
    """A logged-in user may not open this page (or a forged POST): the handler renders 403."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DashboardUser:
    """The person behind a dashboard session, as the key store says now.

    Example:
        >>> DashboardUser("0123456789abcdef", "kato.caio", "soumu", frozenset({"caio"}), "csrf").roles
        frozenset({'caio'})
    """

    key_id: str
    user: str
    department: str
    roles: frozenset[str]
    csrf: str

    def department_filter(self, scope: Scope) -> str | None:
        """The department to restrict queries to for ``scope``; None means every department."""
        return self.department if scope == "own" else None


@dataclass(frozen=True)
class SessionSigner:
    """Signs and checks session cookies with one secret shared by every replica.

    Example:
        >>> signer = SessionSigner(b"k" * 32, 3600)
        >>> signer.key_id(signer.issue("0123456789abcdef"))
        '0123456789abcdef'
    """

    secret: bytes
    max_age: int

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionSigner:
        # Outside production (refused there by Settings) a missing secret is a
        # random one: sessions then end when the process restarts.
        if settings.dashboard_secret is None:
            secret = secrets.token_bytes(32)
        else:
            secret = settings.dashboard_secret.get_secret_value().encode()
        return cls(secret, settings.dashboard_session_seconds)

    def issue(self, key_id: str, now: float | None = None) -> str:
        payload = f"{key_id}.{int(now if now is not None else time.time())}.{secrets.token_urlsafe(16)}"
        return f"{payload}.{self._sign(payload)}"

    def _parts(self, cookie: str, now: float | None = None) -> tuple[str, str] | None:
        payload, _, signature = cookie.rpartition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return None
        key_id, issued, nonce = (payload.split(".") + ["", "", ""])[:3]
        if not issued.isdigit() or not nonce:
            return None
        age = (now if now is not None else time.time()) - int(issued)
        if not 0 <= age <= self.max_age:
            return None
        return key_id, nonce

    def key_id(self, cookie: str, now: float | None = None) -> str | None:
        """The key id of a valid, unexpired cookie, else None."""
        parts = self._parts(cookie, now)
        return parts[0] if parts else None

    def csrf(self, cookie: str) -> str:
        """The CSRF token bound to this session (sent back in every form)."""
        parts = self._parts(cookie)
        return self._sign(f"csrf:{parts[1]}") if parts else ""

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self.secret, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _lookup(engine: Engine, key_id: str) -> DashboardUser | None:
    table = ApiKey.__table__
    with transaction(engine, _UNAVAILABLE) as conn:
        row = conn.execute(select(table).where(table.c.key_id == key_id)).first()
    if row is None or row.revoked_at is not None:
        return None
    roles = frozenset(row.roles.split(",")) & ROLES
    return DashboardUser(row.key_id, row.user_name, row.department, roles, "")


async def current_user(request: Request) -> DashboardUser:
    """The session's user, or LoginRequired (no cookie, bad signature, expired, revoked, no dashboard role)."""
    cookie = request.cookies.get(COOKIE, "")
    signer: SessionSigner = request.app.state.dashboard_signer
    key_id = signer.key_id(cookie) if cookie else None
    if key_id is None:
        raise LoginRequired
    user = await anyio.to_thread.run_sync(_lookup, request.app.state.runtime.engine, key_id)
    if user is None or not user.roles & DASHBOARD_ROLES:
        raise LoginRequired
    return DashboardUser(user.key_id, user.user, user.department, user.roles, signer.csrf(cookie))


def require_user(*roles: str) -> Callable[[Request], Awaitable[DashboardUser]]:
    """A dependency: the logged-in user, who must hold one of ``roles``."""
    wanted = frozenset(roles)

    async def dependency(request: Request) -> DashboardUser:
        user = await current_user(request)
        if not user.roles & wanted:
            raise DashboardDenied("このページを表示する権限がありません。")
        return user

    return dependency


def require_page(name: str) -> Callable[[Request], Awaitable[tuple[DashboardUser, Scope]]]:
    """A dependency: the logged-in user and the scope ``PAGES[name]`` grants them."""
    page = PAGES[name]

    async def dependency(request: Request) -> tuple[DashboardUser, Scope]:
        user = await current_user(request)
        scope = page.scope_for(user.roles)
        if scope is None:
            raise DashboardDenied(f"「{page.label}」を表示する権限がありません。")
        return user, scope

    return dependency


def check_csrf(request: Request, form: dict[str, str], user: DashboardUser | None) -> None:
    """Refuse a POST from another origin, or one without this session's CSRF token."""
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    host = request.headers.get("host", "")
    if urlsplit(origin).netloc != host:
        raise DashboardDenied("不正な送信元からの操作のため受け付けませんでした。画面を開き直してください。")
    if user is not None and not hmac.compare_digest(form.get("csrf", ""), user.csrf):
        raise DashboardDenied("画面の有効期限が切れました。画面を開き直してから操作してください。")
