from __future__ import annotations

import pytest

from gateway.detection.term_matcher import TermMatcher


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("DVと認知症", [(0, 2), (3, 6)]),
        ("dvの相談", [(0, 2)]),
        ("DVD", []),  # an ASCII term must not touch another ASCII letter
        ("XDV", []),
        ("認知症カフェ", []),  # hidden by the longer excluded term
        ("認知症認知症", [(0, 3), (3, 6)]),
        ("", []),
    ],
)
def test_terms_are_found_longest_first_outside_excluded_terms(text: str, spans: list[tuple[int, int]]) -> None:
    matcher = TermMatcher(["DV", "認知症"], excluded=["認知症カフェ"])
    assert list(matcher.find(text)) == spans


def test_matcher_without_terms_finds_nothing() -> None:
    assert list(TermMatcher([]).find("何もない")) == []


@pytest.mark.parametrize("terms", [[""], ["語", ""]])
def test_empty_term_is_refused(terms: list[str]) -> None:
    with pytest.raises(ValueError):
        TermMatcher(terms)
