from __future__ import annotations

import pytest

from gateway.detection.recognizers.address import _STREET
from tests.detection.conftest import Find

TYPE = "JP_ADDRESS"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("住所：東京都千代田区霞が関9-9-9", "東京都千代田区霞が関9-9-9"),
        ("相談者は横浜市中区山下町99-1-2に住む", "横浜市中区山下町99-1-2"),
        ("北海道札幌市中央区北1条西99丁目3番地", "北海道札幌市中央区北1条西99丁目3番地"),
        ("大阪府大阪市北区梅田九丁目二番三号", "大阪府大阪市北区梅田九丁目二番三号"),
        ("長野県北佐久郡軽井沢町大字軽井沢9999番地", "長野県北佐久郡軽井沢町大字軽井沢9999番地"),
        ("福島県耶麻郡猪苗代町大字千代田字千代田九丁目", "福島県耶麻郡猪苗代町大字千代田字千代田九丁目"),
        (
            "東京都千代田区霞が関９－９－９　架空ビル１０１号室",
            "東京都千代田区霞が関９－９－９　架空ビル１０１号室",
        ),
        (
            "東京都世田谷区桜丘9丁目2番10号 サンライズマンション302",
            "東京都世田谷区桜丘9丁目2番10号 サンライズマンション302",
        ),
        (
            "神奈川県横浜市港北区日吉本町9丁目99番9号 コーポ桜ヶ丘505号室",
            "神奈川県横浜市港北区日吉本町9丁目99番9号 コーポ桜ヶ丘505号室",
        ),
        ("〒100-0013 東京都千代田区霞が関9-9-9", "〒100-0013 東京都千代田区霞が関9-9-9"),
        ("千代田区二番町99-6", "千代田区二番町99-6"),
        ("岩手県紫波郡矢巾町大字南矢幅99地割999番地", "岩手県紫波郡矢巾町大字南矢幅99地割999番地"),
        ("茨城県つくば市研究学園九丁目1番地1", "茨城県つくば市研究学園九丁目1番地1"),
        # a building without a building word, known by its room number
        ("住所：山形県我孫子市三ノ輪3-13-11アーバン535号室", "山形県我孫子市三ノ輪3-13-11アーバン535号室"),
        # a town name Sudachi splits into short nouns (柿木沢|新田, 下宇和|田)
        ("送付先は山口県あきる野市柿木沢新田3-31-23宛", "山口県あきる野市柿木沢新田3-31-23"),
        ("住所：徳島県大島町下宇和田2-5-20", "徳島県大島町下宇和田2-5-20"),
        ("香川県御蔵島村油井4-26-26に住む", "香川県御蔵島村油井4-26-26"),
        ("石川県横浜市港北区卯の里4丁目12番14号。", "石川県横浜市港北区卯の里4丁目12番14号"),
        (
            "埼玉県さいたま市浦和区常盤九丁目9番9号\nメゾン常盤203\n伊藤様",
            "埼玉県さいたま市浦和区常盤九丁目9番9号\nメゾン常盤203",
        ),
    ],
)
def test_address_with_street_part_is_reported_in_full(find: Find, text: str, address: str) -> None:
    assert find(text, TYPE) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "横浜市では",
        "東京都千代田区霞が関の合同庁舎",
        "資料1-2-3を参照",
        "第3-2-1号議案",
        "横浜市の予算3,000万円",
        "横浜市役所 045-123-4567",
        "2番目の議題",
        "横浜市2024-25年度計画",
        "横浜市の1-3月期",
        "内閣府告示資料1-3による",  # two numbers need a place right before them
        "中区山下町1丁目地内で水道工事を行います",  # a bare 丁目 before 地内 is a district
        "港南区日野1丁目から3丁目まで通行止め",
    ],
)
def test_place_name_or_numbers_alone_are_not_an_address(find: Find, text: str) -> None:
    assert find(text, TYPE) == []


def test_a_bare_district_after_an_address_label_is_an_address(find: Find) -> None:
    assert find("住所：横浜市中区山下町1丁目、", TYPE) == ["横浜市中区山下町1丁目"]


def test_next_line_is_not_a_building_without_a_room(find: Find) -> None:
    assert find("横浜市中区山下町99-1-2\n会館の利用について", TYPE) == ["横浜市中区山下町99-1-2"]


@pytest.mark.parametrize("street", ["9-9-9", "99丁目3番地", "九丁目二番三号", "9999番地", "十二丁目"])
def test_a_street_part_starts_at_its_first_digit_but_never_after_a_digit_or_hyphen(street: str) -> None:
    # The pattern matches the first digit before its lookbehind (so that ``re`` can skip ahead to it).
    starts = {match.start() for match in _STREET.finditer("住所" + street)}
    assert starts == {2}
    for blocker in ("9", "-"):
        assert 3 not in {match.start() for match in _STREET.finditer("住所" + blocker + street)}


def test_a_number_too_long_for_a_street_is_not_read_from_its_middle() -> None:
    assert [match.group() for match in _STREET.finditer("123456-7-8 1234567丁目")] == []
