"""Evaluation corpus records: text, gold spans and must-keep words, read from JSONL.

One record per line (see ``bench/corpus/generate.py``)::

    {"id": "r1", "scenario": "window_inquiry", "public": false, "text": "山田太郎さん",
     "spans": [{"start": 0, "end": 4, "type": "PERSON"}], "keep": []}

A malformed line is refused with its line number, never with its text: the
corpus may hold realistic personal values.

Example:
    >>> record = parse_record('{"id": "r1", "text": "山田太郎さん", '
    ...     '"spans": [{"start": 0, "end": 4, "type": "PERSON"}]}', 1)
    >>> record.spans
    (GoldSpan(start=0, end=4, entity_type='PERSON'),)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

__all__ = ["CorpusError", "GoldSpan", "Record", "load_corpus", "parse_record"]


class CorpusError(ValueError):
    """A corpus file that cannot be read; the message names the file and line, never the text."""


class GoldSpan(NamedTuple):
    start: int
    end: int
    entity_type: str


class Record(NamedTuple):
    """One evaluation text with the values that must be masked and the words that must be kept."""

    id: str
    scenario: str
    public: bool
    text: str
    spans: tuple[GoldSpan, ...]
    keep: tuple[str, ...]


def parse_record(line: str, number: int) -> Record:
    """The record on JSONL line ``number`` (1-based), checked for sane offsets."""
    try:
        raw = json.loads(line)
        text = raw["text"]
        spans = tuple(GoldSpan(int(s["start"]), int(s["end"]), str(s["type"])) for s in raw.get("spans", ()))
        keep = tuple(str(word) for word in raw.get("keep", ()))
        record = Record(
            str(raw.get("id", number)), str(raw.get("scenario", "")), bool(raw.get("public")), text, spans, keep
        )
    except (ValueError, KeyError, TypeError) as error:
        raise CorpusError(f"line {number}: not a corpus record ({type(error).__name__})") from None
    if not isinstance(text, str) or any(not 0 <= s.start < s.end <= len(text) for s in spans):
        raise CorpusError(f"line {number}: a gold span lies outside the text")
    if any(not word for word in keep):
        raise CorpusError(f"line {number}: an empty must-keep word")
    return record


def load_corpus(path: Path) -> list[Record]:
    """Every record of the JSONL file at ``path`` (blank lines are skipped)."""
    return list(_records(path))


def _records(path: Path) -> Iterator[Record]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: cannot read the corpus ({type(error).__name__})") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield parse_record(line, number)
            except CorpusError as error:
                raise CorpusError(f"{path}: {error}") from None
