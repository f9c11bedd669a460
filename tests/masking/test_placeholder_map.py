"""Masking with reversible placeholders and restoring the answer (all values fictitious)."""

from __future__ import annotations

import pytest

import gateway.masking
from gateway.findings import Finding
from gateway.masking import PlaceholderMap

ALL_TYPES = {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "JP_MY_NUMBER", "JP_ADDRESS"}


def spans(text: str, *items: tuple[str, str]) -> list[Finding]:
    """Findings for each (entity_type, value), located by their first occurrence in ``text``."""
    findings = []
    for entity_type, value in items:
        start = text.index(value)
        findings.append(Finding(entity_type, start, start + len(value), 0.9))
    return findings


def test_public_surface_is_the_map_and_the_stream_restorer() -> None:
    assert gateway.masking.__all__ == ["PlaceholderMap", "StreamRestorer"]


def test_same_value_gets_same_placeholder_across_the_conversation() -> None:
    placeholders = PlaceholderMap()
    first = "申請者は山田太郎さんです。"
    second = "山田太郎さんの電話は090-1234-5678です。"
    third = "090-1234-5678に山田太郎さんから着信。"

    masked = [
        placeholders.mask(first, spans(first, ("PERSON", "山田太郎")), ALL_TYPES),
        placeholders.mask(second, spans(second, ("PERSON", "山田太郎"), ("PHONE_NUMBER", "090-1234-5678")), ALL_TYPES),
        placeholders.mask(third, spans(third, ("PHONE_NUMBER", "090-1234-5678"), ("PERSON", "山田太郎")), ALL_TYPES),
    ]

    assert masked == [
        "申請者は<PERSON_1>さんです。",
        "<PERSON_1>さんの電話は<PHONE_NUMBER_1>です。",
        "<PHONE_NUMBER_1>に<PERSON_1>さんから着信。",
    ]


def test_different_values_are_numbered_per_type_from_one() -> None:
    placeholders = PlaceholderMap()

    issued = [
        placeholders.placeholder_for("PERSON", "山田太郎"),
        placeholders.placeholder_for("PHONE_NUMBER", "090-1234-5678"),
        placeholders.placeholder_for("PERSON", "佐藤花子"),
        placeholders.placeholder_for("PERSON", "山田太郎"),
    ]

    assert issued == ["<PERSON_1>", "<PHONE_NUMBER_1>", "<PERSON_2>", "<PERSON_1>"]
    assert placeholders.counts() == {"PERSON": 2, "PHONE_NUMBER": 1}


def test_same_value_under_two_types_gets_two_placeholders() -> None:
    placeholders = PlaceholderMap()

    assert placeholders.placeholder_for("PHONE_NUMBER", "0312345678") == "<PHONE_NUMBER_1>"
    assert placeholders.placeholder_for("JP_BANK_ACCOUNT", "0312345678") == "<JP_BANK_ACCOUNT_1>"


@pytest.mark.parametrize(
    ("entity_type", "first_seen", "variant"),
    [
        ("PHONE_NUMBER", "090-1234-5678", "０９０－１２３４－５６７８"),
        ("PHONE_NUMBER", "03(1234)5678", "03-1234-5678"),
        ("EMAIL_ADDRESS", "Taro.Yamada@example.jp", "taro.yamada@EXAMPLE.JP"),
        ("PERSON", "山田 太郎", "山田太郎"),
    ],
)
def test_normalised_variants_share_a_placeholder_restored_to_first_seen_form(
    entity_type: str, first_seen: str, variant: str
) -> None:
    placeholders = PlaceholderMap()

    placeholder = placeholders.placeholder_for(entity_type, first_seen)

    assert placeholders.placeholder_for(entity_type, variant) == placeholder
    assert placeholders.restore(f"確認:{placeholder}") == f"確認:{first_seen}"
    assert placeholders.counts() == {entity_type: 1}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("山田太郎", (("PERSON", "山田太郎"),)),
        (
            "氏名:山田太郎 個人番号:123456789018 住所:東京都千代田区霞が関1-2-3 連絡先:taro@example.jp",
            (
                ("PERSON", "山田太郎"),
                ("JP_MY_NUMBER", "123456789018"),
                ("JP_ADDRESS", "東京都千代田区霞が関1-2-3"),
                ("EMAIL_ADDRESS", "taro@example.jp"),
            ),
        ),
        ("090-1234-5678山田太郎", (("PHONE_NUMBER", "090-1234-5678"), ("PERSON", "山田太郎"))),
    ],
)
def test_restore_of_masked_text_gives_back_the_original(text: str, items: tuple[tuple[str, str], ...]) -> None:
    placeholders = PlaceholderMap()

    masked = placeholders.mask(text, spans(text, *items), ALL_TYPES)

    assert all(value not in masked for _, value in items)
    assert placeholders.restore(masked) == text


