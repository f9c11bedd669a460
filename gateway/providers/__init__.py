"""Providers: the built-in ``preview`` model, OpenAI-compatible endpoints, and every litellm-backed model."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.providers.base import Provider, ProviderCall
from gateway.providers.preview import PreviewProvider
from policies import ModelSpec

__all__ = ["Provider", "ProviderCall", "ProviderRegistry"]


class ProviderRegistry:
    """Maps a model's ``provider`` kind to the object that calls it.

    ``overrides`` lets tests put a fake in place of a kind, the way httpx's
    MockTransport replaces a transport, instead of patching.
    """

    def __init__(self, overrides: Mapping[str, Provider] | None = None, *, litellm_bridge: str | None = None) -> None:
        self._providers: dict[str, Provider] = {"preview": PreviewProvider(), **(overrides or {})}
        # Set by `gateway serve`: litellm calls go to its bridge process instead of importing litellm here.
        self._litellm_bridge = litellm_bridge

    def for_model(self, spec: ModelSpec) -> Provider:
        if spec.provider not in self._providers:
            self._providers[spec.provider] = self._create(spec.provider)
        return self._providers[spec.provider]

    def warm_up(self, specs: list[ModelSpec]) -> None:
        """Create every provider the policy uses now, so the first request does not pay for imports."""
        for spec in specs:
            self.for_model(spec)

    async def aclose(self) -> None:
        """Release the providers' HTTP connections (at shutdown)."""
        for provider in self._providers.values():
            if (close := getattr(provider, "aclose", None)) is not None:
                await close()

    def _create(self, kind: str) -> Provider:
        if kind == "openai_compatible":
            from gateway.providers.openai_compatible import OpenAICompatibleProvider

            return OpenAICompatibleProvider()
        if kind == "litellm" and self._litellm_bridge:
            from gateway.providers.litellm_bridge import LitellmBridgeProvider

            return LitellmBridgeProvider(self._litellm_bridge)
        if kind == "litellm":
            # Imported only when the policy routes a model through litellm (~200 MB, ~6 s).
            from gateway.providers.litellm_provider import LitellmProvider

            return LitellmProvider()
        raise ValueError(f"unknown provider kind: {kind}")
