"""Output-check stage: scan the provider's answer before any placeholder is restored.

A model can invent or leak someone's data: a phone number, a マイナンバー that
was never in the request. Every personal value of the answer whose normalised
form (``value_key``) the request did not hold is counted and, per the policy's
``output_check.action``, replaced by its Japanese label (``mask``:
``［電話番号］``) or left as it is (``flag``). Both are recorded, as types and
counts only.

The check also counts placeholder-shaped tokens the gateway never issued for
this exchange (``<PERSON_9>``): an answer holding one gets nothing restored.

Alongside, it keeps a *stored* copy of the answer in which every personal
value, old or new, is a placeholder: that copy, never the raw answer, is what a
review item or the audit record may keep.

Example:
    >>> check = OutputCheck(exchange, policy, detector)      # request: "山田太郎さんへの案内文"
    >>> check.text(("content", 0), "<PERSON_1>様 TEL 090-1234-5678")
    '<PERSON_1>様 TEL ［電話番号］'
    >>> check.new_counts, check.stored_answer()
    (Counter({'JP_PHONE_NUMBER': 1}), '<PERSON_1>様 TEL <JP_PHONE_NUMBER_1>')
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from gateway.detection.base import Detector
from gateway.errors import DetectorUnavailable
from gateway.findings import Finding
from gateway.masking import PlaceholderMap
from gateway.pipeline.chunks import chunk_template, delta_chunk
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.stages import masked_messages
from policies import Policy

__all__ = ["OutputCheck", "StreamingOutputCheck", "check_completion"]

log = logging.getLogger(__name__)

Key = tuple[Any, ...]  # ("content", choice) or ("tool", choice, call)

# A streamed answer is checked a sentence at a time: no value spans these.
_BOUNDARY = re.compile(r"[。！？!?\n]")
# Without a sentence end, text is released once this much is held, minus a tail
# long enough for any value that might straddle the cut.
_MAX_HELD = 1_000
_TAIL = 80


class OutputCheck:
    """The output check of one exchange; feed it every text of the answer, in order."""

    def __init__(self, exchange: Exchange, policy: Policy, detector: Detector) -> None:
        self._exchange = exchange
        self._detector = detector
        self._mask_new = policy.output_check.action == "mask"
        self._labels = policy.personal_value_labels
        self._ignored = policy.non_personal_types
        # Value ids (digests of value_key) from the masking plans, not worked out again per turn.
        self._known = set().union(
            *(exchange.placeholders.value_ids(slot.text, found) for slot, found in zip(exchange.slots, exchange.findings, strict=True))
        )
        self.new_counts: Counter[str] = Counter()
        self.foreign = 0
        # The stored copies share one map with the stored request, so that a value
        # of the request keeps its placeholder in the stored answer.
        self._stored_map = PlaceholderMap()
        self._stored_request: list[dict[str, Any]] | None = None
        self._stored: dict[Key, list[str]] = {}

    @property
    def outcome(self) -> str:
        """``clean``, ``masked`` or ``flagged``: what the audit record's ``output_action`` says."""
        if not self.new_counts:
            return "clean"
        return "masked" if self._mask_new else "flagged"

    def stored_request(self) -> list[dict[str, Any]]:
        """The request's messages with every finding a placeholder (whatever the decision masked)."""
        if self._stored_request is None:
            self._stored_request = masked_messages(self._exchange, self._stored_map, None)
        return self._stored_request

    def text(self, key: Key, text: str) -> str:
        """The text to pass on for ``text`` (one part of the answer); counts what it finds."""
        self.stored_request()  # first, so the request's values are numbered first
        findings = [f for f in self.detect(text) if f.entity_type not in self._ignored]
        self.foreign += self._exchange.placeholders.foreign(text)
        new = [f for f in findings if self._exchange.placeholders.value_id(text[f.start : f.end]) not in self._known]
        self.new_counts.update(f.entity_type for f in new)
        types = {f.entity_type for f in findings}
        self._stored.setdefault(key, []).append(self._stored_map.mask(text, findings, types))
        if not (new and self._mask_new):
            return text
        return _replace(text, new, self._labels)

    def stored_answer(self) -> str:
        """The first choice's answer as it may be kept: content, then each tool call's arguments."""
        return "\n".join("".join(parts) for key, parts in self._stored.items() if key[1] == 0)

    def detect(self, text: str) -> list[Finding]:
        """The detector's findings in ``text``; a detector failure is DetectorUnavailable (fail closed)."""
        try:
            return self._detector.detect(text)
        except Exception as exc:  # noqa: BLE001 - any failure of the detector must fail closed
            log.error("output check failed: request_id=%s type=%s", self._exchange.request_id, type(exc).__name__)
            raise DetectorUnavailable(
                "回答の個人情報検査でエラーが発生したため、回答を返せません。時間をおいて再度お試しください。"
            ) from None


