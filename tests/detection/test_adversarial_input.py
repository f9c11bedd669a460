"""Hostile 100,000-character inputs finish: no pattern backtracks catastrophically.

Each input repeats what one recognizer's pattern starts to match, without the
end it needs, so a backtracking pattern would try every split. The test only
asserts that detection completes (pytest-timeout stops a runaway one);
``bench/detection_bench.py --adversarial`` prints how long each takes.
"""

from __future__ import annotations

import pytest

from bench.adversarial import ADVERSARIAL_INPUTS
from gateway.detection.analyzer import JapaneseDetector


@pytest.mark.timeout(90)
@pytest.mark.parametrize("name", sorted(ADVERSARIAL_INPUTS))
def test_a_100k_adversarial_input_completes(detector: JapaneseDetector, name: str) -> None:
    text = ADVERSARIAL_INPUTS[name]()
    assert len(text) >= 100_000
    findings = detector.detect(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)


def test_the_inputs_are_distinct_and_cover_every_family() -> None:
    texts = {name: make() for name, make in ADVERSARIAL_INPUTS.items()}
    assert len({text[:64] for text in texts.values()}) == len(texts)
    assert len(texts) >= 15
