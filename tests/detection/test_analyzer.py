from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
import spacy
from presidio_analyzer import RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

import gateway.detection
from gateway.detection import ENTITY_TYPES, build_detector
from gateway.detection.analyzer import JapaneseDetector, resolve_overlaps
from gateway.detection.recognizers import RECOGNIZERS
from gateway.detection.term_matcher import TermMatcher
from gateway.errors import DetectorUnavailable
from gateway.findings import Finding
from tests.detection.conftest import Find, in_threads

DATA = Path(__file__).with_name("data")


def test_public_surface_is_pinned() -> None:
    assert gateway.detection.__all__ == ["ENTITY_TYPES", "CachingDetector", "Detector", "build_detector"]


def test_entity_types_are_exactly_those_the_recognizers_report() -> None:
    assert sorted(ENTITY_TYPES) == sorted({recognizer.ENTITY for recognizer in RECOGNIZERS})


def test_building_never_loads_a_spacy_model_or_presidio_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("must not be called")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(NlpEngineProvider, "create_engine", refuse)
    monkeypatch.setattr(RecognizerRegistry, "load_predefined_recognizers", refuse)
    assert build_detector().detect("山田太郎さん") == [Finding("PERSON", 0, 4, 0.85)]


def test_window_inquiry_record_has_every_value_fully_covered(detector: JapaneseDetector) -> None:
    record = (DATA / "window_inquiry.txt").read_text(encoding="utf-8")
    values = (DATA / "window_inquiry_values.txt").read_text(encoding="utf-8").splitlines()
    findings = detector.detect(record)
    assert len(values) == 7
    for line, value in enumerate(values, 1):
        start = record.index(value)
        # Name the value by its line, so a failure never prints it.
        assert any(f.start <= start and start + len(value) <= f.end for f in findings), f"value on line {line}"


def test_findings_are_sorted_and_never_overlap(detector: JapaneseDetector) -> None:
    findings = detector.detect((DATA / "window_inquiry.txt").read_text(encoding="utf-8") * 3)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


@pytest.mark.parametrize(
    "text",
    [
        "総務省",
        "厚生労働省",
        "横浜市では、総務省と厚生労働省の通知を受けて予算3,000万円を計上した。",
        "令和6年4月1日開催の会議で、デジタル庁の担当者から説明があった。",
        "生成AIの利活用に関するガイドラインを令和7年3月に改定しました。",
        "第2回検討会（令和6年10月15日）議事次第：1.開会 2.議題 3.閉会",
        "本市の人口は約37万人で、65歳以上の方は28.5%です。",
    ],
)
def test_public_sentences_yield_no_findings(detector: JapaneseDetector, text: str) -> None:
    assert detector.detect(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("㈱架空の電話は０３－１２３４－５６７８です", "０３－１２３４－５６７８"),
        ("㈱㈱ｶﾞｷﾞ連絡先ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
        ("…住所は東京都千代田区霞が関９－９－９", "東京都千代田区霞が関９－９－９"),
        ("ｶﾞｶﾞｶﾞ個人番号１２３４５６７８９０１８", "１２３４５６７８９０１８"),
        ("㈱ 山田太郎様", "山田太郎"),
    ],
)
def test_full_width_findings_index_the_original_text(detector: JapaneseDetector, text: str, value: str) -> None:
    assert [text[f.start : f.end] for f in detector.detect(text)] == [value]


def test_name_across_a_chunk_boundary_is_found_in_a_long_input(find: Find) -> None:
    # No line break or 。 before the 10,000th character: the chunk is cut between 山 and 田.
    text = "あ" * 9_999 + "山田太郎さんの電話は090-1234-5678です。" + "記録。\n" * 25_000
    assert len(text) > 100_000
    assert find(text) == ["山田太郎", "090-1234-5678"]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "text",
    ["1-2" * 33_334, "0-" * 50_000, "a" * 100_000, "a@a." * 25_000, "+81-" * 25_000, "(0" * 50_000, "1丁目" * 33_334],
    ids=["digits-hyphens", "zero-hyphen", "letters", "at-dots", "plus81", "brackets", "chome"],
)
def test_adversarial_input_of_100_000_characters_completes(detector: JapaneseDetector, text: str) -> None:
    assert isinstance(detector.detect(text), list)


def _random_text(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.choice([rng.randrange(0, 0xD800), rng.randrange(0xE000, 0x110000)])) for _ in range(2_000))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02",
        "😀👨‍👩‍👧 か\u3099き\u309a",
        "\ud800山田太郎さん\udfff",
        "\ufeff\u200b\u200d",
        _random_text(1),
        _random_text(2),
        bytes(range(256)).decode("latin-1") * 10,
    ],
)
def test_any_string_is_analyzed_without_crashing(detector: JapaneseDetector, text: str) -> None:
    findings = detector.detect(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)


