"""Bank and Japan Post Bank account numbers (口座番号).

Format (全国銀行協会 conventions): a bank account is a 7-digit number written
after its type (普通 / 当座 / 貯蓄 預金) and usually after the branch
(支店名 or 3-digit 店番): ``〇〇銀行 △△支店 普通 1234567``. A Japan Post
Bank (ゆうちょ銀行) account is a 記号 of 5 digits starting with 1 and a 番号
of up to 8 digits: ``記号 12345 番号 12345671`` or ``12345-12345671``.

Seven digits are too common to report alone, so every pattern needs a
context word before it (口座, 普通, 当座, 支店, 店番, ゆうちょ, 記号...);
the ゆうちょ pair written with its own 記号 and 番号 labels is reported
alone. Fictitious examples: 普通 1234567, 記号 10120 番号 98765431.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import (
    LABELLED,
    NEEDS_CONTEXT,
    JaPatternRecognizer,
    Pattern,
)

__all__ = ["BankAccountRecognizer"]


class BankAccountRecognizer(JaPatternRecognizer):
    """Seven-digit bank accounts and ゆうちょ 記号番号 next to their labels."""

    ENTITY = "JP_BANK_ACCOUNT"
    PATTERNS = (
        Pattern("account", r"[0-9](?<![0-9]{2})[0-9]{6}(?![0-9])", NEEDS_CONTEXT),
        Pattern("japan post", r"1(?<![0-9]1)[0-9]{4}[- ][0-9]{6,8}(?![0-9])", NEEDS_CONTEXT),
        Pattern(
            "japan post labelled",
            r"記号 ?:? ?(?P<value>1[0-9]{4}[ 、,]{0,2}番号 ?:? ?[0-9]{6,8})(?![0-9])",
            LABELLED,
        ),
    )
    CONTEXT = (
        "口座",
        "普通",
        "当座",
        "貯蓄",
        "支店",
        "店番",
        "預金",
        "振込",
        "ゆうちょ",
        "記号",
        "通帳",
    )
