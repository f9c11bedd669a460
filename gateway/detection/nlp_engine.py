"""presidio's NLP engine seam, backed by SudachiPy and the bundled sudachidict_core.

presidio would otherwise load a spaCy model; this engine needs no download.
It runs Sudachi in split mode C (longest units, so a whole address such as
東京都千代田区霞が関 is one place-name token) and fills ``NlpArtifacts.tokens``
with :class:`~gateway.detection.tokens.Token` tuples. No lemmas or spaCy
entities are produced: the recognizers read token kinds, and context words
are matched on characters by ``WindowContextEnhancer``.

Sudachi refuses inputs over 49,149 UTF-8 bytes, so long texts are tokenized
in chunks of at most 10,000 characters (at most 40,000 bytes), cut after a
line break or a 。 when there is one. When a chunk has to be cut elsewhere,
its last token may be truncated, so that token is dropped and the next chunk
starts at its beginning: no word is split by a chunk boundary.

Sudachi runs with its packaged configuration minus one plugin,
``JoinNumericPlugin``, which joins digits and kanji numerals into one numeral
token and normalises it. No recognizer reads a numeral token's extent or its
normalised form (numbers are found by regex on the text), and the plugin cost
a fifth of Sudachi's time: the corpora and the window-inquiry record give the
same findings with it and without it.

Sudachi tokenizers are not thread-safe; each thread gets its own tokenizer
from the shared dictionary.

Example:
    >>> engine = SudachiNlpEngine()
    >>> engine.load()
    >>> [t.kind.name for t in engine.tokenize("山田太郎さん")]
    ['SURNAME', 'GIVEN_NAME', 'SUFFIX']
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import resources

import sudachipy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from gateway.detection.tokens import NAME_KINDS, Token, TokenKind, kind_of

__all__ = ["SudachiNlpEngine"]

LANGUAGE = "ja"
MAX_CHUNK_CHARS = 10_000

# Old-style kanji common in surnames that sudachidict_core does not list
# (髙橋 is unknown, 高橋 is a surname). One character for one, so offsets hold.
_VARIANTS, _STANDARD = "髙﨑𠮷濵栁德瀨嵜", "高崎吉濱柳徳瀬崎"
_NAME_VARIANTS = str.maketrans(_VARIANTS, _STANDARD)
_HAS_NAME_VARIANT = re.compile(f"[{_VARIANTS}]")
_SENTENCE_ENDS = ("\n", "。")
_UNUSED_PLUGINS = frozenset({"com.worksap.nlp.sudachi.JoinNumericPlugin"})


class SudachiNlpEngine(NlpEngine):
    """A presidio ``NlpEngine`` that tokenizes Japanese with Sudachi (see the module docstring)."""

    def __init__(self, max_chunk_chars: int = MAX_CHUNK_CHARS) -> None:
        if not 0 < max_chunk_chars <= MAX_CHUNK_CHARS:
            raise ValueError(f"max_chunk_chars must be between 1 and {MAX_CHUNK_CHARS}")
        self._max_chunk_chars = max_chunk_chars
        self._dictionary: sudachipy.Dictionary | None = None
        self._kinds: tuple[tuple[TokenKind, bool], ...] = ()
        self._local = threading.local()

    def load(self) -> None:
        # Without a system dictionary in the configuration Sudachi uses the installed sudachidict_core.
        dictionary = sudachipy.Dictionary(config=_configuration())
        kinds: list[tuple[TokenKind, bool]] = []
        while (pos := dictionary.pos_of(len(kinds))) is not None:
            kind = kind_of(pos)
            kinds.append((kind, kind in NAME_KINDS))
        self._kinds = tuple(kinds)
        self._dictionary = dictionary

    def is_loaded(self) -> bool:
        return self._dictionary is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        tokens = self.tokenize(text)
        return NlpArtifacts(
            entities=[],
            tokens=tokens,  # type: ignore[arg-type]  # presidio types this as a spaCy Doc
            tokens_indices=[token.start for token in tokens],
            lemmas=[],
            nlp_engine=self,
            language=language,
        )

    def process_batch(
        self,
        texts: Iterable[str],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        **kwargs: object,
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and all(unicodedata.category(char).startswith("P") for char in word)

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return [LANGUAGE]

    def tokenize(self, text: str) -> list[Token]:
        """Tokenize ``text`` of any length; offsets index ``text``.

        Example:
            >>> engine = SudachiNlpEngine()
            >>> engine.load()
            >>> engine.tokenize("髙橋")[0].kind.name
            'SURNAME'
        """
        if _HAS_NAME_VARIANT.search(text):
            text = text.translate(_NAME_VARIANTS)
        tokens: list[Token] = []
        start = 0
        while start < len(text):
            end, clean_cut = self._chunk_end(text, start)
            chunk = self._tokenize_chunk(text[start:end], start)
            if not clean_cut and len(chunk) > 1:
                end = chunk.pop().start
            tokens.extend(chunk)
            start = end
        return tokens

    def _chunk_end(self, text: str, start: int) -> tuple[int, bool]:
        """Where the chunk from ``start`` ends, and whether that is a sentence boundary."""
        limit = start + self._max_chunk_chars
        if limit >= len(text):
            return len(text), True
        floor = start + self._max_chunk_chars // 2
        for boundary in _SENTENCE_ENDS:
            cut = text.rfind(boundary, floor, limit)
            if cut >= 0:
                return cut + 1, True
        return limit, False

    def _tokenize_chunk(self, chunk: str, offset: int) -> list[Token]:
        kinds = self._kinds
        noun = TokenKind.NOUN
        tokens: list[Token] = []
        append = tokens.append
        make = tuple.__new__  # Token(...) without the NamedTuple constructor's Python-level defaults
        start = offset
        tokenizer, morphemes = self._tokenizer()
        # Morphemes tile the input, so each begins where the previous one ended;
        # only common nouns can be unknown words that matter (digits are too).
        for morpheme in tokenizer.tokenize(chunk, out=morphemes):
            end = morpheme.end() + offset
            kind, is_name = kinds[morpheme.part_of_speech_id()]
            append(make(Token, (start, end, kind, kind is noun and morpheme.is_oov(), is_name)))
            start = end
        return tokens

    def _tokenizer(self) -> tuple[sudachipy.Tokenizer, sudachipy.MorphemeList]:
        """This thread's tokenizer and the morpheme list it reuses (Sudachi's ``out=``)."""
        local = getattr(self._local, "tokenizer", None)
        if local is None:
            if self._dictionary is None:
                raise RuntimeError("SudachiNlpEngine.load() must be called before use")
            tokenizer = self._dictionary.tokenizer(sudachipy.SplitMode.C, fields={"pos"})
            local = self._local.tokenizer = (tokenizer, tokenizer.tokenize(""))
        return local


def _configuration() -> sudachipy.Config:
    """Sudachi's packaged configuration without the path-rewrite plugins nothing here reads (see the module docstring)."""
    packaged = json.loads(resources.files(sudachipy).joinpath("resources", "sudachi.json").read_text(encoding="utf-8"))
    plugins = [plugin for plugin in packaged.get("pathRewritePlugin", []) if plugin.get("class") not in _UNUSED_PLUGINS]
    return sudachipy.Config(pathRewritePlugin=plugins)
