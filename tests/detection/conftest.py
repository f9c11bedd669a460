"""One detector for the whole detection test session (building it loads Sudachi)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest

from gateway.detection import build_detector
from gateway.detection.analyzer import JapaneseDetector

Find = Callable[..., list[str]]
T = TypeVar("T")


@pytest.fixture(scope="session")
def detector() -> JapaneseDetector:
    return build_detector()


@pytest.fixture(scope="session")
def find(detector: JapaneseDetector) -> Find:
    """``find(text, entity_type)``: the reported values of that type, in text order."""

    def find(text: str, entity_type: str | None = None) -> list[str]:
        return [
            text[f.start : f.end] for f in detector.detect(text) if entity_type is None or f.entity_type == entity_type
        ]

    return find


def in_threads(call: Callable[[], T], threads: int = 4, times: int = 10) -> list[T]:
    """Run ``call`` ``times`` times in each of ``threads`` threads at once; all the answers."""
    answers: list[T] = []

    def work() -> None:
        answers.extend(call() for _ in range(times))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return answers
