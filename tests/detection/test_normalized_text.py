from __future__ import annotations

import unicodedata

import pytest

from gateway.detection.normalized_text import _fold_plain, _tables, normalize


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("０３－１２３４－５６７８", "03-1234-5678"),
        ("０９０ー１２３４ー５６７８", "090-1234-5678"),
        ("ＡＢ１２", "AB12"),
        ("ｶﾞｷﾞ", "ガギ"),
        ("㈱架空", "(株)架空"),
        ("ラーメン", "ラーメン"),  # a prolonged sound mark between kana stays
        ("1―2−3", "1-2-3"),
        ("葛\U000e0100城", "葛城"),  # an ideographic variation selector is dropped
        ("か\u3099", "が"),
        ("①０３", "①03"),  # enclosed numbers stay: they are list markers
        ("a\ud800b", "a\ufffdb"),
        ("", ""),
    ],
)
def test_folding(original: str, folded: str) -> None:
    assert normalize(original).text == folded


@pytest.mark.parametrize(
    ("original", "folded_span", "original_span"),
    [
        ("㈱ＡＢ", (3, 5), (1, 3)),  # after an expansion
        ("㈱ＡＢ", (0, 3), (0, 1)),  # the expansion itself
        ("㈱ＡＢ", (1, 4), (0, 2)),  # inside the expansion: widened to the whole character
        ("ｶﾞｷﾞ山田", (2, 4), (4, 6)),  # after two contractions
        ("ｶﾞｷﾞ山田", (0, 1), (0, 2)),
        ("a…b", (4, 5), (2, 3)),
        ("a…b", (0, 2), (0, 2)),
    ],
)
def test_folded_spans_map_back_to_original_spans(
    original: str, folded_span: tuple[int, int], original_span: tuple[int, int]
) -> None:
    assert normalize(original).to_original(*folded_span) == original_span


@pytest.mark.parametrize("original", ["㈱…ｶﾞＡ\u3099①😀𠮷", "abc", "ｶﾞ\u3099\u3099x"])
def test_every_folded_span_maps_inside_the_original(original: str) -> None:
    folded = normalize(original)
    for start in range(len(folded.text) + 1):
        for end in range(start, len(folded.text) + 1):
            mapped_start, mapped_end = folded.to_original(start, end)
            assert 0 <= mapped_start <= mapped_end <= len(original)


def test_stretches_without_triggers_fold_as_nfkc_does() -> None:
    # Such a stretch is folded one character at a time; every BMP character
    # that takes this path, next to each other, must give what NFKC gives.
    tables = _tables()
    plain = "".join(
        chr(cp)
        for cp in range(0x10000)
        if not 0xD800 <= cp <= 0xDFFF
        and tables.candidates.match(chr(cp)) is None
        and tables.whole_stretch.match(chr(cp)) is None
    )
    assert len(plain) > 60_000
    assert _fold_plain(plain) == unicodedata.normalize("NFKC", plain)
    assert _fold_plain(plain[::-1]) == unicodedata.normalize("NFKC", plain[::-1])


@pytest.mark.parametrize(
    "original",
    [
        "ﾡￂ",  # a half-width Hangul consonant and vowel compose into one syllable
        "가ㄳ",  # a compatibility jamo that becomes a trailing consonant
        "𠮷野ＡＢ\u3000",  # an astral character in the stretch
    ],
)
def test_stretches_whose_characters_compose_fold_as_a_whole(original: str) -> None:
    folded = normalize(original)
    assert folded.text == unicodedata.normalize("NFKC", original)
    assert folded.to_original(0, len(folded.text)) == (0, len(original))
