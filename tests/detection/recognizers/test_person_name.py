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
        # surname + given name from the name dictionary, where Sudachi tags neither
        ("司会 石川健一課長", ["石川健一"]),
        ("請求者：中島 あすか", ["中島 あすか"]),
        ("住んでいる山下 幹です。", ["山下 幹"]),
        ("代表者 鈴木零、連絡先", ["鈴木零"]),
        ("髙橋零さんより", ["髙橋零"]),
        # a surname Sudachi reads as a noun or a place, with a title
        ("の林様、ケアプラン", ["林"]),
        ("松本様\n子育て支援課", ["松本"]),
        # a staff member introducing themselves
        ("市民税課の中川です。", ["中川"]),
        ("佐藤と申します。先日の件で", ["佐藤"]),
        # a title starts where Sudachi's word does not end (佐藤健|一部|長)
        ("佐藤健一部長、渡辺翼部長", ["佐藤健一", "渡辺翼"]),
        # an honorific is never read as a hiragana given name (山本|さんと)
        ("山本さんと中川さんに送付", ["山本", "中川"]),
        # the last of a list, after reported names
        ("出席者：山田太郎、鈴木花子、中村", ["山田太郎", "鈴木花子", "中村"]),
        # katakana names joined by a space, after a label or with an honorific
        ("氏名：サントス アナ", ["サントス アナ"]),
        ("ホアン ヴァン・ナムさん", ["ホアン ヴァン・ナム"]),
        ("氏名：グルン・マーク", ["グルン・マーク"]),
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
        "会場：氏家新田公園（清瀬市）",  # a town name that looks like a name, before 公園
        "山武郡横芝光町湯本塩原地区の用途地域",
        "相談は長間こども家庭センターへ",
        "中学校の統合について",  # 中 and 学 are in the name lists, 中学校 is one word
        "東京駅と松本城",
        "田中とも話した",
        "中学校長と教頭",
        "東京都知事の会見",
    ],
)
def test_words_that_are_not_names_are_not_reported(find: Find, text: str) -> None:
    assert find(text, TYPE) == []
