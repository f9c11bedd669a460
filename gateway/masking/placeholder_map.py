"""The per-request mapping between raw personal values and their placeholders.

One map lives for one request, in memory only, and covers every message of the
conversation, so a value keeps its placeholder from the first message to the
last. Nothing here logs, and the repr shows counts, never values.

Example:
    >>> placeholders = PlaceholderMap()
    >>> masked = placeholders.mask("山田太郎です", [Finding("PERSON", 0, 4, 0.9)], {"PERSON"})
    >>> masked
    '<PERSON_1>です'
    >>> placeholders.restore("＜PERSON_1＞様、承知しました")
    '山田太郎様、承知しました'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from gateway.findings import Finding
from gateway.masking.placeholder import make_placeholder, spelling_pattern, spellings
from gateway.masking.value_key import value_key

__all__ = ["PlaceholderMap"]


class PlaceholderMap:
    """Per-request, in-memory only mapping between raw values and placeholders.

    Example:
        >>> placeholders = PlaceholderMap()
        >>> placeholders.placeholder_for("PHONE_NUMBER", "090-1234-5678")
        '<PHONE_NUMBER_1>'
        >>> placeholders.placeholder_for("PHONE_NUMBER", "０９０１２３４５６７８")
        '<PHONE_NUMBER_1>'
    """

    __slots__ = ("_by_key", "_counts", "_originals", "_restorer")

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._originals: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        # (pattern, spelling -> original), rebuilt lazily after a new issue.
        self._restorer: tuple[re.Pattern[str], dict[str, str]] | None = None

    def __len__(self) -> int:
        return len(self._originals)

    def __repr__(self) -> str:
        return f"PlaceholderMap(counts={self._counts!r})"

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder of ``value``, issuing the next number of its type on first sight.

        Example: ``PlaceholderMap().placeholder_for("PERSON", "山田 太郎") == "<PERSON_1>"``.
        """
        key = (entity_type, value_key(value))
        placeholder = self._by_key.get(key)
        if placeholder is None:
            number = self._counts.get(entity_type, 0) + 1
            placeholder = make_placeholder(entity_type, number)
            self._counts[entity_type] = number
            self._by_key[key] = placeholder
            self._originals[placeholder] = value
            self._restorer = None
        return placeholder

    def mask(self, text: str, findings: Sequence[Finding], types: Collection[str]) -> str:
        """``text`` with every finding of a type in ``types`` replaced by its placeholder.

        A finding that overlaps one already masked is skipped rather than
        cutting a placeholder in two; offsets outside ``text`` raise ValueError.

        Example: ``mask("TEL 090-1234-5678", [Finding("PHONE_NUMBER", 4, 17, 1.0)], {"PHONE_NUMBER"})``
        gives ``"TEL <PHONE_NUMBER_1>"``.
        """
        parts: list[str] = []
        done = 0
        for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
            if not 0 <= finding.start < finding.end <= len(text):
                raise ValueError(
                    f"finding {finding.entity_type} at {finding.start}:{finding.end} "
                    f"is outside a text of length {len(text)}"
                )
            if finding.entity_type not in types or finding.start < done:
                continue
            parts.append(text[done : finding.start])
            parts.append(self.placeholder_for(finding.entity_type, text[finding.start : finding.end]))
            done = finding.end
        parts.append(text[done:])
        return "".join(parts)

    def restore(self, text: str) -> str:
        """``text`` with every spelling of an issued placeholder replaced by its first-seen original.

        Anything else that looks like a placeholder (``<PERSON_99>``) is left as is.

        Example: after issuing ``<PERSON_1>`` for 山田太郎,
        ``restore("<PERSON_1>と<PERSON_2>") == "山田太郎と<PERSON_2>"``.
        """
        if not self._originals:
            return text
        if self._restorer is None:
            lookup = {
                spelling: original
                for placeholder, original in self._originals.items()
                for spelling in spellings(placeholder)
            }
            self._restorer = (spelling_pattern(self._originals), lookup)
        pattern, lookup = self._restorer
        return pattern.sub(lambda match: lookup[match[0]], text)

    def placeholders(self) -> tuple[str, ...]:
        """The issued placeholders in issue order (no values).

        Example: ``("<PERSON_1>", "<JP_MY_NUMBER_1>")``.
        """
        return tuple(self._originals)

    def counts(self) -> dict[str, int]:
        """Entity type -> number of distinct values masked, for the audit record (no values).

        Example: ``{"PERSON": 2, "PHONE_NUMBER": 1}``.
        """
        return dict(self._counts)
