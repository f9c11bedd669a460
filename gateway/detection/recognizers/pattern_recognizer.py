"""The base of the Japanese recognizers: regex patterns, exact terms and a score scale.

It follows presidio's ``PatternRecognizer`` (class-level ``PATTERNS``,
``CONTEXT`` and a checksum in ``validate_result``), with what Japanese text
needs on top:

* a pattern may name a group ``value``: only that group is reported, so a
  label can anchor a pattern without being masked with the value;
* exact terms are found with Aho-Corasick (:class:`TermMatcher`), since a
  ``\\b`` deny-list regex does not work without spaces between words;
* a match that fails ``validate_result`` is dropped, or kept at
  ``INVALID_SCORE`` when a recognizer wants a label to decide (a labelled
  マイナンバー with a typo is still a マイナンバー);
* patterns run on the standard ``re`` engine, which is faster than ``regex``
  here; every pattern uses explicit digit lookarounds, never ``\\b``/``\\w``;
* a pattern starts with a character or a character class, never with a
  lookbehind: ``re`` skips ahead to a pattern's first character only when it
  knows that character, and tries every position otherwise (2-3x slower).
  The lookbehind follows the first character and includes it:
  ``(?<![0-9])[0-9]{7}`` is written ``[0-9](?<![0-9]{2})[0-9]{6}``, and
  ``(?<![A-Za-z0-9])[A-Z]{2}`` is written ``[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]``;
* recognizers see the folded text (:mod:`gateway.detection.normalized_text`),
  so patterns spell digits and punctuation in ASCII only (``:``, not ``：``).

Score scale (a finding is reported from ``REPORT_THRESHOLD``):

    NEEDS_CONTEXT  0.2   reported only with a context word nearby
    LABELLED       0.55  the pattern holds its own label
    LIKELY         0.7   a distinctive format
    CERTAIN        0.85  a format plus structure (full name, address, card)
    VERIFIED       1.0   a check digit was verified, or a custom term

A context word before a result (see ``WindowContextEnhancer``) or a
recognizer's own clue (``FOLLOWED_BY``, ``AFTER_PERSON``) adds ``CONTEXT_BOOST``.

Example:
    >>> class Demo(JaPatternRecognizer):
    ...     ENTITY = "DEMO"
    ...     PATTERNS = (Pattern("label", r"番号:(?P<value>[0-9]{3})(?![0-9])", LABELLED),)
    >>> [(r.start, r.end) for r in Demo().analyze("番号:123", [])]
    [(3, 6)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import ClassVar

from presidio_analyzer import LocalRecognizer, Pattern, RecognizerResult

from gateway.detection.nlp_engine import LANGUAGE
from gateway.detection.term_matcher import TermMatcher

__all__ = [
    "CERTAIN",
    "CONTEXT_BOOST",
    "LABELLED",
    "LIKELY",
    "NEEDS_CONTEXT",
    "REPORT_THRESHOLD",
    "VERIFIED",
    "JaPatternRecognizer",
    "Pattern",
]

NEEDS_CONTEXT = 0.2
LABELLED = 0.55
LIKELY = 0.7
CERTAIN = 0.85
VERIFIED = 1.0
REPORT_THRESHOLD = 0.5
CONTEXT_BOOST = 0.55

_AFTER_PERSON = re.compile(r"(?:さん|様|氏|君|くん|殿|ちゃん)?[ (、,:]{0,3}")


class JaPatternRecognizer(LocalRecognizer):
    """Regex patterns and exact terms for one entity type (see the module docstring)."""

    COUNTRY_CODE = "jp"
    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    TERMS: ClassVar[tuple[str, ...]] = ()
    EXCLUDED_TERMS: ClassVar[tuple[str, ...]] = ()
    TERM_SCORE: ClassVar[float] = LIKELY
    INVALID_SCORE: ClassVar[float | None] = None
    FOLLOWED_BY: ClassVar[re.Pattern[str] | None] = None
    AFTER_PERSON: ClassVar[bool] = False

    def __init__(
        self,
        supported_entity: str | None = None,
        *,
        terms: Sequence[str] | None = None,
        term_score: float | None = None,
        name: str | None = None,
    ) -> None:
        entity = supported_entity or self.ENTITY
        if not entity:
            raise ValueError("a recognizer needs an entity type")
        self.patterns = list(self.PATTERNS)
        self.term_score = self.TERM_SCORE if term_score is None else term_score
        self._terms = TermMatcher(self.TERMS if terms is None else terms, self.EXCLUDED_TERMS)
        self._compiled: list[tuple[Pattern, re.Pattern[str], bool]] = []
        self._weak = False
        self._ascii_context: tuple[str, ...] = ()
        super().__init__(
            supported_entities=[entity],
            name=name,
            supported_language=LANGUAGE,
            context=list(self.CONTEXT),
        )

    @property
    def entity(self) -> str:
        """The one entity type this recognizer reports."""
        return self.supported_entities[0]

    def load(self) -> None:
        # Each pattern, compiled, and whether it names a ``value`` group.
        self._compiled = []
        for pattern in self.patterns:
            compiled = re.compile(pattern.regex)
            self._compiled.append((pattern, compiled, "value" in compiled.groupindex))
        # Whether weak matches need a context word in the text: a recognizer's
        # own clue (FOLLOWED_BY, AFTER_PERSON) may boost them without one.
        self._weak = (
            (any(p.score < REPORT_THRESHOLD for p in self.patterns) or self.INVALID_SCORE is not None)
            and self.FOLLOWED_BY is None
            and not self.AFTER_PERSON
        )
        self._ascii_context = tuple(word.lower() for word in self.context if word.isascii())

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = []
        # A weak match can only be reported after a context word; when the text
        # holds none, skip the weak patterns (fewer results for presidio to sort).
        floor = REPORT_THRESHOLD if self._weak and not self._may_be_boosted(text) else 0.0
        for pattern, compiled, has_value in self._compiled:
            if pattern.score < floor:
                continue
            for match in compiled.finditer(text):
                start, end = match.span("value") if has_value else match.span()
                if start >= end:
                    continue
                score = self._score(pattern.score, text[start:end])
                if score >= floor and score > 0:
                    results.append(self.result(start, end, score))
        results.extend(self.result(start, end, self.term_score) for start, end in self._terms.find(text))
        return results

    def validate_result(self, pattern_text: str) -> bool | None:
        """Check the matched value (e.g. its check digit); ``None`` means no check."""
        return None

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Whether the matched value is certainly not this entity (e.g. all digits equal)."""
        return None

    def result(self, start: int, end: int, score: float) -> RecognizerResult:
        """A result of this recognizer's entity for ``text[start:end]``."""
        return RecognizerResult(
            self.entity,
            start,
            end,
            score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    @property
    def uses_other_results(self) -> bool:
        """Whether :meth:`enhance_using_context` reads other recognizers' results (``AFTER_PERSON``)."""
        return self.AFTER_PERSON

    def boost(self, result: RecognizerResult) -> None:
        """Raise ``result`` as a context word would, and mark it as enhanced."""
        result.score = min(VERIFIED, result.score + CONTEXT_BOOST)
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: object,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Boost results followed by ``FOLLOWED_BY`` or, with ``AFTER_PERSON``, right after a name.

        ``山田太郎（45歳）``: between the name and the result there may be an
        honorific, a bracket, a comma or a space, and nothing else.
        """
        if self.FOLLOWED_BY is None and not self.AFTER_PERSON:
            return raw_recognizer_results
        person_ends = sorted(r.end for r in other_raw_recognizer_results if r.entity_type == "PERSON")
        for result in raw_recognizer_results:
            if result.score >= REPORT_THRESHOLD:
                continue
            followed = self.FOLLOWED_BY is not None and self.FOLLOWED_BY.match(text, result.end) is not None
            if followed or (self.AFTER_PERSON and _follows(text, result.start, person_ends)):
                self.boost(result)
        return raw_recognizer_results

    def _may_be_boosted(self, text: str) -> bool:
        """Whether a weak match could still reach the threshold (a context word is in ``text``)."""
        if any(word in text for word in self.context):
            return True
        if not self._ascii_context:
            return False
        lowered = text.lower()
        return any(word in lowered for word in self._ascii_context)

    def _score(self, pattern_score: float, value: str) -> float:
        if self.invalidate_result(value):
            return 0.0
        if self.validate_result(value) is False:
            return self.INVALID_SCORE or 0.0
        return pattern_score


def _follows(text: str, start: int, person_ends: list[int]) -> bool:
    index = bisect.bisect_right(person_ends, start) - 1
    return index >= 0 and _AFTER_PERSON.fullmatch(text, person_ends[index], start) is not None
