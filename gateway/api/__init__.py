"""HTTP routes: the OpenAI-compatible API, the dry run and the health check."""

from gateway.api import chat, health, inspect, models

ROUTERS = (chat.router, models.router, inspect.router, health.router)

__all__ = ["ROUTERS"]
