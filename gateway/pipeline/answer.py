"""The answer-side stages, in order, for a whole answer and for a stream.

    output check → restore → label

The output check reads the provider's answer as it came, before any
placeholder is put back. Restoring then puts back only the placeholders this
exchange issued, and nothing at all once the answer holds a placeholder-shaped
token the gateway never issued. The label comes last, so that the notice is
neither scanned nor restored.

Once the answer has gone out, :meth:`Answer.remember` queues, as idle work
(``gateway.idle_work``), the analysis of the answer as the client received it
(the first choice) by the detector's content cache: the client sends it back
as the assistant message of the next turn, whose request then finds it
analyzed. The output check alone cannot prime the cache, since it reads the
answer before the placeholders are put back.

Example:
    >>> answer = Answer(exchange, runtime.policy, runtime.detector, restores=True)
    >>> response = answer.complete(response)              # a whole answer
    >>> chunks = [c for chunk in stream for c in answer.feed(chunk)] + answer.finish()
    >>> answer.remember(runtime.idle)                        # after the answer has gone out
"""

from __future__ import annotations

from typing import Any

from gateway.detection.base import Detector
from gateway.detection.cache import CachingDetector
from gateway.idle_work import IdleWork
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.label import Label, StreamingLabel, label_completion
from gateway.pipeline.output_check import OutputCheck, StreamingOutputCheck, check_completion
from gateway.pipeline.restore import StreamingRestore, restore_completion
from policies import Policy

__all__ = ["Answer"]


class Answer:
    """The answer side of one exchange; ``restores`` is False for a provider that sees no placeholders."""

    def __init__(self, exchange: Exchange, policy: Policy, detector: Detector, *, restores: bool) -> None:
        self.check = OutputCheck(exchange, policy, detector)
        self.label = Label.for_exchange(exchange, policy)
        self._exchange = exchange
        self._restores = restores
        self._stream_check: StreamingOutputCheck | None = None
        self._restorer: StreamingRestore | None = None
        self._stream_label: StreamingLabel | None = None
        self._detector = detector
        # The first choice's texts as sent: content, then each tool call's arguments.
        self._sent: dict[tuple[str, int], list[str]] = {}

    @property
    def restored(self) -> bool:
        """False when the answer held a placeholder the gateway never issued (nothing was restored after it)."""
        return not self.check.foreign

    def complete(self, response: dict[str, Any]) -> dict[str, Any]:
        """Run every answer stage on a whole answer."""
        check_completion(response, self.check)
        if self._restores and self.restored:
            response = restore_completion(response, self._exchange.placeholders)
        response = label_completion(response, self.label)
        for choice in response.get("choices") or []:
            if choice.get("index", 0) == 0:
                self._note(choice.get("message") or {})
        return response

    def feed(self, chunk: dict[str, Any]) -> list[dict[str, Any]]:
        """Run every answer stage on one streamed chunk; returns the chunks to send."""
        if self._stream_check is None:
            self._stream_check = StreamingOutputCheck(self.check)
            self._restorer = StreamingRestore(self._exchange.placeholders) if self._restores else None
            self._stream_label = StreamingLabel(self.label)
        out = []
        for checked in self._stream_check.feed(chunk):
            out += self._restore_and_label(checked)
        return self._noted(out)

    def finish(self) -> list[dict[str, Any]]:
        """At the end of a stream: what the stages still hold, then the notice if no choice finished."""
        if self._stream_check is None or self._stream_label is None:
            return []
        out = []
        for checked in self._stream_check.flush():
            out += self._restore_and_label(checked)
        if self._restorer is not None:
            out += self._restorer.flush(restore=self.restored)
        return self._noted(out + self._stream_label.flush())

    def remember(self, idle: IdleWork) -> None:
        """Queue, as idle work, a caching detector's analysis of the first choice's texts as sent."""
        texts = [text for text in ("".join(parts) for parts in self._sent.values()) if text]
        if isinstance(self._detector, CachingDetector) and texts:
            detector = self._detector
            idle.submit(lambda: [detector.detect(text) for text in texts])

    def _noted(self, chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for chunk in chunks:
            for choice in chunk.get("choices") or []:
                if choice.get("index", 0) == 0:
                    self._note(choice.get("delta") or {})
        return chunks

    def _note(self, message: dict[str, Any]) -> None:
        if isinstance(message.get("content"), str):
            self._sent.setdefault(("content", 0), []).append(message["content"])
        for position, call in enumerate(message.get("tool_calls") or []):
            arguments = (call.get("function") or {}).get("arguments")
            if isinstance(arguments, str):
                self._sent.setdefault(("tool", call.get("index", position)), []).append(arguments)

    def _restore_and_label(self, chunk: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._stream_label is not None
        before: list[dict[str, Any]] = []
        if self._restorer is not None:
            if self.restored:
                chunk = self._restorer.feed(chunk)
            else:
                # From the first foreign placeholder on, nothing is restored;
                # what the restorer held goes out as it came.
                before, self._restorer = self._restorer.flush(restore=False), None
        out = []
        for each in (*before, chunk):
            out += self._stream_label.feed(each)
        return out
