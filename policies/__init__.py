"""The security team's room: policy files, their checks, and the decision they drive.

Example:
    >>> policy = load_policy("policies/default/policy.yaml")
    >>> decide(policy, RequestFacts({"JP_MY_NUMBER": 1}, {}, "preview", "soumu")).action
    'mask'
"""

from policies.cases import CaseResult, PolicyCase, load_cases, run_cases
from policies.decision import Decision, decide
from policies.facts import RequestFacts
from policies.loader import load_policy
from policies.markers import MarkerHit
from policies.model_spec import ModelSpec
from policies.policy import Policy
from policies.secret_ref import SecretRef

__all__ = [
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
