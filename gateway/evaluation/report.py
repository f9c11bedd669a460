"""The ``gateway eval`` table: per-type recall and precision against the bar, then the totals.

Bars (issue 3): recall ≥ 99.5% for structured identifiers and birth dates,
≥ 97% for names and addresses; over-masking ≤ 2% of must-keep words; ≤ 1
false finding per 10,000 characters of public text; ≥ 100,000 characters/s.
Types without a bar (ages, 要配慮 words) are shown without one.

Example:
    >>> print(format_report(CorpusScore()).splitlines()[0])
    type                          gold  recall   precision  bar     ok
"""

from __future__ import annotations

from gateway.evaluation.scoring import CorpusScore

__all__ = ["RECALL_BARS", "failed_bars", "format_report"]

_STRUCTURED = (
    "JP_PHONE_NUMBER", "EMAIL_ADDRESS", "JP_MY_NUMBER", "JP_CORPORATE_NUMBER", "JP_BIRTH_DATE", "JP_BANK_ACCOUNT",
    "CREDIT_CARD", "JP_HEALTH_INSURANCE_NUMBER", "JP_CARE_INSURANCE_NUMBER", "JP_PENSION_NUMBER",
    "JP_DRIVER_LICENSE", "JP_PASSPORT", "JP_RESIDENCE_CARD",
)  # fmt: skip
RECALL_BARS: dict[str, float] = {**dict.fromkeys(_STRUCTURED, 0.995), "PERSON": 0.97, "JP_ADDRESS": 0.97}
OVER_MASKING_BAR = 0.02
FALSE_PER_10K_BAR = 1.0
CHARS_PER_SECOND_BAR = 100_000


def format_report(score: CorpusScore) -> str:
    """The per-type table and the totals, one line each; holds counts only, never corpus text."""
    lines = [f"{'type':<28}{'gold':>6}  {'recall':<9}{'precision':<11}{'bar':<8}ok"]
    for entity_type in sorted(score.types, key=_order):
        counts = score.types[entity_type]
        bar = RECALL_BARS.get(entity_type)
        ok = "" if bar is None or counts.recall is None else ("yes" if counts.recall >= bar else "NO")
        lines.append(
            f"{entity_type:<28}{counts.gold:>6}  {_percent(counts.recall):<9}{_percent(counts.precision):<11}"
            f"{_percent(bar, 1) if bar else '-':<8}{ok}"
        )
    lines += [
        f"records {score.records}, characters {score.characters:,}",
        (f"over-masking: {score.keep_masked}/{score.keep_words} must-keep words = {_percent(score.over_masking)}"
        f" (bar <= {OVER_MASKING_BAR:.0%})"),
        (f"false findings in public text: {score.public_false_findings} in {score.public_characters:,} characters"
        f" = {_number(score.false_per_10k_public)} per 10,000 (bar <= {FALSE_PER_10K_BAR:g})"),
        (f"speed: {_number(score.chars_per_second, 0)} characters/s over {score.records} detect() calls"
        f" (bar >= {CHARS_PER_SECOND_BAR:,} on documents: see bench/detection_bench.py)"),
    ]
    return "\n".join(lines)


def failed_bars(score: CorpusScore) -> list[str]:
    """The accuracy bars this score does not meet (empty when all are met).

    Speed is printed with its bar but not judged here: it depends on the
    machine and its load, and ``bench/detection_bench.py`` measures it.
    """
    failed = [
        f"recall {entity_type}"
        for entity_type, bar in RECALL_BARS.items()
        if entity_type in score.types and (score.types[entity_type].recall or 0.0) < bar
    ]
    if (score.over_masking or 0.0) > OVER_MASKING_BAR:
        failed.append("over-masking")
    if (score.false_per_10k_public or 0.0) > FALSE_PER_10K_BAR:
        failed.append("false findings in public text")
    return failed


def _order(entity_type: str) -> tuple[int, str]:
    return (0 if entity_type in RECALL_BARS else 1, entity_type)


def _percent(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value * 100:.{digits}f}%"


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"
