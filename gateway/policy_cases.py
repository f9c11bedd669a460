"""Running a policy's test cases through the real detector and decision (``gateway policy test``).

The cases live beside the policy (``policies/default/cases.yaml``); this module
only supplies ``evaluate``: the same stages a chat request goes through, minus
the provider.

Example:
    >>> results = run_policy_cases(load_policy("policies/default/policy.yaml"), Path("policies/default/cases.yaml"))
    >>> all(r.passed for r in results)
    True
"""

from __future__ import annotations

from pathlib import Path

from gateway.detection.base import Detector
from gateway.dryrun import DryRun
from policies import CaseResult, Policy, PolicyCase, load_cases, run_cases

__all__ = ["describe", "run_policy_cases"]


def run_policy_cases(policy: Policy, cases_path: Path, detector: Detector | None = None) -> list[CaseResult]:
    if detector is None:
        from gateway.detection import build_detector

        detector = build_detector(policy.detection.custom_terms, policy.detection.allow_terms)
    dry_run = DryRun(policy, detector)

    def evaluate(case: PolicyCase) -> tuple[str, str, str | None, bool]:
        messages = [{"role": "user", "content": case.text}] if case.text is not None else [
            {"role": m.role, "content": m.content} for m in case.messages or []
        ]
        exchange = dry_run.evaluate(
            messages, model=case.model, department=case.department,
            declared_level=case.declared_level, use_case=case.use_case,
        )
        assert exchange.decision is not None
        decision = exchange.decision
        return decision.level, decision.action, decision.model, decision.review_required

    return run_cases(load_cases(cases_path), evaluate)


def describe(result: CaseResult) -> str:
    """One line: ``PASS  name`` or ``FAIL  name: what differed``."""
    if result.passed:
        return f"PASS  {result.case.name}"
    return f"FAIL  {result.case.name}: {'; '.join(result.mismatches)}"
