"""Forward stage: call the decided model, then its allowed fallbacks in order.

The fallbacks come from the decision, which lists only models that the policy
allows for this request's level, so a failing provider can never push a
request to a less trusted one. A stream falls back only before its first chunk:
after that the caller has already seen part of an answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from gateway.errors import UpstreamError
from gateway.pipeline.exchange import Exchange
from gateway.providers.base import Provider, ProviderCall

if TYPE_CHECKING:
    from gateway.runtime import Runtime

__all__ = ["Forwarded", "complete", "open_stream"]


class Forwarded:
    """Which model answered and which provider (for its restore behaviour)."""

    def __init__(self, model: str, provider: Provider) -> None:
        self.model = model
        self.provider = provider


def _candidates(exchange: Exchange, runtime: Runtime) -> list[tuple[ProviderCall, Provider]]:
    decision = exchange.decision
    assert decision is not None and decision.model is not None and exchange.outbound_messages is not None
    calls = []
    for model_id in (decision.model, *decision.fallbacks):
        spec = runtime.policy.models[model_id]
        calls.append((ProviderCall(spec, exchange.outbound_messages, exchange.params), runtime.providers.for_model(spec)))
    return calls


async def complete(exchange: Exchange, runtime: Runtime) -> tuple[dict[str, Any], Forwarded]:
    last_error: UpstreamError | None = None
    for call, provider in _candidates(exchange, runtime):
        try:
            return await provider.complete(call), Forwarded(call.model.id, provider)
        except UpstreamError as error:
            last_error = error
    assert last_error is not None
    raise last_error


async def open_stream(exchange: Exchange, runtime: Runtime) -> tuple[AsyncIterator[dict[str, Any]], Forwarded]:
    last_error: UpstreamError | None = None
    for call, provider in _candidates(exchange, runtime):
        chunks = provider.stream(call).__aiter__()
        try:
            first = await chunks.__anext__()
        except StopAsyncIteration:
            return _empty(), Forwarded(call.model.id, provider)
        except UpstreamError as error:
            last_error = error
            continue
        return _prepend(first, chunks), Forwarded(call.model.id, provider)
    assert last_error is not None
    raise last_error


async def _prepend(first: dict[str, Any], rest: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    yield first
    async for chunk in rest:
        yield chunk


async def _empty() -> AsyncIterator[dict[str, Any]]:
    return
    yield
