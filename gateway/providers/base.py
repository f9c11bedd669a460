"""The seam between the pipeline and whatever answers a chat request.

Only ``gateway.providers.litellm_provider`` imports litellm. Tests and the
offline ``preview`` model implement the same two-method Protocol, the way
httpx's transports do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from policies import ModelSpec

__all__ = ["Provider", "ProviderCall"]


@dataclass(frozen=True)
class ProviderCall:
    """What goes upstream: the masked messages and the parameters passed through."""

    model: ModelSpec
    messages: list[dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)


class Provider(Protocol):
    # False for a provider that shows the caller what was sent (placeholders
    # included): restoring them would hide exactly what it exists to show.
    restores_placeholders: bool

    async def complete(self, call: ProviderCall) -> dict[str, Any]:
        """Return an OpenAI ``chat.completion`` object as a dict."""
        ...

    def stream(self, call: ProviderCall) -> AsyncIterator[dict[str, Any]]:
        """Yield OpenAI ``chat.completion.chunk`` objects as dicts."""
        ...
