"""Words that reveal a disability (障害).

Legal basis: 個人情報保護法 第2条第3項 and 施行令 第2条第1号 list physical,
intellectual and mental disabilities among 要配慮個人情報. Reported: the
certificates (身体障害者手帳, 療育手帳, 精神障害者保健福祉手帳), grades and
classifications (障害等級, 手帳2級, 障害支援区分) and the disability
categories themselves. Fictitious example: 身体障害者手帳2級を所持。
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import LIKELY, JaPatternRecognizer, Pattern

__all__ = ["SensitiveDisabilityRecognizer"]

_GRADE = r"[1-7一二三四五六七]級"
_SHOGAI = r"障(?:害|がい|碍)"


class SensitiveDisabilityRecognizer(JaPatternRecognizer):
    """Disability certificates, grades and categories."""

    ENTITY = "JP_SENSITIVE_DISABILITY"
    PATTERNS = (
        Pattern("certificate grade", rf"(?:{_SHOGAI}者?手帳|手帳) ?{_GRADE}", LIKELY),
        Pattern("disability grade", rf"{_SHOGAI} ?(?:等級)? ?{_GRADE}", LIKELY),
        Pattern("support category", rf"{_SHOGAI}支援区分 ?[1-6一二三四五六]?", LIKELY),
        Pattern("pension receipt", rf"{_SHOGAI}(?:基礎|厚生)?年金 ?を? ?(?:受給中|受給)", LIKELY),
    )
    TERMS = (
        "身体障害者手帳",
        "身体障がい者手帳",
        "療育手帳",
        "愛の手帳",
        "精神障害者保健福祉手帳",
        "精神障がい者保健福祉手帳",
        "障害者手帳",
        "障がい者手帳",
        "障害等級",
        "障害程度区分",
        "身体障害",
        "身体障がい",
        "知的障害",
        "知的障がい",
        "精神障害",
        "精神障がい",
        "発達障害",
        "発達障がい",
        "視覚障害",
        "聴覚障害",
        "肢体不自由",
        "内部障害",
        "高次脳機能障害",
        "重度心身障害",
        "障害年金",
        "障害基礎年金",
        "障害厚生年金",
        "特別障害者手当",
        "自立支援医療",
    )
    EXCLUDED_TERMS = ("障害者手帳の交付申請", "障害者手帳の申請方法")
