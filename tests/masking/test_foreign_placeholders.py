"""Placeholders the map never issued are counted, and a held-back suffix can be released as it came."""

from __future__ import annotations

import pytest

from gateway.masking import PlaceholderMap, StreamRestorer


@pytest.fixture
def placeholders() -> PlaceholderMap:
    placeholders = PlaceholderMap()
    placeholders.placeholder_for("PERSON", "山田太郎")
    placeholders.placeholder_for("JP_MY_NUMBER", "123456789018")
    return placeholders


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("<PERSON_1>様、<JP_MY_NUMBER_1>", 0),
        ("＜PERSON_1＞様、＜PERSON_1>、<PERSON_1＞", 0),  # every accepted spelling of an issued one
        ("<PERSON_2>様", 1),
        ("＜EMAIL_ADDRESS_1＞と<JP_MY_NUMBER_7>", 2),
        ("a<b> と <PERSON> と <person_1> と <PERSON_1a>", 0),  # not placeholder-shaped
        ("", 0),
    ],
)
def test_foreign_counts_placeholder_shaped_tokens_never_issued(placeholders: PlaceholderMap, text: str, foreign: int) -> None:
    assert placeholders.foreign(text) == foreign


def test_an_empty_map_finds_every_placeholder_foreign() -> None:
    assert PlaceholderMap().foreign("<PERSON_1>と<PERSON_2>") == 2


def test_release_gives_the_held_suffix_unrestored(placeholders: PlaceholderMap) -> None:
    restorer = StreamRestorer(placeholders)
    assert restorer.feed("ご連絡は<PERS") == "ご連絡は"
    assert restorer.release() == "<PERS"
    assert restorer.release() == ""
