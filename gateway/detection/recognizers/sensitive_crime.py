"""Words that reveal a criminal record or a criminal case (犯罪の経歴, 刑事事件).

Legal basis: 個人情報保護法 第2条第3項 (犯罪の経歴, 犯罪により害を被った事実)
and 施行令 第2条第4号 and 第5号 (被疑者・被告人として刑事事件に関する手続が
行われたこと, 少年保護事件). Reported: 前科, 逮捕歴, 服役, 執行猶予, 保護観察,
少年院 and similar, and an offence with its outcome (窃盗罪で有罪判決,
傷害罪で逮捕). ``出所`` is not a term: it also means a source; the
institutions 保護観察所 and 保護観察官 are not reported.
Fictitious example: 本人に前科があるとの申し出。
"""

from __future__ import annotations

from gateway.detection.recognizers.pattern_recognizer import LIKELY, JaPatternRecognizer, Pattern

__all__ = ["SensitiveCrimeRecognizer"]


class SensitiveCrimeRecognizer(JaPatternRecognizer):
    """Criminal records and criminal proceedings."""

    ENTITY = "JP_SENSITIVE_CRIME"
    # An offence and what followed it: 窃盗罪で有罪判決, 傷害罪で逮捕.
    PATTERNS = (
        Pattern(
            "offence", r"[一-龥]{1,6}罪 ?で ?(?:有罪判決|有罪|逮捕|起訴|服役|実刑|罰金刑|罰金|懲役|書類送検)", LIKELY
        ),
    )
    TERMS = (
        "前科", "前歴", "逮捕歴", "逮捕され", "逮捕された", "服役", "受刑", "刑務所に", "刑務所から",
        "仮釈放", "執行猶予", "保護観察", "犯罪歴", "犯歴", "有罪判決", "実刑", "起訴され", "書類送検",
        "少年院", "補導歴", "非行歴", "罰金刑", "懲役", "禁錮", "被疑者", "被告人", "犯罪被害",
    )  # fmt: skip
    # Institutions and programmes, not a person's record.
    EXCLUDED_TERMS = ("保護観察所", "保護観察官", "犯罪被害者支援", "犯罪被害者等支援")
