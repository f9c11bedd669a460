"""The shipped policy's own test cases, run through the real detector and decision."""

from __future__ import annotations

import pytest

from gateway.policy_cases import describe, run_policy_cases
from gateway.settings import DEFAULT_POLICY
from policies import load_cases, load_policy

CASES = DEFAULT_POLICY.parent / "cases.yaml"


@pytest.fixture(scope="module")
def results() -> dict[str, str]:
    # The detector is built from the policy itself: its custom dictionaries are part of what is tested.
    outcomes = run_policy_cases(load_policy(DEFAULT_POLICY), CASES)
    return {result.case.name: ("" if result.passed else describe(result)) for result in outcomes}


@pytest.mark.parametrize("name", [case.name for case in load_cases(CASES)])
def test_shipped_policy_case(results: dict[str, str], name: str) -> None:
    assert results[name] == ""
