"""HTTP routes: the OpenAI-compatible API, the dry run, the review items and the health check."""

from gateway.api import chat, health, inspect, models, reviews

ROUTERS = (chat.router, models.router, inspect.router, reviews.router, health.router)

__all__ = ["ROUTERS"]
