"""Context words for Japanese, matched on characters in front of a finding.

presidio's ``LemmaContextAwareEnhancer`` compares context words with the
lemmas of the few tokens around a finding. Japanese labels are glued to their
values (``基礎年金番号：1234-567890``, ``口座番号1234567``), so this enhancer
looks for a recognizer's ``context`` words in the characters before a finding
instead:

* the window is at most ``context_prefix_count`` characters, stays on the
  finding's line, and starts after the previous finding of the same
  recognizer, so a label belongs to the nearest value after it;
* in a list (``出席者：田中、鈴木``, ``山田太郎、中村``) a finding separated
  from a boosted or reported one of the same recognizer only by list
  separators is boosted too;
* ASCII context words match in any case (``TEL``, ``Tel``).

A boosted score gains ``context_similarity_factor`` and is at least
``min_score_with_context_similarity``; results a recognizer already enhanced
itself are left alone.

Example:
    >>> enhancer = WindowContextEnhancer()
    >>> enhancer.context_prefix_count
    20
"""

from __future__ import annotations

import re
from collections import defaultdict

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from gateway.detection.recognizers.pattern_recognizer import CONTEXT_BOOST, REPORT_THRESHOLD

__all__ = ["WindowContextEnhancer"]

_LIST_GAP = re.compile(r"[\s、,・/]{1,3}")
_ENHANCED = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY
_RECOGNIZER_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


class WindowContextEnhancer(ContextAwareEnhancer):
    """Boost results whose recognizer's context words appear just before them."""

    def __init__(self, prefix_chars: int = 20, boost: float = CONTEXT_BOOST) -> None:
        super().__init__(
            context_similarity_factor=boost,
            min_score_with_context_similarity=REPORT_THRESHOLD + 0.1,
            context_prefix_count=prefix_chars,
            context_suffix_count=0,
        )
        self._word_patterns: dict[str, re.Pattern[str]] = {}

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        words_by_recognizer = {
            recognizer.id: self._words_pattern(recognizer) for recognizer in recognizers if recognizer.context
        }
        grouped: defaultdict[str, list[RecognizerResult]] = defaultdict(list)
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            if metadata.get(_RECOGNIZER_ID) in words_by_recognizer:
                grouped[metadata[_RECOGNIZER_ID]].append(result)
        for recognizer_id, results in grouped.items():
            self._enhance_group(text, sorted(results, key=lambda r: r.start), words_by_recognizer[recognizer_id])
        return raw_results

    def _words_pattern(self, recognizer: EntityRecognizer) -> re.Pattern[str]:
        """A pattern that finds any of the recognizer's context words, in lower case; built once per recognizer."""
        pattern = self._word_patterns.get(recognizer.id)
        if pattern is None:
            alternatives = "|".join(re.escape(word.lower()) for word in recognizer.context)
            pattern = self._word_patterns[recognizer.id] = re.compile(alternatives)
        return pattern

    def _enhance_group(self, text: str, results: list[RecognizerResult], words: re.Pattern[str]) -> None:
        previous_end = 0
        previous_boosted = False
        for result in results:
            if result.recognition_metadata.get(_ENHANCED):
                previous_end, previous_boosted = max(previous_end, result.end), True
                continue
            line_start = text.rfind("\n", 0, result.start) + 1
            window_start = max(line_start, result.start - self.context_prefix_count, previous_end)
            window = text[window_start : result.start].lower()
            boosted = words.search(window) is not None or (
                previous_boosted
                and previous_end <= result.start
                and _LIST_GAP.fullmatch(text, previous_end, result.start) is not None
            )
            if boosted:
                result.score = max(
                    min(result.score + self.context_similarity_factor, self.MAX_SCORE),
                    self.min_score_with_context_similarity,
                )
                result.recognition_metadata[_ENHANCED] = True
            # A reported result heads a list as well as a boosted one (山田太郎、中村).
            previous_end = max(previous_end, result.end)
            previous_boosted = boosted or result.score >= REPORT_THRESHOLD
