"""Personal names (氏名) in kanji, kana and katakana, Japanese or foreign.

Sources of knowledge: Sudachi's part of speech 名詞,固有名詞,人名 (姓 / 名 /
一般) from sudachidict_core, and the surname and given-name lists of
:class:`~gateway.detection.name_dictionary.NameDictionary` (a surname + given
name pair the dictionary knows is a name: 石川健一, 中島 あすか, 林 零).
A run of name tokens is a name:

* a surname and a given name, with or without a space (山田太郎, 山田 太郎,
  ヤマダ タロウ), and words Sudachi does not know glued to a name part
  (old-style kanji such as 髙橋 are folded for Sudachi, see ``nlp_engine``);
* a katakana chain joined by ・, = or a space (foreign residents' names such
  as グエン・ヴァン・ナム) with at least one name part in it, or after a label;
* a single name part or unknown word followed by an honorific (さん, 様, 氏,
  君, 殿, ちゃん, 先生) or a staff title (課長, 主査...): 伊藤さん, グエンさん,
  or introducing themselves (佐藤と申します, after their section: 市民税課の中川です);
* a single name part after a label (氏名, 相談者, 申請者, 担当, 出席者...),
  through ``CONTEXT``; a lone surname without a label is not reported.

The span is the name only, never the honorific. Fictitious examples:
山田太郎さん, 氏名：中村 美咲, マリア・サントス様, 担当：佐藤.
"""

from __future__ import annotations

import bisect
import re

from presidio_analyzer import RecognizerResult

from gateway.detection.name_dictionary import NameDictionary
from gateway.detection.recognizers.pattern_recognizer import CERTAIN, NEEDS_CONTEXT, JaPatternRecognizer
from gateway.detection.tokens import Token, TokenKind

__all__ = ["PersonNameRecognizer"]

# Honorifics and the job titles staff put after a colleague's name (田中課長).
_TITLES = (
    r"(?:さん|様|さま|氏|君|くん|殿|ちゃん|先生|課長補佐|課長|係長|部長|局長|室長|所長|次長|主任|主査|主幹"
    r"|主事|参事|議員|相談員|支援員|保健師|市長|町長|村長|区長|知事)"
)
_HONORIFIC = re.compile(rf" ?{_TITLES}|と申します")
# Where a title starts, a name ends, even inside a Sudachi word (佐藤健|一部|長 is 佐藤健一 部長).
_TITLE_START = re.compile(_TITLES)
# A staff member introducing themselves after their section: 市民税課の中川です.
_SELF_INTRODUCTION = re.compile(r"(?:です|でございます)")
_INTRODUCED_BY = re.compile(r"(?:課|係|室|班|所|センター|担当|私)[のは]$")
# Words that make the name before them a place (氏家新田公園, 湯本塩原地区, 中小来|川).
_PLACE_AFTER = re.compile(
    r"(?:公園|地区|地域|周辺|地内|付近|駅|通り|小学校|中学校|高校|会館|団地|病院|センター|川|橋|町|村|線|方面|インター"
    r"|[0-9一二三四五六七八九十]+(?:丁目|番地))"
)
# Katakana words, and the kanji and katakana a name Sudachi does not know is written in.
_KATAKANA = re.compile("[ァ-ヺー]+")
_NAME_SCRIPT = re.compile("[\u4e00-\u9fff\u3400-\u4dbf々〆ヶーァ-ヺ]+")
_JOINERS = frozenset({"・", "="})
# A joiner, or a space after katakana (ジョン スミス): where a name run may go on after
# the word before it. One character class first, so that ``re`` skips ahead to it.
_JOINER_AFTER_WORD = re.compile(r"[ ・=](?:(?<! )|(?<=[ァ-ヺー] ))")
_SEPARATORS = _JOINERS | {" "}
_MAX_PARTS = 4


