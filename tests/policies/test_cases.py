"""Policy test cases: the shipped cases load and agree with the policy; broken ones are refused."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from gateway.errors import ModelNotAllowed, PolicyError
from policies import Policy, PolicyCase, RequestFacts, decide, load_cases, run_cases
from tests.policies.samples import DEFAULT_CASES

# What an ideal detector reports in the shipped cases (all values fictitious).
IDEAL_FINDINGS = {
    "山田太郎": "PERSON",
    "山田花子": "PERSON",
    "佐藤花子": "PERSON",
    "鈴木一郎": "PERSON",
    "田中次郎": "PERSON",
    "高橋美咲": "PERSON",
    "伊藤健太": "PERSON",
    "グエン・ヴァン・アン": "PERSON",
    "東京都千代田区霞が関一丁目2番3号": "JP_ADDRESS",
    "03-1234-5678": "JP_PHONE_NUMBER",
    "suzuki.ichiro@example.jp": "EMAIL_ADDRESS",
    "昭和45年3月12日": "JP_BIRTH_DATE",
    "65歳": "JP_AGE",
    "82歳": "JP_AGE",
    "本町支店 普通 1234567": "JP_BANK_ACCOUNT",
    "4111 1111 1111 1111": "CREDIT_CARD",
    "AB12345678CD": "JP_RESIDENCE_CARD",
    "123456789018": "JP_MY_NUMBER",
    "987654321093": "JP_MY_NUMBER",
    "9234567890123": "JP_CORPORATE_NUMBER",
    "生活保護": "JP_SENSITIVE_WELFARE",
    "糖尿病": "JP_SENSITIVE_HEALTH",
    "身体障害者手帳": "JP_SENSITIVE_DISABILITY",
    "DV被害": "JP_SENSITIVE_DV",
}


def _ideal_evaluate(policy: Policy) -> Callable[[PolicyCase], tuple[str, str, str | None, bool]]:
    terms = {**IDEAL_FINDINGS, **{t: kind for kind, ts in policy.detection.custom_terms.items() for t in ts}}

    def evaluate(case: PolicyCase) -> tuple[str, str, str | None, bool]:
        entities: Counter[str] = Counter()
        markers: Counter[str] = Counter()
        for content in case.contents:
            for term, kind in terms.items():
                entities[kind] += content.count(term)
            markers.update(hit.marker for hit in policy.scan_markers(content))
        facts = RequestFacts(entities, markers, case.model, case.department, case.declared_level, case.use_case)
        decision = decide(policy, facts)
        return decision.level, decision.action, decision.model, decision.review_required

    return evaluate


def test_default_cases_load_and_cover_every_level_and_action(default_policy: Policy) -> None:
    cases = load_cases(DEFAULT_CASES)
    assert len(cases) >= 25
    assert {c.expect.level for c in cases if c.expect.level} == {level.id for level in default_policy.levels}
    assert {c.expect.action for c in cases if c.expect.action} == {"allow", "mask", "block", "reroute"}


def test_default_cases_pass_with_an_ideal_detector(default_policy: Policy) -> None:
    results = run_cases(load_cases(DEFAULT_CASES), _ideal_evaluate(default_policy))
    assert [(r.case.name, r.mismatches) for r in results if not r.passed] == []


def test_default_case_values_are_all_known_to_the_ideal_detector() -> None:
    # Every long digit string in a case is one the ideal detector knows, so no case passes by a value being missed.
    known = "".join(IDEAL_FINDINGS)
    for case in load_cases(DEFAULT_CASES):
        for content in case.contents:
            for digits in re.findall(r"\d{7,}", content):
                assert digits in known, (case.name, "unlisted number")


CASE = """\
- name: 氏名はマスキング
  text: 山田太郎さんへの回答文
  model: cloud
  department: soumu
  expect: {level: 3C, action: mask, model: cloud}
