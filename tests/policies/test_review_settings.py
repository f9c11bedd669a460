"""The policy's review and output-check settings: defaults, the shipped values, and what is refused."""

from __future__ import annotations

import pytest

from gateway.errors import PolicyError
from policies import CaseResult, Policy, PolicyCase, load_policy, run_cases
from tests.policies.samples import SMALL_POLICY, WritePolicy

ASSEMBLY = "  assembly_answer: {label: 議会答弁, category: 想定問答, review_required: true}"


def _with_assembly(extra: str) -> str:
    assert SMALL_POLICY.count(ASSEMBLY) == 1
    return SMALL_POLICY.replace(ASSEMBLY, ASSEMBLY[:-1] + ", " + extra + "}")


def test_review_defaults_are_one_step_in_72_hours_and_output_mask(write_policy: WritePolicy) -> None:
    policy = load_policy(write_policy(SMALL_POLICY))
    use_case = policy.use_cases["assembly_answer"]
    assert use_case.approval_steps == ["所属長"] and use_case.review_deadline_hours == 72
    assert policy.output_check.action == "mask"


def test_shipped_policy_asks_two_steps_for_resident_documents(default_policy: Policy) -> None:
    resident = default_policy.use_cases["resident_document"]
    assert resident.approval_steps == ["係長", "課長"] and resident.review_required and resident.notice
    assert default_policy.use_cases["assembly_answer"].review_deadline_hours == 24
    assert not default_policy.use_cases["programming"].review_required


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("approval_steps: [係長, 係長]", "approval_steps", "重複"),
        ("approval_steps: []", "approval_steps", ""),
        ("review_deadline_hours: 0", "review_deadline_hours", ""),
        ("review_steps: [係長]", "review_steps", ""),
    ],
    ids=["repeated-step", "no-step", "zero-deadline", "misspelt-key"],
)
def test_bad_review_settings_are_refused_with_their_field(
    write_policy: WritePolicy, extra: str, field: str, message: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(write_policy(_with_assembly(extra)))
    issues = [issue for issue in caught.value.issues if field in issue.field]
    assert issues and message in issues[0].message


def test_output_check_action_must_be_mask_or_flag(write_policy: WritePolicy) -> None:
    assert load_policy(write_policy(SMALL_POLICY + "output_check: {action: flag}\n")).output_check.action == "flag"
    with pytest.raises(PolicyError) as caught:
        load_policy(write_policy(SMALL_POLICY + "output_check: {action: drop}\n"))
    assert any("output_check" in issue.field for issue in caught.value.issues)


def _case(review_required: bool) -> PolicyCase:
    return PolicyCase(name="答弁", text="答弁案", model="cloud", department="soumu", use_case="assembly_answer",
                      expect={"level": "1", "action": "allow", "review_required": review_required})


@pytest.mark.parametrize(
    ("outcome", "mismatch"),
    [
        (("1", "allow", "cloud", True), None),
        (("1", "allow", "cloud", False), "review_required: 期待 True / 実際 False"),
        (("1", "allow", "cloud"), "review_required: 期待 True / 実際 None"),
    ],
    ids=["matches", "differs", "not-reported"],
)
def test_cases_compare_review_required_when_they_expect_it(outcome: tuple, mismatch: str | None) -> None:
    (result,) = run_cases([_case(True)], lambda case: outcome)
    assert isinstance(result, CaseResult)
    assert result.mismatches == (() if mismatch is None else (mismatch,))
