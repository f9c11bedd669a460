"""Postal addresses (住所) down to the street number, with building and room.

Japanese addresses run from the largest unit to the smallest: 都道府県, 市区町村
(郡), 大字 / 町名, 字, then the street part (丁目・番地・号, or the hyphen form
1-2-3), then the building and room: ``東京都千代田区霞が関1-2-3 霞ビル101号室``,
``大阪府大阪市北区梅田一丁目二番三号``, ``長野県北佐久郡軽井沢町大字軽井沢1323番地``.
Full-width digits are folded before matching.

The street part is found with a regex; the place part is read from Sudachi's
tokens just before it (in split mode C a whole 都道府県+市区町村+町名 is one
地名 token). An address needs both: a place name alone (``横浜市では``) is
public vocabulary, and numbers alone (``資料1-2-3``) are not an address. A
postal code (〒100-0013) right before the place is included. A town name
Sudachi splits into short nouns (柿木沢|新田) may sit between the place and a
street of three numbers or 丁目/番地; two bare numbers (資料1-3) need the place
right before them. A bare 丁目 before 地内, 付近, から... (山下町1丁目地内)
names a district and is reported only after a label (住所). Any name
followed by a room number (アーバン535号室) counts as the building. Fictitious
examples: 東京都千代田区霞が関9-9-9 架空ハイツ101号室, 横浜市中区山下町99番地.
"""

from __future__ import annotations

import bisect
import re

from presidio_analyzer import RecognizerResult

from gateway.detection.recognizers.pattern_recognizer import CERTAIN, NEEDS_CONTEXT, JaPatternRecognizer
from gateway.detection.tokens import Token, TokenKind

__all__ = ["AddressRecognizer"]

_KANJI_DIGITS = "〇一二三四五六七八九十百千"
_NUM = rf"(?:[0-9]{{1,5}}|[{_KANJI_DIGITS}]{{1,6}})"
# The street's first number. ``re`` skips ahead to a pattern's first character
# only when the pattern starts with a character class (not a lookbehind), so the
# first digit comes first, then the lookbehind (no digit or hyphen before that
# digit), then the rest of the number in the first digit's script.
_FIRST_NUM = (
    rf"[0-9{_KANJI_DIGITS}](?<![0-9\-].)"
    rf"(?:(?<=[0-9])[0-9]{{0,4}}|(?<![0-9])[{_KANJI_DIGITS}]{{0,5}})"
)
_BAN = r"番(?![目手線組台町])"
_GO = r"号(?![線機車館棟室])"
_STREET = re.compile(
    rf"{_FIRST_NUM}(?:"
    rf"(?:丁目|条|地割)(?:[東西南北]?{_NUM}(?:丁目|番地|{_BAN}|{_GO})?)?(?:[-の]?{_NUM}(?:番地|{_BAN}|{_GO})?)?(?:-{_NUM}{_GO}?)?"
    rf"|(?:番地|{_BAN})(?:の?{_NUM}(?:{_GO}|番地)?)?(?:-{_NUM})?"
    rf"|-{_NUM}(?:-{_NUM}){{0,2}}(?:番地|{_GO})?"
    # Followed by a unit, the numbers are a quantity or a period (横浜市2024-25年度), not a street.
    rf")(?![0-9年月日度時分%円人件歳])"
)
_BUILDING_WORDS = (
    "ハイツ|マンション|アパート|コーポ|ビルディング|ビル|レジデンス|タワーズ|タワー|ハウス|団地|住宅|"
    "メゾン|パレス|コート|ヒルズ|プラザ|ガーデン|テラス|ハイム|フラット|シャトー|ヴィラ|荘|寮|館|棟"
)
_ROOM = r"(?:第?[0-9]{1,5}(?:号室|号|階|F)|-?[0-9]{2,4}(?![0-9]))"
# A building name holds a building word (霞ビル, コーポ桜ヶ丘), then a room or floor.
_BUILDING = (
    rf"[ァ-ヺーA-Za-z0-9一-龥々・&'の]{{0,20}}?(?:{_BUILDING_WORDS})[ァ-ヺーA-Za-z一-龥々・]{{0,12}}"
    rf"(?: ?[A-Z0-9]{{1,2}}棟)?"
)
# Any name followed by a room number (アーバン535号室, 〇〇荘2階) is a building too.
_NAMED_ROOM = r"[ァ-ヺーA-Za-z一-龥々・&']{1,20}? ?第?[0-9]{1,5}(?:号室|階)"
_TAIL = re.compile(rf" ?(?:{_BUILDING}(?: ?{_ROOM})?|{_NAMED_ROOM}|第?[0-9]{{1,5}}(?:号室|階))")
# On an envelope the building often has a line of its own; then its room is required.
_TAIL_NEXT_LINE = re.compile(rf"\n{_BUILDING} ?{_ROOM}")
_DISTRICT = re.compile(rf"{_NUM}丁目")
_DISTRICT_AFTER = re.compile(r"(?:地内|付近|周辺|一帯|地区|界隈|全域|の一部|から|まで|~|、)")
_POSTAL_CODE = re.compile(r"〒? ?[0-9]{3}-[0-9]{4} ?$")
_ADMIN_SUFFIXES = ("都", "道", "府", "県", "市", "区", "町", "村", "郡")
_FILLER_NOUNS = frozenset({"大字", "字", "北", "南", "東", "西", "条", "丁目", "番地", "地割", "通"})
_FILLER_KINDS = (
    TokenKind.SURNAME,
    TokenKind.GIVEN_NAME,
    TokenKind.PERSON_NAME,
    TokenKind.PROPER_NOUN,
    TokenKind.NUMERAL,
)
_MAX_PLACE_CHARS = 40
# Town names Sudachi splits into short common nouns (柿木沢|新田, 睦, 油井, 長|畑):
# a noun or suffix of up to this many characters may sit between the place and the street.
_MAX_FILLER_CHARS = 2
_FILLER_SCRIPT = re.compile(r"[一-龥々〆ヶケノァ-ヺーのが]+")


