"""Measure the detector on a labelled corpus (``gateway eval CORPUS``).

Example:
    >>> from gateway.detection import build_detector
    >>> records = [parse_record('{"id": "r", "text": "電話は03-1234-5678", '
    ...     '"spans": [{"start": 3, "end": 15, "type": "JP_PHONE_NUMBER"}]}', 1)]
    >>> evaluate(build_detector(), records).types["JP_PHONE_NUMBER"].recall
    1.0
"""

from __future__ import annotations

from gateway.evaluation.corpus import CorpusError, Record, load_corpus, parse_record
from gateway.evaluation.report import failed_bars, format_report
from gateway.evaluation.scoring import CorpusScore, evaluate

__all__ = [
    "CorpusError",
    "CorpusScore",
    "Record",
    "evaluate",
    "failed_bars",
    "format_report",
    "load_corpus",
    "parse_record",
]
