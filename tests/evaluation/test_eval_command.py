"""``gateway eval``, run as a real process on the checked-in corpus and on small files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gateway.detection.analyzer import JapaneseDetector
from gateway.evaluation import evaluate, failed_bars, load_corpus
from tests.evaluation.conftest import CORPUS


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", "eval", *args], capture_output=True, text=True, timeout=300, check=False
    )


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_checked_in_corpora_meet_every_accuracy_bar(policy_detector: JapaneseDetector) -> None:
    for name in ("main.jsonl", "heldout.jsonl", "fresh.jsonl"):
        score = evaluate(policy_detector, load_corpus(CORPUS / name))
        assert failed_bars(score) == [], name
        assert score.types["PERSON"].recall >= 0.97 and score.types["JP_ADDRESS"].recall >= 0.97


def test_eval_prints_the_per_type_table_and_the_totals(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "small.jsonl",
        [
            {"id": "a", "text": "氏名：山田太郎 電話 090-1234-5678", "keep": [],
             "spans": [{"start": 3, "end": 7, "type": "PERSON"}, {"start": 11, "end": 24, "type": "JP_PHONE_NUMBER"}]},
            {"id": "b", "public": True, "text": "総務省は令和6年4月1日に通知を出した。", "keep": ["総務省"], "spans": []},
        ],
    )  # fmt: skip
    result = _eval(str(corpus), "--check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("PERSON") and "100.00%" in line and "yes" in line for line in lines)
    assert any(line.startswith("JP_PHONE_NUMBER") and "100.00%" in line for line in lines)
    assert "over-masking: 0/1 must-keep words = 0.00%" in result.stdout
    assert "characters/s" in result.stdout


def test_eval_check_fails_when_a_bar_is_not_met_and_lists_misses_without_values(tmp_path: Path) -> None:
    # An unlabelled seven-digit number is no bank account to the detector: a miss.
    corpus = _write(
        tmp_path / "miss.jsonl",
        [{"id": "rec-1", "text": "番号は7654321です", "spans": [{"start": 3, "end": 10, "type": "JP_BANK_ACCOUNT"}]}],
    )
    result = _eval(str(corpus), "--check", "--misses")
    assert result.returncode == 1
    assert "missed JP_BANK_ACCOUNT in rec-1" in result.stdout
    assert "bars not met: recall JP_BANK_ACCOUNT" in result.stdout
    assert "7654321" not in result.stdout + result.stderr


def test_eval_refuses_a_malformed_corpus_without_quoting_it(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"text": "山田太郎", "spans": [{"start": 0, "end": 99, "type": "PERSON"}]}\n', encoding="utf-8")
    result = _eval(str(corpus))
    assert result.returncode == 2
    assert "line 1" in result.stderr and "山田" not in result.stderr + result.stdout
