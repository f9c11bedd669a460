"""Width and compatibility folding that remembers where every character came from.

Recognizers see one folded form of the text: NFKC (full-width digits, letters
and punctuation become ASCII, half-width katakana becomes full-width, ``㈱``
becomes ``(株)``), dashes become ``-``, a katakana prolonged sound mark ``ー``
between two digits becomes ``-`` (staff type ``０９０ー１２３４ー５６７８``),
ideographic variation selectors are dropped and lone surrogates become U+FFFD.
Findings are then mapped back to offsets in the original string.

Folding works on segments: a starter and the combining marks that follow it
(NFKC may merge them, e.g. half-width ``ｶﾞ`` -> ``ガ``), so a segment may grow
or shrink. A finding that starts or ends inside a changed segment is widened
to the whole segment in the original text.

Example:
    >>> folded = normalize("電話０３－１２３４－５６７８")
    >>> folded.text
    '電話03-1234-5678'
    >>> folded.to_original(2, 14)
    (2, 14)
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["NormalizedText", "normalize"]

# Enclosed numbers (①, ⑴, ㉑...) stay as they are: NFKC would turn the list
# marker in "①03-1234-5678" into a digit glued to the phone number.
_KEEP_RANGES = ((0x2460, 0x24FF), (0x3251, 0x325F), (0x32B1, 0x32BF))
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_HANGUL_VOWELS_AND_TAILS = (0x1160, 0x11FF)
_SURROGATES = (0xD800, 0xDFFF)
# Scanning the first three planes covers every character with a decomposition.
_SCAN_LIMIT = 0x30000
_BMP_END = 0xFFFF

# Dashes, and the prolonged sound mark only where it stands between digits. The
# pattern starts with one character class so that ``re`` skips ahead to it.
_HYPHEN_LIKE = re.compile(r"[\u2010-\u2015\u2212ー](?:(?<!ー)|(?<=[0-9]ー)(?=[0-9]))")
_DROPPED = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


@dataclass(frozen=True, slots=True)
class _Segment:
    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The folded ``text`` of ``original`` and the map between their offsets.

    Example:
        >>> normalize("㈱ＡＢ").text
        '(株)AB'
    """

    original: str
    text: str
    segments: tuple[_Segment, ...]
    segment_starts: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span ``[start, end)`` to a span of the original text."""
        # The last changed segment at or before the offset; an end offset equal
        # to a segment's start belongs before that segment.
        index = bisect.bisect_right(self.segment_starts, start) - 1
        if index >= 0:
            segment = self.segments[index]
            start = segment.orig_start if start < segment.norm_end else _shift(start, segment)
        index = bisect.bisect_left(self.segment_starts, end) - 1
        if index >= 0:
            segment = self.segments[index]
            end = segment.orig_end if end <= segment.norm_end else _shift(end, segment)
        return start, end


def _shift(offset: int, segment: _Segment) -> int:
    """Offset after ``segment``: the size change of all segments so far is in its end."""
    return offset + segment.orig_end - segment.norm_end


def normalize(text: str) -> NormalizedText:
    """Fold ``text`` for recognizers and keep the offset map back to it.

    Example:
        >>> normalize("ﾔﾏﾀﾞ").text
        'ヤマダ'
    """
    tables = _tables()
    pieces: list[str] = []
    segments: list[_Segment] = []
    done = 0
    norm_length = 0
    for match in tables.candidates.finditer(text):
        start = match.start()
        code_point = ord(text[start])
        if start < done or (code_point > _BMP_END and code_point not in tables.astral_triggers):
            continue
        if code_point in tables.continuations and start > done:
            start -= 1  # the starter a combining mark attaches to
        end = match.end()
        while end < len(text) and ord(text[end]) in tables.continuations:
            end += 1
        norm_length = _append_plain(pieces, segments, text, done, start, norm_length)
        folded = _fold(text[start:end])
        pieces.append(folded)
        if len(folded) != end - start:
            segments.append(_Segment(norm_length, norm_length + len(folded), start, end))
        norm_length += len(folded)
        done = end
    _append_plain(pieces, segments, text, done, len(text), norm_length)
    # One character for one character, so the segment map stays valid.
    folded_text = _HYPHEN_LIKE.sub("-", "".join(pieces))
    return NormalizedText(text, folded_text, tuple(segments), tuple(s.norm_start for s in segments))


def _append_plain(
    pieces: list[str], segments: list[_Segment], text: str, start: int, end: int, norm_length: int
) -> int:
    """Fold ``text[start:end]``, which holds no trigger, and return the new folded length."""
    if start == end:
        return norm_length
    folded = _fold_plain(text[start:end])
    if len(folded) != end - start:
        # The triggers cover every length change; should one slip through,
        # the whole stretch becomes one segment, so offsets stay safe.
        segments.append(_Segment(norm_length, norm_length + len(folded), start, end))
    pieces.append(folded)
    return norm_length + len(folded)


def _fold_plain(stretch: str) -> str:
    """NFKC of ``stretch``, which holds no trigger, one character at a time where that is the same.

    A stretch without triggers is mostly characters that NFKC leaves alone or
    maps to one other character (full-width ``Ａ``, ``（``, ideographic space),
    and those fold independently of their neighbours: each one decomposes to a
    character that does not compose with anything before it. A character that
    decomposes to one that does (a half-width Hangul vowel joins the consonant
    before it), or any astral character (the tables list BMP characters only),
    sends the whole stretch through NFKC.
    """
    tables = _tables()
    if tables.whole_stretch.search(stretch) is not None:
        return unicodedata.normalize("NFKC", stretch)
    return tables.foldable.sub(lambda run: run.group().translate(tables.single_folds), stretch)


def _fold(segment: str) -> str:
    if _SURROGATES[0] <= ord(segment[0]) <= _SURROGATES[1]:
        return "\ufffd" * len(segment)
    if _in(ord(segment[0]), _KEEP_RANGES):
        return segment[0] + _fold(segment[1:]) if len(segment) > 1 else segment
    return _DROPPED.sub("", unicodedata.normalize("NFKC", segment))


@dataclass(frozen=True, slots=True)
class _Tables:
    candidates: re.Pattern[str]
    continuations: frozenset[int]
    astral_triggers: frozenset[int]
    # For stretches without triggers (see ``_fold_plain``): the BMP characters
    # NFKC maps to one other character, runs of them, and the characters that
    # need NFKC over the whole stretch.
    single_folds: dict[int, str]
    foldable: re.Pattern[str]
    whole_stretch: re.Pattern[str]


@functools.cache
def _tables() -> _Tables:
    """The trigger tables, built once per process.

    A trigger is a character whose folding may change the length of the text
    or that must not be folded: a combining mark (or a starter that composes
    with the character before it), a character NFKC expands or drops, an
    enclosed number, a variation selector or a lone surrogate. The scanning
    pattern lists the BMP triggers and then any astral character, because a
    class with astral ranges makes ``re`` test every range for every character.

    Every other character folds to one character: ``single_folds`` lists the
    BMP ones NFKC changes, and ``whole_stretch`` finds the BMP ones whose
    decomposition starts with a continuation, and any astral character.
    """
    triggers: set[int] = set()
    continuations: set[int] = set()
    decomposable: list[int] = []
    for cp in range(_SCAN_LIMIT):
        if _SURROGATES[0] <= cp <= _SURROGATES[1]:
            continue
        char = chr(cp)
        decomposition = unicodedata.decomposition(char)
        if not decomposition and not unicodedata.combining(char):
            continue
        decomposable.append(cp)
        if unicodedata.combining(unicodedata.normalize("NFKD", char)[0]):
            continuations.add(cp)
        elif len(unicodedata.normalize("NFKC", char)) != 1:
            triggers.add(cp)
        parts = decomposition.split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second = int(parts[1], 16)
            # Starters that canonically compose with the character before them.
            if not unicodedata.combining(chr(second)):
                continuations.add(second)
    continuations.update(range(_HANGUL_VOWELS_AND_TAILS[0], _HANGUL_VOWELS_AND_TAILS[1] + 1))
    for low, high in _VARIATION_SELECTORS:
        continuations.update(range(low, high + 1))
    for low, high in (*_KEEP_RANGES, _SURROGATES):
        triggers.update(range(low, high + 1))
    everything = triggers | continuations
    bmp = [cp for cp in everything if cp <= _BMP_END]
    candidates = re.compile(f"[{_char_class(bmp)}\\U00010000-\\U0010ffff]")
    astral = frozenset(cp for cp in everything if cp > _BMP_END)
    single_folds: dict[int, str] = {}
    composing: list[int] = []
    for cp in decomposable:
        if cp > _BMP_END or cp in everything:
            continue
        folded = unicodedata.normalize("NFKC", chr(cp))
        if folded != chr(cp):
            single_folds[cp] = folded
        if ord(unicodedata.normalize("NFKD", chr(cp))[0]) in continuations:
            composing.append(cp)
    foldable = re.compile(f"[{_char_class(list(single_folds))}]+")
    whole_stretch = re.compile(f"[{_char_class(composing)}\\U00010000-\\U0010ffff]")
    return _Tables(candidates, frozenset(continuations), astral, single_folds, foldable, whole_stretch)


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


def _char_class(code_points: list[int]) -> str:
    """A regex character class body for ``code_points``, as ranges."""
    parts: list[str] = []
    ordered = sorted(set(code_points))
    index = 0
    while index < len(ordered):
        low = high = ordered[index]
        while index + 1 < len(ordered) and ordered[index + 1] == high + 1:
            index += 1
            high = ordered[index]
        parts.append(_escape(low) if low == high else f"{_escape(low)}-{_escape(high)}")
        index += 1
    return "".join(parts)


def _escape(cp: int) -> str:
    return f"\\U{cp:08x}" if cp > 0xFFFF else f"\\u{cp:04x}"
