"""Restoring placeholders in streamed answers, whatever the chunk boundaries (all values fictitious)."""

from __future__ import annotations

import itertools

import pytest

from gateway.masking import PlaceholderMap, StreamRestorer

ANSWER = "<PERSON_1>様、＜PHONE_NUMBER_1＞へ折り返します。"
RESTORED = "山田太郎様、090-1234-5678へ折り返します。"
BRACKETS = "<>＜＞"


@pytest.fixture
def placeholders() -> PlaceholderMap:
    issued = PlaceholderMap()
    issued.placeholder_for("PERSON", "山田太郎")
    issued.placeholder_for("PHONE_NUMBER", "090-1234-5678")
    return issued


def stream(placeholders: PlaceholderMap, deltas: list[str]) -> list[str]:
    """Every piece the restorer emits for ``deltas``, the flush last."""
    restorer = StreamRestorer(placeholders)
    return [restorer.feed(delta) for delta in deltas] + [restorer.flush()]


@pytest.mark.parametrize("split", range(len(ANSWER) + 1))
def test_two_chunks_split_anywhere_restore_both_placeholders(placeholders: PlaceholderMap, split: int) -> None:
    pieces = stream(placeholders, [ANSWER[:split], ANSWER[split:]])

    assert "".join(pieces) == RESTORED
    assert not any(bracket in piece for piece in pieces for bracket in BRACKETS)


def test_three_chunks_split_at_every_pair_of_points_restore_both(placeholders: PlaceholderMap) -> None:
    for first, second in itertools.combinations_with_replacement(range(len(ANSWER) + 1), 2):
        pieces = stream(placeholders, [ANSWER[:first], ANSWER[first:second], ANSWER[second:]])

        assert "".join(pieces) == RESTORED, (first, second)
        assert not any(bracket in piece for piece in pieces for bracket in BRACKETS), (first, second)


def test_single_character_deltas_with_empty_deltas_between_restore_both(placeholders: PlaceholderMap) -> None:
    deltas = [part for char in ANSWER for part in ("", char, "")]

    pieces = stream(placeholders, deltas)

    assert "".join(pieces) == RESTORED
    assert not any(bracket in piece for piece in pieces for bracket in BRACKETS)
    assert pieces[-1] == ""


@pytest.mark.parametrize(
    ("deltas", "emitted"),
    [
        # Plain text is emitted at once.
        (["こんにちは"], ["こんにちは"]),
        # A complete placeholder is restored at once.
        (["<PERSON_1>"], ["山田太郎"]),
        # Only the possible start of a placeholder is held back.
        (["お名前は<PERS", "ON_1>です"], ["お名前は", "山田太郎です"]),
        (["<", "P", "E"], ["", "", ""]),
        # Released as soon as it can no longer become an issued placeholder.
        (["<PERSON_", "9"], ["", "<PERSON_9"]),
        (["<PERSON_1", "0>"], ["", "<PERSON_10>"]),
        (["<P", "a"], ["", "<Pa"]),
    ],
)
def test_text_is_emitted_as_early_as_possible(
    placeholders: PlaceholderMap, deltas: list[str], emitted: list[str]
) -> None:
    restorer = StreamRestorer(placeholders)

    assert [restorer.feed(delta) for delta in deltas] == emitted


@pytest.mark.parametrize(
    "text",
    [
        "a < b かつ b > c",
        "<div><p>本文</p></div>",
        "<<<>>> ＜注意＞",
        "<PERSON_99>と<EMAIL_ADDRESS_1>",
    ],
)
def test_text_with_brackets_that_is_no_placeholder_flows_through_unchanged(
    placeholders: PlaceholderMap, text: str
) -> None:
    pieces = stream(placeholders, list(text))

    assert "".join(pieces) == text
    # Nothing waits for the end: at most a bracket is still held when the text ends.
    assert len(pieces[-1]) <= 1


def test_held_text_is_bounded_by_the_longest_placeholder(placeholders: PlaceholderMap) -> None:
    restorer = StreamRestorer(placeholders)

    emitted = restorer.feed("<PHONE_NUMBER_" * 3)

    assert emitted == "<PHONE_NUMBER_" * 2
    assert restorer.flush() == "<PHONE_NUMBER_"


def test_with_nothing_issued_nothing_is_held() -> None:
    restorer = StreamRestorer(PlaceholderMap())

    assert restorer.feed("<PERS") == "<PERS"
    assert restorer.flush() == ""


def test_placeholder_issued_after_the_restorer_was_made_is_restored(placeholders: PlaceholderMap) -> None:
    restorer = StreamRestorer(placeholders)
    restorer.feed("")
    placeholders.placeholder_for("PERSON", "佐藤花子")

    assert [restorer.feed("<PERSON_"), restorer.feed("2>")] == ["", "佐藤花子"]


def test_repr_shows_no_held_text(placeholders: PlaceholderMap) -> None:
    restorer = StreamRestorer(placeholders)
    restorer.feed("<PERS")

    assert repr(restorer) == "StreamRestorer(held_chars=5)"
