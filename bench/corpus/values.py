"""Fictitious personal values for the evaluation corpus, each in the forms municipal staff write.

Names and addresses come from Faker's ``ja_JP`` provider (a test-only
dependency), never from the lists the detector's dictionaries are built from
(``japanese-personal-name-dataset`` and sudachidict_core), so the corpus
measures the detector rather than its dictionaries. Numbers carry valid check
digits where the real identifier has one; the check digits are computed here,
independently of ``gateway.detection.recognizers.checksums``.

Example:
    >>> values = Values(seed=1)
    >>> len(values.my_number().replace("-", "").replace(" ", "")) >= 12
    True
"""

from __future__ import annotations

import random

from faker import Faker

__all__ = ["FULL_WIDTH", "Values"]

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_OLD_STYLE = {"高": "髙", "崎": "﨑", "辺": "邉", "斎": "齋", "吉": "𠮷", "浜": "濵", "沢": "澤", "島": "嶋"}
_KANJI_DIGITS = "〇一二三四五六七八九"
# Foreign residents' names, written in katakana as 住民票 and 在留カード readers do.
_FOREIGN_FAMILY = (
    "グエン", "チャン", "レ", "ファム", "ホアン", "サントス", "シルバ", "オリベイラ", "ペレイラ", "ロドリゲス",
    "ガルシア", "デラクルス", "レイエス", "メンドーサ", "キム", "パク", "チェ", "ワン", "リー", "チャウ",
    "シュレスタ", "グルン", "タパ", "ライ", "ハサン", "ラフマン", "スミス", "ジョンソン", "ミラー", "ブラウン",
)  # fmt: skip
_FOREIGN_GIVEN = (
    "ヴァン・ナム", "ティ・ホア", "ミン・トゥアン", "タイン", "マリア", "アナ", "ジョアン", "カルロス", "ルシア",
    "ホセ", "ジェシカ", "マーク", "ジュンホ", "ソヨン", "ウェイ", "メイリン", "ラム", "スニタ", "アミール",
    "ファティマ", "ジョン", "エミリー", "ダニエル", "サラ", "ビクトル", "オルガ", "アイシャ", "ラジ",
)  # fmt: skip
_BANKS = ("みなと銀行", "さくら信用金庫", "ひまわり信用組合", "あおば銀行", "中央農業協同組合", "ゆうちょ銀行")
_BRANCHES = ("本店", "駅前支店", "中央支店", "北支店", "港南支店", "市役所前支店", "〇一八支店")


