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

import functools
import re

__all__ = ["CLOSING", "OPENING", "PLACEHOLDER_SHAPE", "issued_spelling", "make_placeholder", "spellings"]

# The first bracket of each tuple is the one issued; the others are accepted
# when restoring. Each is one character, and none may occur in an entity type,
# which keeps a placeholder from starting inside another one (the stream
# restorer relies on it) and lets a token be read back by swapping its brackets.
OPENING = ("<", "＜")
CLOSING = (">", "＞")

_ENTITY_TYPE = re.compile(r"[A-Z][A-Z0-9_]*")
# Anything spelt like a placeholder, issued or not: ``<PERSON_7>``, ``＜JP_MY_NUMBER_2>``.
PLACEHOLDER_SHAPE = re.compile(f"[{''.join(OPENING)}][A-Z][A-Z0-9_]*_[0-9]+[{''.join(CLOSING)}]")


@functools.lru_cache(maxsize=16_384)  # types and numbers only: the same few hundred strings on every request
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


def issued_spelling(token: str) -> str:
    """The issued spelling of a placeholder-shaped token (one ``PLACEHOLDER_SHAPE`` matched).

    Example: ``issued_spelling("＜PERSON_1＞") == "<PERSON_1>"``.
    """
    return OPENING[0] + token[1:-1] + CLOSING[0]
