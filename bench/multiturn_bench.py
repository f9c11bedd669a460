"""Print what turns 1, 10 and 20 of a conversation cost the gateway (a script, not a test).

    .venv/bin/python bench/multiturn_bench.py              # 9 HTTP conversations, 27 in-process ones
    .venv/bin/python bench/multiturn_bench.py --runs 3     # quicker
    .venv/bin/python bench/multiturn_bench.py --no-http    # in-process figures only

Chat clients send the whole conversation with every turn. Issue 3's bar:
turn 20 of a conversation costs no more than 1.5x turn 1. Each turn here adds
a staff message of about 200 characters full of personal values (records of
the evaluation corpus, no 秘 documents, so that nothing is blocked) and, once
answered, an answer of about 400 characters. Three figures per turn:

* **detect stage**: ``stages.detect`` over every text of the request (the
  content cache makes turn N analyze only its new messages);
* **request-side stages**: ``stages.prepare`` (detect → classify → decide →
  mask), each stage's share printed too;
* **HTTP request path**: a real uvicorn server with the gateway app, a real
  recording upstream on loopback answering the 400 characters, the official
  openai SDK as the client, an SQLite audit store. The gateway's CPU per
  request is the process's CPU minus the client's thread and the upstream's
  thread, taken once the audit record is closed; it includes the answer
  stages, the audit write, and the analysis of the answer as sent that the
  gateway does after sending it, so that the next turn finds it analyzed.
  The client sends back what the gateway returned.

Every conversation is new (its texts carry a run number), so that turn 1 never
finds anything of a previous run in a cache. Figures are medians of CPU time
(``time.thread_time`` / thread CPU clocks): wall-clock time on a machine that
other jobs share says more about them than about the gateway.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.detection import CachingDetector, build_detector
from gateway.keys import Principal
from gateway.pipeline.exchange import Exchange
from gateway.pipeline.parse import text_slots
from gateway.pipeline.stages import STAGES, Engines
from gateway.settings import DEFAULT_POLICY
from policies import Policy, load_policy

CORPUS = ROOT / "bench" / "corpus" / "main.jsonl"
TURNS = 20
SHOWN = (1, 2, 10, 20)
DEPARTMENT = "soumu"
USER_CHARS, ANSWER_CHARS = 200, 400

Message = dict[str, Any]


def conversation(run: int) -> tuple[list[str], list[str]]:
    """The staff messages and the answers of conversation ``run``: personal records, none marked 秘."""
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in records if not r["public"] and r["scenario"] != "secret_document"]

    def document(start: int, size: int) -> str:
        parts, index = [f"（相談{run}）"], start
        while sum(map(len, parts)) < size:
            parts.append(texts[index % len(texts)])
            index += 1
        return "\n".join(parts)[:size]

    return [document(n * 7, USER_CHARS) for n in range(TURNS)], [document(n * 11 + 3, ANSWER_CHARS) for n in range(TURNS)]


class Pipeline:
    """The policy and the cached detector, as a gateway worker holds them."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.detector = CachingDetector(build_detector(policy.detection.custom_terms, policy.detection.allow_terms))


def _exchange(messages: list[Message]) -> Exchange:
    return Exchange(
        request_id="bench",
        principal=Principal(key_id="-", user="bench", department=DEPARTMENT, roles=frozenset()),
        model="preview",
        messages=messages,
        params={},
        slots=text_slots(messages),
    )


def in_process(engines: Engines, runs: int) -> dict[str, list[list[float]]]:
    """CPU ms per turn of each request-side stage and of them all: {stage: [[run, ...] per turn]}."""
    names = [stage.__name__ for stage in STAGES]
    costs: dict[str, list[list[float]]] = {name: [[] for _ in range(TURNS)] for name in [*names, "all"]}
    for run in range(runs):
        users, answers = conversation(run)
        history: list[Message] = []
        for turn in range(TURNS):
            history.append({"role": "user", "content": users[turn]})
            exchange = _exchange(list(history))
            total = 0.0
            for name, stage in zip(names, STAGES, strict=True):
                started = time.thread_time()
                stage(exchange, engines)
                spent = (time.thread_time() - started) * 1000
                costs[name][turn].append(spent)
                total += spent
            costs["all"][turn].append(total)
            assert exchange.decision is not None and exchange.decision.action == "mask", exchange.decision
            # Once an answer has gone out, the gateway analyzes it as sent (as idle work), for
            # the next turn, which sends it back (gateway.pipeline.answer.Answer.remember).
            engines.detector.detect(answers[turn])
            history.append({"role": "assistant", "content": answers[turn]})
    return costs


