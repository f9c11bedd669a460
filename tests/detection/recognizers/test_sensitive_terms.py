"""The five 要配慮個人情報 word recognizers, in one table each."""

from __future__ import annotations

import pytest

from tests.detection.conftest import Find


@pytest.mark.parametrize(
    ("text", "entity_type", "words"),
    [
        ("相談者は生活保護を受給中", "JP_SENSITIVE_WELFARE", ["生活保護を受給"]),
        ("生活保護 受給者です", "JP_SENSITIVE_WELFARE", ["生活保護 受給"]),
        ("生保受給中の世帯", "JP_SENSITIVE_WELFARE", ["生保受給"]),
        ("児童扶養手当を受給している", "JP_SENSITIVE_WELFARE", ["児童扶養手当を受給"]),
        ("被保護世帯として", "JP_SENSITIVE_WELFARE", ["被保護世帯"]),
        ("身体障害者手帳2級を所持", "JP_SENSITIVE_DISABILITY", ["身体障害者手帳2級"]),
        ("療育手帳あり", "JP_SENSITIVE_DISABILITY", ["療育手帳"]),
        ("精神障害者保健福祉手帳", "JP_SENSITIVE_DISABILITY", ["精神障害者保健福祉手帳"]),
        ("障害等級は3級", "JP_SENSITIVE_DISABILITY", ["障害等級"]),
        ("障害支援区分4", "JP_SENSITIVE_DISABILITY", ["障害支援区分4"]),
        ("うつ病で通院中", "JP_SENSITIVE_HEALTH", ["うつ病", "通院中"]),
        ("統合失調症と診断", "JP_SENSITIVE_HEALTH", ["統合失調症"]),
        ("母親が認知症", "JP_SENSITIVE_HEALTH", ["認知症"]),
        ("肺がんの治療中", "JP_SENSITIVE_HEALTH", ["肺がん", "治療中"]),
        ("HIV陽性", "JP_SENSITIVE_HEALTH", ["HIV"]),
        ("先月から入院中", "JP_SENSITIVE_HEALTH", ["入院中"]),
        ("前科がある", "JP_SENSITIVE_CRIME", ["前科"]),
        ("逮捕歴と服役の経験", "JP_SENSITIVE_CRIME", ["逮捕歴", "服役"]),
        ("犯罪歴の照会", "JP_SENSITIVE_CRIME", ["犯罪歴"]),
        ("夫からのDVで保護命令", "JP_SENSITIVE_DV", ["DV", "保護命令"]),
        ("ＤＶ被害の相談", "JP_SENSITIVE_DV", ["ＤＶ"]),
        ("配偶者暴力の被害", "JP_SENSITIVE_DV", ["配偶者暴力"]),
        ("家庭内暴力と虐待", "JP_SENSITIVE_DV", ["家庭内暴力", "虐待"]),
    ],
)
def test_sensitive_category_words_are_reported(find: Find, text: str, entity_type: str, words: list[str]) -> None:
    assert find(text, entity_type) == words


@pytest.mark.parametrize(
    "text",
    [
        "生活保護の申請方法について",
        "生活保護制度の概要",
        "がんばってください",
        "がん検診のお知らせ",
        "認知症カフェを開催",
        "認知症サポーター養成講座",
        "DVDを貸し出します",
        "児童虐待防止法",
        "配偶者暴力相談支援センター",
        "出所を明記する",
        "入院時食事療養費の制度",
    ],
)
def test_public_vocabulary_is_not_a_sensitive_word(find: Find, text: str) -> None:
    assert find(text) == []
