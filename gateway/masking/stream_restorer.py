"""Restoring placeholders in a streamed answer, whatever the chunk boundaries.

A provider may split ``<PERSON_1>`` as ``<PER`` + ``SON_1>``. The restorer
holds back only a suffix that could still grow into an issued placeholder, so
a partial placeholder never reaches the client, and ordinary text such as
``a < b`` flows on at once.

Example:
    >>> placeholders = PlaceholderMap()
    >>> placeholders.placeholder_for("PERSON", "山田太郎")
    '<PERSON_1>'
    >>> restorer = StreamRestorer(placeholders)
    >>> restorer.feed("こんにちは、<PER"), restorer.feed("SON_1>様"), restorer.flush()
    ('こんにちは、', '山田太郎様', '')
"""

from __future__ import annotations

from gateway.masking.placeholder_map import PlaceholderMap

__all__ = ["StreamRestorer"]


class StreamRestorer:
    """Restores placeholders in a stream of text deltas, even when a placeholder is split across chunks.

    Example: with a map that issued ``<PERSON_1>`` for 山田太郎, ``feed("<PERSON_")``
    returns ``""`` and then ``feed("1>です")`` returns ``"山田太郎です"``.
    """

    __slots__ = ("_held", "_issued", "_placeholders", "_window")

    def __init__(self, placeholders: PlaceholderMap) -> None:
        self._placeholders = placeholders
        self._held = ""
        # How far back a placeholder may start, updated when the map has grown.
        self._issued = 0
        self._window = 0

    def __repr__(self) -> str:
        return f"StreamRestorer(held_chars={len(self._held)})"

    def feed(self, delta: str) -> str:
        """The restored text that is safe to emit after ``delta``; a possible placeholder start is held.

        Example: ``feed("a < b")`` returns ``"a < b"`` at once, ``feed("<PER")`` returns ``""``.
        """
        text = self._held + delta
        cut = self._pending_start(text)
        self._held = text[cut:]
        return self._placeholders.restore(text[:cut])

    def flush(self) -> str:
        """At the end of the stream: whatever was held back, restored.

        Example: after ``feed("x <PER")``, ``flush() == "<PER"``.
        """
        text, self._held = self._held, ""
        return self._placeholders.restore(text)

    def release(self) -> str:
        """At the end of the stream: whatever was held back, as it is (not restored).

        Example: after ``feed("x <PER")``, ``release() == "<PER"``.
        """
        text, self._held = self._held, ""
        return text

    def _pending_start(self, text: str) -> int:
        """Where the earliest suffix of ``text`` that is a proper prefix of a spelling begins, else ``len(text)``."""
        if len(self._placeholders) != self._issued:
            self._issued = len(self._placeholders)
            self._window = max(0, self._placeholders.longest() - 1)
        for start in range(max(0, len(text) - self._window), len(text)):
            if self._placeholders.could_become_issued(text[start:]):
                return start
        return len(text)
