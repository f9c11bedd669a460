from __future__ import annotations

from gateway.detection.context_enhancer import WindowContextEnhancer
from gateway.detection.recognizers.pattern_recognizer import NEEDS_CONTEXT, JaPatternRecognizer, Pattern


class _Number(JaPatternRecognizer):
    ENTITY = "DEMO_NUMBER"
    PATTERNS = (Pattern("number", r"(?<![0-9])[0-9]{4}(?![0-9])", NEEDS_CONTEXT),)
    CONTEXT = ("番号", "TEL")


def _boosted(text: str) -> list[str]:
    recognizer = _Number()
    results = recognizer.analyze(text, [])
    WindowContextEnhancer().enhance_using_context(text, results, None, [recognizer])  # type: ignore[arg-type]
    return [text[r.start : r.end] for r in results if r.score > NEEDS_CONTEXT]


def test_context_word_before_a_value_boosts_it() -> None:
    assert _boosted("番号：1234") == ["1234"]


def test_ascii_context_word_matches_in_any_case() -> None:
    assert _boosted("tel 1234") == ["1234"]


def test_a_label_belongs_to_the_nearest_value_after_it() -> None:
    assert _boosted("番号 1234 受付日 5678") == ["1234"]


def test_values_listed_after_a_label_are_all_boosted() -> None:
    assert _boosted("番号：1234、5678・9012") == ["1234", "5678", "9012"]


def test_context_on_another_line_or_too_far_away_does_not_count() -> None:
    assert _boosted("番号\n1234") == []
    assert _boosted("番号" + "あ" * 30 + "1234") == []


class _Numbered(_Number):
    CONTEXT = ("No.", "(番)")


def test_context_words_are_matched_literally() -> None:
    recognizer = _Numbered()
    enhancer = WindowContextEnhancer()
    for text, boosted in [("no. 1234", True), ("(番)1234", True), ("nox 1234", False), ("番 1234", False)]:
        results = [recognizer.result(len(text) - 4, len(text), NEEDS_CONTEXT)]
        enhancer.enhance_using_context(text, results, None, [recognizer])  # type: ignore[arg-type]
        assert (results[0].score > NEEDS_CONTEXT) is boosted, text
