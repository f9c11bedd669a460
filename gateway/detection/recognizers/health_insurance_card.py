"""The insured person's symbol and number on a health insurance card (被保険者証 記号・番号).

Format (健康保険法施行規則, 国民健康保険法施行規則): the card carries a 記号
(digits, letters or kana, set by the insurer), a 番号 and, since 2021, a
2-digit 枝番 for each family member; 後期高齢者医療 and 国民健康保険 cards
carry an 8-digit 被保険者番号. The numbers have no check digit and no fixed
length, so only labelled forms are reported: ``記号 1234 番号 56789``,
``記号・番号 12-345 (枝番 01)``, ``被保険者番号 12345678``. The reported span
runs from the first to the last digit and keeps the labels outside.
Fictitious examples: 記号 7201 番号 345, 被保険者番号：87654321.
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import LABELLED, JaPatternRecognizer, Pattern

__all__ = ["HealthInsuranceCardRecognizer"]

_SYMBOL = r"[0-9A-Za-zア-ン\-]{1,10}"
_NUMBER = r"[0-9]{1,10}(?![0-9])"
_BRANCH = r"(?:[ 、,()]{0,2}枝番 ?:? ?[0-9]{2}(?![0-9]))?"
_COLON = r" ?:? ?"


class HealthInsuranceCardRecognizer(JaPatternRecognizer):
    """Labelled 記号・番号 and 被保険者番号 of a health insurance card."""

    ENTITY = "JP_HEALTH_INSURANCE_NUMBER"
    PATTERNS = (
        Pattern(
            "symbol and number",
            rf"記号{_COLON}(?P<value>{_SYMBOL}[ 、,・]{{0,2}}番号{_COLON}{_NUMBER}{_BRANCH})",
            LABELLED,
        ),
        Pattern(
            "symbol-number pair",
            rf"記号[・･/]番号{_COLON}(?P<value>{_SYMBOL}[ ・/\-]{_NUMBER}{_BRANCH})",
            LABELLED,
        ),
        Pattern("insured number", rf"被保険者番号{_COLON}(?P<value>[0-9]{{8}})(?![0-9])", LABELLED),
    )
    CONTEXT = ("保険証", "被保険者証", "健康保険", "国民健康保険", "国保", "後期高齢者", "資格確認書")
