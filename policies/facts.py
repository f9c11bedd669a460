"""What the pipeline knows about a request when the policy decides on it.

Only entity types and counts, never values: the decision and its reasons
can then be logged and audited as they are.

Example:
    >>> RequestFacts(entity_counts={"PERSON": 1}, marker_counts={}, model="preview", department="soumu").entity_counts
    {'PERSON': 1}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["RequestFacts"]


@dataclass(frozen=True)
class RequestFacts:
    """Counts of findings by entity type and of markings by marker, plus who asks for which model."""

    entity_counts: Mapping[str, int]
    marker_counts: Mapping[str, int]
    model: str
    department: str
    declared_level: str | None = None
    use_case: str | None = None

    def __post_init__(self) -> None:
        for name, counts in (("entity_counts", self.entity_counts), ("marker_counts", self.marker_counts)):
            if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in counts.values()):
                raise ValueError(f"{name} must map names to counts >= 0")
