"""Print detection throughput figures (a script, not a test).

    .venv/bin/python tests/detection/bench_detection.py

Reports the build time, the resident memory after building, and per-call
latency (p50, p90, min) of ``detect()`` on the 1,000-character window-inquiry
record and on a 100,000-character text made of such records.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gateway.detection import build_detector

RECORD = Path(__file__).with_name("data") / "window_inquiry.txt"


def _timings(detect, text: str, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        detect(text)
        timings.append(time.perf_counter() - started)
    return sorted(timings)


def main() -> None:
    started = time.perf_counter()
    detector = build_detector()
    print(f"build_detector: {time.perf_counter() - started:.2f} s")
    record = RECORD.read_text(encoding="utf-8")
    detector.detect(record)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max resident memory: {rss_mb:.0f} MB")
    for label, text, runs in (("record", record, 300), ("100k", record * (100_000 // len(record) + 1), 5)):
        timings = _timings(detector.detect, text, runs)
        p50 = statistics.median(timings)
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(
            f"{label}: {len(text):,} chars  p50 {p50 * 1000:.2f} ms  p90 {p90 * 1000:.2f} ms  "
            f"min {timings[0] * 1000:.2f} ms  {len(text) / p50:,.0f} chars/s"
        )


if __name__ == "__main__":
    main()
