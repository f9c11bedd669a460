"""The detector's output: one span of a text that holds something sensitive.

A finding never carries the matched value, only where it is. Code that needs
the value slices the original text, so the value cannot leak into a log or an
audit record by accident.

Example:
    >>> Finding("JP_MY_NUMBER", 5, 17, 1.0)
    Finding(entity_type='JP_MY_NUMBER', start=5, end=17, score=1.0)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finding"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A span ``text[start:end]`` of type ``entity_type`` (offsets index the original text)."""

    entity_type: str
    start: int
    end: int
    score: float
