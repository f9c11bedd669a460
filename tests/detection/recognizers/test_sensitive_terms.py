"""The five 要配慮個人情報 word recognizers, in one table each."""

from __future__ import annotations

import pytest

from tests.detection.conftest import Find


@pytest.mark.parametrize(
    ("text", "entity_type", "words"),
    [
        ("相談者は生活保護を受給中", "JP_SENSITIVE_WELFARE", ["生活保護を受給中"]),
        ("本人は生活保護 受給者です", "JP_SENSITIVE_WELFARE", ["生活保護 受給"]),
        ("生保受給中の世帯の長男", "JP_SENSITIVE_WELFARE", ["生保受給"]),
        ("母が児童扶養手当を受給している", "JP_SENSITIVE_WELFARE", ["児童扶養手当を受給"]),
        ("本人は被保護世帯として", "JP_SENSITIVE_WELFARE", ["被保護世帯"]),
        ("本人は身体障害者手帳2級を所持", "JP_SENSITIVE_DISABILITY", ["身体障害者手帳2級"]),
        ("長男は療育手帳あり", "JP_SENSITIVE_DISABILITY", ["療育手帳"]),
        ("本人の精神障害者保健福祉手帳", "JP_SENSITIVE_DISABILITY", ["精神障害者保健福祉手帳"]),
        ("本人の障害等級は3級", "JP_SENSITIVE_DISABILITY", ["障害等級"]),
        ("利用者は障害支援区分4", "JP_SENSITIVE_DISABILITY", ["障害支援区分4"]),
        ("本人は障害年金を受給中", "JP_SENSITIVE_DISABILITY", ["障害年金を受給中"]),
        ("本人はうつ病で通院中", "JP_SENSITIVE_HEALTH", ["うつ病", "通院中"]),
        ("相談者は統合失調症と診断", "JP_SENSITIVE_HEALTH", ["統合失調症"]),
        ("母親が認知症", "JP_SENSITIVE_HEALTH", ["認知症"]),
        ("夫は肺がんの治療中", "JP_SENSITIVE_HEALTH", ["肺がん", "治療中"]),
        ("本人はHIV陽性", "JP_SENSITIVE_HEALTH", ["HIV陽性"]),
        ("職員がアルコール依存症", "JP_SENSITIVE_HEALTH", ["アルコール依存症"]),
        ("父は先月から入院中", "JP_SENSITIVE_HEALTH", ["入院中"]),
        ("本人に前科がある", "JP_SENSITIVE_CRIME", ["前科"]),
        ("本人は逮捕歴と服役の経験", "JP_SENSITIVE_CRIME", ["逮捕歴", "服役"]),
        ("対象者の犯罪歴の照会", "JP_SENSITIVE_CRIME", ["犯罪歴"]),
        ("長男が窃盗罪で有罪判決", "JP_SENSITIVE_CRIME", ["窃盗罪で有罪判決"]),
        ("夫からのDVで保護命令", "JP_SENSITIVE_DV", ["DV", "保護命令"]),
        ("妻はＤＶ被害の相談", "JP_SENSITIVE_DV", ["ＤＶ被害"]),
        ("相談者は配偶者暴力の被害", "JP_SENSITIVE_DV", ["配偶者暴力"]),
        ("本人への家庭内暴力と虐待", "JP_SENSITIVE_DV", ["家庭内暴力", "虐待"]),
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
        "保護観察所と連携する",
    ],
)
def test_public_vocabulary_is_not_a_sensitive_word(find: Find, text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "生活保護の相談は福祉事務所へ。受給中の方の相談にも応じます。",
        "DV相談ダイヤルは24時間受け付けています。",
        "統合失調症の理解を深める講演会を開催します。",
        "前科のある人の再犯防止推進計画を策定しました。",
    ],
)
def test_category_word_without_a_person_nearby_is_not_reported(find: Find, text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "entity_type"),
    [
        ("山田太郎さんは生活保護を受給中", "JP_SENSITIVE_WELFARE"),
        ("連絡先 090-1234-5678。統合失調症で通院", "JP_SENSITIVE_HEALTH"),
        ("彼女はDVの被害を訴えている", "JP_SENSITIVE_DV"),
    ],
)
def test_category_word_next_to_a_person_is_reported(find: Find, text: str, entity_type: str) -> None:
    assert find(text, entity_type) != []


def test_person_far_away_does_not_make_a_category_word_personal(find: Find) -> None:
    text = "山田太郎さんの件。" + "この文は公開資料の一部です。" * 12 + "生活保護の申請窓口は2階です。"
    assert find(text, "JP_SENSITIVE_WELFARE") == []
    assert find(text, "PERSON") == ["山田太郎"]