class PersonNameRecognizer(JaPatternRecognizer):
    """Names from Sudachi's 人名 tags, honorifics and labels (see the module docstring)."""

    ENTITY = "PERSON"
    CONTEXT = (
        "氏名", "名前", "相談者", "申請者", "申出者", "申出人", "届出人", "担当", "出席者", "参加者",
        "世帯主", "代理人", "本人", "利用者", "対象者", "保護者", "患者", "記入者", "作成者", "宛名",
        "連絡者", "受付者", "同行者", "面談者", "来庁者", "夫", "妻", "長男", "長女", "次男", "次女", "父", "母",
        "代表者", "通報者", "請求者", "地権者", "司会", "被保険者", "受給者", "納税者",
    )  # fmt: skip

    def __init__(self, names: NameDictionary | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._names = names or NameDictionary.load()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        tokens: list[Token] = getattr(nlp_artifacts, "tokens", None) or []
        starts: list[int] = getattr(nlp_artifacts, "tokens_indices", None) or [token.start for token in tokens]
        names = self._names
        surnames, candidates = _name_candidates(text, tokens, names)
        results = []
        done = 0
        for index in _run_starts(text, starts, candidates):
            if index < done:
                continue
            end = _run_end(text, tokens, index, names)
            if end == index:
                continue
            parts = [t for t in tokens[index:end] if text[t.start : t.end] not in _SEPARATORS]
            start, stop = tokens[index].start, tokens[end - 1].end
            titled = _has_title(text, start, stop)
            score = 0.0 if not titled and _PLACE_AFTER.match(text, stop) else _score(text, parts, names, titled)
            if score:
                results.append(self.result(start, stop, score))
            done = end
        results.extend(self._dictionary_names(text, tokens, starts, surnames))
        return results

    def _dictionary_names(
        self, text: str, tokens: list[Token], starts: list[int], surnames: list[int]
    ) -> list[RecognizerResult]:
        """Surname + given name pairs from the name dictionary (石川健一, 中島 あすか)."""
        if not surnames:
            return []
        # Tokens tile the text, so their starts and the last end are every token boundary.
        boundaries = set(starts)
        boundaries.add(tokens[-1].end)
        boundaries.update(match.start() for match in _TITLE_START.finditer(text))
        results = []
        for index in surnames:
            start = tokens[index].start
            end = self._names.full_name_end(text, start, boundaries)
            if end is not None and _PLACE_AFTER.match(text, end) is None:
                results.append(self.result(start, end, CERTAIN))
        return results

# Surnames Sudachi reads as a common noun or a place (林, 松本).
_SURNAME_HOMONYM_KINDS = (TokenKind.NOUN, TokenKind.PLACE)
# Module constants: reading an enum member from its class costs a lookup each time.
_SURNAME = TokenKind.SURNAME
_GIVEN_NAME = TokenKind.GIVEN_NAME
_GIVEN_NAME_KINDS = (TokenKind.GIVEN_NAME, TokenKind.PERSON_NAME)


def _has_title(text: str, start: int, end: int) -> bool:
    """An honorific or title after the name, or a self-introduction (市民税課の中川です)."""
    if _HONORIFIC.match(text, end) is not None:
        return True
    return _SELF_INTRODUCTION.match(text, end) is not None and _INTRODUCED_BY.search(text, max(0, start - 8), start) is not None


def _name_candidates(text: str, tokens: list[Token], names: NameDictionary) -> tuple[list[int], list[int]]:
    """Indexes of the tokens that may be a surname, and of those a name may start with.

    A surname is tagged 姓, or is a dictionary surname Sudachi reads as a
    common noun, a place (林, 松本) or an unknown word. A name may start with a
    surname, a word tagged 人名 or an unknown word. This is the one pass over
    every token (most are particles, verbs and common nouns); the run loop
    visits only these.
    """
    surnames: list[int] = []
    candidates: list[int] = []
    is_surname = names.is_surname
    for index, (start, end, kind, oov, is_name) in enumerate(tokens):
        if kind is _SURNAME or ((kind in _SURNAME_HOMONYM_KINDS or oov) and is_surname(text[start:end])):
            surnames.append(index)
            candidates.append(index)
        elif is_name or oov:
            candidates.append(index)
    return surnames, candidates


def _run_starts(text: str, token_starts: list[int], candidates: list[int]) -> list[int]:
    """Indexes of tokens that may start a name: ``candidates`` and the words before a joiner."""
    starts = set(candidates)
    for joiner in _JOINER_AFTER_WORD.finditer(text):
        position = joiner.start()
        if position > 0:
            starts.add(bisect.bisect_right(token_starts, position - 1) - 1)
    return sorted(starts)


def _run_end(text: str, tokens: list[Token], start: int, names: NameDictionary) -> int:
    """The index after the name run starting at ``start`` (``start`` when there is none).

    Parts are glued name tokens, a given name after one space, or katakana
    words joined by ・, = or a space when the run starts with katakana.
    """
    chain = _is_katakana(text, tokens[start])
    if not (_is_part(text, tokens[start], names) or (chain and _joined_katakana_follows(text, tokens, start + 1))):
        return start
    end, parts = start + 1, 1
    has_given_name = tokens[start].kind is _GIVEN_NAME
    while end < len(tokens) and parts < _MAX_PARTS:
        if _is_part(text, tokens[end], names):
            step = 1
        elif (chain and _joined_katakana_follows(text, tokens, end)) or (
            not has_given_name and _spaced_given_name_follows(text, tokens, end)
        ):
            step = 2  # a separator and the part after it
        else:
            break
        end, parts = end + step, parts + 1
        has_given_name = has_given_name or tokens[end - 1].kind is _GIVEN_NAME
    return end


def _score(text: str, parts: list[Token], names: NameDictionary, titled: bool) -> float:
    # Two katakana words in a row (サントス アナ, グルン・マーク) may be a foreign name: a title or label decides.
    katakana_chain = len(parts) >= 2 and all(_is_katakana(text, part) for part in parts)
    if not any(_is_part(text, part, names) for part in parts):
        return (CERTAIN if titled else NEEDS_CONTEXT) if katakana_chain else 0.0
    # Only Sudachi's 人名 tag makes a run of words a name by itself: a dictionary
    # surname inside a place name (北|上野, 戸|島) needs a title or a label.
    tagged = sum(1 for part in parts if part.is_name)
    if titled or (len(parts) >= 2 and tagged >= 1):
        return CERTAIN
    named = tagged or any(names.is_surname(text[part.start : part.end]) for part in parts)
    return NEEDS_CONTEXT if named or katakana_chain else 0.0


def _is_part(text: str, token: Token, names: NameDictionary) -> bool:
    """A name part: tagged 人名, a dictionary surname, or a kanji or katakana word Sudachi does not know."""
    surface = text[token.start : token.end]
    return token.is_name or (token.oov and _is_name_script(surface)) or names.is_surname(surface)


def _joined_katakana_follows(text: str, tokens: list[Token], index: int) -> bool:
    return _joiner_at(text, tokens, index) and _is_katakana(text, tokens[index + 1])


def _joiner_at(text: str, tokens: list[Token], index: int) -> bool:
    return index + 1 < len(tokens) and text[tokens[index].start : tokens[index].end] in _SEPARATORS


def _spaced_given_name_follows(text: str, tokens: list[Token], index: int) -> bool:
    return (
        index + 1 < len(tokens)
        and text[tokens[index].start : tokens[index].end] == " "
        and tokens[index + 1].kind in _GIVEN_NAME_KINDS
    )


def _is_katakana(text: str, token: Token) -> bool:
    return _KATAKANA.fullmatch(text, token.start, token.end) is not None


def _is_name_script(surface: str) -> bool:
    return _NAME_SCRIPT.fullmatch(surface) is not None
