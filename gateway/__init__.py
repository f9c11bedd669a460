"""The staff-facing gateway: an OpenAI-compatible API that governs every request.

Example:
    >>> from gateway import Settings, create_app
    >>> app = create_app(Settings())      # nothing is built until the app starts
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Settings", "create_app"]

if TYPE_CHECKING:
    from gateway.app import create_app
    from gateway.settings import Settings


def __getattr__(name: str) -> Any:
    # Lazy, so that importing a small module (gateway.findings) stays cheap.
    if name == "create_app":
        from gateway.app import create_app

        return create_app
    if name == "Settings":
        from gateway.settings import Settings

        return Settings
    raise AttributeError(name)
