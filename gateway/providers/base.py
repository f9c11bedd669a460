"""The seam between the pipeline and whatever answers a chat request.

Only ``gateway.providers.litellm_provider`` imports litellm. The OpenAI-compatible
provider, tests and the offline ``preview`` model implement the same two-method
Protocol, the way httpx's transports do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from gateway.errors import UpstreamError, UpstreamTimeout
from policies import ModelSpec

__all__ = ["Provider", "ProviderCall", "resolve_api_key", "upstream_failed", "upstream_timed_out"]


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


def resolve_api_key(spec: ModelSpec) -> str | None:
    """The model's API key from the environment; a clear UpstreamError (naming no value) when it is missing."""
    if spec.api_key is None:
        return None
    try:
        return spec.api_key.resolve()
    except Exception:
        raise UpstreamError(f"モデル「{spec.id}」の接続設定（シークレット）が見つかりません。管理者に連絡してください。") from None


def upstream_failed(model_id: str, status: int | None = None) -> UpstreamError:
    """The 502 for a failed provider call; it names the model and the HTTP status, never the provider's text."""
    detail = f" (HTTP {status})" if status is not None else ""
    return UpstreamError(
        f"モデル「{model_id}」の呼び出しに失敗しました{detail}。時間をおいて再度お試しいただくか、管理者に連絡してください。"
    )


def upstream_timed_out(model_id: str) -> UpstreamTimeout:
    """The 504 for a provider that did not answer within its ``timeout_s``."""
    return UpstreamTimeout(f"モデル「{model_id}」が制限時間内に応答しませんでした。時間をおいて再度お試しください。")
