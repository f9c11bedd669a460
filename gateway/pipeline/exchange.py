"""The state of one chat request as it moves through the pipeline.

An ``Exchange`` is created by the parse stage and filled in by each later
stage. It holds raw text (the caller's own prompt) only in memory, for the
length of the request; ``audit_counts`` is what may be written down.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gateway.findings import Finding
from gateway.keys import Principal
from gateway.masking import PlaceholderMap
from policies import Decision

__all__ = ["Exchange", "TextSlot"]

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class TextSlot:
    """One scanned string: ``messages[message_index]`` followed by ``path``.

    Example: ``TextSlot(2, ("tool_calls", 0, "function", "arguments"), '{"name": ...}')``.
    """

    message_index: int
    path: Path
    text: str

    @property
    def field(self) -> str:
        return "/".join(str(p) for p in self.path)


@dataclass
class Exchange:
    request_id: str
    principal: Principal
    model: str
    messages: list[dict[str, Any]]
    params: dict[str, Any]
    stream: bool = False
    declared_level: str | None = None
    use_case: str | None = None
    client: str = ""
    slots: list[TextSlot] = field(default_factory=list)
    findings: list[list[Finding]] = field(default_factory=list)
    marker_counts: Counter[str] = field(default_factory=Counter)
    decision: Decision | None = None
    placeholders: PlaceholderMap = field(default_factory=PlaceholderMap)
    outbound_messages: list[dict[str, Any]] | None = None
    # The messages encrypted for the CAIO (audit.content masked_encrypted), sealed once
    # for the review item and the audit record alike: see gateway.pipeline.record.seal_original.
    sealed_original: str | None = None

    @property
    def entity_counts(self) -> dict[str, int]:
        return dict(Counter(f.entity_type for found in self.findings for f in found))
