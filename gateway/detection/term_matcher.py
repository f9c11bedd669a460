"""Exact-term search over Japanese text with an Aho-Corasick automaton.

Japanese has no spaces between words, so a term list cannot use ``\\b`` the
way presidio's deny lists do. The matcher finds the longest non-overlapping
occurrences in one pass, whatever the number of terms. Terms that start or
end with an ASCII letter or digit must not touch another one (``DV`` is not
found in ``DVD``). Excluded terms hide the shorter terms inside them
(``認知症カフェ`` hides ``認知症``). ASCII letters match in any of the lower,
upper or written case.

Example:
    >>> matcher = TermMatcher(["DV", "認知症"], excluded=["認知症カフェ"])
    >>> list(matcher.find("DVDと認知症カフェとDVと認知症"))
    [(11, 13), (14, 17)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

__all__ = ["TermMatcher"]


class TermMatcher:
    """Find ``terms`` in a text, longest match first, skipping ``excluded`` ones.

    Example:
        >>> list(TermMatcher(["生活保護受給"]).find("生活保護受給中"))
        [(0, 6)]
    """

    def __init__(self, terms: Iterable[str], excluded: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        for is_excluded, words in ((False, terms), (True, excluded)):
            for word in words:
                if not word:
                    raise ValueError("空の語は辞書に登録できません。")
                for variant in {word, word.lower(), word.upper()}:
                    self._automaton.add_word(variant, (len(variant), is_excluded))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield ``(start, end)`` of every kept occurrence, in text order."""
        if self._empty:
            return
        for last, (length, is_excluded) in self._automaton.iter_long(text):
            end = last + 1
            start = end - length
            if is_excluded or _touches_ascii_word(text, start, end):
                continue
            yield start, end


def _touches_ascii_word(text: str, start: int, end: int) -> bool:
    before = _is_ascii_word_char(text[start]) and start > 0 and _is_ascii_word_char(text[start - 1])
    after = _is_ascii_word_char(text[end - 1]) and end < len(text) and _is_ascii_word_char(text[end])
    return before or after


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()
