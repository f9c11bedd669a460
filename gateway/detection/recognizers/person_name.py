"""Personal names (氏名) in kanji, kana and katakana, Japanese or foreign.

Source of knowledge: Sudachi's part of speech 名詞,固有名詞,人名 (姓 / 名 /
一般) from sudachidict_core; no surname list is shipped. A run of name
tokens is a name:

* a surname and a given name, with or without a space (山田太郎, 山田 太郎,
  ヤマダ タロウ), and words Sudachi does not know glued to a name part
  (old-style kanji such as 髙橋 are folded for Sudachi, see ``nlp_engine``);
* a katakana chain joined by ・ or = (foreign residents' names such as
  グエン・ヴァン・ナム) with at least one name part in it;
* a single name part or unknown word followed by an honorific (さん, 様, 氏,
  君, 殿, ちゃん, 先生) or a staff title (課長, 主査...): 伊藤さん, グエンさん;
* a single name part after a label (氏名, 相談者, 申請者, 担当, 出席者...),
  through ``CONTEXT``; a lone surname without a label is not reported.

The span is the name only, never the honorific. Fictitious examples:
山田太郎さん, 氏名：中村 美咲, マリア・サントス様, 担当：佐藤.
"""

from __future__ import annotations

import bisect
import re

from presidio_analyzer import RecognizerResult

from gateway.detection.recognizers.pattern_recognizer import CERTAIN, NEEDS_CONTEXT, JaPatternRecognizer
from gateway.detection.tokens import Token, TokenKind

__all__ = ["PersonNameRecognizer"]

# Honorifics and the job titles staff put after a colleague's name (田中課長).
_HONORIFIC = re.compile(
    r" ?(?:さん|様|さま|氏|君|くん|殿|ちゃん|先生|課長補佐|課長|係長|部長|局長|室長|所長|次長|主任|主査|主幹"
    r"|主事|参事|議員|相談員|支援員|保健師)"
)
_JOINERS = frozenset({"・", "="})
_SEPARATORS = _JOINERS | {" "}
_MAX_PARTS = 4


class PersonNameRecognizer(JaPatternRecognizer):
    """Names from Sudachi's 人名 tags, honorifics and labels (see the module docstring)."""

    ENTITY = "PERSON"
    CONTEXT = (
        "氏名", "名前", "相談者", "申請者", "申出者", "申出人", "届出人", "担当", "出席者", "参加者",
        "世帯主", "代理人", "本人", "利用者", "対象者", "保護者", "患者", "記入者", "作成者", "宛名",
        "連絡者", "受付者", "同行者", "面談者", "来庁者", "夫", "妻", "長男", "長女", "父", "母",
    )  # fmt: skip

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        tokens: list[Token] = getattr(nlp_artifacts, "tokens", None) or []
        results = []
        done = 0
        for index in _run_starts(text, tokens):
            if index < done:
                continue
            end = _run_end(text, tokens, index)
            if end == index:
                continue
            parts = [t for t in tokens[index:end] if text[t.start : t.end] not in _SEPARATORS]
            score = _score(text, parts, _HONORIFIC.match(text, tokens[end - 1].end) is not None)
            if score:
                results.append(self.result(tokens[index].start, tokens[end - 1].end, score))
            done = end
        return results


def _run_starts(text: str, tokens: list[Token]) -> list[int]:
    """Indexes of tokens that may start a name: name parts, unknown words, words before a joiner.

    Most tokens are particles, verbs and common nouns, so this filter runs as
    a comprehension instead of testing every token in the run loop.
    """
    starts = {index for index, token in enumerate(tokens) if token.is_name or token.oov}
    for joiner in _JOINERS:
        position = text.find(joiner)
        while position > 0:
            starts.add(bisect.bisect_right(tokens, position - 1, key=lambda t: t.start) - 1)
            position = text.find(joiner, position + 1)
    return sorted(starts)


def _run_end(text: str, tokens: list[Token], start: int) -> int:
    """The index after the name run starting at ``start`` (``start`` when there is none).

    Parts are glued name tokens, a given name after one space, or katakana
    words joined by ・ or = when the run starts with katakana.
    """
    chain = _is_katakana(text, tokens[start])
    if not (_is_part(text, tokens[start]) or (chain and _joined_katakana_follows(text, tokens, start + 1))):
        return start
    end, parts = start + 1, 1
    has_given_name = tokens[start].kind is TokenKind.GIVEN_NAME
    while end < len(tokens) and parts < _MAX_PARTS:
        if _is_part(text, tokens[end]):
            step = 1
        elif (chain and _joined_katakana_follows(text, tokens, end)) or (
            not has_given_name and _spaced_given_name_follows(text, tokens, end)
        ):
            step = 2  # a separator and the part after it
        else:
            break
        end, parts = end + step, parts + 1
        has_given_name = has_given_name or tokens[end - 1].kind is TokenKind.GIVEN_NAME
    return end


def _score(text: str, parts: list[Token], honorific: bool) -> float:
    named = sum(1 for part in parts if part.is_name)
    if not any(_is_part(text, part) for part in parts):
        return 0.0
    if honorific or (len(parts) >= 2 and named >= 1):
        return CERTAIN
    return NEEDS_CONTEXT if named else 0.0


def _is_part(text: str, token: Token) -> bool:
    """A name part: tagged 人名, or a kanji or katakana word Sudachi does not know."""
    return token.is_name or (token.oov and _is_name_script(text[token.start : token.end]))


def _joined_katakana_follows(text: str, tokens: list[Token], index: int) -> bool:
    return _joiner_at(text, tokens, index) and _is_katakana(text, tokens[index + 1])


def _joiner_at(text: str, tokens: list[Token], index: int) -> bool:
    return index + 1 < len(tokens) and text[tokens[index].start : tokens[index].end] in _JOINERS


def _spaced_given_name_follows(text: str, tokens: list[Token], index: int) -> bool:
    return (
        index + 1 < len(tokens)
        and text[tokens[index].start : tokens[index].end] == " "
        and tokens[index + 1].kind in (TokenKind.GIVEN_NAME, TokenKind.PERSON_NAME)
    )


def _is_katakana(text: str, token: Token) -> bool:
    return _is_katakana_text(text[token.start : token.end])


def _is_katakana_text(surface: str) -> bool:
    return bool(surface) and all("ァ" <= char <= "ヺ" or char == "ー" for char in surface)


def _is_name_script(surface: str) -> bool:
    return bool(surface) and all(
        "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or char in "々〆ヶー" or "ァ" <= char <= "ヺ"
        for char in surface
    )