@contextmanager
def _gateway(policy_path: Path, workdir: Path) -> Iterator[tuple[str, str, Any, Callable[[], float], Any]]:
    """A real gateway on loopback in front of the recording upstream: (url, key, upstream, its thread's CPU s, runtime)."""
    import uvicorn
    import yaml

    from gateway.app import create_app
    from gateway.database import create_db_engine, init_schema
    from gateway.keys import SqlKeyStore
    from gateway.runtime import build_runtime
    from gateway.settings import Settings
    from tests.support.models import upstream_model
    from tests.support.upstream import RecordingUpstream

    with RecordingUpstream(record=False) as upstream:
        document = yaml.safe_load(policy_path.read_text(encoding="utf-8"))
        document["models"]["bench-upstream"] = upstream_model(upstream.url, "BENCH_MULTITURN_KEY")
        policy_file = workdir / "policy.yaml"
        policy_file.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        database_url = f"sqlite:///{workdir / 'bench.db'}"
        engine = create_db_engine(database_url)
        init_schema(engine)
        _, key = SqlKeyStore(engine).create("bench.user", DEPARTMENT, ["staff"])
        runtime = build_runtime(Settings(policy=policy_file, database_url=database_url))
        server = uvicorn.Server(uvicorn.Config(create_app(runtime=runtime), host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, name="bench-gateway", daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        clock = time.pthread_getcpuclockid(upstream._thread.ident)  # the bench looks inside on purpose
        try:
            yield f"http://127.0.0.1:{port}/v1", key, upstream, lambda: time.clock_gettime(clock), runtime
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            upstream.reply_with()


def http_path(policy_path: Path, runs: int) -> dict[str, list[list[float]]]:
    """Gateway CPU ms and client-seen wall ms per turn of the whole HTTP path."""
    import os

    import openai

    os.environ["BENCH_MULTITURN_KEY"] = "sk-bench"
    costs: dict[str, list[list[float]]] = {"cpu": [[] for _ in range(TURNS)], "wall": [[] for _ in range(TURNS)]}
    with tempfile.TemporaryDirectory() as workdir, _gateway(policy_path, Path(workdir)) as (url, key, upstream, upstream_cpu, runtime):
        client = openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=60)
        for run in range(runs + 1):  # the first conversation warms up litellm and the connections
            users, answers = conversation(1000 + run)
            history: list[Message] = []
            for turn in range(TURNS):
                history.append({"role": "user", "content": users[turn]})
                upstream.reply_with(text=answers[turn])
                cpu, own, theirs = time.process_time(), time.thread_time(), upstream_cpu()
                remembered = runtime.idle.stats().done
                started = time.perf_counter()
                reply = client.chat.completions.with_raw_response.create(model="bench-upstream", messages=history)
                wall = time.perf_counter() - started
                # The audit record is closed just after the answer went out, and the answer
                # is analyzed for the next turn once the worker is idle: count both.
                deadline = time.monotonic() + 10
                while runtime.idle.stats().done == remembered and time.monotonic() < deadline:
                    time.sleep(0.01)
                spent = time.process_time() - cpu - (time.thread_time() - own) - (upstream_cpu() - theirs)
                assert reply.headers["x-gateway-action"] == "mask", reply.headers["x-gateway-action"]
                content = reply.parse().choices[0].message.content
                history.append({"role": "assistant", "content": content})
                if run:
                    costs["cpu"][turn].append(spent * 1000)
                    costs["wall"][turn].append(wall * 1000)
    return costs


def _row(label: str, per_turn: list[list[float]], unit: str = "CPU ms") -> str:
    """Medians per shown turn and turn 20 / turn 1, by medians and by the best (least disturbed) run."""
    medians = {turn: statistics.median(per_turn[turn - 1]) for turn in SHOWN}
    cells = "  ".join(f"turn {turn} {medians[turn]:6.2f}" for turn in SHOWN)
    best = min(per_turn[TURNS - 1]) / min(per_turn[0])
    return f"{label:<28} {unit}: {cells}   turn 20 / turn 1 = {medians[20] / medians[1]:.2f}x (best runs {best:.2f}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="conversations per figure (default 9)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP request path")
    args = parser.parse_args()
    policy = load_policy(DEFAULT_POLICY)
    users, answers = conversation(0)
    print(
        f"{TURNS}-turn conversation: staff messages of {statistics.mean(map(len, users)):.0f} chars,"
        f" answers of {statistics.mean(map(len, answers)):.0f} chars; turn 20 sends"
        f" {2 * TURNS - 1} messages, {sum(map(len, users)) + sum(map(len, answers[:-1])):,} chars"
    )
    # In-process conversations are cheap: three times as many, for steadier medians.
    costs = in_process(Pipeline(policy), 3 * args.runs)
    print(_row("detect stage", costs["detect"]))
    print(_row("request-side stages", costs["all"]))
    for name in ("classify", "decide_action", "mask"):
        print(_row(f"  of which {name}", costs[name]))
    if not args.no_http:
        http = http_path(DEFAULT_POLICY, args.runs)
        print(_row("HTTP request path (gateway)", http["cpu"]))
        print(_row("HTTP request path (client)", http["wall"], unit="wall ms"))
    print(
        f"(bar: turn 20 / turn 1 <= 1.5x; medians of {3 * args.runs} in-process and {args.runs} HTTP conversations;"
        " the machine is shared with other jobs)"
    )


if __name__ == "__main__":
    main()
