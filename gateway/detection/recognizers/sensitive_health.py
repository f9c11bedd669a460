"""Words that reveal a medical condition or treatment (病歴, 診療情報).

Legal basis: 個人情報保護法 第2条第3項 (病歴) and 施行令 第2条 (健康診断等の
結果, 診療・調剤). Reported: diagnoses (うつ病, 統合失調症, 認知症, がん in its
compound forms, HIV...) and treatment states (通院中, 入院中, 服薬中, 措置入院).
Bare ``がん`` is not a term because it is also the start of 頑張る
(がんばる); public programme names (認知症カフェ, 認知症サポーター, がん検診)
are excluded. Fictitious example: 母親が認知症で通院中。
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import JaPatternRecognizer

__all__ = ["SensitiveHealthRecognizer"]


class SensitiveHealthRecognizer(JaPatternRecognizer):
    """Diagnoses and treatment states."""

    ENTITY = "JP_SENSITIVE_HEALTH"
    TERMS = (
        # mental health
        "うつ病", "鬱病", "抑うつ", "躁うつ病", "双極性障害", "統合失調症", "適応障害", "パニック障害",
        "不安障害", "強迫性障害", "PTSD", "摂食障害", "依存症", "アルコール依存", "薬物依存",
        "ギャンブル依存", "アルコール依存症", "薬物依存症", "ギャンブル依存症", "精神疾患", "自閉症", "自閉スペクトラム症", "ADHD", "注意欠如", "学習障害",
        "てんかん", "認知症", "アルツハイマー", "パーキンソン病",
        # physical conditions
        "癌", "がん患者", "胃がん", "肺がん", "乳がん", "大腸がん", "肝臓がん", "膵臓がん", "子宮がん",
        "前立腺がん", "末期がん", "悪性腫瘍", "白血病", "悪性リンパ腫", "脳梗塞", "脳出血", "心筋梗塞",
        "糖尿病", "人工透析", "透析治療", "肝硬変", "肝炎", "HIV", "HIV陽性", "HIV感染", "エイズ", "AIDS", "結核", "梅毒",
        "性感染症", "難病", "指定難病", "ALS", "筋萎縮性側索硬化症", "多発性硬化症", "不妊治療",
        # treatment
        "通院中", "通院歴", "入院中", "入院歴", "入退院", "措置入院", "医療保護入院", "服薬中",
        "治療中", "精神科", "心療内科", "診断書", "抗がん剤",
    )  # fmt: skip
    EXCLUDED_TERMS = (
        "認知症カフェ",
        "認知症サポーター",
        "認知症施策",
        "認知症対策",
        "認知症予防",
        "依存症対策",
        "結核予防",
        "肝炎ウイルス検診",
    )
