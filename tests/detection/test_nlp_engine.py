from __future__ import annotations

import itertools

import pytest

from gateway.detection.nlp_engine import SudachiNlpEngine
from gateway.detection.tokens import TokenKind
from tests.detection.conftest import in_threads


@pytest.fixture(scope="module")
def engine() -> SudachiNlpEngine:
    engine = SudachiNlpEngine()
    engine.load()
    return engine


def _surfaces(text: str, engine: SudachiNlpEngine) -> list[str]:
    return [text[t.start : t.end] for t in engine.tokenize(text)]


def test_tokens_carry_sudachi_name_tags(engine: SudachiNlpEngine) -> None:
    tokens = engine.tokenize("山田太郎さん")
    assert [t.kind for t in tokens] == [TokenKind.SURNAME, TokenKind.GIVEN_NAME, TokenKind.SUFFIX]
    assert [t.is_name for t in tokens] == [True, True, False]


def test_old_style_kanji_surname_is_recognised_as_a_surname(engine: SudachiNlpEngine) -> None:
    tokens = engine.tokenize("髙橋一郎")
    assert tokens[0].kind is TokenKind.SURNAME and tokens[0].end == 2


def test_artifacts_list_token_starts(engine: SudachiNlpEngine) -> None:
    artifacts = engine.process_text("東京都の横浜市", "ja")
    assert artifacts.tokens_indices == [t.start for t in artifacts.tokens]


@pytest.mark.parametrize(
    "text",
    [
        "山田太郎です。\n" * 3000,  # sentence boundaries
        "あ" * 25_000,  # no boundary at all: hard cuts
        "1234567890" * 3000,
        "a b " * 10_000,
    ],
)
def test_long_text_is_tokenized_in_chunks_that_tile_the_text(engine: SudachiNlpEngine, text: str) -> None:
    tokens = engine.tokenize(text)
    assert tokens[0].start == 0 and tokens[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(tokens))


def test_chunk_boundary_does_not_split_a_name() -> None:
    engine = SudachiNlpEngine(max_chunk_chars=20)
    engine.load()
    text = "ああああああああああああああああ山田太郎さんが来た"
    assert "山田" in _surfaces(text, engine) and "太郎" in _surfaces(text, engine)


def test_chunk_size_beyond_what_sudachi_accepts_is_refused() -> None:
    with pytest.raises(ValueError):
        SudachiNlpEngine(max_chunk_chars=20_000)


def test_each_thread_tokenizes_with_its_own_tokenizer(engine: SudachiNlpEngine) -> None:
    text = "山田太郎さんの住所は東京都千代田区霞が関9-9-9です。" * 20
    expected = engine.tokenize(text)
    assert in_threads(lambda: engine.tokenize(text) == expected) == [True] * 40


def test_sudachi_runs_without_the_numeral_joiner_but_still_joins_katakana_with_an_unknown_word(engine: SudachiNlpEngine) -> None:
    # JoinNumericPlugin is left out (nothing reads a numeral token's extent): each digit is its own token.
    numerals = [(t.start, t.end) for t in engine.tokenize("1,000円") if t.kind is TokenKind.NUMERAL]
    assert numerals == [(0, 1), (2, 3), (3, 4), (4, 5)]
    # JoinKatakanaOovPlugin stays: an unknown katakana run is one noun, as the person recognizer expects.
    # Without it サントスアナ would be サントス|アナ.
    assert [(t.start, t.end, t.kind) for t in engine.tokenize("サントスアナ")] == [(0, 6, TokenKind.NOUN)]
