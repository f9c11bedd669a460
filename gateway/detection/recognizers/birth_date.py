"""Dates of birth (生年月日) in 和暦 and 西暦.

Forms: 和暦 with the era name (昭和45年3月12日, 平成元年1月8日, 令和二年四月一日,
kanji numerals included), abbreviated eras (S45.3.12, H1.1.8, R2/4/1,
S45年3月12日) and 西暦 (1970年3月12日, 1970/03/12, 1970-3-12). Era years
are checked against the era's length, months and days against the calendar.

A date is a birth date only in birth context, so every date needs one of:
a label before it (生年月日, 誕生日, 生年...), 生 or 生まれ right after it
(``S45.3.12生``, ``1970年3月12日生まれ``), or a person's name right before it
(``山田太郎（昭和45年3月12日）``). A meeting date in public text
(``令和6年4月1日開催の会議``) is not reported. Fictitious examples:
生年月日：昭和45年3月12日, (S45.3.12生).
"""

from __future__ import annotations

import re

from gateway.detection.recognizers.pattern_recognizer import NEEDS_CONTEXT, JaPatternRecognizer, Pattern

__all__ = ["BirthDateRecognizer"]

_KANJI_DIGITS = "〇一二三四五六七八九"
_NUM = rf"(?:[0-9]{{1,2}}|[{_KANJI_DIGITS}十]{{1,3}})"
_FULL_ERA = rf"(?:明治|大正|昭和|平成|令和) ?(?:元|{_NUM}) ?年 ?{_NUM} ?月 ?{_NUM} ?日"
_SHORT_ERA = (
    r"[MTSHR](?<![A-Za-z0-9][MTSHR])\.? ?(?:元|[0-9]{1,2})(?:[./\-]|年)[0-9]{1,2}(?:[./\-]|月)[0-9]{1,2}日?(?![0-9])"
)
_WESTERN = (
    r"(?:1[89]|20)(?<![0-9]{3})[0-9]{2}"
    r"(?: ?年 ?[0-9]{1,2} ?月 ?[0-9]{1,2} ?日|([/.\-])[0-9]{1,2}\1[0-9]{1,2}(?![0-9]))"
)
# Era lengths in years; 令和 is open-ended.
_ERA_YEARS = {"明治": 45, "大正": 15, "昭和": 64, "平成": 31, "令和": 99, "M": 45, "T": 15, "S": 64, "H": 31, "R": 99}
_ERA = re.compile("|".join(_ERA_YEARS))
_NUMBERS = re.compile(rf"元|[0-9]+|[{_KANJI_DIGITS}十]+")


class BirthDateRecognizer(JaPatternRecognizer):
    """和暦 and 西暦 dates in birth context (see the module docstring)."""

    ENTITY = "JP_BIRTH_DATE"
    PATTERNS = (
        Pattern("era", _FULL_ERA, NEEDS_CONTEXT),
        Pattern("era abbreviation", _SHORT_ERA, NEEDS_CONTEXT),
        Pattern("western", _WESTERN, NEEDS_CONTEXT),
    )
    CONTEXT = ("生年月日", "誕生日", "生年", "出生", "DOB", "birth")
    FOLLOWED_BY = re.compile(r" ?\)? ?(?:生まれ|生(?![活徒産協命涯成存物理地計])|誕生)")
    AFTER_PERSON = True

    def validate_result(self, pattern_text: str) -> bool:
        era = _ERA.match(pattern_text)
        try:
            year, month, day = (_number(n) for n in _NUMBERS.findall(pattern_text)[-3:])
        except ValueError:  # a malformed kanji numeral such as 十十
            return False
        if era is not None and not 1 <= year <= _ERA_YEARS[era.group()]:
            return False
        return 1 <= month <= 12 and 1 <= day <= 31


def _number(text: str) -> int:
    """``"12"``, ``"元"`` (first year), ``"四十五"`` or ``"二〇"`` as an int."""
    if text == "元":
        return 1
    if text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_KANJI_DIGITS.index(char)) for char in text))
    tens, _, ones = text.partition("十")
    return (_KANJI_DIGITS.index(tens) if tens else 1) * 10 + (_KANJI_DIGITS.index(ones) if ones else 0)
