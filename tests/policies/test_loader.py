"""load_policy: the shipped policy loads, and every problem names its file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.errors import PolicyError, PolicyIssue
from policies import load_policy
from tests.policies.samples import DEFAULT_POLICY, SMALL_POLICY, WritePolicy


def _broken(old: str, new: str) -> str:
    assert SMALL_POLICY.count(old) == 1, old
    return SMALL_POLICY.replace(old, new)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _issues(path: Path) -> list[PolicyIssue]:
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return caught.value.issues


def test_shipped_policy_loads_with_its_revision_and_a_content_hash() -> None:
    policy = load_policy(DEFAULT_POLICY)
    revision, digest = policy.revision.split("+")
    assert revision == "2026-11-30.1"
    assert len(digest) == 8
    assert [level.id for level in policy.levels] == ["1", "2", "3C", "3B", "3A"]
    assert policy.routing.reroute_to == ["preview-onprem"]


def test_an_edit_without_a_new_revision_changes_the_revision(write_policy: WritePolicy) -> None:
    before = load_policy(write_policy(SMALL_POLICY)).revision
    after = load_policy(write_policy(SMALL_POLICY.replace("label: クラウドB", "label: クラウドB2"))).revision
    assert before.split("+")[0] == after.split("+")[0] == "t1"
    assert before != after


# Each row breaks SMALL_POLICY by replacing `old` with `new`; the issue must point at the line holding `line_at`.
# fmt: off
BROKEN_POLICIES = [
    pytest.param("personal_level: 3C", "personal_level: [3C",
                 "", "entities:", "構文", id="yaml-syntax"),
    pytest.param("    label: クラウドB\n", "    label: クラウドB\n    colour: red\n",
                 "models.cloud-b.colour", "colour: red", "未定義の項目", id="unknown-key"),
    pytest.param("    label: クラウドB\n", "    label: クラウドB\n    timeout_s: soon\n",
                 "models.cloud-b.timeout_s", "timeout_s: soon", "数値", id="wrong-type"),
    pytest.param("review_required: false}\n  assembly", "review_required: maybe}\n  assembly",
                 "use_cases.general.review_required", "maybe", "true または false", id="wrong-bool"),
    pytest.param("    label: クラウド\n", "",
                 "models.cloud.label", "  cloud:", "必須", id="missing-field"),
    pytest.param("zone: lgwan", "zone: cloud",
                 "models.cloud-strict.zone", "zone: cloud", "いずれか", id="bad-literal"),
    pytest.param("fukushi: {name: 福祉課, floor: 3C,", "fukushi: {name: 福祉課, floor: 3D,",
                 "departments.fukushi.floor", "floor: 3D", "未定義の機密性レベル", id="unknown-level"),
    pytest.param("極秘: {level: 3A}", "極秘: {level: 4}",
                 "markers.極秘.level", "極秘: {level: 4}", "未定義の機密性レベル", id="unknown-marker-level"),
    pytest.param("models: [cloud, cloud-b, cloud-strict]", "models: [cloud, ghost]",
                 "departments.shimin.models.1", "ghost", "未定義のモデル", id="dangling-department-model"),
    pytest.param("fallbacks: [cloud-b, cloud-strict, onprem]", "fallbacks: [cloud-b, cloud]",
                 "models.cloud.fallbacks.1", "fallbacks: [cloud-b, cloud]", "未定義のモデル", id="fallback-to-itself"),
    pytest.param("reroute_to: [cloud-strict, onprem]", "reroute_to: [onprem-x]",
                 "routing.reroute_to.0", "reroute_to", "未定義のモデル", id="dangling-reroute"),
    pytest.param("default_use_case: general}\n  fukushi", "default_use_case: chat}\n  fukushi",
                 "departments.soumu.default_use_case", "chat}", "未定義の利用目的", id="dangling-use-case"),
    pytest.param("forbidden_departments: [fukushi]", "forbidden_departments: [keiri]",
                 "use_cases.decision_support.forbidden_departments.0", "keiri", "未定義の所属", id="dangling-department"),
    pytest.param("    label: クラウドB\n", "    label: クラウドB\n    api_key: sk-fictitious-0000\n",
                 "models.cloud-b.api_key", "api_key:", "$env", id="inline-secret"),
    pytest.param("    label: クラウドB\n", "    label: クラウドB\n    api_key: {$env: X, value: abc}\n",
                 "models.cloud-b.api_key.value", "api_key:", "未定義の項目", id="secret-ref-with-value"),
    pytest.param("極秘: {level: 3A}", "極秘: {level: 3A, pattern: '極秘('}",
                 "markers.極秘.pattern", "極秘(", "正規表現", id="bad-regex"),
    pytest.param("極秘: {level: 3A}", "極秘: {level: 3A, pattern: '(極秘)?'}",
                 "markers.極秘.pattern", "極秘)?", "空文字列", id="regex-matching-nothing"),
    pytest.param("max_level_masked: 3B\n    label: クラウドB", "max_level_masked: \"1\"\n    label: クラウドB",
                 "models.cloud-b.max_level_masked", "max_level_masked: \"1\"", "以上", id="masked-below-unmasked"),
    pytest.param("max_level_masked: 3B\n    fallbacks", "max_level_masked: 3A\n    fallbacks",
                 "models.cloud.max_level_masked", "max_level_masked: 3A", "zone_ceilings", id="level-above-zone-ceiling"),
    pytest.param("trains_on_input: false\n    region: jp\n    zone: lgwan", "trains_on_input: true\n    region: jp\n    zone: lgwan",
                 "models.cloud-strict.trains_on_input", "trains_on_input: true", "学習", id="training-model-above-lowest"),
    pytest.param("PERSON: {level: 3C, action: mask,", "PERSON: {level: 3C, action: block, always_mask: true,",
                 "entities.PERSON", "PERSON:", "always_mask", id="always-mask-without-mask"),
    pytest.param("  PERSON:", "  person:",
                 "entities.person", "person:", "形式", id="entity-type-not-upper-case"),
    pytest.param("soumu: {name: 総務課, floor: \"1\", models: [\"*\"]", "soumu: {name: 総務課, floor: \"1\", models: [\"*\", cloud]",
                 "departments.soumu.models", "soumu:", "単独", id="star-with-models"),
    pytest.param("  cloud-b:\n", "  cloud-b:\n    id: other\n",
                 "models.cloud-b.id", "id: other", "見出し", id="model-id-mismatch"),
    pytest.param("  fukushi: {", "  soumu: {",
                 "departments.soumu", "soumu: {name: 福祉課", "2回", id="repeated-key"),
]
# fmt: on


@pytest.mark.parametrize(("old", "new", "field", "line_at", "message_part"), BROKEN_POLICIES)
def test_broken_policy_names_file_line_and_field(
    write_policy: WritePolicy, old: str, new: str, field: str, line_at: str, message_part: str
) -> None:
    text = _broken(old, new)
    path = write_policy(text)
    issues = _issues(path)
    assert [(i.file, i.line, i.field) for i in issues] == [(str(path), _line_of(text, line_at), field)]
    assert message_part in issues[0].message


def test_secret_looking_param_is_reported_at_its_line(write_policy: WritePolicy) -> None:
    params = {"extra_headers": {"Authorization": "fictitious-value"}}
    text = _broken(
        "  onprem:\n    provider: preview\n",
        f"  onprem:\n    provider: litellm\n    litellm_model: openai/gpt-4o-mini\n    params: {json.dumps(params)}\n",
    )
    issues = _issues(write_policy(text))
    assert [(i.field, i.line) for i in issues] == [("models.onprem.params", _line_of(text, "params:"))]
    assert "extra_headers.Authorization" in issues[0].message
    assert "fictitious-value" not in issues[0].message


def test_every_problem_is_reported_not_just_the_first(write_policy: WritePolicy) -> None:
    text = SMALL_POLICY.replace("zone: lgwan", "zone: cloud").replace("  PERSON:", "  person:")
    text = text.replace("    label: クラウドB\n", "    label: クラウドB\n    colour: red\n")
    issues = _issues(write_policy(text))
    assert sorted(i.field for i in issues) == ["entities.person", "models.cloud-b.colour", "models.cloud-strict.zone"]


def test_every_dangling_reference_is_reported_not_just_the_first(write_policy: WritePolicy) -> None:
    text = SMALL_POLICY.replace("reroute_to: [cloud-strict, onprem]", "reroute_to: [x1, x2]").replace(
        "floor: 3C", "floor: 3D"
    )
    issues = _issues(write_policy(text))
    assert [i.field for i in issues] == ["departments.fukushi.floor", "routing.reroute_to.0", "routing.reroute_to.1"]


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "キー: 値"),
        ("- a\n- b\n", "キー: 値"),
        ("revision: [unclosed\n", "構文"),
    ],
)
def test_a_file_that_is_not_a_policy_is_refused(write_policy: WritePolicy, text: str, message_part: str) -> None:
    issues = _issues(write_policy(text))
    assert message_part in issues[0].message


def test_a_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    issues = _issues(tmp_path / "absent.yaml")
    assert issues[0].file == str(tmp_path / "absent.yaml")
    assert "読めません" in issues[0].message


def test_a_file_that_is_not_utf8_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes(SMALL_POLICY.encode("shift_jis"))
    assert "UTF-8" in _issues(path)[0].message


def test_a_syntax_error_does_not_quote_the_line_it_is_on(write_policy: WritePolicy) -> None:
    text = _broken("    label: クラウドB\n", '    label: クラウドB\n    api_key: "sk-fictitious-0000\n')
    issues = _issues(write_policy(text))
    assert "sk-fictitious" not in str(PolicyError(issues))
