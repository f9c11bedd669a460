"""The built-in offline model: it answers with exactly what a provider would receive.

Anyone can point a chat client at ``preview`` and see what leaves the building
(placeholders and all) without any network. Its answer is the JSON body that
would have been sent upstream.

Example answer content::

    {"model": "preview", "messages": [{"role": "user", "content": "<PERSON_1>さんの件"}]}
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from gateway.providers.base import ProviderCall

__all__ = ["PreviewProvider"]

_CHUNK_CHARS = 16


class PreviewProvider:
    restores_placeholders = False

    async def complete(self, call: ProviderCall) -> dict[str, Any]:
        text = _render(call)
        return {
            "id": _completion_id(),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": call.model.id,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": _usage(call, text),
        }

    async def stream(self, call: ProviderCall) -> AsyncIterator[dict[str, Any]]:
        text = _render(call)
        base = {"id": _completion_id(), "object": "chat.completion.chunk", "created": int(time.time()), "model": call.model.id}
        yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}
        for start in range(0, len(text), _CHUNK_CHARS):
            piece = text[start : start + _CHUNK_CHARS]
            yield {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        if (call.params.get("stream_options") or {}).get("include_usage"):
            yield {**base, "choices": [], "usage": _usage(call, text)}


def _render(call: ProviderCall) -> str:
    params = {k: v for k, v in call.params.items() if k not in ("stream", "stream_options")}
    return json.dumps({"model": call.model.id, "messages": call.messages, **params}, ensure_ascii=False, indent=2)


def _usage(call: ProviderCall, text: str) -> dict[str, int]:
    # No tokenizer offline: about two characters a token is close for Japanese.
    prompt = sum(len(json.dumps(m, ensure_ascii=False)) for m in call.messages) // 2
    completion = len(text) // 2
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _completion_id() -> str:
    return f"chatcmpl-preview-{uuid.uuid4().hex[:24]}"