def test_surrogate_does_not_shift_offsets(detector: JapaneseDetector) -> None:
    text = "\ud800携帯090-1234-5678"
    assert [text[f.start : f.end] for f in detector.detect(text)] == ["090-1234-5678"]


def test_detect_refuses_anything_but_a_string(detector: JapaneseDetector) -> None:
    with pytest.raises(TypeError):
        detector.detect(b"bytes")  # type: ignore[arg-type]


def test_detector_gives_the_same_answer_from_several_threads(detector: JapaneseDetector) -> None:
    text = (DATA / "window_inquiry.txt").read_text(encoding="utf-8")
    expected = detector.detect(text)
    assert in_threads(lambda: detector.detect(text) == expected) == [True] * 40


class _BrokenEngine:
    def analyze(self, text: str, language: str) -> list[object]:
        raise ValueError(f"cannot analyze {text}")


def test_internal_failure_fails_closed_without_quoting_the_text() -> None:
    detector = JapaneseDetector(_BrokenEngine(), TermMatcher([]), ENTITY_TYPES)  # type: ignore[arg-type]
    with pytest.raises(DetectorUnavailable) as raised:
        detector.detect("山田太郎さんの電話は090-1234-5678")
    assert "山田" not in raised.value.message and "090" not in raised.value.message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


@pytest.fixture(scope="module")
def custom_detector() -> JapaneseDetector:
    return build_detector(
        {"JP_STAFF_NAME": ["架空　一郎"], "JP_PROJECT_NAME": ["みなと台地区再編構想"], "JP_ADDRESS": ["港みらい台"]},
        allow_terms=["認知症カフェ", "山田太郎記念館"],
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("担当の架空 一郎から連絡", [("JP_STAFF_NAME", "架空 一郎")]),
        ("みなと台地区再編構想（案）", [("JP_PROJECT_NAME", "みなと台地区再編構想")]),
        ("港みらい台の自治会", [("JP_ADDRESS", "港みらい台")]),
        ("認知症カフェを開催", []),
        ("山田太郎記念館にて", []),
        ("山田太郎さんが認知症", [("PERSON", "山田太郎"), ("JP_SENSITIVE_HEALTH", "認知症")]),
    ],
)
def test_custom_terms_are_reported_and_allowed_terms_never_are(
    custom_detector: JapaneseDetector, text: str, found: list[tuple[str, str]]
) -> None:
    assert [(f.entity_type, text[f.start : f.end]) for f in custom_detector.detect(text)] == found


def test_custom_entity_types_are_listed_after_the_built_in_ones(custom_detector: JapaneseDetector) -> None:
    assert custom_detector.entity_types == (*ENTITY_TYPES, "JP_STAFF_NAME", "JP_PROJECT_NAME")


@pytest.mark.parametrize(
    ("custom_terms", "allow_terms", "error"),
    [
        ({"JP_STAFF_NAME": [""]}, (), ValueError),
        ({"JP_STAFF_NAME": ["  "]}, (), ValueError),
        ({"": ["語"]}, (), ValueError),
        ({"JP_STAFF_NAME": "架空一郎"}, (), TypeError),
        ({"JP_STAFF_NAME": [3]}, (), ValueError),
        (None, "総務省", TypeError),
        (None, [""], ValueError),
    ],
)
def test_malformed_dictionaries_are_refused(custom_terms: object, allow_terms: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        build_detector(custom_terms, allow_terms)  # type: ignore[arg-type]


def test_empty_custom_dictionary_is_accepted() -> None:
    assert build_detector({"JP_STAFF_NAME": []}).detect("架空一郎") == []


@pytest.mark.parametrize(
    ("findings", "kept"),
    [
        ([Finding("A", 0, 4, 0.7), Finding("B", 2, 6, 0.9)], [Finding("B", 2, 6, 0.9)]),
        ([Finding("A", 0, 4, 0.9), Finding("B", 2, 9, 0.9)], [Finding("B", 2, 9, 0.9)]),
        ([Finding("A", 0, 4, 0.7), Finding("A", 2, 6, 0.9)], [Finding("A", 0, 6, 0.9)]),
        ([Finding("B", 5, 6, 0.5), Finding("A", 0, 5, 0.5)], [Finding("A", 0, 5, 0.5), Finding("B", 5, 6, 0.5)]),
        ([], []),
    ],
)
def test_overlaps_keep_the_higher_score_then_the_longer_span(findings: list[Finding], kept: list[Finding]) -> None:
    assert resolve_overlaps(findings) == kept
