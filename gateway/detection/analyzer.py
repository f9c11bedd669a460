"""The Japanese detector: presidio's AnalyzerEngine with Sudachi and the Japanese recognizers.

``detect(text)`` folds the text (:mod:`normalized_text`), runs every
recognizer through presidio's ``AnalyzerEngine`` (context words matched by
:class:`WindowContextEnhancer`), drops findings inside an allowed term, maps
the spans back to the original text, resolves overlaps (the higher score
wins, then the longer span) and drops 要配慮 category words with no person
nearby (:mod:`proximity`). presidio is built with this package's NLP engine
and recognizers only, so it never loads a spaCy model or its English
recognizers.

Any failure inside detection raises :class:`DetectorUnavailable`, whose
message holds no text from the request, so the pipeline fails closed.

Example:
    >>> detector = build_detector()
    >>> detector.detect("連絡先はtaro.yamada@example.jpです")
    [Finding(entity_type='EMAIL_ADDRESS', start=4, end=26, score=0.85)]
"""

from __future__ import annotations

import bisect
import logging
import traceback
from collections import defaultdict
from collections.abc import Mapping, Sequence

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from gateway.detection.context_enhancer import WindowContextEnhancer
from gateway.detection.nlp_engine import LANGUAGE, SudachiNlpEngine
from gateway.detection.normalized_text import normalize
from gateway.detection.proximity import keep_sensitive_near_person
from gateway.detection.recognizers import ENTITY_TYPES, RECOGNIZERS, JaPatternRecognizer
from gateway.detection.recognizers.pattern_recognizer import REPORT_THRESHOLD, VERIFIED
from gateway.detection.term_matcher import TermMatcher
from gateway.errors import DetectorUnavailable
from gateway.findings import Finding

__all__ = ["JapaneseDetector", "build_detector", "resolve_overlaps"]

_log = logging.getLogger(__name__)


_RECOGNIZER_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


class _GroupingAnalyzerEngine(AnalyzerEngine):
    """presidio's engine, with its context step done in one pass over the results.

    presidio hands each recognizer its own results by comparing every result
    with every recognizer (results x recognizers); a 20,000-character text
    has thousands of weak results, so this groups them by recognizer once.
    Each recognizer still gets its own results and, when it reads them
    (``uses_other_results``), everyone else's; the engine's context enhancer
    runs last, as in presidio.
    """

    def _enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        grouped: defaultdict[str, list[RecognizerResult]] = defaultdict(list)
        for result in raw_results:
            grouped[result.recognition_metadata[_RECOGNIZER_ID]].append(result)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            own = grouped.get(recognizer.id)
            if not own:
                continue
            others = (
                [r for r in raw_results if r.recognition_metadata[_RECOGNIZER_ID] != recognizer.id]
                if getattr(recognizer, "uses_other_results", True)
                else []
            )
            results.extend(
                recognizer.enhance_using_context(
                    text=text,
                    raw_recognizer_results=own,
                    other_raw_recognizer_results=others,
                    nlp_artifacts=nlp_artifacts,
                    context=context,
                )
            )
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context
        )


class JapaneseDetector:
    """A :class:`~gateway.detection.base.Detector` for Japanese text; safe to share between threads."""

    def __init__(self, engine: AnalyzerEngine, allowed: TermMatcher, entity_types: tuple[str, ...]) -> None:
        self._engine = engine
        self._allowed = allowed
        self.entity_types = entity_types

    def detect(self, text: str) -> list[Finding]:
        """Findings in ``text``, sorted by start, without overlaps; offsets index ``text``."""
        if not isinstance(text, str):
            raise TypeError("detect() takes a str")
        if not text:
            return []
        try:
            return keep_sensitive_near_person(text, resolve_overlaps(self._detect(text)))
        except Exception as exc:  # noqa: BLE001  # any failure must fail closed
            # The exception's message may quote the text: log where it failed, not what it said.
            where = traceback.extract_tb(exc.__traceback__)[-1]
            _log.error("detection failed: %s at %s:%s", type(exc).__name__, where.filename, where.lineno)
            raise DetectorUnavailable(
                "個人情報の検出処理でエラーが発生したため、送信を中止しました。管理者に連絡してください。"
            ) from None

    def _detect(self, text: str) -> list[Finding]:
        folded = normalize(text)
        # One threshold for every result (no recognizer sets its own): presidio then skips
        # working out a threshold per result from its recognizer.
        results = self._engine.analyze(folded.text, language=LANGUAGE, score_threshold=REPORT_THRESHOLD)
        allowed = list(self._allowed.find(folded.text))
        allowed_starts = [start for start, _ in allowed]
        findings = []
        for result in results:
            index = bisect.bisect_right(allowed_starts, result.start) - 1
            if index >= 0 and result.end <= allowed[index][1]:
                continue
            start, end = folded.to_original(result.start, result.end)
            findings.append(Finding(result.entity_type, start, end, round(result.score, 2)))
        return findings


