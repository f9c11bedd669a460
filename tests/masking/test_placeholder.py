"""The placeholder format and its accepted spellings."""

from __future__ import annotations

import pytest

from gateway.masking.placeholder import PLACEHOLDER_SHAPE, issued_spelling, make_placeholder, spellings


@pytest.mark.parametrize(
    ("entity_type", "number", "expected"),
    [
        ("PERSON", 1, "<PERSON_1>"),
        ("JP_MY_NUMBER", 12, "<JP_MY_NUMBER_12>"),
        ("JP_ADDRESS2", 3, "<JP_ADDRESS2_3>"),
    ],
)
def test_placeholder_is_type_and_number_in_angle_brackets(entity_type: str, number: int, expected: str) -> None:
    assert make_placeholder(entity_type, number) == expected


@pytest.mark.parametrize(
    ("entity_type", "number"),
    [
        ("person", 1),
        ("PER SON", 1),
        ("PER>SON", 1),
        ("＜PERSON", 1),
        ("", 1),
        ("1PERSON", 1),
        ("PERSON", 0),
        ("PERSON", -1),
    ],
)
def test_unsafe_type_or_number_is_refused(entity_type: str, number: int) -> None:
    with pytest.raises(ValueError):
        make_placeholder(entity_type, number)


def test_every_bracket_combination_is_a_spelling_issued_one_first() -> None:
    assert spellings("<PERSON_1>") == ("<PERSON_1>", "<PERSON_1＞", "＜PERSON_1>", "＜PERSON_1＞")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("<A_1>と＜A_1＞と<A_1＞", ["<A_1>", "<A_1>", "<A_1>"]),
        ("<A_10> <B_1> <a_1> < A_1 > A_1 <A_> <_1>", ["<A_10>", "<B_1>"]),
        ("<<A_1>>", ["<A_1>"]),
        ("<> ＜＞", []),
    ],
)
def test_every_spelling_of_a_placeholder_shaped_token_reads_back_as_the_issued_one(text: str, found: list[str]) -> None:
    assert [issued_spelling(match[0]) for match in PLACEHOLDER_SHAPE.finditer(text)] == found


def test_issued_spelling_of_every_spelling_is_the_issued_one() -> None:
    assert {issued_spelling(spelling) for spelling in spellings("<PERSON_1>")} == {"<PERSON_1>"}
