"""Recall, precision, over-masking and public-text false findings, on hand-made records."""

from __future__ import annotations

from gateway.evaluation import Record, evaluate, failed_bars, format_report
from gateway.evaluation.corpus import GoldSpan
from gateway.findings import Finding


class Fixed:
    """A detector that answers the findings given for each text."""

    def __init__(self, answers: dict[str, list[Finding]]) -> None:
        self.answers = answers

    def detect(self, text: str) -> list[Finding]:
        return self.answers.get(text, [])


NAME = "相談者は山田太郎さんです"
GOLD = (GoldSpan(4, 8, "PERSON"),)


def _record(text: str = NAME, spans: tuple[GoldSpan, ...] = GOLD, keep: tuple[str, ...] = (), public: bool = False):
    return Record("r1", "s", public, text, spans, keep)


def test_a_value_counts_as_found_only_when_its_whole_span_is_masked() -> None:
    half = evaluate(Fixed({NAME: [Finding("PERSON", 4, 6, 0.85)]}), [_record()])
    whole = evaluate(Fixed({NAME: [Finding("PERSON", 3, 9, 0.85)]}), [_record()])
    assert half.types["PERSON"].recall == 0.0 and half.misses == [("r1", "PERSON")]
    assert whole.types["PERSON"].recall == 1.0 and whole.misses == []


def test_two_adjacent_findings_of_the_type_cover_a_value_together() -> None:
    score = evaluate(Fixed({NAME: [Finding("PERSON", 4, 6, 0.85), Finding("PERSON", 6, 8, 0.85)]}), [_record()])
    assert score.types["PERSON"].recall == 1.0


def test_a_value_masked_under_another_type_is_a_miss_and_a_false_finding() -> None:
    score = evaluate(Fixed({NAME: [Finding("JP_ADDRESS", 4, 8, 0.85)]}), [_record()])
    assert score.types["PERSON"].recall == 0.0
    assert score.types["JP_ADDRESS"].precision == 0.0


def test_precision_counts_findings_that_overlap_a_gold_value_of_their_type() -> None:
    findings = [Finding("PERSON", 4, 8, 0.85), Finding("PERSON", 0, 3, 0.85)]
    score = evaluate(Fixed({NAME: findings}), [_record()])
    assert score.types["PERSON"].precision == 0.5


def test_over_masking_is_the_share_of_must_keep_words_a_finding_touches() -> None:
    text = "総務省と厚生労働省から山田太郎さんへ"
    record = _record(text, (GoldSpan(11, 15, "PERSON"),), keep=("総務省", "厚生労働省"))
    score = evaluate(Fixed({text: [Finding("PERSON", 11, 15, 0.85), Finding("PERSON", 4, 6, 0.5)]}), [record])
    assert (score.keep_masked, score.keep_words, score.over_masking) == (1, 2, 0.5)


def test_a_must_keep_word_inside_a_gold_value_is_not_counted() -> None:
    text = "住所は横浜市中区山下町1-2-3"
    record = _record(text, (GoldSpan(3, 16, "JP_ADDRESS"),), keep=("横浜市",))
    score = evaluate(Fixed({text: [Finding("JP_ADDRESS", 3, 16, 0.85)]}), [record])
    assert score.keep_words == 0 and score.over_masking is None


def test_false_findings_are_counted_per_10000_characters_of_public_text() -> None:
    text = "令和6年度の予算は総務省の方針による。" * 50  # 950 characters
    record = _record(text, (), public=True)
    score = evaluate(Fixed({text: [Finding("PERSON", 0, 2, 0.85)]}), [record])
    assert score.public_false_findings == 1
    assert round(score.false_per_10k_public, 2) == round(10_000 / len(text), 2)
    assert "false findings in public text" in failed_bars(score)


def test_the_report_shows_counts_and_bars_never_the_text() -> None:
    score = evaluate(Fixed({NAME: [Finding("PERSON", 4, 8, 0.85)]}), [_record()])
    report = format_report(score)
    assert "PERSON" in report and "100.00%" in report and "97.0%" in report
    assert "山田" not in report and "相談者" not in report
    assert failed_bars(score) == []


def test_a_recall_bar_not_met_is_named() -> None:
    score = evaluate(Fixed({}), [_record()])
    assert failed_bars(score) == ["recall PERSON"]
