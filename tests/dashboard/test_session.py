"""The dashboard's login and session: signed cookie, expiry, revocation, CSRF, roles, settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from audit.dashboard.session import COOKIE, SessionSigner
from gateway.app import create_app
from gateway.database import create_db_engine
from gateway.keys import SqlKeyStore
from gateway.runtime import build_runtime
from gateway.settings import Settings

ORIGIN = {"origin": "http://testserver"}


class NoDetector:
    def detect(self, text: str) -> list:
        return []


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'gateway.db'}", dashboard_secret="s" * 40)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(runtime=build_runtime(settings, detector=NoDetector()))
    with TestClient(app, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def store(settings: Settings, client: TestClient) -> SqlKeyStore:
    return SqlKeyStore(create_db_engine(settings.database_url))


def _login(client: TestClient, token: str, headers: dict[str, str] = ORIGIN):
    return client.post("/dashboard/login", data={"api_key": token}, headers=headers, follow_redirects=False)


def test_a_signed_cookie_is_refused_once_tampered_or_expired() -> None:
    signer = SessionSigner(b"k" * 32, max_age=60)
    cookie = signer.issue("0123456789abcdef", now=1000)
    assert signer.key_id(cookie, now=1030) == "0123456789abcdef"
    assert signer.key_id(cookie, now=1061) is None
    assert signer.key_id(cookie.replace("0123456789abcdef", "fedcba9876543210"), now=1030) is None
    assert SessionSigner(b"x" * 32, max_age=60).key_id(cookie, now=1030) is None
    fresh, other = signer.issue("0123456789abcdef"), signer.issue("0123456789abcdef")
    assert signer.csrf(fresh) and signer.csrf(fresh) != signer.csrf(other)
    assert signer.csrf(cookie) == ""  # expired: no token


def test_login_sets_an_httponly_strict_cookie_limited_to_the_dashboard(client: TestClient, store: SqlKeyStore) -> None:
    _, token = store.create("kato.caio", "soumu", ["caio"])
    answer = _login(client, token)
    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/dashboard" in cookie
    assert token not in cookie
    assert client.get("/dashboard/").status_code == 200


def test_a_staff_key_and_a_bad_key_are_refused_in_japanese(client: TestClient, store: SqlKeyStore) -> None:
    _, staff = store.create("suzuki.hanako", "soumu", ["staff"])
    refused = _login(client, staff)
    assert refused.status_code == 403 and "職員用" in refused.text and COOKIE not in refused.headers.get("set-cookie", "")
    bad = _login(client, "gw-0123456789abcdef_" + "x" * 43)
    assert bad.status_code == 401 and "APIキーが無効です" in bad.text


def test_a_login_from_another_origin_is_refused(client: TestClient, store: SqlKeyStore) -> None:
    _, token = store.create("kato.caio", "soumu", ["caio"])
    answer = _login(client, token, {"origin": "http://evil.example"})
    assert answer.status_code == 403 and "不正な送信元" in answer.text


def test_logout_needs_the_session_csrf_token(client: TestClient, store: SqlKeyStore) -> None:
    _, token = store.create("kato.caio", "soumu", ["caio"])
    _login(client, token)
    forged = client.post("/dashboard/logout", data={"csrf": "guess"}, headers=ORIGIN, follow_redirects=False)
    assert forged.status_code == 403
    page = client.get("/dashboard/").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    done = client.post("/dashboard/logout", data={"csrf": csrf}, headers=ORIGIN, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/dashboard/login"


def test_a_revoked_key_and_a_removed_role_lose_access(client: TestClient, store: SqlKeyStore, settings: Settings) -> None:
    principal, token = store.create("kimura.kansa", "soumu", ["auditor"])
    _login(client, token)
    assert client.get("/dashboard/audit").status_code == 200
    store.revoke(principal.key_id)
    gone = client.get("/dashboard/audit", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/dashboard/login"


@pytest.mark.parametrize(
    ("roles", "allowed", "refused"),
    [
        (["security-admin"], ["/dashboard/policy", "/dashboard/confidentiality"],
         ["/dashboard/", "/dashboard/audit", "/dashboard/reports", "/dashboard/departments"]),
        (["reviewer"], ["/dashboard/", "/dashboard/audit", "/dashboard/reports"], ["/dashboard/policy"]),
        (["auditor"], ["/dashboard/", "/dashboard/policy", "/dashboard/audit"], []),
    ],
)
def test_the_role_matrix(client: TestClient, store: SqlKeyStore, roles: list[str], allowed: list[str],
                         refused: list[str]) -> None:
    _, token = store.create("someone", "fukushi", roles)
    _login(client, token)
    for path in allowed:
        assert client.get(path).status_code == 200, path
    for path in refused:
        answer = client.get(path)
        assert answer.status_code == 403 and "権限がありません" in answer.text, path


def test_pages_without_a_session_redirect_to_the_login(client: TestClient) -> None:
    for path in ("/dashboard/", "/dashboard/audit", "/dashboard/reports/download.csv"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/dashboard/login"


def test_production_refuses_to_start_without_a_dashboard_secret() -> None:
    with pytest.raises(ValidationError, match="GATEWAY_DASHBOARD_SECRET"):
        Settings(environment="production", database_url="postgresql://db/gateway")
    with pytest.raises(ValidationError):
        Settings(dashboard_secret="too-short")


def test_pages_are_never_cached_and_load_nothing_from_elsewhere(client: TestClient, store: SqlKeyStore) -> None:
    _, token = store.create("kato.caio", "soumu", ["caio"])
    _login(client, token)
    answer = client.get("/dashboard/")
    assert answer.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert "http://" not in answer.text.replace("http://testserver", "") and "https://" not in answer.text
    for asset in ("vendor/chart.umd.min.js", "fonts/noto-sans-jp.css", "dashboard.css", "dashboard.js"):
        assert client.get(f"/dashboard/static/{asset}").status_code == 200, asset