class Values:
    """Random fictitious values from one seed; every method returns the value as written in text."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.faker = Faker("ja_JP")
        self.faker.seed_instance(seed)

    # -- names -------------------------------------------------------------
    def surname(self) -> str:
        return self._old_style(self.faker.last_name(), 0.12)

    def full_name(self) -> str:
        family, given = self.faker.last_name(), self.faker.first_name()
        style = self.rng.random()
        if style < 0.15:
            family = self._old_style(family, 1.0)
        separator = self.rng.choice(("", "", " ", "\u3000"))
        return f"{family}{separator}{given}"

    def kana_name(self) -> str:
        family, given = self.faker.last_kana_name(), self.faker.first_kana_name()
        return family + self.rng.choice((" ", "", "\u3000")) + given

    def foreign_name(self) -> str:
        family, given = self.rng.choice(_FOREIGN_FAMILY), self.rng.choice(_FOREIGN_GIVEN)
        joiner = self.rng.choice(("・", " ", "・"))
        return f"{given}{joiner}{family}" if self.rng.random() < 0.5 else f"{family}{joiner}{given}"

    def _old_style(self, name: str, chance: float) -> str:
        if self.rng.random() >= chance:
            return name
        return "".join(_OLD_STYLE.get(char, char) for char in name)

    # -- places ------------------------------------------------------------
    def address(self) -> str:
        f, rng = self.faker, self.rng
        place = f"{f.prefecture()}{f.city()}{f.town()}"
        chome, ban, go = rng.randint(1, 9), rng.randint(1, 40), rng.randint(1, 30)
        form = rng.random()
        if form < 0.3:
            street = f"{chome}丁目{ban}番{go}号"
        elif form < 0.55:
            street = f"{chome}-{ban}-{go}"
        elif form < 0.7:
            street = f"{_kanji_number(chome)}丁目{_kanji_number(ban)}番{_kanji_number(go)}号"
        elif form < 0.85:
            street = f"{chome}－{ban}－{go}".translate(FULL_WIDTH)
        else:
            place = f"{f.prefecture()}{rng.choice(('北佐久郡', '東白川郡', '西多摩郡', '南巨摩郡'))}{f.town()}町大字{f.town()}"
            street = f"{rng.randint(100, 3999)}番地"
        if rng.random() < 0.4:
            building = f.building_name()
            street += f"{rng.choice((' ', ''))}{building}{rng.randint(101, 905)}号室"
        return place + street

    # -- public words (must be kept) ----------------------------------------
    def meeting_date(self) -> str:
        rng = self.rng
        year = rng.randint(2019, 2027)
        era, era_year, _ = _era(year)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        form = rng.random()
        if form < 0.5:
            return f"{era}{era_year}年{month}月{day}日"
        if form < 0.8:
            return f"{year}年{month}月{day}日"
        return f"{month}月{day}日"

    def amount(self) -> str:
        rng = self.rng
        form = rng.random()
        if form < 0.4:
            return f"{rng.randint(100, 99_999_999):,}円"
        if form < 0.7:
            return f"{rng.randint(1, 999)}万{rng.choice(('', str(rng.randint(1, 9)) + '千'))}円"
        return f"{rng.randint(1, 99)}億{rng.randint(1, 9999):,}万円"

    def count(self) -> str:
        unit = self.rng.choice(("人", "件", "世帯", "団体", "か所", "台"))
        return f"{self.rng.randint(2, 999_999):,}{unit}"

    def document_number(self) -> str:
        rng = self.rng
        return rng.choice(
            (f"第{rng.randint(1, 300)}号", f"議案第{rng.randint(1, 99)}号", f"資料{rng.randint(1, 9)}-{rng.randint(1, 9)}",
             f"R{rng.randint(5, 8)}-{rng.randint(1, 999):03d}")
        )  # fmt: skip

    def ministry(self) -> str:
        return self.rng.choice(
            ("総務省", "厚生労働省", "国土交通省", "文部科学省", "こども家庭庁", "デジタル庁", "法務省", "環境省",
             "内閣府", "経済産業省", "農林水産省", "消防庁", "出入国在留管理庁")
        )  # fmt: skip

    # -- contact -----------------------------------------------------------
    def phone(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.35:
            number = (f"0{rng.choice((9, 8, 7))}0", f"{rng.randint(1000, 9999)}", f"{rng.randint(0, 9999):04d}")
        elif kind < 0.7:
            area = rng.choice(("03", "06", "045", "052", "0466", "011", "092", "0263"))
            middle = 10 - len(area) - 4
            number = (area, f"{rng.randint(10 ** (middle - 1), 10**middle - 1)}", f"{rng.randint(0, 9999):04d}")
        elif kind < 0.8:
            number = ("050", f"{rng.randint(1000, 9999)}", f"{rng.randint(0, 9999):04d}")
        elif kind < 0.9:
            number = ("0120", f"{rng.randint(100, 999)}", f"{rng.randint(100, 999)}")
        else:
            number = ("0800", f"{rng.randint(100, 999)}", f"{rng.randint(1000, 9999)}")
        form = rng.random()
        if form < 0.55:
            text = "-".join(number)
        elif form < 0.65:
            text = f"{number[0]}({number[1]}){number[2]}"
        elif form < 0.72:
            text = f"({number[0]}){number[1]}-{number[2]}"
        elif form < 0.8:
            text = "".join(number)
        elif form < 0.87:
            text = " ".join(number)
        else:
            text = "-".join(number).translate(FULL_WIDTH)
        return text

    def email(self) -> str:
        domain = self.rng.choice(("example.jp", "example.ne.jp", "mail.example.com", "example.co.jp", "docomo.example"))
        return f"{self.faker.user_name()}{self.rng.choice(('', '.', '_'))}{self.rng.randint(1, 99)}@{domain}"

    # -- numbers with check digits ----------------------------------------
    def my_number(self) -> str:
        digits = [self.rng.randint(0, 9) for _ in range(11)]
        total = sum(d * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(digits), start=1))
        check = 0 if total % 11 <= 1 else 11 - total % 11
        return self._grouped("".join(map(str, digits)) + str(check), (4, 4, 4))

    def corporate_number(self) -> str:
        body = [self.rng.randint(0, 9) for _ in range(12)]
        total = sum(d * (1 if n % 2 else 2) for n, d in enumerate(reversed(body), start=1))
        text = str(9 - total % 9) + "".join(map(str, body))
        return text.translate(FULL_WIDTH) if self.rng.random() < 0.15 else text

    def credit_card(self) -> str:
        prefix = self.rng.choice(("4", "53", "35", "52"))
        body = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(15 - len(prefix)))
        return self._grouped(body + _luhn_digit(body), (4, 4, 4, 4))

    def insurer_number(self) -> str:
        body = self.rng.choice(("06", "01", "31", "39")) + f"{self.rng.randint(1, 47):02d}{self.rng.randint(0, 999):03d}"
        return body + _luhn_digit(body)

    def insured_card(self) -> str:
        symbol, number = self.rng.randint(10, 99999), self.rng.randint(1, 9999)
        branch = f"（枝番 {self.rng.randint(0, 9):02d}）" if self.rng.random() < 0.4 else ""
        return f"記号 {symbol} 番号 {number}{branch}"

    def digits(self, count: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(count))

    def pension_number(self) -> str:
        return f"{self.digits(4)}{self.rng.choice(('-', '', ' '))}{self.digits(6)}"

    def passport(self) -> str:
        return f"{self.rng.choice(('TK', 'TR', 'MZ', 'RE', 'TZ'))}{self.digits(7)}"

    def residence_card(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        first = "".join(self.rng.choice(letters) for _ in range(2))
        return f"{first}{self.digits(8)}{''.join(self.rng.choice(letters) for _ in range(2))}"

    def bank(self) -> tuple[str, str, str]:
        """(bank and branch, account kind, seven-digit account number)."""
        return (
            f"{self.rng.choice(_BANKS[:-1])}{self.rng.choice(('', ' '))}{self.rng.choice(_BRANCHES)}",
            self.rng.choice(("普通", "普通預金", "当座")),
            self.digits(7),
        )

    # -- dates -------------------------------------------------------------
    def birth_date(self) -> str:
        rng = self.rng
        year, month, day = rng.randint(1935, 2022), rng.randint(1, 12), rng.randint(1, 28)
        era, era_year, letter = _era(year)
        form = rng.random()
        if form < 0.35:
            shown = "元" if era_year == 1 and rng.random() < 0.7 else str(era_year)
            return f"{era}{shown}年{month}月{day}日"
        if form < 0.5:
            return f"{letter}{era_year}.{month}.{day}"
        if form < 0.6:
            return f"{era}{_kanji_number(era_year)}年{_kanji_number(month)}月{_kanji_number(day)}日"
        if form < 0.8:
            return f"{year}年{month}月{day}日"
        if form < 0.9:
            return f"{year}/{month:02d}/{day:02d}"
        return f"{year}年{month}月{day}日".translate(FULL_WIDTH)

    def age(self) -> str:
        return f"{self.rng.randint(2, 98)}歳"

    def _grouped(self, digits: str, groups: tuple[int, ...]) -> str:
        separator = self.rng.choice(("", "-", " ", "-"))
        parts, at = [], 0
        for size in groups:
            parts.append(digits[at : at + size])
            at += size
        text = separator.join(parts)
        return text.translate(FULL_WIDTH) if self.rng.random() < 0.15 else text


def _luhn_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def _era(year: int) -> tuple[str, int, str]:
    if year >= 2019:
        return "令和", year - 2018, "R"
    if year >= 1989:
        return "平成", year - 1988, "H"
    return "昭和", year - 1925, "S"


def _kanji_number(number: int) -> str:
    """1–99 in kanji numerals as written in addresses and dates: 十二, 二十五."""
    tens, ones = divmod(number, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGITS[tens] + "十")) + (
        _KANJI_DIGITS[ones] if ones else ""
    )
    return text or "〇"
