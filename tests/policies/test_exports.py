"""The public surface of the policies package is pinned."""

from __future__ import annotations

import policies


def test_exported_members_are_exactly_the_public_api() -> None:
    assert sorted(policies.__all__) == [
        "CaseResult",
        "Decision",
        "MarkerHit",
        "ModelSpec",
        "Policy",
        "PolicyCase",
        "RequestFacts",
        "SecretRef",
        "decide",
        "load_cases",
        "load_policy",
        "run_cases",
    ]
    assert all(getattr(policies, name).__module__.startswith("policies.") for name in policies.__all__)
