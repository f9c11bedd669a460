"""Policies for the tests: the shipped default, and a small one written for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from policies import Policy, load_policy
from tests.policies.samples import DEFAULT_POLICY, SMALL_POLICY, WritePolicy


@pytest.fixture
def write_policy(tmp_path: Path) -> WritePolicy:
    """Write YAML text to a policy file and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "policy.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    return load_policy(DEFAULT_POLICY)


@pytest.fixture(scope="session")
def small_policy(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    path = tmp_path_factory.mktemp("small") / "policy.yaml"
    path.write_text(SMALL_POLICY, encoding="utf-8")
    return load_policy(path)
