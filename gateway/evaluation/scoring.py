"""Score a detector against an evaluation corpus: recall, precision, over-masking, speed.

Definitions (what ``gateway eval`` prints):

* **recall** of a type: the share of its gold values whose whole span is
  covered by findings of that same type (a half-masked name is a miss);
* **precision** of a type: the share of its findings that overlap a gold
  value of that type;
* **over-masking**: the share of must-keep word occurrences that any finding
  overlaps (an occurrence inside a gold value, 横浜市 in an address, is not
  counted: masking it is right);
* **false findings per 10,000 characters of public text**: findings in
  records marked ``public`` that overlap no gold value;
* **characters/s**: corpus characters over the time spent in ``detect``.

Example:
    >>> from gateway.evaluation.corpus import GoldSpan, Record
    >>> class Fixed:
    ...     def detect(self, text):
    ...         return [Finding("PERSON", 0, 4, 1.0)]
    >>> score = evaluate(Fixed(), [Record("r", "s", False, "山田太郎さん", (GoldSpan(0, 4, "PERSON"),), ())])
    >>> score.types["PERSON"].recall
    1.0
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from gateway.detection.base import Detector
from gateway.evaluation.corpus import Record
from gateway.findings import Finding

__all__ = ["CorpusScore", "TypeScore", "evaluate"]


@dataclass
class TypeScore:
    """Counts for one entity type."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


@dataclass
class CorpusScore:
    """The whole evaluation: per-type counts, must-keep words, public text and time."""

    records: int = 0
    characters: int = 0
    seconds: float = 0.0
    keep_words: int = 0
    keep_masked: int = 0
    public_characters: int = 0
    public_false_findings: int = 0
    types: dict[str, TypeScore] = field(default_factory=lambda: defaultdict(TypeScore))
    misses: list[tuple[str, str]] = field(default_factory=list)  # (record id, entity type), never the value

    @property
    def over_masking(self) -> float | None:
        return self.keep_masked / self.keep_words if self.keep_words else None

    @property
    def false_per_10k_public(self) -> float | None:
        return self.public_false_findings * 10_000 / self.public_characters if self.public_characters else None

    @property
    def chars_per_second(self) -> float | None:
        return self.characters / self.seconds if self.seconds else None


def evaluate(detector: Detector, records: Iterable[Record]) -> CorpusScore:
    """Run ``detector`` on every record and count (see the module docstring)."""
    score = CorpusScore()
    for record in records:
        started = time.perf_counter()
        findings = detector.detect(record.text)
        score.seconds += time.perf_counter() - started
        score.records += 1
        score.characters += len(record.text)
        _score_values(score, record, findings)
        _score_keep_words(score, record, findings)
        if record.public:
            score.public_characters += len(record.text)
            score.public_false_findings += sum(
                1 for f in findings if not any(_overlap(f.start, f.end, g.start, g.end) for g in record.spans)
            )
    return score


def _score_values(score: CorpusScore, record: Record, findings: list[Finding]) -> None:
    for gold in record.spans:
        counts = score.types[gold.entity_type]
        counts.gold += 1
        same_type = [f for f in findings if f.entity_type == gold.entity_type]
        if _covered(gold.start, gold.end, same_type):
            counts.found += 1
        else:
            score.misses.append((record.id, gold.entity_type))
    for finding in findings:
        counts = score.types[finding.entity_type]
        counts.predicted += 1
        if any(
            g.entity_type == finding.entity_type and _overlap(finding.start, finding.end, g.start, g.end)
            for g in record.spans
        ):
            counts.correct += 1


def _score_keep_words(score: CorpusScore, record: Record, findings: list[Finding]) -> None:
    for word in record.keep:
        start = record.text.find(word)
        while start >= 0:
            end = start + len(word)
            if any(_overlap(g.start, g.end, start, end) for g in record.spans):
                start = record.text.find(word, end)
                continue
            score.keep_words += 1
            if any(_overlap(f.start, f.end, start, end) for f in findings):
                score.keep_masked += 1
            start = record.text.find(word, end)


def _covered(start: int, end: int, findings: list[Finding]) -> bool:
    """Whether the union of ``findings`` covers ``[start, end)`` without a gap."""
    reached = start
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start > reached:
            break
        reached = max(reached, finding.end)
        if reached >= end:
            return True
    return False


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end