def test_only_findings_of_the_given_types_are_masked() -> None:
    placeholders = PlaceholderMap()
    text = "山田太郎 090-1234-5678"

    masked = placeholders.mask(text, spans(text, ("PERSON", "山田太郎"), ("PHONE_NUMBER", "090-1234-5678")), {"PHONE_NUMBER"})

    assert masked == "山田太郎 <PHONE_NUMBER_1>"
    assert placeholders.counts() == {"PHONE_NUMBER": 1}


def test_findings_out_of_order_are_masked_in_text_order() -> None:
    placeholders = PlaceholderMap()
    text = "山田太郎と佐藤花子"

    masked = placeholders.mask(text, spans(text, ("PERSON", "佐藤花子"), ("PERSON", "山田太郎")), ALL_TYPES)

    assert masked == "<PERSON_1>と<PERSON_2>"


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        # Second starts inside the first: skipped.
        ([Finding("PERSON", 0, 4, 0.9), Finding("JP_ADDRESS", 2, 8, 0.9)], "<PERSON_1>区霞が関"),
        # Same start, the longer one wins whatever the input order.
        ([Finding("PERSON", 0, 2, 0.9), Finding("JP_ADDRESS", 0, 8, 0.9)], "<JP_ADDRESS_1>"),
        ([Finding("JP_ADDRESS", 0, 8, 0.9), Finding("PERSON", 0, 2, 0.9)], "<JP_ADDRESS_1>"),
        # Nested inside an earlier one: skipped.
        ([Finding("JP_ADDRESS", 0, 8, 0.9), Finding("PERSON", 3, 5, 0.9)], "<JP_ADDRESS_1>"),
        # Touching spans do not overlap.
        ([Finding("PERSON", 0, 4, 0.9), Finding("JP_ADDRESS", 4, 8, 0.9)], "<PERSON_1><JP_ADDRESS_1>"),
        # Identical duplicates mask once.
        ([Finding("PERSON", 0, 4, 0.9), Finding("PERSON", 0, 4, 0.9)], "<PERSON_1>区霞が関"),
    ],
)
def test_overlapping_findings_never_corrupt_the_text(findings: list[Finding], expected: str) -> None:
    placeholders = PlaceholderMap()

    masked = placeholders.mask("山田太郎区霞が関", findings, ALL_TYPES)

    assert masked == expected
    assert placeholders.restore(masked) == "山田太郎区霞が関"


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (3, 3), (4, 2), (0, 99)],
)
def test_finding_outside_the_text_is_refused_without_showing_the_text(start: int, end: int) -> None:
    placeholders = PlaceholderMap()

    with pytest.raises(ValueError) as raised:
        placeholders.mask("山田太郎です", [Finding("PERSON", start, end, 0.9)], {"OTHER_TYPE"})

    assert "山田" not in str(raised.value)
    assert placeholders.counts() == {}


@pytest.mark.parametrize(
    "forged",
    [
        "<PERSON_99>",
        "<PERSON_10>",
        "<PERSON_0>",
        "<EMAIL_ADDRESS_1>",
        "<person_1>",
        "< PERSON_1 >",
        "<PERSON_1",
        "PERSON_1>",
        "<<PERSON_1",
        "<>",
    ],
)
def test_placeholder_never_issued_is_left_as_is(forged: str) -> None:
    placeholders = PlaceholderMap()
    placeholders.placeholder_for("PERSON", "山田太郎")

    assert placeholders.restore(f"回答:{forged}です") == f"回答:{forged}です"


