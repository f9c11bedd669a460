from __future__ import annotations

import pytest

from tests.detection.conftest import Find

TYPE = "PERSON"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("山田太郎さんが来庁した。", ["山田太郎"]),
        ("氏名：山田 太郎", ["山田 太郎"]),
        ("申請者　中村　美咲", ["中村　美咲"]),
        ("佐々木健太郎が申請", ["佐々木健太郎"]),
        ("髙橋一郎様", ["髙橋一郎"]),
        ("山﨑花子さん", ["山﨑花子"]),
        ("渡邉健", ["渡邉健"]),
        ("齋藤花子の件", ["齋藤花子"]),
        ("𠮷田花子さん", ["𠮷田花子"]),
        ("伊藤さんから電話", ["伊藤"]),
        ("山田氏によれば", ["山田"]),
        ("田中課長に報告", ["田中"]),
        ("担当：佐藤", ["佐藤"]),
        ("出席者：田中、鈴木、佐藤", ["田中", "鈴木", "佐藤"]),
        ("グエン・ヴァン・ナムさんが来庁", ["グエン・ヴァン・ナム"]),
        ("マリア・サントス・デ・ソウザ", ["マリア・サントス・デ・ソウザ"]),
        ("ジョン スミス様", ["ジョン スミス"]),
        ("李明さん", ["李明"]),
        ("ﾔﾏﾀﾞ ﾀﾛｳ様", ["ﾔﾏﾀﾞ ﾀﾛｳ"]),
    ],
)
def test_names_are_reported_without_honorific(find: Find, text: str, names: list[str]) -> None:
    assert find(text, TYPE) == names


@pytest.mark.parametrize(
    "text",
    [
        "田中が対応した",  # a lone surname without honorific or label
        "ヘルパーさんとケアマネさん",
        "市民の皆様へ",
        "総務省と厚生労働省",
        "横浜市では",
        "アメリカ・ニューヨーク",
        "お客様各位",
    ],
)
def test_words_that_are_not_names_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
