"""Print the detector's speed, memory and start-up figures (a script, not a test).

    .venv/bin/python bench/detection_bench.py              # everything
    .venv/bin/python bench/detection_bench.py --quick      # fewer repetitions
    .venv/bin/python bench/detection_bench.py --adversarial

Figures, each against its bar from issue 3:

* start-up: a fresh process imports the gateway and builds the analyzer
  (bar: ready within 5 s), and its resident memory (bar: 400 MB per worker),
  private and file-backed, at start-up and after detecting the main corpus.
  Printed for a worker of ``gateway serve`` (the app, the OpenAI-compatible
  provider and the client of the litellm bridge: litellm is never imported in
  a worker), for a process that imports litellm itself (the app embedded
  without ``gateway serve``; about 150 MB more), and for the litellm bridge
  process that ``gateway serve`` starts once beside its workers;
* speed on one core: p50 of a 200-character prompt (bar 3 ms), of a
  20,000-character document (bar 300 ms), and characters/s on documents
  (bar 100,000);
* multi-turn figures (turn 20 against turn 1, bar 1.5x: the detect stage,
  every request-side stage, the whole HTTP path) come from
  ``bench/multiturn_bench.py``;
* ``--adversarial``: the time of each 100,000-character hostile input.

Timings are medians of repeated runs. Wall-clock figures depend on what else
runs on the machine; the CPU figures (``time.thread_time``) are what one core
spent, which is what the speed bar is about. Say which you quote.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.adversarial import ADVERSARIAL_INPUTS
from gateway.detection import build_detector
from gateway.detection.base import Detector

CORPUS = ROOT / "bench" / "corpus" / "main.jsonl"
# A fresh worker process: build the analyzer, import the rest of a worker (the
# app and the provider it calls), then detect the main corpus once so that the
# pages of the Sudachi dictionary that varied text touches are counted too.
# {provider} is one of _PROVIDERS: a worker whose policy routes no model through
# litellm never imports it (gateway.providers imports each provider kind on use).
_STARTUP = """
import json, time
started = time.perf_counter()
from gateway.detection import CachingDetector, build_detector
detector = CachingDetector(build_detector())
ready = time.perf_counter() - started
import gateway.app, gateway.providers
{provider}

def resident():
    status = open("/proc/self/status").read()
    sizes = (int(status.split(key + ":")[1].split()[0]) / 1024 for key in ("VmRSS", "RssAnon", "RssFile"))
    return " ".join(f"{{size:.0f}}" for size in sizes)

at_start = resident()
for line in open({corpus!r}, encoding="utf-8"):
    if line.strip():
        detector.detect(json.loads(line)["text"])
print(f"{{ready:.2f}} {{at_start}} {{resident()}}")
"""
_PROVIDERS = {
    "of `gateway serve` (app, OpenAI-compatible provider, litellm bridge client)": (
        "import gateway.providers.openai_compatible, gateway.providers.litellm_bridge"
    ),
    "that imports litellm itself (the app embedded without `gateway serve` and its bridge)": (
        "from gateway.providers.litellm_provider import LitellmProvider\nLitellmProvider()"
    ),
}


def _median_ms(call: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """p50 and p90 wall-clock ms, and p50 CPU ms of this thread (what one core spent, whatever the load)."""
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        timings.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    timings.sort()
    p90 = timings[max(0, int(len(timings) * 0.9) - 1)]
    return statistics.median(timings) * 1000, p90 * 1000, statistics.median(cpu) * 1000


def _texts() -> list[str]:
    return [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _document(texts: list[str], size: int) -> str:
    document, index = [], 0
    while sum(map(len, document)) < size:
        document.append(texts[index % len(texts)])
        index += 1
    return "\n".join(document)[:size]


def startup() -> None:
    # File-backed pages (the mapped Sudachi dictionary, shared libraries) are shared between workers and
    # reclaimable; how many are counted depends on the page cache, so both parts are printed.
    for label, provider in _PROVIDERS.items():
        script = _STARTUP.format(provider=provider, corpus=str(CORPUS))
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
        ready, rss, anon, files, rss_after, anon_after, files_after = out.stdout.split()
        print(f"worker {label}:")
        print(f"  start-up: analyzer ready {ready} s after the interpreter started importing it (bar 5 s)")
        print(
            f"  resident memory at start-up: {rss} MB (bar 400 MB):"
            f" {anon} MB private (anonymous), {files} MB file-backed"
        )
        print(
            f"  resident memory after detecting {CORPUS.name}: {rss_after} MB (bar 400 MB):"
            f" {anon_after} MB private (anonymous), {files_after} MB file-backed"
        )
    bridge_memory()


def bridge_memory() -> None:
    """The litellm bridge process that `gateway serve` starts beside its workers: one per gateway, not per worker."""
    from gateway.providers.litellm_bridge import BridgeProcess

    bridge = BridgeProcess().start()
    try:
        assert bridge._process is not None  # the bench looks inside on purpose
        status = Path(f"/proc/{bridge._process.pid}/status").read_text()
        rss, anon, files = (int(status.split(key + ":")[1].split()[0]) / 1024 for key in ("VmRSS", "RssAnon", "RssFile"))
    finally:
        bridge.stop()
    print(f"litellm bridge process (one per gateway): {rss:.0f} MB: {anon:.0f} MB private (anonymous), {files:.0f} MB file-backed")


def speed(detector: Detector, texts: list[str], runs: int) -> None:
    prompt = _document(texts, 200)
    for label, text, count in (
        ("200-char prompt", prompt, runs * 20),
        ("20,000-char document", _document(texts, 20_000), runs),
        ("100,000-char document", _document(texts, 100_000), max(3, runs // 4)),
    ):
        detector.detect(text)
        p50, p90, cpu = _median_ms(lambda text=text: detector.detect(text), count)
        print(
            f"{label}: p50 {p50:.2f} ms  p90 {p90:.2f} ms  {len(text) / p50 * 1000:,.0f} characters/s;"
            f" CPU p50 {cpu:.2f} ms = {len(text) / cpu * 1000:,.0f} characters per CPU-second"
        )
    started, started_cpu = time.perf_counter(), time.thread_time()
    for text in texts:
        detector.detect(text)
    elapsed, cpu_elapsed = time.perf_counter() - started, time.thread_time() - started_cpu
    chars = sum(map(len, texts))
    print(
        f"corpus, one detect() per record ({len(texts)} records, {chars / len(texts):.0f} chars avg):"
        f" {chars / elapsed:,.0f} characters/s; {chars / cpu_elapsed:,.0f} characters per CPU-second"
    )


def adversarial(detector: Detector) -> None:
    for name, make in ADVERSARIAL_INPUTS.items():
        text = make()
        started = time.perf_counter()
        detector.detect(text)
        print(f"adversarial {name:<20} {len(text):,} chars  {time.perf_counter() - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--adversarial", action="store_true", help="only the hostile 100,000-character inputs")
    args = parser.parse_args()
    runs = 8 if args.quick else 30
    detector = build_detector()
    if args.adversarial:
        adversarial(detector)
        return
    texts = _texts()
    startup()
    speed(detector, texts, runs)


if __name__ == "__main__":
    main()
