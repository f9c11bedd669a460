"""What a placeholder looks like, decided in one place.

The map issues ``<ENTITY_TYPE_N>``. LLMs sometimes answer with full-width
brackets (``＜PERSON_1＞``), or mix the two, so every combination of the
brackets below is a spelling of the same placeholder.

Example:
    >>> make_placeholder("PERSON", 1)
    '<PERSON_1>'
    >>> spellings("<PERSON_1>")[-1]
    '＜PERSON_1＞'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["make_placeholder", "spelling_pattern", "spellings"]

# The first bracket of each tuple is the one issued; the others are accepted
# when restoring. No bracket may occur in an entity type, which keeps a
# placeholder from starting inside another one (the stream restorer relies on it).
OPENING = ("<", "＜")
CLOSING = (">", "＞")

_ENTITY_TYPE = re.compile(r"[A-Z][A-Z0-9_]*")


def make_placeholder(entity_type: str, number: int) -> str:
    """The issued placeholder for the ``number``-th value of ``entity_type``.

    Example: ``make_placeholder("JP_MY_NUMBER", 2) == "<JP_MY_NUMBER_2>"``.
    """
    if not _ENTITY_TYPE.fullmatch(entity_type):
        raise ValueError(f"entity type must match {_ENTITY_TYPE.pattern}: {entity_type!r}")
    if number < 1:
        raise ValueError(f"placeholder numbers start at 1, got {number}")
    return f"{OPENING[0]}{entity_type}_{number}{CLOSING[0]}"


def _body(placeholder: str) -> str:
    return placeholder[len(OPENING[0]) : -len(CLOSING[0])]


def spellings(placeholder: str) -> tuple[str, ...]:
    """Every accepted spelling of an issued placeholder, the issued one first.

    Example: ``spellings("<A_1>") == ("<A_1>", "<A_1＞", "＜A_1>", "＜A_1＞")``.
    """
    body = _body(placeholder)
    return tuple(opening + body + closing for opening in OPENING for closing in CLOSING)


def spelling_pattern(placeholders: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any spelling of the given issued placeholders, and nothing else.

    Example: ``spelling_pattern(["<A_1>"]).findall("<A_1> ＜A_1＞ <A_2>") == ["<A_1>", "＜A_1＞"]``.
    """
    # "(?!)" never matches: with no placeholder issued, "<>" must not be restored.
    bodies = "|".join(re.escape(_body(placeholder)) for placeholder in placeholders) or "(?!)"
    opening = "|".join(map(re.escape, OPENING))
    closing = "|".join(map(re.escape, CLOSING))
    return re.compile(f"(?:{opening})(?:{bodies})(?:{closing})")