def _replace(text: str, findings: list[Finding], labels: dict[str, str]) -> str:
    parts, done = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < done:
            continue
        parts += [text[done : finding.start], f"［{labels.get(finding.entity_type, finding.entity_type)}］"]
        done = finding.end
    return "".join(parts) + text[done:]


def check_completion(response: dict[str, Any], check: OutputCheck) -> None:
    """Check every content and tool-call argument of a whole answer, in place."""
    for choice in response.get("choices") or []:
        index = choice.get("index", 0)
        message = choice.get("message") or {}
        if isinstance(message.get("content"), str):
            message["content"] = check.text(("content", index), message["content"])
        for number, call in enumerate(message.get("tool_calls") or []):
            function = call.get("function") or {}
            if isinstance(function.get("arguments"), str):
                function["arguments"] = check.text(("tool", index, number), function["arguments"])


class StreamingOutputCheck:
    """Checks a stream: content a sentence at a time, tool-call arguments whole at the end of their choice.

    Example: ``feed(chunk)`` returns the chunks to pass on (the same chunk with
    the text that is safe to release; before a finish chunk, one more with the
    held tool-call arguments).
    """

    def __init__(self, check: OutputCheck) -> None:
        self._check = check
        self._held: dict[int, str] = {}
        self._arguments: dict[tuple[int, int], list[str]] = {}
        self._template: dict[str, Any] = {}

    def feed(self, chunk: dict[str, Any]) -> list[dict[str, Any]]:
        if not self._template:
            self._template = chunk_template(chunk)
        before: list[dict[str, Any]] = []
        for choice in chunk.get("choices") or []:
            index = choice.get("index", 0)
            delta = choice.get("delta") or {}
            if isinstance(delta.get("content"), str):
                delta["content"] = self._release(index, self._held.pop(index, "") + delta["content"])
            for call in delta.get("tool_calls") or []:
                function = call.get("function") or {}
                if isinstance(function.get("arguments"), str):
                    self._arguments.setdefault((index, call.get("index", 0)), []).append(function["arguments"])
                    function["arguments"] = ""
            if choice.get("finish_reason"):
                rest = self._held.pop(index, "")
                if rest:
                    choice["delta"] = delta = {**delta, "content": (delta.get("content") or "") + self._content(index, rest)}
                before += self._arguments_chunks(index)
        return [*before, chunk]

    def flush(self) -> list[dict[str, Any]]:
        """Chunks with what is still held when a stream ends without finishing its choices."""
        chunks = [self._chunk(index, {"content": self._content(index, text)}) for index, text in self._held.items() if text]
        self._held.clear()
        for index in sorted({index for index, _ in self._arguments}):
            chunks += self._arguments_chunks(index)
        return chunks

    def _release(self, index: int, text: str) -> str:
        cut = max((m.end() for m in _BOUNDARY.finditer(text)), default=0)
        if not cut and len(text) > _MAX_HELD:
            cut = len(text) - _TAIL
            for finding in self._check.detect(text):
                if finding.start < cut < finding.end:
                    cut = finding.start
        self._held[index] = text[cut:]
        return self._content(index, text[:cut]) if cut else ""

    def _content(self, index: int, text: str) -> str:
        return self._check.text(("content", index), text)

    def _arguments_chunks(self, index: int) -> list[dict[str, Any]]:
        chunks = []
        for key in sorted(k for k in self._arguments if k[0] == index):
            arguments = self._check.text(("tool", *key), "".join(self._arguments.pop(key)))
            chunks.append(self._chunk(index, {"tool_calls": [{"index": key[1], "function": {"arguments": arguments}}]}))
        return chunks

    def _chunk(self, index: int, delta: dict[str, Any]) -> dict[str, Any]:
        return delta_chunk(self._template, index, delta)
