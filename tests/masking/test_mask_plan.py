"""Masking plans: worked out once per text, bounded, holding no personal value."""

from __future__ import annotations

import pytest

from gateway.findings import Finding
from gateway.masking import PlaceholderMap
from gateway.masking.mask_plan import MaskPlans

TEXT = "相談者：山田太郎、TEL ０９０－１２３４－５６７８、再掲 090-1234-5678"
FINDINGS = [
    Finding("JP_PHONE_NUMBER", 30, 43, 1.0),
    Finding("PERSON", 4, 8, 0.9),
    Finding("JP_PHONE_NUMBER", 13, 26, 1.0),
]


def test_a_plan_orders_the_findings_and_gives_two_spellings_of_a_value_one_id() -> None:
    plans = MaskPlans()
    plan = plans.plan(TEXT, FINDINGS)
    assert [(start, end, entity_type) for start, end, entity_type, _ in plan] == [
        (4, 8, "PERSON"),
        (13, 26, "JP_PHONE_NUMBER"),
        (30, 43, "JP_PHONE_NUMBER"),
    ]
    assert plan[1][3] == plan[2][3] == ("JP_PHONE_NUMBER", plans.value_id("09012345678"))
    assert plan[0][3] != plan[1][3]


def test_a_text_masked_again_is_not_planned_again() -> None:
    plans = MaskPlans()
    first = PlaceholderMap(plans).mask(TEXT, FINDINGS, {"PERSON", "JP_PHONE_NUMBER"})
    again = PlaceholderMap(plans).mask(TEXT, FINDINGS, {"PERSON", "JP_PHONE_NUMBER"})
    assert first == again == "相談者：<PERSON_1>、TEL <JP_PHONE_NUMBER_1>、再掲 <JP_PHONE_NUMBER_1>"
    assert plans.stats() == (1, 1, 1)


def test_other_findings_for_the_same_text_are_planned_afresh() -> None:
    plans = MaskPlans()
    placeholders = PlaceholderMap(plans)
    placeholders.mask(TEXT, FINDINGS, {"PERSON"})
    masked = PlaceholderMap(plans).mask(TEXT, FINDINGS[1:2], {"PERSON", "JP_PHONE_NUMBER"})
    assert masked == "相談者：<PERSON_1>、TEL ０９０－１２３４－５６７８、再掲 090-1234-5678"


def test_findings_outside_the_text_are_refused_whether_or_not_a_plan_is_cached() -> None:
    plans = MaskPlans()
    PlaceholderMap(plans).mask(TEXT, FINDINGS, {"PERSON"})
    with pytest.raises(ValueError, match="outside"):
        PlaceholderMap(plans).mask(TEXT, [Finding("PERSON", 40, 90, 0.9)], {"PERSON"})


def test_the_plans_are_bounded() -> None:
    plans = MaskPlans(max_entries=4)
    for n in range(50):
        text = f"{n}件目：相談者は山田太郎さんです。"
        PlaceholderMap(plans).mask(text, [Finding("PERSON", text.index("山田"), text.index("さん"), 0.9)], {"PERSON"})
    assert plans.stats().entries == 4


def test_a_plan_holds_no_personal_value() -> None:
    plans = MaskPlans()
    plans.plan(TEXT, FINDINGS)
    entries = list(plans._cache._entries.items())  # the test looks inside on purpose
    flat = repr(entries).encode("utf-8")
    for value in ("山田", "太郎", "1234", "５６７８"):
        assert value.encode("utf-8") not in flat
    assert all(isinstance(key, bytes) for key, _ in entries)


def test_value_ids_differ_between_processes() -> None:
    assert MaskPlans().value_id("山田太郎") != MaskPlans().value_id("山田太郎")