class AddressRecognizer(JaPatternRecognizer):
    """A street part with a place name before it, plus building and room (see the module docstring)."""

    ENTITY = "JP_ADDRESS"
    CONTEXT = ("住所", "所在地", "居所", "住居", "現住所", "自宅", "お住まい")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        tokens: list[Token] = getattr(nlp_artifacts, "tokens", None) or []
        starts: list[int] = getattr(nlp_artifacts, "tokens_indices", None) or []
        results = []
        for street in _STREET.finditer(text):
            index = bisect.bisect_left(starts, street.start())
            if index == len(starts) or starts[index] != street.start():
                continue  # the numbers are inside a word, e.g. the 二番 of 二番町
            street_text = street.group()
            # Two hyphenated numbers (資料1-3) need a place right before them; a
            # fuller street part may have a town name Sudachi splits in between.
            loose = street_text.count("-") >= 2 or not street_text.replace("-", "").isdigit()
            place_start = _place_start(text, tokens, index, loose)
            if place_start is None:
                continue
            postal_code = _POSTAL_CODE.search(text, max(0, place_start - 12), place_start)
            start = postal_code.start() if postal_code else place_start
            tail = _TAIL.match(text, street.end()) or _TAIL_NEXT_LINE.match(text, street.end())
            # A bare 丁目 before 地内/付近 names a district (山下町1丁目地内の工事), not a home:
            # only a label (住所) makes it one.
            district = tail is None and _DISTRICT.fullmatch(street_text) and _DISTRICT_AFTER.match(text, street.end())
            score = NEEDS_CONTEXT if district else CERTAIN
            results.append(self.result(start, tail.end() if tail else street.end(), score))
        return results


def _place_start(text: str, tokens: list[Token], street_index: int, loose: bool) -> int | None:
    """Where the place part before the street begins, or ``None`` if there is no place name."""
    street_start = tokens[street_index].start
    place_start = None
    index = street_index - 1
    while index >= 0 and street_start - tokens[index].start <= _MAX_PLACE_CHARS:
        token = tokens[index]
        surface = text[token.start : token.end]
        previous = tokens[index - 1] if index > 0 else None
        if previous is not None and surface in _ADMIN_SUFFIXES and _is_name_script(text, previous):
            place_start = previous.start  # 山口|県: Sudachi split the prefecture
        elif _is_place(token, surface):
            place_start = token.start
        elif not (surface in _FILLER_NOUNS or token.kind in _FILLER_KINDS or token.oov or (loose and _is_town_part(token, surface))):
            break
        index -= 1
    return place_start


def _is_name_script(text: str, token: Token) -> bool:
    return _FILLER_SCRIPT.fullmatch(text, token.start, token.end) is not None


def _is_town_part(token: Token, surface: str) -> bool:
    return (
        len(surface) <= _MAX_FILLER_CHARS
        and token.kind in (TokenKind.NOUN, TokenKind.SUFFIX, TokenKind.OTHER)
        and _FILLER_SCRIPT.fullmatch(surface) is not None
    )


def _is_place(token: Token, surface: str) -> bool:
    if token.kind is TokenKind.PLACE:
        return True
    if token.kind is TokenKind.PROPER_NOUN or token.oov:
        return any(suffix in surface for suffix in _ADMIN_SUFFIXES)
    return token.kind is TokenKind.NOUN and surface.endswith(_ADMIN_SUFFIXES)
