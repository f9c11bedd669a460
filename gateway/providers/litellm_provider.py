"""Every real provider, through the litellm SDK (the only module that imports litellm).

Any litellm model string works (``azure/gpt-4o``, ``bedrock/...``,
``hosted_vllm/...``, ``openai/...`` with an ``api_base``). Secrets are resolved
from the environment at call time, never read from YAML. litellm's own errors
become ``UpstreamError`` / ``UpstreamTimeout``, whose messages hold the model
id and an HTTP status but never the provider's text (it may echo the prompt).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from gateway.errors import UpstreamError
from gateway.providers.base import ProviderCall, resolve_api_key, upstream_failed, upstream_timed_out

__all__ = ["LitellmProvider"]

log = logging.getLogger(__name__)


class LitellmProvider:
    restores_placeholders = True

    def __init__(self) -> None:
        # Closed network: litellm must use its bundled price map and never
        # fetch tokenizers. Message bodies (already masked) are never logged:
        # no litellm callback is registered and its loggers stay at WARNING.
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        import litellm

        litellm.telemetry = False
        litellm.suppress_debug_info = True
        litellm.disable_hf_tokenizer_download = True
        litellm.drop_params = False
        for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy"):
            logging.getLogger(name).setLevel(logging.WARNING)
        _skip_usd_cost_calculation()
        self._litellm = litellm

    async def complete(self, call: ProviderCall) -> dict[str, Any]:
        try:
            response = await self._litellm.acompletion(**self._arguments(call, stream=False))
        except Exception as exc:  # litellm raises many types; all become one of ours
            raise _translate(exc, call) from None
        return response.model_dump(exclude_none=True)

    async def stream(self, call: ProviderCall) -> AsyncIterator[dict[str, Any]]:
        try:
            response = await self._litellm.acompletion(**self._arguments(call, stream=True))
            async for chunk in response:
                yield chunk.model_dump(exclude_none=True)
        except Exception as exc:
            raise _translate(exc, call) from None

    def _arguments(self, call: ProviderCall, *, stream: bool) -> dict[str, Any]:
        spec = call.model
        arguments: dict[str, Any] = {
            **spec.params,
            **call.params,
            "model": spec.litellm_model,
            "messages": call.messages,
            "stream": stream,
            "timeout": spec.timeout_s,
            "num_retries": spec.num_retries,
        }
        if spec.api_base:
            arguments["api_base"] = spec.api_base
        if (key := resolve_api_key(spec)) is not None:
            arguments["api_key"] = key
        return arguments


def _skip_usd_cost_calculation() -> None:
    """Switch off litellm's per-call USD cost calculation.

    The gateway prices usage itself, in yen, from the policy; litellm's figure
    is never read. Computing it walks litellm's price map and its
    generalisation rules on every call (on-premises and LGWAN model names are
    never in that map), which measured 2-3 ms of the gateway's ~10 ms budget
    per request. litellm is pinned exactly, and a test checks that this hook
    still exists, so an upgrade that moves it fails loudly.
    """
    from litellm.litellm_core_utils.litellm_logging import Logging

    def no_cost(self: Logging, *args: Any, **kwargs: Any) -> None:
        return None

    Logging.response_cost_calculator = no_cost  # type: ignore[method-assign]


def _translate(exc: Exception, call: ProviderCall) -> UpstreamError:
    if isinstance(exc, UpstreamError):
        return exc
    import litellm

    model = call.model.id
    status = getattr(exc, "status_code", None)
    log.warning("upstream call failed: model=%s type=%s status=%s", model, type(exc).__name__, status)
    if isinstance(exc, (litellm.exceptions.Timeout, TimeoutError)):
        return upstream_timed_out(model)
    return upstream_failed(model, status if isinstance(status, int) else None)
