"""The surname and given-name dictionary from japanese-personal-name-dataset."""

from __future__ import annotations

import pytest

from gateway.detection.name_dictionary import NameDictionary
from gateway.detection.nlp_engine import SudachiNlpEngine


@pytest.fixture(scope="module")
def names() -> NameDictionary:
    return NameDictionary.load()


@pytest.fixture(scope="module")
def boundaries() -> object:
    engine = SudachiNlpEngine()
    engine.load()

    def of(text: str) -> set[int]:
        tokens = engine.tokenize(text)
        return {t.start for t in tokens} | {t.end for t in tokens}

    return of


def test_the_lists_ship_inside_the_wheel_and_are_large(names: NameDictionary) -> None:
    assert len(names.surnames) >= 1_900 and len(names.given) >= 50_000
    assert {"佐藤", "髙橋"} <= {s for s in ("佐藤", "髙橋") if names.is_surname(s)}


@pytest.mark.parametrize(
    ("surface", "known"),
    [("佐藤", True), ("渡邉", True), ("齋藤", True), ("サトウ", True), ("さとう", False), ("東京", False)],
)
def test_surnames_are_known_in_kanji_old_style_kanji_and_katakana(names: NameDictionary, surface: str, known: bool) -> None:
    assert names.is_surname(surface) is known


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("石川健一課長", "石川健一"),
        ("中島 あすか様", "中島 あすか"),
        ("中島あすかです", "中島あすか"),
        ("ナカジマ アスカ", "ナカジマ アスカ"),
        ("渡邉幹の件", "渡邉幹"),
    ],
)
def test_a_surname_and_a_given_name_make_a_full_name(names: NameDictionary, boundaries, text: str, name: str) -> None:
    assert names.full_name_end(text, 0, boundaries(text)) == len(name)


@pytest.mark.parametrize(
    "text",
    [
        "東京都",  # 東 is a surname and 京 a given name, but 東京 is one word
        "中学校",
        "神崎町役場",  # 町 is never a given name
        "林学",  # one-character surname and one-character given name: too weak
        "田中とも話した",
        "山田こどもの",
    ],
)
def test_words_made_of_name_parts_are_not_full_names(names: NameDictionary, boundaries, text: str) -> None:
    assert names.full_name_end(text, 0, boundaries(text)) is None


def test_the_surname_memo_is_bounded(names: NameDictionary) -> None:
    fresh = NameDictionary(names.surnames, names.surname_readings, ())
    for n in range(60_000):
        fresh.is_surname(f"語{n}")
    assert len(fresh._memo) <= 50_000


def test_the_sets_are_those_load_dataset_gives(names: NameDictionary) -> None:
    # NameDictionary reads the package's CSV files itself (see the module docstring): same sets, less memory.
    from japanese_personal_name_dataset import clear_cache, load_dataset

    from gateway.detection.name_dictionary import _NOT_GIVEN

    men, women, surnames = load_dataset("org", include_last_names=True)
    clear_cache()
    given = {
        form for listed in (men, women) for reading, entry in listed.items() for form in (reading, *entry["kanji"])
    }
    assert names.surnames == frozenset(surnames)
    assert names.surname_readings == {entry["reading"] for entry in surnames.values()}
    assert names.given == given - _NOT_GIVEN
    assert "" not in names.given and all("," not in name and "\n" not in name for name in names.given)
