"""Making the chunks that the answer stages add to a stream, in the shape of the provider's own.

Example:
    >>> template = chunk_template({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []})
    >>> delta_chunk(template, 0, {"content": "※生成AIの出力です"})["choices"]
    [{'index': 0, 'delta': {'content': '※生成AIの出力です'}, 'finish_reason': None}]
"""

from __future__ import annotations

from typing import Any

__all__ = ["chunk_template", "delta_chunk"]

_HEAD = ("id", "object", "created", "model")


def chunk_template(chunk: dict[str, Any]) -> dict[str, Any]:
    """The fields every chunk of one stream shares (id, object, created, model)."""
    return {key: chunk[key] for key in _HEAD if key in chunk}


def delta_chunk(template: dict[str, Any], index: int, delta: dict[str, Any]) -> dict[str, Any]:
    """A chunk of the stream carrying ``delta`` for choice ``index``, not finishing it."""
    return {**template, "choices": [{"index": index, "delta": delta, "finish_reason": None}]}
