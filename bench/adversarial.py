"""100,000-character inputs built to make a regex or a token walk backtrack.

Each entry repeats the beginning of what a recognizer looks for (digits
without an end, a street part without a place, a katakana chain without a
name, an e-mail local part without ``@``...). ``tests/detection`` checks that
each one completes; ``bench/detection_bench.py`` prints the time each takes.

Example:
    >>> len(ADVERSARIAL_INPUTS["digits"]())
    100000
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ADVERSARIAL_INPUTS", "LENGTH"]

LENGTH = 100_000


def _repeat(unit: str) -> Callable[[], str]:
    return lambda: (unit * (LENGTH // len(unit) + 1))[:LENGTH]


ADVERSARIAL_INPUTS: dict[str, Callable[[], str]] = {
    "digits": _repeat("0"),
    "full-width digits": _repeat("１"),
    "digit hyphen": _repeat("1-"),
    "digit space": _repeat("1 "),
    "bracketed digits": _repeat("(03)"),
    "street numbers": _repeat("1丁目2番"),
    "kanji numerals": _repeat("二十"),
    "place then hyphens": lambda: "東京都千代田区" + _repeat("1-")()[: LENGTH - 7],
    "building words": _repeat("ハイツ"),
    "katakana chain": _repeat("アン・"),
    "katakana spaced": _repeat("アン "),
    "surnames": _repeat("山田"),
    "surname space": _repeat("佐藤 "),
    "email local part": _repeat("a."),
    "email at signs": _repeat("a@b"),
    "era dates": _repeat("令和1年"),
    "letters and digits": _repeat("AB1"),
    "labels": _repeat("個人番号:"),
    "honorifics": _repeat("さん様"),
    "newlines": _repeat("1\n"),
}
