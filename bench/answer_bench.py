"""Benchmark: what the answer stages (output check → restore → label) add to one answer, in process.

The answer is the benchmark's 1,000-character window-inquiry record as a
masking gateway sends it upstream (every value a placeholder), echoed back as
a provider would; the same answer with one invented phone number is timed too.
Figures are per answer, the median of many runs, on whatever load the machine has.

Example (from the repository root):
    .venv/bin/python bench/answer_bench.py --runs 300
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gateway.detection import build_detector
from gateway.dryrun import DryRun
from gateway.pipeline.answer import Answer
from gateway.pipeline.restore import restore_completion
from policies import load_policy

RECORD = ROOT / "tests" / "detection" / "data" / "window_inquiry.txt"  # the record gateway_bench.py sends


def _median_ms(function: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    policy = load_policy(ROOT / "policies" / "default" / "policy.yaml")
    detector = build_detector(policy.detection.custom_terms, policy.detection.allow_terms)
    prompt = RECORD.read_text(encoding="utf-8").strip()
    exchange = DryRun(policy, detector).evaluate([{"role": "user", "content": prompt}], model="preview", department="soumu")
    echoed = exchange.outbound_messages[0]["content"]
    answers = {"echo of the masked record": echoed, "the same + one invented phone number": echoed + "\n折り返しは090-4827-1193まで。"}
    print(f"answer stages on a {len(echoed):,}-character answer, median of {args.runs} runs")
    # For scale on this machine's current load: the request-side detection of the same record.
    print(f"(request-side detection of the {len(prompt):,}-character prompt: {_median_ms(lambda: detector.detect(prompt), args.runs):.2f} ms)")
    print("| answer | restore only (before) | output check + restore + label | added |")
    print("|---|---|---|---|")
    for name, text in answers.items():
        response = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}
        before = _median_ms(lambda r=response: restore_completion(copy.deepcopy(r), exchange.placeholders), args.runs)
        after = _median_ms(
            lambda r=response: Answer(exchange, policy, detector, restores=True).complete(copy.deepcopy(r)), args.runs
        )
        print(f"| {name} | {before:.2f} ms | {after:.2f} ms | {after - before:+.2f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
