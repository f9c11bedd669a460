"""Generate the detection evaluation corpus (JSONL) from the templates, with a fixed seed.

    .venv/bin/python bench/corpus/generate.py   # writes main.jsonl, heldout.jsonl and fresh.jsonl

Each line is one record::

    {"id": "window_inquiry-0001", "scenario": "window_inquiry", "public": false,
     "text": "...", "spans": [{"start": 12, "end": 16, "type": "PERSON"}], "keep": ["市民課"]}

``spans`` are the gold values (offsets index ``text``); ``keep`` lists the
must-keep words of the record. The files are checked in; regenerate them only
when the templates change, and say so in the change.

Example:
    >>> record = build_record("{name}さんの電話は{tel}", Values(seed=3), "demo-1", "demo")
    >>> [span["type"] for span in record["spans"]]
    ['PERSON', 'JP_PHONE_NUMBER']
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from templates import FRESH, HELDOUT, MAIN, PUBLIC_SCENARIOS
from values import Values

__all__ = ["KINDS", "build_record", "generate"]

HERE = Path(__file__).resolve().parent
MAIN_SEED, HELDOUT_SEED, FRESH_SEED = 20260601, 77031, 31337
_PUBLIC_SHARE = 4  # public scenarios get 4x the records: false findings per 10,000 characters need text
_MARK = re.compile(r"\{(\w+)\}|\[\[(.+?)\]\]|<<(\w+):(.+?)>>")

_SENSITIVE = {
    "welfare": ("JP_SENSITIVE_WELFARE", ("生活保護を受給中", "生活保護受給者", "被保護世帯", "生保受給", "児童扶養手当を受給")),
    "disability": (
        "JP_SENSITIVE_DISABILITY",
        ("身体障害者手帳2級", "療育手帳", "精神障害者保健福祉手帳", "身体障害者手帳", "障害年金を受給"),
    ),
    "health": ("JP_SENSITIVE_HEALTH", ("統合失調症", "うつ病", "認知症", "糖尿病", "HIV陽性", "アルコール依存症")),
    "crime": ("JP_SENSITIVE_CRIME", ("前科", "逮捕歴", "服役", "窃盗罪で有罪判決", "犯罪歴")),
    "dv": ("JP_SENSITIVE_DV", ("DV被害", "配偶者からの暴力", "DV", "夫からの暴力")),
}


def _bank(values: Values) -> list[tuple[str, str | None]]:
    bank, kind, number = values.bank()
    return [(f"{bank} {kind} ", None), (number, "JP_BANK_ACCOUNT")]


def _insured_card(values: Values) -> list[tuple[str, str | None]]:
    text = values.insured_card()
    first = re.search(r"[0-9]", text).start()  # type: ignore[union-attr]
    last = max(match.end() for match in re.finditer(r"[0-9]+", text))
    return [(text[:first], None), (text[first:last], "JP_HEALTH_INSURANCE_NUMBER"), (text[last:], None)]


def _value(kind: str, entity_type: str) -> Callable[[Values], list[tuple[str, str | None]]]:
    return lambda values: [(getattr(values, kind)(), entity_type)]


def _sensitive(name: str) -> Callable[[Values], list[tuple[str, str | None]]]:
    entity_type, phrases = _SENSITIVE[name]
    return lambda values: [(values.rng.choice(phrases), entity_type)]


# kind -> a function giving text pieces, each with its gold type (None: not a value).
KINDS: dict[str, Callable[[Values], list[tuple[str, str | None]]]] = {
    "name": _value("full_name", "PERSON"),
    "name2": _value("full_name", "PERSON"),
    "sei": _value("surname", "PERSON"),
    "sei2": _value("surname", "PERSON"),
    "kana": _value("kana_name", "PERSON"),
    "foreign": _value("foreign_name", "PERSON"),
    "addr": _value("address", "JP_ADDRESS"),
    "tel": _value("phone", "JP_PHONE_NUMBER"),
    "mail": _value("email", "EMAIL_ADDRESS"),
    "mynum": _value("my_number", "JP_MY_NUMBER"),
    "corp": _value("corporate_number", "JP_CORPORATE_NUMBER"),
    "dob": _value("birth_date", "JP_BIRTH_DATE"),
    "age": _value("age", "JP_AGE"),
    "card": _value("credit_card", "CREDIT_CARD"),
    "insurer": _value("insurer_number", "JP_HEALTH_INSURANCE_NUMBER"),
    "hihoken": lambda values: [(values.digits(8), "JP_HEALTH_INSURANCE_NUMBER")],
    "kigo": _insured_card,
    "care": lambda values: [(values.digits(10), "JP_CARE_INSURANCE_NUMBER")],
    "pension": _value("pension_number", "JP_PENSION_NUMBER"),
    "license": lambda values: [(values.digits(12), "JP_DRIVER_LICENSE")],
    "passport": _value("passport", "JP_PASSPORT"),
    "zairyu": _value("residence_card", "JP_RESIDENCE_CARD"),
    "acct": _bank,
    **{name: _sensitive(name) for name in _SENSITIVE},
}


# Public words that masking must keep: a value of these kinds is a must-keep word, not a gold span.
_PUBLIC_KINDS: dict[str, Callable[[Values], str]] = {
    "city": lambda values: values.faker.city(),
    "town": lambda values: values.faker.town(),
    "pref": lambda values: values.faker.prefecture(),
    "pdate": Values.meeting_date,
    "amount": Values.amount,
    "count": Values.count,
    "docno": Values.document_number,
    "ministry": Values.ministry,
}


def build_record(template: str, values: Values, record_id: str, scenario: str) -> dict[str, object]:
    """One corpus record from ``template``, with its gold spans and must-keep words."""
    text, spans, keep = [], [], []
    at = 0
    position = 0
    for match in _MARK.finditer(template):
        pieces: list[tuple[str, str | None]] = [(template[position : match.start()], None)]
        kind, word = match.group(1), match.group(2)
        if match.group(3) is not None:
            pieces.append((match.group(4), match.group(3)))  # a literal gold value: <<TYPE:text>>
        elif word is not None:
            pieces.append((word, None))
            keep.append(word)
        elif kind in _PUBLIC_KINDS:
            word = _PUBLIC_KINDS[kind](values)
            pieces.append((word, None))
            keep.append(word)
        else:
            pieces.extend(KINDS[kind](values))
        for piece, entity_type in pieces:
            if entity_type is not None:
                spans.append({"start": at, "end": at + len(piece), "type": entity_type})
            text.append(piece)
            at += len(piece)
        position = match.end()
    text.append(template[position:])
    return {
        "id": record_id,
        "scenario": scenario,
        "public": scenario in PUBLIC_SCENARIOS,
        "text": "".join(text),
        "spans": spans,
        "keep": sorted(set(keep)),
    }


def generate(templates: dict[str, tuple[str, ...]], per_scenario: int, seed: int) -> list[dict[str, object]]:
    """``per_scenario`` records for every scenario, cycling through its templates."""
    values = Values(seed)
    records = []
    for scenario in sorted(templates):
        for number in range(per_scenario):
            template = templates[scenario][number % len(templates[scenario])]
            records.append(build_record(template, values, f"{scenario}-{number + 1:04d}", scenario))
        for number in range(per_scenario * (_PUBLIC_SHARE - 1) if scenario in PUBLIC_SCENARIOS else 0):
            template = templates[scenario][number % len(templates[scenario])]
            records.append(build_record(template, values, f"{scenario}-{per_scenario + number + 1:04d}", scenario))
    return records


def _write(path: Path, records: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{path.name}: {len(records)} records, {sum(len(r['spans']) for r in records)} gold values")  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--per-scenario", type=int, default=50)
    args = parser.parse_args()
    _write(args.out / "main.jsonl", generate(MAIN, args.per_scenario, MAIN_SEED))
    _write(args.out / "heldout.jsonl", generate(HELDOUT, max(8, args.per_scenario // 4), HELDOUT_SEED))
    _write(args.out / "fresh.jsonl", generate(FRESH, max(8, args.per_scenario // 4), FRESH_SEED))


if __name__ == "__main__":
    main()
