"""Words that say a person receives public assistance (生活保護 and other welfare benefits).

Legal basis: receiving 生活保護 is not listed in 個人情報保護法 第2条第3項
(要配慮個人情報), but the 総務省 guideline and municipal security policies
handle welfare case data as highly sensitive, so the gateway reports it as a
category of its own. Only words about *receiving* are reported
(生活保護受給中, 生保受給, 被保護世帯, 児童扶養手当を受給); the name of the
programme alone (生活保護制度, 生活保護の申請方法) is public vocabulary and is
not. Whether a request becomes 3B is the policy's decision (it needs a
person in the same request). Fictitious example: 相談者は生活保護を受給中。
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import LIKELY, JaPatternRecognizer, Pattern

__all__ = ["SensitiveWelfareRecognizer"]

_RECEIVING = r"(?:受給中|受給|受けて|受けた|受けてい|利用中|開始決定|廃止|停止|申請中)"
_BENEFITS = r"(?:生活保護|児童扶養手当|特別児童扶養手当|就学援助|住居確保給付金|障害児福祉手当|特別障害者手当)"


class SensitiveWelfareRecognizer(JaPatternRecognizer):
    """Receipt of 生活保護 and other means-tested benefits."""

    ENTITY = "JP_SENSITIVE_WELFARE"
    PATTERNS = (Pattern("receiving", rf"{_BENEFITS} ?(?:を|の)? ?{_RECEIVING}", LIKELY),)
    TERMS = (
        "生保受給",
        "生保世帯",
        "生保利用",
        "生活保護世帯",
        "生活保護受給者",
        "生活保護費",
        "被保護者",
        "被保護世帯",
        "要保護世帯",
        "準要保護",
        "保護受給中",
        "保護費受給",
        "生活困窮世帯",
    )
