"""What the recording upstream answers: OpenAI chat completions, whole or streamed.

A ``Reply`` says how to answer; the functions here turn a request body and a
reply into the JSON payload or the server-sent events OpenAI would send. With
neither ``text`` nor ``tool_calls`` the reply echoes the last user message, so a
test can see the placeholders the gateway sent come back to it.

Example:
    >>> body = {"model": "m", "messages": [{"role": "user", "content": "こんにちは"}]}
    >>> completion(body, Reply())["choices"][0]["message"]["content"]
    'こんにちは'
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import orjson

__all__ = ["Reply", "completion", "error_payload", "stream_events"]

_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Reply:
    """How the upstream answers the next chat completions.

    Example:
        >>> Reply(tool_calls=({"name": "lookup", "arguments": {"id": 1}},)).tool_calls[0]["function"]
        {'name': 'lookup', 'arguments': '{"id":1}'}
    """

    text: str | None = None
    tool_calls: tuple[dict[str, Any], ...] = ()
    status: int = 200
    error_body: dict[str, Any] | None = None
    delay_s: float = 0.0
    stream_chunk_chars: int = 3

    def __post_init__(self) -> None:
        HTTPStatus(self.status)  # raises ValueError for a number that is no HTTP status
        if self.delay_s < 0 or self.stream_chunk_chars < 1:
            raise ValueError("delay_s must be >= 0 and stream_chunk_chars >= 1")
        calls = tuple(_openai_tool_call(index, call) for index, call in enumerate(self.tool_calls))
        object.__setattr__(self, "tool_calls", calls)


def _openai_tool_call(index: int, call: dict[str, Any]) -> dict[str, Any]:
    # Accept the OpenAI shape {"id", "type", "function": {"name", "arguments"}}
    # and the short {"name", "arguments"}; arguments may be a dict or a JSON string.
    function = call.get("function", call)
    if not isinstance(function.get("name"), str):
        raise ValueError(f"tool call {index} has no function name")
    arguments = function.get("arguments", {})
    if not isinstance(arguments, str):
        arguments = orjson.dumps(arguments).decode()
    return {
        "id": call.get("id", f"call_{index}"),
        "type": "function",
        "function": {"name": function["name"], "arguments": arguments},
    }


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text")
    return ""


def _answer(body: dict[str, Any], reply: Reply) -> str | None:
    if reply.text is not None or reply.tool_calls:
        return reply.text
    users = [message for message in body.get("messages", ()) if isinstance(message, dict) and message.get("role") == "user"]
    return _text_of(users[-1].get("content")) if users else ""


def _usage(body: dict[str, Any], answer: str | None, reply: Reply) -> dict[str, int]:
    # Rough counts (two characters a token) are enough for the gateway's audit.
    messages = [m for m in body.get("messages", ()) if isinstance(m, dict)]
    prompt = sum(len(_text_of(m.get("content"))) for m in messages) // 2 + 1
    produced = len(answer or "") + sum(len(call["function"]["arguments"]) for call in reply.tool_calls)
    completion_tokens = produced // 2 + 1
    return {"prompt_tokens": prompt, "completion_tokens": completion_tokens, "total_tokens": prompt + completion_tokens}


def _header(body: dict[str, Any], kind: str) -> dict[str, Any]:
    return {"id": f"chatcmpl-{next(_ids)}", "object": kind, "created": int(time.time()), "model": body.get("model", "")}


def completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """The ``chat.completion`` object answering ``body``."""
    answer = _answer(body, reply)
    message: dict[str, Any] = {"role": "assistant", "content": answer, "refusal": None}
    if reply.tool_calls:
        message["tool_calls"] = list(reply.tool_calls)
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": "tool_calls" if reply.tool_calls else "stop"}
    return {**_header(body, "chat.completion"), "choices": [choice], "usage": _usage(body, answer, reply)}


def _pieces(text: str, size: int) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]


def _tool_call_deltas(reply: Reply) -> list[dict[str, Any]]:
    # OpenAI sends the id and name first, then the arguments in fragments.
    deltas = []
    for index, call in enumerate(reply.tool_calls):
        function = call["function"]
        opening = {"index": index, "id": call["id"], "type": "function", "function": {"name": function["name"], "arguments": ""}}
        deltas.append({"tool_calls": [opening]})
        for piece in _pieces(function["arguments"], reply.stream_chunk_chars):
            deltas.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    return deltas


def stream_events(body: dict[str, Any], reply: Reply) -> list[bytes]:
    """The server-sent events answering ``body`` with ``stream: true``, ``data: [DONE]`` last."""
    answer = _answer(body, reply)
    header = _header(body, "chat.completion.chunk")
    with_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    extra = {"usage": None} if with_usage else {}
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": "" if answer is not None else None, "refusal": None}]
    deltas += [{"content": piece} for piece in _pieces(answer or "", reply.stream_chunk_chars)]
    deltas += _tool_call_deltas(reply)
    chunks = [{**header, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": None}], **extra} for delta in deltas]
    finish_reason = "tool_calls" if reply.tool_calls else "stop"
    chunks.append({**header, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": finish_reason}], **extra})
    if with_usage:
        chunks.append({**header, "choices": [], "usage": _usage(body, answer, reply)})
    return [b"data: " + orjson.dumps(chunk) + b"\n\n" for chunk in chunks] + [b"data: [DONE]\n\n"]


def error_payload(status: int, message: str | None = None) -> dict[str, Any]:
    """The OpenAI error object for ``status``."""
    kind = "server_error" if status >= 500 else "invalid_request_error"
    text = message or f"recording upstream answered {status} {HTTPStatus(status).phrase}"
    return {"error": {"message": text, "type": kind, "code": None, "param": None}}
