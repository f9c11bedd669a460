"""The application factory: ``create_app(settings)`` builds nothing at import time.

Its lifespan builds the runtime (policy, analyzer, stores, providers) once and
passes it to the routes through ``app.state.runtime``. A runtime may be passed
in, which is how tests swap in a failing detector or audit store.

Example:
    uvicorn.run(create_app(Settings()), port=8080)
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from audit.dashboard import install_dashboard
from gateway.api import ROUTERS
from gateway.api.errors import install_error_handlers
from gateway.idle_work import IdleWorkMiddleware
from gateway.runtime import Runtime, build_runtime
from gateway.settings import Settings

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or (runtime.settings if runtime else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = built = runtime or build_runtime(settings)
        # The analyzer, litellm's model tables and the policy are millions of
        # long-lived objects; without this every full collection walks them
        # all and stalls requests by 100 ms and more.
        gc.collect()
        gc.freeze()
        idle_work = asyncio.create_task(built.idle.run(), name="idle-work")
        try:
            yield
        finally:
            idle_work.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await idle_work
            await built.providers.aclose()
            built.close()

    app = FastAPI(title="自治体向け生成AIゲートウェイ", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    for router in ROUTERS:
        app.include_router(router)
    install_error_handlers(app)
    app.add_middleware(IdleWorkMiddleware, idle=lambda: app.state.runtime.idle)
    # The CAIO's dashboard (audit room): its own routes, static files and login.
    install_dashboard(app, settings)
    return app
