"""要配慮個人情報 words count only next to a person.

A word such as 生活保護を受給中 or 統合失調症 is sensitive when it describes
someone; in a public notice (``生活保護の相談は福祉事務所へ``, ``DV相談ダイヤル``)
it is vocabulary. The policy applies these categories only when the request
holds personal information (``requires_personal``), but a request is long:
an office phone number at the end of a notice would make every category word
in it count. So the detector keeps a ``JP_SENSITIVE_*`` finding only when,
within ``window`` characters of it (the default, 100, is about two sentences):

* there is a personal finding (a name, an address, a number...; not a 法人番号
  and not another category word), or
* the same sentence holds a word that refers to a person (本人, 相談者, 長男,
  夫, 彼女, 職員...), not one that names a group or a service (家族会, 児童館).

What is dropped is vocabulary without a person nearby; the level of a request
with a person in it is unchanged.

Example:
    >>> from gateway.findings import Finding
    >>> keep_sensitive_near_person("生活保護の相談は窓口へ", [Finding("JP_SENSITIVE_WELFARE", 0, 4, 0.7)])
    []
    >>> keep_sensitive_near_person("本人は生活保護", [Finding("JP_SENSITIVE_WELFARE", 3, 7, 0.7)])
    [Finding(entity_type='JP_SENSITIVE_WELFARE', start=3, end=7, score=0.7)]
"""

from __future__ import annotations

import bisect
import re

from gateway.findings import Finding

__all__ = ["PERSON_WORDS", "SENSITIVE_PREFIX", "keep_sensitive_near_person"]

SENSITIVE_PREFIX = "JP_SENSITIVE_"
_NOT_PERSONAL = frozenset({"JP_CORPORATE_NUMBER"})
DEFAULT_WINDOW = 100
PERSON_WORDS = (
    "本人", "相談者", "申請者", "申出者", "対象者", "利用者", "来庁者", "世帯主", "世帯員", "同居", "家族", "親族",
    "長男", "長女", "次男", "次女", "三男", "三女", "息子", "娘", "夫", "妻", "父", "母", "祖父", "祖母", "孫",
    "兄", "姉", "弟", "妹", "患者", "受給者", "被保護者", "入居者", "入所者", "被保険者", "職員", "児童", "生徒",
    "彼女", "彼", "私", "自分", "男性", "女性", "男児", "女児", "当該", "さん", "様", "氏", "ちゃん", "くん",
    "被害者", "加害者", "容疑者", "被疑者", "被告人", "受刑者", "元受刑者",
)  # fmt: skip
# A person word that names a group or a service is not a person (家族会, 児童館, 女性向け).
_PERSON_WORD = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, PERSON_WORDS), key=len, reverse=True)) + ")"
    r"(?!会|館|向け|支援|相談|全般|等|の皆様|の方々)"
)
_SENTENCE_END = re.compile(r"[。\n!?！？]")


def keep_sensitive_near_person(text: str, findings: list[Finding], window: int = DEFAULT_WINDOW) -> list[Finding]:
    """``findings`` without the category words that have no person within ``window`` characters."""
    sensitive = [f for f in findings if f.entity_type.startswith(SENSITIVE_PREFIX)]
    if not sensitive:
        return findings
    personal = sorted(
        (f.start, f.end)
        for f in findings
        if not f.entity_type.startswith(SENSITIVE_PREFIX) and f.entity_type not in _NOT_PERSONAL
    )
    words = [(f.start, f.end) for f in sensitive]
    dropped = {f for f in sensitive if not _near_person(text, f, personal, words, window)}
    return [f for f in findings if f not in dropped] if dropped else findings


def _sentence(text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, within ``[low, high)``."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, low, start)]
    after = _SENTENCE_END.search(text, end, high)
    return (before[-1] if before else low), (after.start() if after else high)


def _near_person(
    text: str, finding: Finding, personal: list[tuple[int, int]], words: list[tuple[int, int]], window: int
) -> bool:
    low, high = max(0, finding.start - window), min(len(text), finding.end + window)
    index = bisect.bisect_left(personal, (low, 0))
    if index > 0 and personal[index - 1][1] > low:
        return True
    if index < len(personal) and personal[index][0] < high:
        return True
    # A person word in the same sentence, outside every category word
    # (受給者 in 生活保護受給者 and 児童 in 児童虐待 do not count).
    low, high = _sentence(text, finding.start, finding.end, low, high)
    for match in _PERSON_WORD.finditer(text, low, high):
        if not any(start < match.end() and match.start() < end for start, end in words):
            return True
    return False
