"""The token model that Sudachi-aware recognizers read.

``SudachiNlpEngine`` puts a ``list[Token]`` in ``NlpArtifacts.tokens``. A token
keeps only what the recognizers need: its span in the analyzed text, a coarse
kind derived from Sudachi's part of speech, and whether Sudachi knew the word.
The tokens tile the text: the first starts at 0, each next one where the one
before it ends, and the last ends at the end of the text, so the token starts
(``NlpArtifacts.tokens_indices``) and the last end are all the word boundaries.

Example:
    >>> Token(0, 2, TokenKind.SURNAME, is_name=True).is_name
    True
"""

from __future__ import annotations

import enum
from typing import NamedTuple

__all__ = ["NAME_KINDS", "Token", "TokenKind", "kind_of"]


class TokenKind(enum.Enum):
    SURNAME = "名詞,固有名詞,人名,姓"
    GIVEN_NAME = "名詞,固有名詞,人名,名"
    PERSON_NAME = "名詞,固有名詞,人名,一般"
    PLACE = "名詞,固有名詞,地名"
    PROPER_NOUN = "名詞,固有名詞,一般"
    NUMERAL = "名詞,数詞"
    NOUN = "名詞"
    SUFFIX = "接尾辞"
    SPACE = "空白"
    SYMBOL = "補助記号"
    OTHER = ""


class Token(NamedTuple):
    """One Sudachi morpheme: ``text[start:end]`` of ``kind``.

    ``oov`` is true for a word unknown to the dictionary, ``is_name`` for a
    part of a person's name (名詞,固有名詞,人名).
    """

    start: int
    end: int
    kind: TokenKind
    oov: bool = False
    is_name: bool = False


NAME_KINDS = frozenset({TokenKind.SURNAME, TokenKind.GIVEN_NAME, TokenKind.PERSON_NAME})


def kind_of(part_of_speech: tuple[str, ...]) -> TokenKind:
    """The most specific kind whose POS prefix matches ``part_of_speech``.

    Example:
        >>> kind_of(("名詞", "固有名詞", "地名", "一般", "*", "*"))
        <TokenKind.PLACE: '名詞,固有名詞,地名'>
    """
    joined = ",".join(part_of_speech)
    for kind in TokenKind:
        if kind.value and (joined == kind.value or joined.startswith(kind.value + ",")):
            return kind
    return TokenKind.OTHER
