"""The per-request mapping between raw personal values and their placeholders.

One map lives for one request, in memory only, and covers every message of the
conversation, so a value keeps its placeholder from the first message to the
last. Nothing here logs, and the repr shows counts, never values.

Values are matched by their value id (a digest of ``value_key``), and the
sorting, offset checks and value ids of a text come from a shared, bounded
cache of masking plans (:mod:`gateway.masking.mask_plan`), so that the
messages a conversation repeats on every turn are not worked through again.

Example:
    >>> placeholders = PlaceholderMap()
    >>> masked = placeholders.mask("山田太郎です", [Finding("PERSON", 0, 4, 0.9)], {"PERSON"})
    >>> masked
    '<PERSON_1>です'
    >>> placeholders.restore("＜PERSON_1＞様、承知しました")
    '山田太郎様、承知しました'
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence

from gateway.findings import Finding
from gateway.masking.mask_plan import MaskPlans
from gateway.masking.placeholder import CLOSING, OPENING, PLACEHOLDER_SHAPE, issued_spelling, make_placeholder

__all__ = ["PlaceholderMap"]

# One cache of plans for every map of the process: the texts repeat across requests, not within one.
SHARED_PLANS = MaskPlans()


class PlaceholderMap:
    """Per-request, in-memory only mapping between raw values and placeholders.

    Example:
        >>> placeholders = PlaceholderMap()
        >>> placeholders.placeholder_for("PHONE_NUMBER", "090-1234-5678")
        '<PHONE_NUMBER_1>'
        >>> placeholders.placeholder_for("PHONE_NUMBER", "０９０１２３４５６７８")
        '<PHONE_NUMBER_1>'
    """

    __slots__ = ("_bodies", "_by_key", "_counts", "_originals", "_plans")

    def __init__(self, plans: MaskPlans = SHARED_PLANS) -> None:
        self._plans = plans
        # (entity type, value id) -> placeholder
        self._by_key: dict[tuple[str, bytes], str] = {}
        self._originals: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        # The issued placeholders without brackets, sorted; rebuilt lazily after a new issue.
        self._bodies: list[str] | None = None

    def __len__(self) -> int:
        return len(self._originals)

    def __repr__(self) -> str:
        return f"PlaceholderMap(counts={self._counts!r})"

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder of ``value``, issuing the next number of its type on first sight.

        Example: ``PlaceholderMap().placeholder_for("PERSON", "山田 太郎") == "<PERSON_1>"``.
        """
        key = (entity_type, self.value_id(value))
        return self._by_key.get(key) or self._issue(key, value)

    def value_id(self, value: str) -> bytes:
        """A digest under which two spellings of one value are equal (``value_key``); holds no value.

        Example: ``value_id("０９０－１２３４－５６７８") == value_id("090 1234 5678")``.
        """
        return self._plans.value_id(value)

    def value_ids(self, text: str, findings: Sequence[Finding]) -> set[bytes]:
        """The value ids of every finding in ``text`` (from the plan cache when ``text`` was masked before)."""
        return {key[1] for *_, key in self._plans.plan(text, findings)}

    def _issue(self, key: tuple[str, bytes], value: str) -> str:
        entity_type = key[0]
        number = self._counts[entity_type] = self._counts.get(entity_type, 0) + 1
        placeholder = self._by_key[key] = make_placeholder(entity_type, number)
        self._originals[placeholder] = value
        self._bodies = None
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
        by_key = self._by_key
        for start, end, entity_type, key in self._plans.plan(text, findings):
            if start < done or entity_type not in types:
                continue
            parts += (text[done:start], by_key.get(key) or self._issue(key, text[start:end]))
            done = end
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
        # One fixed pattern, whatever the number of placeholders: a conversation's 20th turn issues hundreds.
        originals = self._originals
        return PLACEHOLDER_SHAPE.sub(lambda match: originals.get(issued_spelling(match[0]), match[0]), text)

    def foreign(self, text: str) -> int:
        """How many placeholder-shaped tokens in ``text`` this map never issued (in any spelling).

        Example: after issuing ``<PERSON_1>``, ``foreign("<PERSON_1>と＜PERSON_2＞") == 1``.
        """
        return sum(1 for match in PLACEHOLDER_SHAPE.finditer(text) if issued_spelling(match[0]) not in self._originals)

    def could_become_issued(self, tail: str) -> bool:
        """Whether ``tail`` is a proper prefix of a spelling of an issued placeholder (a stream may hold it back).

        Example: after issuing ``<PERSON_1>``, ``could_become_issued("＜PER")`` is True, ``("<PEX")`` False.
        """
        if not tail or tail[0] not in OPENING or any(bracket in tail for bracket in CLOSING):
            return False
        if self._bodies is None:
            self._bodies = sorted(placeholder[1:-1] for placeholder in self._originals)
        body = tail[1:]
        at = bisect_left(self._bodies, body)
        return at < len(self._bodies) and self._bodies[at].startswith(body)

    def longest(self) -> int:
        """The length of the longest issued placeholder (0 when none)."""
        return max(map(len, self._originals), default=0)

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