def build_detector(
    custom_terms: Mapping[str, Sequence[str]] | None = None,
    allow_terms: Sequence[str] = (),
) -> JapaneseDetector:
    """Build the detector; ``custom_terms`` maps an entity type to exact terms.

    ``custom_terms`` holds the policy's dictionaries (staff names as PERSON,
    local places as JP_ADDRESS, project code names as any new type), reported
    with score 1.0. A finding that lies inside an ``allow_terms`` occurrence
    (ministry and programme names) is never reported. Terms are folded like
    the text, so full-width and half-width spellings match alike.

    Example:
        >>> detector = build_detector({"JP_PROJECT_NAME": ["青空計画"]}, allow_terms=["認知症カフェ"])
        >>> [f.entity_type for f in detector.detect("青空計画と認知症カフェ")]
        ['JP_PROJECT_NAME']
    """
    nlp_engine = SudachiNlpEngine()
    nlp_engine.load()
    recognizers = [recognizer() for recognizer in RECOGNIZERS]
    custom_types = []
    for entity_type, terms in (custom_terms or {}).items():
        if not isinstance(entity_type, str) or not entity_type.strip():
            raise ValueError("カスタム辞書のエンティティ種別が空です。")
        if isinstance(terms, str):
            raise TypeError(f"カスタム辞書 {entity_type} の語は文字列のリストで指定してください。")
        recognizers.append(
            JaPatternRecognizer(
                entity_type,
                terms=[_fold_term(term, entity_type) for term in terms],
                term_score=VERIFIED,
                name=f"CustomTerms:{entity_type}",
            )
        )
        if entity_type not in ENTITY_TYPES:
            custom_types.append(entity_type)
    if isinstance(allow_terms, str):
        raise TypeError("許可語は文字列のリストで指定してください。")
    engine = _GroupingAnalyzerEngine(
        registry=RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE]),
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=REPORT_THRESHOLD,
        context_aware_enhancer=WindowContextEnhancer(),
    )
    allowed = TermMatcher(_fold_term(term, "allow_terms") for term in allow_terms)
    detector = JapaneseDetector(engine, allowed, ENTITY_TYPES + tuple(custom_types))
    # Build the folding tables and compile everything now, not on the first request.
    detector.detect("山田太郎さん（０３－１２３４－５６７８）")
    return detector


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Merge overlapping findings of one type, then keep the best of overlapping ones.

    Findings of the same type that overlap become their union (with the
    higher score). Between types, the higher score wins, then the longer
    span. The result is sorted by start.

    Example:
        >>> resolve_overlaps([Finding("A", 0, 4, 0.7), Finding("B", 2, 6, 0.9), Finding("C", 6, 8, 0.5)])
        [Finding(entity_type='B', start=2, end=6, score=0.9), Finding(entity_type='C', start=6, end=8, score=0.5)]
    """
    kept_starts: list[int] = []
    kept: list[Finding] = []
    for finding in sorted(
        _merge_same_type(findings), key=lambda f: (-f.score, f.start - f.end, f.start, f.entity_type)
    ):
        index = bisect.bisect_left(kept_starts, finding.start)
        overlaps_previous = index > 0 and kept[index - 1].end > finding.start
        overlaps_next = index < len(kept) and kept[index].start < finding.end
        if not (overlaps_previous or overlaps_next):
            kept_starts.insert(index, finding.start)
            kept.insert(index, finding)
    return kept


def _merge_same_type(findings: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.entity_type, f.start)):
        last = merged[-1] if merged else None
        if last is not None and last.entity_type == finding.entity_type and finding.start < last.end:
            merged[-1] = Finding(
                last.entity_type, last.start, max(last.end, finding.end), max(last.score, finding.score)
            )
        else:
            merged.append(finding)
    return merged


def _fold_term(term: object, owner: str) -> str:
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"{owner} に空の語または文字列でない語があります。")
    return normalize(term.strip()).text
