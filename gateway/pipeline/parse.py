"""Parse stage: a chat request body becomes an ``Exchange`` with every text to scan.

Every text part of every message is scanned: string content, the ``text`` of
each content part, a message's ``name`` and each tool call's ``arguments``.
Parts that cannot be scanned (images, audio, files) are refused rather than
forwarded unseen: the gateway fails closed.

Example:
    >>> [s.path for s in text_slots([{"role": "user", "content": [{"type": "text", "text": "こんにちは"}]}])]
    [('content', 0, 'text')]
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

import orjson

from gateway.errors import BadRequest
from gateway.keys import Principal
from gateway.pipeline.exchange import Exchange, Path, TextSlot

__all__ = ["parse_chat", "replace_texts", "text_slots"]

ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
# Keys of the body that the gateway reads itself; everything else passes through.
_OWN_KEYS = frozenset({"model", "messages", "stream"})
_GATEWAY_METADATA = ("use_case", "declared_level")


def parse_json_body(body: bytes) -> dict[str, Any]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("リクエスト本文が UTF-8 ではありません。(request body is not valid UTF-8)") from None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise BadRequest("リクエスト本文が正しい JSON ではありません。(malformed JSON)") from None
    if not isinstance(data, dict):
        raise BadRequest("リクエスト本文は JSON オブジェクトである必要があります。(body must be a JSON object)")
    return data


def parse_chat(body: bytes, headers: Mapping[str, str], principal: Principal, request_id: str) -> Exchange:
    data = parse_json_body(body)
    model = data.get("model")
    if not isinstance(model, str) or not model:
        raise BadRequest("model を文字列で指定してください。", param="model")
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("messages には 1 件以上のメッセージを配列で指定してください。", param="messages")
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise BadRequest("stream は true か false で指定してください。", param="stream")
    slots = text_slots(messages)
    params = {k: v for k, v in data.items() if k not in _OWN_KEYS}
    gateway_meta = _pop_gateway_metadata(params)
    return Exchange(
        request_id=request_id,
        principal=principal,
        model=model,
        messages=messages,
        params=params,
        stream=stream,
        declared_level=headers.get("x-gateway-declared-level") or gateway_meta.get("declared_level"),
        use_case=headers.get("x-gateway-use-case") or gateway_meta.get("use_case"),
        client=headers.get("user-agent", "")[:200],
        slots=slots,
    )


def text_slots(messages: list[Any]) -> list[TextSlot]:
    slots: list[TextSlot] = []
    for index, message in enumerate(messages):
        param = f"messages[{index}]"
        if not isinstance(message, dict):
            raise BadRequest(f"{param} はオブジェクトである必要があります。", param=param)
        if message.get("role") not in ROLES:
            raise BadRequest(f"{param}.role が不正です ({', '.join(sorted(ROLES))})。", param=f"{param}.role")
        slots.extend(_content_slots(index, message.get("content"), param))
        name = message.get("name")
        if name is not None:
            _require_str(name, f"{param}.name")
            slots.append(TextSlot(index, ("name",), name))
        slots.extend(_tool_call_slots(index, message.get("tool_calls"), param))
    return slots


def _content_slots(index: int, content: Any, param: str) -> list[TextSlot]:
    if content is None:
        return []
    if isinstance(content, str):
        return [TextSlot(index, ("content",), content)]
    if not isinstance(content, list):
        raise BadRequest(f"{param}.content は文字列またはパーツの配列である必要があります。", param=f"{param}.content")
    slots = []
    for part_index, part in enumerate(content):
        where = f"{param}.content[{part_index}]"
        if not isinstance(part, dict) or part.get("type") != "text":
            raise BadRequest(
                f"{where}: テキスト以外の入力（画像・音声・ファイル）は検査できないため送信できません。", param=where
            )
        _require_str(part.get("text"), f"{where}.text")
        slots.append(TextSlot(index, ("content", part_index, "text"), part["text"]))
    return slots


def _tool_call_slots(index: int, tool_calls: Any, param: str) -> list[TextSlot]:
    if tool_calls is None:
        return []
    if not isinstance(tool_calls, list):
        raise BadRequest(f"{param}.tool_calls は配列である必要があります。", param=f"{param}.tool_calls")
    slots = []
    for call_index, call in enumerate(tool_calls):
        where = f"{param}.tool_calls[{call_index}].function.arguments"
        function = call.get("function") if isinstance(call, dict) else None
        arguments = function.get("arguments") if isinstance(function, dict) else None
        _require_str(arguments, where)
        # Escaped JSON (\\u5c71...) would hide names from the detector: scan
        # and send the same JSON written in plain characters.
        function["arguments"] = _unescape_json(arguments)
        slots.append(TextSlot(index, ("tool_calls", call_index, "function", "arguments"), function["arguments"]))
    return slots


def _unescape_json(arguments: str) -> str:
    if "\\u" not in arguments:
        return arguments
    try:
        return json.dumps(json.loads(arguments), ensure_ascii=False)
    except ValueError:
        return arguments


def _require_str(value: Any, param: str) -> None:
    if not isinstance(value, str):
        raise BadRequest(f"{param} は文字列である必要があります。", param=param)


def _pop_gateway_metadata(params: dict[str, Any]) -> dict[str, str]:
    metadata = params.get("metadata")
    if not isinstance(metadata, dict):
        return {}
    ours = {key: metadata[key] for key in _GATEWAY_METADATA if isinstance(metadata.get(key), str)}
    rest = {k: v for k, v in metadata.items() if k not in _GATEWAY_METADATA}
    if rest:
        params["metadata"] = rest
    else:
        params.pop("metadata")
    return ours


def replace_texts(messages: list[dict[str, Any]], replacements: Mapping[tuple[int, Path], str]) -> list[dict[str, Any]]:
    """Return a copy of ``messages`` with the given slots replaced; untouched messages are shared."""
    result = list(messages)
    copied: set[int] = set()
    for (index, path), text in replacements.items():
        if index not in copied:
            result[index] = _copy_json(messages[index])
            copied.add(index)
        target: Any = result[index]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = text
    return result


def _copy_json(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists and immutable scalars), several times faster than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return copy.deepcopy(value) if not isinstance(value, str | int | float | bool | None) else value
