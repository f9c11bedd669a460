"""Restore stage: put the caller's own values back where the answer holds placeholders.

Only placeholders that this request issued are restored (``PlaceholderMap``
ignores any other), in message content and in tool-call arguments. In tool-call
arguments the values are restored inside the JSON strings, so the arguments
stay valid JSON.
"""

from __future__ import annotations

import json
from typing import Any

from gateway.masking import PlaceholderMap, StreamRestorer
from gateway.pipeline.chunks import chunk_template, delta_chunk

__all__ = ["StreamingRestore", "restore_completion"]


def restore_completion(response: dict[str, Any], placeholders: PlaceholderMap) -> dict[str, Any]:
    for choice in response.get("choices") or []:
        message = choice.get("message") or {}
        if isinstance(message.get("content"), str):
            message["content"] = placeholders.restore(message["content"])
        for call in message.get("tool_calls") or []:
            function = call.get("function") or {}
            if isinstance(function.get("arguments"), str):
                function["arguments"] = restore_arguments(function["arguments"], placeholders)
    return response


def restore_arguments(arguments: str, placeholders: PlaceholderMap) -> str:
    try:
        parsed = json.loads(arguments)
    except ValueError:
        return placeholders.restore(arguments)
    return json.dumps(_restore_values(parsed, placeholders), ensure_ascii=False)


def _restore_values(value: Any, placeholders: PlaceholderMap) -> Any:
    if isinstance(value, str):
        return placeholders.restore(value)
    if isinstance(value, list):
        return [_restore_values(v, placeholders) for v in value]
    if isinstance(value, dict):
        return {k: _restore_values(v, placeholders) for k, v in value.items()}
    return value


class StreamingRestore:
    """Restores a stream of chunks: one restorer per choice's content and per tool call's arguments."""

    def __init__(self, placeholders: PlaceholderMap) -> None:
        self._placeholders = placeholders
        self._restorers: dict[tuple[Any, ...], StreamRestorer] = {}
        self._template: dict[str, Any] | None = None

    def _restorer(self, key: tuple[Any, ...]) -> StreamRestorer:
        if key not in self._restorers:
            self._restorers[key] = StreamRestorer(self._placeholders)
        return self._restorers[key]

    def feed(self, chunk: dict[str, Any]) -> dict[str, Any]:
        if self._template is None:
            self._template = chunk_template(chunk)
        for choice in chunk.get("choices") or []:
            index = choice.get("index", 0)
            delta = choice.get("delta") or {}
            if isinstance(delta.get("content"), str):
                delta["content"] = self._restorer(("content", index)).feed(delta["content"])
            for call in delta.get("tool_calls") or []:
                function = call.get("function") or {}
                if isinstance(function.get("arguments"), str):
                    key = ("tool", index, call.get("index", 0))
                    function["arguments"] = self._restorer(key).feed(function["arguments"])
            if choice.get("finish_reason") and ("content", index) in self._restorers:
                # The end of a choice: what was held back goes out before it finishes.
                held = self._restorers.pop(("content", index)).flush()
                if held:
                    choice["delta"] = {**delta, "content": (delta.get("content") or "") + held}
        return chunk

    def flush(self, *, restore: bool = True) -> list[dict[str, Any]]:
        """Chunks carrying whatever the restorers still hold back (normally nothing).

        ``restore=False`` passes the held text on as it is: for an answer that
        turned out to hold a placeholder the gateway never issued.
        """
        chunks = []
        for key, restorer in self._restorers.items():
            rest = restorer.flush() if restore else restorer.release()
            if not rest:
                continue
            if key[0] == "content":
                delta: dict[str, Any] = {"content": rest}
            else:
                delta = {"tool_calls": [{"index": key[2], "function": {"arguments": rest}}]}
            chunks.append(delta_chunk(self._template or {}, key[1], delta))
        self._restorers.clear()
        return chunks
