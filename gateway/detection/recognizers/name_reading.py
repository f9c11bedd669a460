"""The kana reading of a personal name (フリガナ, ふりがな).

Forms record a name's reading next to it: ``フリガナ：ヤマダ タロウ``,
``ふりがな やまだ たろう``, ``氏名（カナ）：ヤマダタロウ``, or in brackets
right after the name: ``山田太郎（やまだ たろう）``. Sudachi tags many
katakana readings as names already; this recognizer covers hiragana readings
and readings Sudachi does not know, using the label or the preceding name.
A reading is reported as PERSON, since it identifies the person as well as
the kanji do. Fictitious examples: フリガナ：ヤマダ タロウ, ふりがな：なかむら みさき.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import (
    LABELLED,
    NEEDS_CONTEXT,
    JaPatternRecognizer,
    Pattern,
)

__all__ = ["NameReadingRecognizer"]

_LABELS = ("フリガナ", "ふりがな", "ヨミガナ", "よみがな", "読み仮名", "カナ氏名", "氏名カナ", "カナ", "かな")
# A label not right after kana; the lookbehind follows each label's first character.
_LABEL = "(?:" + "|".join(f"{label[0]}(?<![ぁ-ゖァ-ヺ]{label[0]}){label[1:]}" for label in _LABELS) + ")"
_KATAKANA = r"[ァ-ヺ][ァ-ヺー]{0,15}(?:[ ・=][ァ-ヺ][ァ-ヺー]{0,15}){0,3}"
_HIRAGANA = r"[ぁ-ゖ][ぁ-ゖー]{0,15}(?: [ぁ-ゖ][ぁ-ゖー]{0,15})?"
_READING = rf"(?:{_KATAKANA}|{_HIRAGANA})"


class NameReadingRecognizer(JaPatternRecognizer):
    """Kana readings after a reading label or in brackets after a name."""

    ENTITY = "PERSON"
    PATTERNS = (
        Pattern("labelled", rf"{_LABEL}(?:\) ?:?|:| ) ?(?P<value>{_READING})", LABELLED),
        Pattern("bracketed", rf"\( ?(?P<value>{_READING}) ?\)", NEEDS_CONTEXT),
    )
    AFTER_PERSON = True
