"""Loading a policy file: parse, validate, and report every problem with its line.

Example:
    >>> policy = load_policy("policies/default/policy.yaml")
    >>> policy.revision.startswith("2026-11-30.1+")
    True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from gateway.errors import PolicyError
from policies.policy import Policy
from policies.yaml_document import read_yaml

__all__ = ["load_policy"]


def load_policy(path: str | Path) -> Policy:
    """Load and check the policy at ``path``; raises PolicyError listing every problem.

    The revision gains a short hash of the file, so an edit made without
    bumping ``revision`` still shows in audit records.
    """
    document, raw = read_yaml(path)
    try:
        policy = Policy.model_validate(document.data)
    except ValidationError as exc:
        raise PolicyError(document.issues(exc)) from None
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return policy.model_copy(update={"revision": f"{policy.revision}+{digest}"})