def test_restore_with_nothing_issued_returns_the_text() -> None:
    assert PlaceholderMap().restore("<PERSON_1> a < b <>") == "<PERSON_1> a < b <>"


@pytest.mark.parametrize("spelling", ["<PERSON_1>", "＜PERSON_1＞", "＜PERSON_1>", "<PERSON_1＞"])
def test_full_width_bracket_spellings_of_issued_placeholder_are_restored(spelling: str) -> None:
    placeholders = PlaceholderMap()
    placeholders.placeholder_for("PERSON", "山田太郎")

    assert placeholders.restore(f"{spelling}様へ") == "山田太郎様へ"


def test_placeholders_whose_numbers_share_digits_are_told_apart() -> None:
    placeholders = PlaceholderMap()
    names = [f"職員{number:02d}" for number in range(1, 12)]
    for name in names:
        placeholders.placeholder_for("PERSON", name)

    assert placeholders.restore("<PERSON_11>,<PERSON_1>,<PERSON_10>") == f"{names[10]},{names[0]},{names[9]}"


def test_placeholder_issued_after_a_restore_is_restored_too() -> None:
    placeholders = PlaceholderMap()
    placeholders.placeholder_for("PERSON", "山田太郎")
    placeholders.restore("<PERSON_1>")
    placeholders.placeholder_for("PERSON", "佐藤花子")

    assert placeholders.restore("<PERSON_1>と<PERSON_2>") == "山田太郎と佐藤花子"


def test_repr_and_counts_hold_no_values() -> None:
    placeholders = PlaceholderMap()
    text = "山田太郎 taro@example.jp 090-1234-5678"
    placeholders.mask(
        text,
        spans(text, ("PERSON", "山田太郎"), ("EMAIL_ADDRESS", "taro@example.jp"), ("PHONE_NUMBER", "090-1234-5678")),
        ALL_TYPES,
    )

    shown = repr(placeholders) + str(placeholders) + repr(placeholders.counts()) + repr(placeholders.placeholders())

    assert all(value not in shown for value in ("山田", "taro", "example", "1234", "5678"))
    assert repr(placeholders) == "PlaceholderMap(counts={'PERSON': 1, 'EMAIL_ADDRESS': 1, 'PHONE_NUMBER': 1})"


def test_two_maps_share_nothing() -> None:
    first, second = PlaceholderMap(), PlaceholderMap()
    first.placeholder_for("PERSON", "山田太郎")

    assert second.placeholder_for("PERSON", "佐藤花子") == "<PERSON_1>"
    assert second.restore("<PERSON_1>") == "佐藤花子"


def test_hundreds_of_placeholders_restore_in_any_spelling_and_only_those_issued() -> None:
    placeholders = PlaceholderMap()
    names = [f"住民{n:03d}" for n in range(400)]
    issued = [placeholders.placeholder_for("PERSON", name) for name in names]
    answer = "、".join(f"＜{p[1:-1]}>" if n % 2 else p for n, p in enumerate(issued)) + "と<PERSON_401>"
    assert placeholders.restore(answer) == "、".join(names) + "と<PERSON_401>"
    assert placeholders.foreign(answer) == 1


@pytest.mark.parametrize(
    ("tail", "expected"),
    [("<", True), ("＜", True), ("<PER", True), ("＜PERSON_1", True), ("<PERSON_1", True), ("<PERSON_12", True),
     ("<PERSON_13", False), ("<PEX", False), ("<PERSON_1>", False), ("PERSON", False), ("", False), ("<person", False)],
)
def test_a_tail_could_become_an_issued_placeholder_only_as_a_proper_prefix_of_one(tail: str, expected: bool) -> None:
    placeholders = PlaceholderMap()
    for n in range(12):
        placeholders.placeholder_for("PERSON", f"住民{n}")
    assert placeholders.could_become_issued(tail) is expected
    assert placeholders.longest() == len("<PERSON_12>")
