"""Label stage: mark the answer as AI output, as the use-case's policy says.

Every answer carries ``x-gateway-ai-generated: true`` (see
``gateway.api.headers``). When the use-case has a ``notice``, it is appended
to each text answer: to the message content of a whole answer, and to a stream
once, at the end of each choice, as a chunk of its own just before the chunk
that finishes the choice. JSON-mode answers (``response_format`` of type
``json_object`` or ``json_schema``) and tool-call answers get no notice: it
would break what the client parses.

Example:
    >>> label = Label.for_exchange(exchange, policy)    # use-case 住民向け文書
    >>> label_completion({"choices": [{"message": {"content": "お知らせ"}}]}, label)["choices"][0]["message"]["content"]
    'お知らせ\\n\\n※この文章は生成AIが作成した下書きです。…'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gateway.pipeline.chunks import chunk_template, delta_chunk
from gateway.pipeline.exchange import Exchange
from policies import Policy

__all__ = ["Label", "StreamingLabel", "label_completion"]

_JSON_FORMATS = frozenset({"json_object", "json_schema"})
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Label:
    """The notice to append (``None``: none for this exchange)."""

    notice: str | None

    @classmethod
    def for_exchange(cls, exchange: Exchange, policy: Policy) -> Label:
        decision = exchange.decision
        use_case = policy.use_cases.get(decision.use_case) if decision else None
        if use_case is None or not use_case.notice or _json_mode(exchange.params):
            return cls(None)
        return cls(use_case.notice)

    @property
    def text(self) -> str:
        return _SEPARATOR + (self.notice or "")


def _json_mode(params: dict[str, Any]) -> bool:
    response_format = params.get("response_format")
    return isinstance(response_format, dict) and response_format.get("type") in _JSON_FORMATS


def label_completion(response: dict[str, Any], label: Label) -> dict[str, Any]:
    """Append the notice to every choice whose answer is plain text (no tool calls)."""
    if label.notice is None:
        return response
    for choice in response.get("choices") or []:
        message = choice.get("message") or {}
        if isinstance(message.get("content"), str) and not message.get("tool_calls"):
            message["content"] += label.text
    return response


@dataclass
class StreamingLabel:
    """Adds the notice chunk to a stream, once per text choice, before the chunk that finishes it."""

    label: Label
    _template: dict[str, Any] = field(default_factory=dict)
    _texts: set[int] = field(default_factory=set)  # choices that sent text
    _tools: set[int] = field(default_factory=set)  # choices that sent a tool call
    _done: set[int] = field(default_factory=set)

    def feed(self, chunk: dict[str, Any]) -> list[dict[str, Any]]:
        if self.label.notice is None:
            return [chunk]
        if not self._template:
            self._template = chunk_template(chunk)
        out: list[dict[str, Any]] = []
        for choice in chunk.get("choices") or []:
            index = choice.get("index", 0)
            delta = choice.get("delta") or {}
            if delta.get("content"):
                self._texts.add(index)
            if delta.get("tool_calls"):
                self._tools.add(index)
            reason = choice.get("finish_reason")
            if reason and reason != "tool_calls" and self._labels(index):
                if delta.get("content") or delta.get("tool_calls"):
                    # The finishing chunk still carries text: it goes first, without its finish.
                    out.append(self._chunk(index, delta))
                    choice["delta"] = {}
                out.append(self._chunk(index, {"content": self.label.text}))
                self._done.add(index)
        return [*out, chunk]

    def flush(self) -> list[dict[str, Any]]:
        """The notice for choices that ended without a finish chunk."""
        if self.label.notice is None:
            return []
        pending = [index for index in sorted(self._texts) if self._labels(index)]
        self._done.update(pending)
        return [self._chunk(index, {"content": self.label.text}) for index in pending]

    def _labels(self, index: int) -> bool:
        return index in self._texts and index not in self._tools and index not in self._done

    def _chunk(self, index: int, delta: dict[str, Any]) -> dict[str, Any]:
        return delta_chunk(self._template, index, delta)
