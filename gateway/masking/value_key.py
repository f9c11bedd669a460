"""The normalised form under which two spellings of a value count as the same value.

Staff write the same phone number as ``０９０－１２３４－５６７８`` in one message
and ``090-1234-5678`` in the next, and the same name with or without a space;
the model must see one placeholder for both, or it will think they are two
people.

Example:
    >>> value_key("０９０－１２３４－５６７８") == value_key("090 1234 5678")
    True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["value_key"]

# Japanese text does not separate words by spaces, so "山田 太郎" and
# "山田太郎" are one name; removing whitespace is safe for every type.
_WHITESPACE = re.compile(r"\s+")
# Hyphens, dashes, minus and the long-vowel mark that people type between
# digit groups (after NFKC, so full-width forms are already folded), and the
# brackets of "03(1234)5678".
_DIGIT_SEPARATORS = re.compile(r"[-‐‑‒–—―−ー()]")


def value_key(value: str) -> str:
    """The key of ``value``: NFKC, no whitespace; digit-like values lose separators; e-mails are case-folded.

    Example: ``value_key("Taro.Yamada@Example.LG.JP") == "taro.yamada@example.lg.jp"``.
    """
    key = _WHITESPACE.sub("", unicodedata.normalize("NFKC", value))
    digits = _DIGIT_SEPARATORS.sub("", key)
    if digits.isascii() and digits.isdigit():
        return digits
    if "@" in key:
        return key.casefold()
    return key