"""


# Each row breaks CASE by replacing `old` with `new`.
# fmt: off
BROKEN_CASES = [
    pytest.param("  expect: {level: 3C, action: mask, model: cloud}\n", "",
                 "0.expect", 1, "必須", id="missing-expect"),
    pytest.param("  text: 山田太郎さんへの回答文\n", "",
                 "0", 1, "text と messages", id="neither-text-nor-messages"),
    pytest.param("  text: 山田太郎さんへの回答文\n", "  text: a\n  messages: [{role: user, content: b}]\n",
                 "0", 1, "text と messages", id="both-text-and-messages"),
    pytest.param("  text: 山田太郎さんへの回答文\n", "  messages: [{role: boss, content: b}]\n",
                 "0.messages.0.role", 2, "いずれか", id="bad-role"),
    pytest.param("{level: 3C, action: mask, model: cloud}", "{level: 3C, action: mask, error: model_not_allowed}",
                 "0.expect", 5, "error", id="error-and-outcome"),
    pytest.param("{level: 3C, action: mask, model: cloud}", "{level: 3C}",
                 "0.expect", 5, "action", id="level-without-action"),
    pytest.param("{level: 3C, action: mask, model: cloud}", "{level: 3C, action: send}",
                 "0.expect.action", 5, "いずれか", id="unknown-action"),
    pytest.param("  department: soumu\n", "  department: soumu\n  departmnet: joho\n",
                 "0.departmnet", 5, "未定義の項目", id="unknown-key"),
    pytest.param(CASE, "cases: []\n",
                 "", 1, "リスト", id="not-a-list"),
    pytest.param(CASE, "[]\n",
                 "", 1, "空", id="empty-list"),
    pytest.param("- name: 氏名はマスキング\n", "- name: 氏名はマスキング\n  name: 2回目\n",
                 "0.name", 2, "2回", id="repeated-key"),
]
# fmt: on


@pytest.mark.parametrize(("old", "new", "field", "line", "message_part"), BROKEN_CASES)
def test_broken_cases_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, line: int, message_part: str
) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(CASE.replace(old, new), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_cases(path)
    issue = caught.value.issues[0]
    assert (issue.file, issue.line, issue.field) == (str(path), line, field)
    assert message_part in issue.message


def test_repeated_case_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(CASE + CASE, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_cases(path)
    assert [(i.line, i.field) for i in caught.value.issues] == [(6, "1.name")]


def _case(**expect: str) -> PolicyCase:
    return PolicyCase.model_validate(
        {"name": "n", "text": "t", "model": "cloud", "department": "soumu", "expect": expect}
    )


def _refuse(case: PolicyCase) -> tuple[str, str, str | None]:
    raise ModelNotAllowed("この所属では利用できません。")


@pytest.mark.parametrize(
    ("case", "outcome", "mismatches"),
    [
        pytest.param(_case(level="3C", action="mask", model="cloud"), ("3C", "mask", "cloud"), (), id="match"),
        pytest.param(
            _case(level="3C", action="mask"), ("3C", "mask", "other"), (), id="model-not-compared-when-absent"
        ),
        pytest.param(
            _case(level="3C", action="mask"), ("3B", "mask", "cloud"), ("level: 期待 3C / 実際 3B",), id="level-differs"
        ),
        pytest.param(
            _case(level="3A", action="reroute", model="onprem"),
            ("3A", "block", None),
            ("action: 期待 reroute / 実際 block", "model: 期待 onprem / 実際 None"),
            id="action-and-model-differ",
        ),
        pytest.param(_case(error="model_not_allowed"), _refuse, (), id="expected-error"),
        pytest.param(
            _case(error="permission_denied"),
            _refuse,
            ("期待 エラー permission_denied / 実際 エラー model_not_allowed",),
            id="other-error",
        ),
        pytest.param(
            _case(level="1", action="allow"),
            _refuse,
            ("期待 1/allow / 実際 エラー model_not_allowed",),
            id="unexpected-error",
        ),
        pytest.param(
            _case(error="model_not_allowed"),
            ("1", "allow", "cloud"),
            ("期待 エラー model_not_allowed / 実際 1/allow",),
            id="missing-error",
        ),
    ],
)
def test_run_cases_compares_outcome_with_expectation(
    case: PolicyCase, outcome: object, mismatches: tuple[str, ...]
) -> None:
    evaluate = outcome if callable(outcome) else (lambda _case: outcome)
    [result] = run_cases([case], evaluate)
    assert result.mismatches == mismatches
    assert result.passed is (not mismatches)
