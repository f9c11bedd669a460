"""The checked-in evaluation corpus and one detector built from the default policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.detection import build_detector
from gateway.detection.analyzer import JapaneseDetector
from gateway.settings import DEFAULT_POLICY
from policies import load_policy

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "corpus"


@pytest.fixture(scope="session")
def policy_detector() -> JapaneseDetector:
    """The detector as ``gateway eval`` builds it: the default policy's dictionaries and allowed terms."""
    detection = load_policy(DEFAULT_POLICY).detection
    return build_detector(detection.custom_terms, detection.allow_terms)
