"""Words that reveal domestic violence, abuse or stalking (DV・虐待).

Legal basis: 配偶者からの暴力の防止及び被害者の保護等に関する法律, 児童虐待の
防止等に関する法律, 住民基本台帳事務における支援措置 (DV等支援措置): a victim's
whereabouts must never leak, so these words are reported as a category of
their own; 犯罪により害を被った事実 is also 要配慮個人情報 (個人情報保護法
第2条第3項). ``DV`` must stand alone (``DVD`` is not DV). The names of laws
and prevention programmes (児童虐待防止法, DV防止) are excluded.
Fictitious example: 夫からのDVで保護命令を申立て中。
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import JaPatternRecognizer

__all__ = ["SensitiveDvRecognizer"]


class SensitiveDvRecognizer(JaPatternRecognizer):
    """Domestic violence, abuse, stalking and protection measures."""

    ENTITY = "JP_SENSITIVE_DV"
    TERMS = (
        "DV", "DV被害", "DV被害者", "夫からの暴力", "妻からの暴力", "夫から暴力", "交際相手からの暴力",
        "ドメスティック・バイオレンス", "ドメスティックバイオレンス", "配偶者暴力", "配偶者からの暴力",
        "家庭内暴力", "デートDV", "保護命令", "接近禁止命令", "退去命令", "虐待", "児童虐待", "高齢者虐待",
        "障害者虐待", "ネグレクト", "性暴力", "性被害", "ストーカー", "つきまとい", "モラハラ",
        "一時保護", "支援措置", "閲覧制限", "シェルター",
    )  # fmt: skip
    EXCLUDED_TERMS = (
        "児童虐待防止",
        "虐待防止",
        "高齢者虐待防止",
        "障害者虐待防止",
        "DV防止",
        "配偶者暴力防止",
        "配偶者暴力相談支援センター",
        "ストーカー規制法",
    )
