from __future__ import annotations

import pytest

from gateway.detection.recognizers.pattern_recognizer import (
    LABELLED,
    NEEDS_CONTEXT,
    JaPatternRecognizer,
    Pattern,
)


class _Labelled(JaPatternRecognizer):
    ENTITY = "DEMO"
    PATTERNS = (Pattern("label", r"番号:(?P<value>[0-9]{3})(?![0-9])", LABELLED),)


class _Checked(JaPatternRecognizer):
    ENTITY = "DEMO"
    PATTERNS = (Pattern("even", r"(?<![0-9])[0-9]{2}(?![0-9])", LABELLED),)
    CONTEXT = ("偶数",)
    INVALID_SCORE = NEEDS_CONTEXT

    def validate_result(self, pattern_text: str) -> bool:
        return int(pattern_text) % 2 == 0


def _spans(recognizer: JaPatternRecognizer, text: str) -> list[tuple[str, float]]:
    return [(text[r.start : r.end], r.score) for r in recognizer.analyze(text, [])]


def test_value_group_is_reported_without_its_label() -> None:
    assert _spans(_Labelled(), "番号:123") == [("123", LABELLED)]


def test_failed_validation_drops_a_match_unless_a_context_word_may_rescue_it() -> None:
    assert _spans(_Checked(), "12 13") == [("12", LABELLED)]
    assert _spans(_Checked(), "偶数 12 13") == [("12", LABELLED), ("13", NEEDS_CONTEXT)]


def test_terms_are_found_without_word_boundaries() -> None:
    recognizer = JaPatternRecognizer("DEMO_TERM", terms=["青空計画"], term_score=1.0)
    assert _spans(recognizer, "新青空計画案") == [("青空計画", 1.0)]


def test_recognizer_without_entity_type_is_refused() -> None:
    with pytest.raises(ValueError):
        JaPatternRecognizer()
