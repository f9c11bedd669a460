"""The evaluation corpus: its reader, and the checked-in files the generator made."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from gateway.detection import ENTITY_TYPES
from gateway.evaluation import CorpusError, load_corpus, parse_record
from tests.evaluation.conftest import CORPUS

SCENARIOS = {
    "window_inquiry", "welfare_case_note", "mynumber_application", "resident_email", "email_reply", "minutes",
    "foreign_resident", "care_insurance", "kokuho", "child_allowance", "internal_draft", "secret_document",
    "public_announcement", "public_minutes",
}  # fmt: skip


def test_a_record_is_read_with_its_gold_spans_and_must_keep_words() -> None:
    line = json.dumps(
        {"id": "r1", "scenario": "s", "public": False, "text": "総務省の山田太郎さん",
         "spans": [{"start": 4, "end": 8, "type": "PERSON"}], "keep": ["総務省"]},
        ensure_ascii=False,
    )  # fmt: skip
    record = parse_record(line, 1)
    assert record.text[record.spans[0].start : record.spans[0].end] == "山田太郎"
    assert record.keep == ("総務省",)


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "r", "text": "山田太郎さん", "spans": [{"start": 0, "end": 40, "type": "PERSON"}]}',
        '{"id": "r", "text": "山田太郎さん", "spans": [{"start": 3, "end": 3, "type": "PERSON"}]}',
        '{"id": "r", "spans": []}',
        '{"id": "r", "text": "山田太郎さん", "keep": [""]}',
        "山田太郎さん 090-1234-5678",
    ],
)
def test_a_malformed_record_is_refused_by_line_number_without_its_text(line: str) -> None:
    with pytest.raises(CorpusError) as error:
        parse_record(line, 7)
    assert "line 7" in str(error.value)
    assert "山田" not in str(error.value) and "090" not in str(error.value)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read"):
        load_corpus(tmp_path / "missing.jsonl")


def test_the_main_corpus_has_600_records_over_12_scenarios_with_valid_gold_spans() -> None:
    records = load_corpus(CORPUS / "main.jsonl")
    assert len(records) >= 600
    scenarios = Counter(record.scenario for record in records)
    assert set(scenarios) == SCENARIOS and min(scenarios.values()) >= 40
    types = Counter(span.entity_type for record in records for span in record.spans)
    assert set(types) <= set(ENTITY_TYPES)
    # Every structured kind of DESIGN.md §5 is in the corpus.
    assert {
        "PERSON", "JP_ADDRESS", "JP_PHONE_NUMBER", "EMAIL_ADDRESS", "JP_MY_NUMBER", "JP_CORPORATE_NUMBER",
        "JP_BIRTH_DATE", "JP_BANK_ACCOUNT", "CREDIT_CARD", "JP_HEALTH_INSURANCE_NUMBER", "JP_CARE_INSURANCE_NUMBER",
        "JP_PENSION_NUMBER", "JP_DRIVER_LICENSE", "JP_PASSPORT", "JP_RESIDENCE_CARD",
    } <= set(types)  # fmt: skip
    public = [record for record in records if record.public]
    assert sum(len(record.text) for record in public) >= 20_000
    assert all(not record.spans or record.scenario.startswith("public") for record in public)
    assert sum(len(record.keep) for record in records) >= 2_000


@pytest.mark.parametrize("name", ["heldout.jsonl", "fresh.jsonl"])
def test_the_heldout_corpora_use_other_templates(name: str) -> None:
    main = {record.text for record in load_corpus(CORPUS / "main.jsonl")}
    heldout = load_corpus(CORPUS / name)
    assert len(heldout) >= 150
    assert not main & {record.text for record in heldout}
    assert {record.scenario for record in heldout} == SCENARIOS


def test_the_checked_in_files_are_what_the_generator_makes(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(CORPUS / "generate.py"), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for name in ("main.jsonl", "heldout.jsonl", "fresh.jsonl"):
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name
