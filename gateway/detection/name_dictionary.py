"""Surname and given-name dictionaries for full names Sudachi does not tag (石川健一, 中島 あすか).

Source: the PyPI package ``japanese-personal-name-dataset`` (MIT licence),
whose CSV files ship inside the wheel: about 2,000 surnames with their
readings and about 9,500 given-name readings with 79,000 kanji spellings.
Nothing is downloaded; the files are read once, when the detector is built,
straight into the sets kept here. The package's ``load_dataset`` would also
build dicts with the romaji and keep every CSV row cached for the life of the
process, which leaves about 10 MB more resident in every worker; a test checks
that both readings give the same sets.

A full name is a surname, an optional space and a given name, where:

* the surname is a whole Sudachi token (or several), so 東 is never read
  out of 東京; its kanji may be old-style (髙橋, 渡邉: folded for the lookup);
* the given name ends on a token boundary, so 中島 is never glued to the 公
  of 公園; a kanji given name of one character needs a surname of two
  (林学 is not a name, 石川学 is);
* a hiragana given name (あすか) must not run on into hiragana, unless a
  particle or honorific follows (中島あすかです);
* katakana names are looked up by their reading (ナカジマ アスカ).

Example:
    >>> names = NameDictionary.load()
    >>> text = "石川健一課長"
    >>> names.full_name_end(text, 0, {2, 3, 4, 6})
    4
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from importlib import resources

__all__ = ["NameDictionary"]

_DATASET = resources.files("japanese_personal_name_dataset") / "dataset"
# Each line: reading,romaji,kanji,kanji,... (no quoting in these files).
_GIVEN_NAME_FILES = ("first_name_man_org.csv", "first_name_woman_org.csv")
_ROMAJI = re.compile(r"^([^,\n]*),[^,\n]*", re.MULTILINE)
# Each line: kanji,estimated population,reading,romaji.
_SURNAME_FILE = "last_name_org.csv"
_SURNAME_ROW = re.compile(r"^([^,\n]+),[^,\n]*,([^,\n]+)", re.MULTILINE)

_OLD_STYLE = str.maketrans("髙﨑邉邊齋齊𠮷濵澤嶋栁德瀨嵜", "高崎辺辺斎斉吉浜沢島柳徳瀬崎")
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
# Both at once: the two tables share no character, and neither maps into the other's keys.
_LOOKUP_FORM = {**_OLD_STYLE, **_KATAKANA_TO_HIRAGANA}
# Hiragana that may follow a hiragana given name: particles, copulas, honorifics.
_AFTER_HIRAGANA = ("です", "でし", "と申", "さん", "さま", "ちゃん", "くん", "は", "が", "の", "を", "に", "へ", "と", "も")
_HONORIFIC_KANA = ("さん", "さま", "ちゃん", "くん", "です", "でし", "と申")
_MEMO_SIZE = 50_000
# Hiragana "names" that are everyday words right after a surname (田中とも…).
_NOT_GIVEN = frozenset(
    {"こと", "とき", "さん", "まで", "とも", "より", "から", "また", "など"}
    | set("都道府県市区町村郡丁目番号地字")  # 神崎|町 is a town, not 神崎 町 (a given name in the list)
    # One-character given names that are also place and facility suffixes (松本|城, 上野|駅).
    | set("城寺宮港橋山川池谷駅館園湖島岬浜台丘坂森林原野田沢岡崎線院殿社塔門")
)


class NameDictionary:
    """Surnames and given names (see the module docstring); safe to share between threads.

    The lists never change; ``is_surname`` answers are memoized in a bounded dict.
    """

    def __init__(self, surnames: Collection[str], surname_readings: Collection[str], given: Collection[str]) -> None:
        self.surnames = frozenset(surnames)
        self.surname_readings = frozenset(surname_readings)
        self.given = frozenset(name for name in given if name not in _NOT_GIVEN)
        self._max_surname = max(map(len, self.surnames | self.surname_readings), default=0)
        self._max_given = max(map(len, self.given), default=0)
        self._memo: dict[str, bool] = {}

    @classmethod
    @functools.cache
    def load(cls) -> NameDictionary:
        """The dictionary from ``japanese-personal-name-dataset`` (read once per process)."""
        given: set[str] = set()
        for name in _GIVEN_NAME_FILES:
            # Drop the romaji, then every field left is a reading or a kanji spelling.
            fields = _ROMAJI.sub(r"\1", (_DATASET / name).read_text(encoding="utf-8"))
            given.update(fields.replace("\n", ",").split(","))
        given.discard("")
        rows = _SURNAME_ROW.findall((_DATASET / _SURNAME_FILE).read_text(encoding="utf-8"))
        surnames = [kanji for kanji, _ in rows]
        readings = [reading for _, reading in rows]
        return cls(surnames, readings, given)

    def is_surname(self, surface: str) -> bool:
        """Whether ``surface`` (kanji, or katakana read as hiragana) is a known surname.

        Hiragana is never a surname here: hiragana runs are mostly grammar.
        """
        known = self._memo.get(surface)
        if known is None:
            known = self._is_surname(surface)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()  # bounded: a flood of distinct words cannot grow it
            self._memo[surface] = known
        return known

    def _is_surname(self, surface: str) -> bool:
        if surface in self.surnames:
            return True
        if not surface or "ぁ" <= surface[0] <= "ゖ":
            return False
        form = _lookup_form(surface)
        return form in self.surname_readings if "ァ" <= surface[0] <= "ヺ" else form in self.surnames

    def full_name_end(self, text: str, start: int, boundaries: Collection[int]) -> int | None:
        """Where a surname + given name starting at ``start`` ends, or ``None``.

        ``boundaries`` holds the token boundaries of ``text`` (start and end
        offsets of its tokens).
        """
        for surname_end in range(min(len(text), start + self._max_surname), start, -1):
            if surname_end not in boundaries or not self.is_surname(text[start:surname_end]):
                continue
            given_start = surname_end + 1 if text.startswith(" ", surname_end) else surname_end
            end = self._given_end(text, given_start, boundaries, surname_end - start)
            if end is not None:
                return end
        return None

    def _given_end(self, text: str, start: int, boundaries: Collection[int], surname_length: int) -> int | None:
        for end in range(min(len(text), start + self._max_given), start, -1):
            if end not in boundaries:
                continue
            surface = text[start:end]
            if _lookup_form(surface) not in self.given or not _acceptable_given(text, surface, end, surname_length):
                continue
            return end
        return None


def _acceptable_given(text: str, surface: str, end: int, surname_length: int) -> bool:
    first = surface[0]
    if "ぁ" <= first <= "ゖ":
        if surface.startswith(_HONORIFIC_KANA):  # 山本|さんと is 山本 さん, not a given name さんと
            return False
        return len(surface) >= 2 and (end == len(text) or not "ぁ" <= text[end] <= "ゖ" or text.startswith(_AFTER_HIRAGANA, end))
    if "ァ" <= first <= "ヶ":
        return len(surface) >= 2 and (end == len(text) or not "ァ" <= text[end] <= "ヺ")
    return len(surface) >= 2 or surname_length >= 2


def _lookup_form(surface: str) -> str:
    """Old-style kanji folded, katakana read as hiragana."""
    return surface.translate(_LOOKUP_FORM)
