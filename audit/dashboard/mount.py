"""Mounting the dashboard on the gateway's app: routes, static files, session signer, errors.

Example:
    app = FastAPI()
    install_dashboard(app, settings)   # /dashboard/..., /dashboard/static/...
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from audit.dashboard.pages import ROUTERS
from audit.dashboard.rendering import render
from audit.dashboard.session import DashboardDenied, LoginRequired, SessionSigner, current_user
from gateway.settings import Settings

__all__ = ["install_dashboard"]

STATIC = Path(__file__).resolve().parent / "static"


def install_dashboard(app: FastAPI, settings: Settings) -> None:
    """Add the dashboard's routes and handlers to ``app``."""
    app.state.dashboard_signer = SessionSigner.from_settings(settings)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/dashboard/static", StaticFiles(directory=STATIC), name="dashboard_static")

    @app.get("/dashboard", include_in_schema=False)
    async def _root() -> RedirectResponse:
        return RedirectResponse("/dashboard/", status_code=307)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/dashboard/login", status_code=303)

    @app.exception_handler(DashboardDenied)
    async def _denied(request: Request, exc: DashboardDenied) -> HTMLResponse:
        try:
            user = await current_user(request)
        except LoginRequired:
            user = None
        return render(request, "error.html", user, 403, title="表示できません", message=exc.message)
