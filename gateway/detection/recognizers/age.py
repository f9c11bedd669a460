"""A person's age (年齢).

Ages are everywhere in public text (``65歳以上の方``), so the recognizer is
conservative: ``45歳`` (or ``45才``) is reported only when it is labelled
(年齢, 満, 享年) or follows a family word (長男（8歳）), follows a person's
name (``山田太郎（45歳）``, ``田中さん、45歳``) or describes a person
(``45歳の男性``, ``45歳女性``, ``8歳の長男``); and
``年齢：45`` is reported even without 歳. Ages over 130 are not ages.
Fictitious examples: 年齢：45歳, 山田太郎（45歳）.
"""

from __future__ import annotations

import re

from gateway.detection.recognizers.pattern_recognizer import (
    LABELLED,
    NEEDS_CONTEXT,
    JaPatternRecognizer,
    Pattern,
)

__all__ = ["AgeRecognizer"]


class AgeRecognizer(JaPatternRecognizer):
    """Ages in years next to a person or a label."""

    ENTITY = "JP_AGE"
    PATTERNS = (
        Pattern(
            "years", r"[0-9](?<![0-9.][0-9])[0-9]{0,2} ?[歳才](?!以上|以下|未満|から|まで|以降|前後|代)", NEEDS_CONTEXT
        ),
        Pattern("labelled", r"年齢 ?: ?(?P<value>[0-9]{1,3})(?![0-9歳才])", LABELLED),
    )
    CONTEXT = (
        "年齢",
        "満",
        "享年",
        "本人",
        "長男",
        "長女",
        "次男",
        "次女",
        "息子",
        "娘",
        "夫",
        "妻",
        "父",
        "母",
        "祖父",
        "祖母",
    )
    FOLLOWED_BY = re.compile(
        r"の?(?:男性|女性|男児|女児|男子|女子|長男|長女|次男|次女|三男|三女|男|女|児童|息子|娘|夫|妻|母|父)"
    )
    AFTER_PERSON = True

    def invalidate_result(self, pattern_text: str) -> bool:
        return int(pattern_text.rstrip("歳才 ")) > 130
