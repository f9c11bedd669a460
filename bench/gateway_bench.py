"""Benchmark: the gateway's requests/s and latency, beside the upstream called directly.

It starts the recording upstream and the gateway (with a copy of the default
policy that adds three models served by that upstream), creates a key, then
drives both with wrk: a 1,000-character window-inquiry record full of personal
values, masking on, non-stream, each request with a new text (bench/post.lua),
so that the gateway's detection cache never answers for the analyzer. The
gateway is measured through three routes to the same OpenAI-compatible server:
``provider: openai_compatible`` (called directly, the route for an on-premises
vLLM), and two litellm routes, ``openai/`` (litellm drives the openai SDK) and
``hosted_vllm/`` (litellm's own HTTP client). It checks that none of the
record's raw values reached the upstream on any route, prints a Markdown
table, and stops everything it started.

Example (from the repository root):
    .venv/bin/python bench/gateway_bench.py --duration 10 --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The script runs as bench/gateway_bench.py: the repository root is not on the path by itself.
sys.path.insert(0, str(ROOT))
from tests.support.models import free_port, openai_compatible_model, upstream_model  # noqa: E402
from tests.support.sockets import ESTABLISHED, socket_inodes, tcp_rows  # noqa: E402

BIN = Path(sys.executable).parent
DATA = ROOT / "tests" / "detection" / "data"
# Route name -> (gateway model id, label in the report, its policy entry); all point at the recording upstream.
ROUTES = {
    "direct": ("bench-direct", "openai_compatible",
               lambda url: openai_compatible_model(url, KEY_ENV, upstream_model="bench-model")),
    "litellm-openai": ("bench-openai", "litellm openai/",
                       lambda url: upstream_model(url, KEY_ENV, litellm_model="openai/bench-model")),
    "litellm-vllm": ("bench-vllm", "litellm hosted_vllm/",
                     lambda url: upstream_model(url, KEY_ENV, litellm_model="hosted_vllm/bench-model")),
}
# bench/post.lua puts a new string of letters here in every request.
MARKER = "{{N}}"
DEPARTMENT = "soumu"
KEY_ENV = "BENCH_UPSTREAM_KEY"


@dataclass(frozen=True)
class Run:
    """One wrk run: which path, how many connections, and what wrk measured."""

    path: str
    connections: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float  # CPU time of the serving side (its process group) per request
    spread: list[int]  # wrk's connections held by each serving process, mid-run, most first


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _routes(text: str) -> list[str]:
    routes = [part.strip() for part in text.split(",") if part.strip()]
    if unknown := [route for route in routes if route not in ROUTES]:
        raise argparse.ArgumentTypeError(f"unknown route(s) {', '.join(unknown)}; choose from {', '.join(ROUTES)}")
    return routes


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gateway worker processes (default 2)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", type=_numbers, default="1,16", help="comma-separated wrk concurrencies (default 1,16)")
    parser.add_argument("--policy", type=Path, default=ROOT / "policies" / "default" / "policy.yaml", help="policy to add the bench model to")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per path (default 3)")
    parser.add_argument("--output", type=Path, default=None, help="also write the report here (default bench/results/<time>.md)")
    parser.add_argument("--routes", type=_routes, default=",".join(ROUTES),
                        help=f"comma-separated gateway routes to measure (default {','.join(ROUTES)})")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.duration < 1 or not args.connections or min(args.connections) < 1:
        parser.error("--workers, --duration and every --connections value must be >= 1")
    return args


def _start(stack: contextlib.ExitStack, command: list[str], log: Path, **kwargs) -> subprocess.Popen:
    """Start ``command`` in its own process group, stopped (group and all) when ``stack`` closes."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stderr=sink, start_new_session=True, **kwargs)
    stack.callback(_stop, process)
    return process


def _stop(process: subprocess.Popen) -> None:
    # The gateway's uvicorn workers share its process group: end them with it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _first_line(process: subprocess.Popen, timeout_s: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            raise SystemExit(f"the upstream printed no URL within {timeout_s:.0f} s")
    line = process.stdout.readline().strip()
    if not line:
        raise SystemExit(f"the upstream exited (code {process.poll()}) before printing its URL")
    return line


def _record() -> tuple[str, list[tuple[str, str]]]:
    """The window-inquiry prompt and its raw values as (label, value); a value is labelled by its line, never by itself."""
    prompt = (DATA / "window_inquiry.txt").read_text(encoding="utf-8").strip()
    lines = (DATA / "window_inquiry_values.txt").read_text(encoding="utf-8").splitlines()
    return prompt, [(f"value on line {number}", line.strip()) for number, line in enumerate(lines, 1) if line.strip()]


def _squeezed(text: str) -> str:
    # A leak counts even in another width or spacing: "０９０－４８２７" leaks as "0904827" too.
    return re.sub(r"[\s\-‐‑–—−]", "", unicodedata.normalize("NFKC", text))


def _write_policy(base: Path, directory: Path, upstream_url: str) -> Path:
    """A copy of ``base`` that adds the ROUTES' models and lets DEPARTMENT use them."""
    policy = yaml.safe_load(base.read_text(encoding="utf-8"))
    if DEPARTMENT not in policy["departments"]:
        raise SystemExit(f"{base} has no department {DEPARTMENT!r}; the benchmark key needs it")
    allowed = policy["departments"][DEPARTMENT]["models"]
    for model, _, entry in ROUTES.values():
        policy["models"][model] = {**entry(upstream_url), "label": "ベンチマーク用上流"}
        if "*" not in allowed:
            allowed.append(model)
    path = directory / "policy.yaml"
    path.write_text(yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _wait_healthy(process: subprocess.Popen, base: str, log: Path, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the gateway exited with code {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the gateway did not answer /healthz within {timeout_s:.0f} s (log: {log})")


def _group_processes(group: int) -> Iterator[tuple[Path, list[str]]]:
    """The /proc directory and the stat fields after the command name of each live process in ``group``."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:
            yield stat.parent, fields


def _group_cpu_s(group: int) -> float:
    """User + system CPU seconds of the live processes in process group ``group`` (from /proc)."""
    ticks = sum(int(fields[11]) + int(fields[12]) for _, fields in _group_processes(group))
    return ticks / os.sysconf("SC_CLK_TCK")


def _connections_per_process(port: int, group: int) -> list[int]:
    """How many established connections to ``port`` each process of ``group`` holds, most first (from /proc)."""
    established = {row.inode for row in tcp_rows(port) if row.state == ESTABLISHED}
    counts = [len(socket_inodes(process.name) & established) for process, _ in _group_processes(group)]
    return sorted((count for count in counts if count), reverse=True)


def _wrk(name: str, url: str, connections: int, duration_s: int, body: Path, token: str | None, group: int) -> Run:
    """One wrk run; ``group`` is the process group of the server measured (its CPU per request is reported)."""
    env = {**os.environ, "WRK_BODY_FILE": str(body), "WRK_TOKEN": token or ""}
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration_s}s", "--timeout", "10s", "-s", str(ROOT / "bench" / "post.lua"), url]
    cpu_before = _group_cpu_s(group)
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
        time.sleep(duration_s / 2)
        spread = _connections_per_process(urlsplit(url).port or 80, group)
        stdout, stderr = running.communicate()
    cpu_s = _group_cpu_s(group) - cpu_before
    found = re.search(r"BENCH_RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) errors=(\d+)", stdout)
    if running.returncode != 0 or found is None:
        raise SystemExit(f"wrk failed (code {running.returncode}) against {name}:\n{stdout}{stderr}")
    requests, duration_us, p50_us, p99_us, errors = map(int, found.groups())
    return Run(name, connections, requests / (duration_us / 1e6), p50_us / 1000, p99_us / 1000, errors,
               cpu_s * 1000 / max(requests, 1), spread)


def _leaks(control: str, values: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """How many forwarded bodies the upstream kept, and the labels of the values found in any of them."""
    recorded = httpx.get(f"{control}/_recorded").json()
    forwarded = [_squeezed(json.dumps(entry["body"], ensure_ascii=False)) for entry in recorded if entry["path"].endswith("/chat/completions")]
    return len(forwarded), [label for label, value in values if any(_squeezed(value) in body for body in forwarded)]


def _report(args: argparse.Namespace, runs: list[Run], checks: list[str]) -> str:
    lines = ["| path | concurrency | requests/s | p50 ms | p99 ms | errors | CPU ms/request | connections per process |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {r.path} | {r.connections} | {r.requests_per_s:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} | {r.cpu_ms:.2f} "
              f"| {'+'.join(map(str, r.spread))} |" for r in runs]
    facts = [
        *checks,
        f"machine: nproc={len(os.sched_getaffinity(0))}, {platform.machine()}, {platform.system()} {platform.release()}",
        f"python: {platform.python_version()}; gateway workers: {args.workers}; wrk: -t1, {args.duration} s a run",
    ]
    return "\n".join(lines + [""] + facts) + "\n"


def _start_upstream(stack: contextlib.ExitStack, workdir: Path) -> tuple[str, int]:
    """Start the recording upstream; returns its base URL and process group."""
    command = [sys.executable, "-m", "tests.support.upstream", "--port", "0", "--keep-last", "32"]
    upstream = _start(stack, command, workdir / "upstream.log", stdout=subprocess.PIPE, text=True)
    return _first_line(upstream, timeout_s=30), upstream.pid


def _start_gateway(args: argparse.Namespace, stack: contextlib.ExitStack, workdir: Path, upstream_url: str) -> tuple[str, str, int]:
    """Start the gateway on a free port; returns its chat completions URL, a fresh staff token and its process group."""
    policy = _write_policy(args.policy, workdir, upstream_url)
    storage = ["--policy", str(policy), "--database-url", f"sqlite:///{workdir / 'bench.db'}"]
    port = free_port()
    log = workdir / "gateway.log"
    serve = [str(BIN / "gateway"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers), *storage]
    env = {**os.environ, KEY_ENV: "bench-key-not-a-secret"}
    gateway = _start(stack, serve, log, stdout=subprocess.DEVNULL, env=env)
    _wait_healthy(gateway, f"http://127.0.0.1:{port}", log)
    create = [str(BIN / "gateway"), "keys", "create", "--user", "bench", "--department", DEPARTMENT, "--role", "staff", *storage]
    created = subprocess.run(create, cwd=ROOT, capture_output=True, text=True)
    if created.returncode != 0 or not created.stdout.strip():
        raise SystemExit(f"gateway keys create failed (code {created.returncode}):\n{created.stderr[-2000:]}")
    return f"http://127.0.0.1:{port}/v1/chat/completions", created.stdout.splitlines()[0].strip(), gateway.pid


def _restored(url: str, token: str, body: Path, values: list[tuple[str, str]]) -> str:
    """Send the record once; the upstream echoes placeholders, so the answer must hold every raw value again."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answer = httpx.post(url, content=body.read_bytes().replace(MARKER.encode(), b"check"), headers=headers, timeout=30)
    if answer.status_code != 200:
        raise SystemExit(f"the gateway refused the benchmark request: HTTP {answer.status_code} {answer.text[:500]}")
    text = answer.json()["choices"][0]["message"]["content"] or ""
    return f"{sum(value in text for _, value in values)}/{len(values)}"


def _body(workdir: Path, model: str, prompt: str) -> Path:
    body = workdir / f"body-{model}.json"
    content = f"{prompt}\n照会キー: {MARKER}"
    body.write_text(json.dumps({"model": model, "messages": [{"role": "user", "content": content}]}, ensure_ascii=False), encoding="utf-8")
    return body


def benchmark(args: argparse.Namespace, stack: contextlib.ExitStack, workdir: Path) -> int:
    prompt, values = _record()
    upstream_url, upstream_group = _start_upstream(stack, workdir)
    control = upstream_url.removesuffix("/v1")
    gateway_chat, token, gateway_group = _start_gateway(args, stack, workdir, upstream_url)
    paths = [("upstream direct", f"{upstream_url}/chat/completions", None, _body(workdir, "bench-model", prompt), upstream_group)]
    for route in args.routes:
        model, label, _ = ROUTES[route]
        paths.append((f"gateway (mask) {label}", gateway_chat, token, _body(workdir, model, prompt), gateway_group))

    runs, checks, leaked_any = [], [], False
    for name, url, key, body, group in paths:
        httpx.post(f"{control}/_reset")
        if key is not None:
            restored = _restored(url, key, body, values)
        if args.warmup:
            _wrk(name, url, max(args.connections), args.warmup, body, key, group)
        for connections in args.connections:
            run = _wrk(name, url, connections, args.duration, body, key, group)
            runs.append(run)
            print(f"{name:28} c={connections:<3} {run.requests_per_s:8,.0f} req/s  p50 {run.p50_ms:6.2f} ms  p99 {run.p99_ms:6.2f} ms"
                  f"  errors {run.errors}  CPU {run.cpu_ms:.2f} ms/request  connections {'+'.join(map(str, run.spread))}", flush=True)
        if key is not None:
            kept, leaked = _leaks(control, values)
            leaked_any = leaked_any or bool(leaked) or kept == 0
            masked = f"{len(values) - len(leaked)}/{len(values)}" + (f" (LEAKED: {', '.join(leaked)})" if leaked else "")
            checks.append(f"{name}: masked {masked} over the last {kept} forwarded bodies; restored in the answer {restored}")

    report = _report(args, runs, checks)
    print("\n" + report)
    output = args.output or ROOT / "bench" / "results" / f"gateway-{datetime.now():%Y%m%d-%H%M%S}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    print(f"report written to {output}")
    gateway_errors = sum(run.errors for run in runs if run.path.startswith("gateway"))
    return 1 if gateway_errors or leaked_any else 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: run `apt-get install -y wrk` and try again", file=sys.stderr)
        return 2
    if not (BIN / "gateway").exists():
        print(f"{BIN / 'gateway'} is missing: run `.venv/bin/pip install -e .` first", file=sys.stderr)
        return 2
    # SIGTERM unwinds like Ctrl-C, so the ExitStack stops what was started.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with tempfile.TemporaryDirectory(prefix="gateway-bench-") as workdir, contextlib.ExitStack() as stack:
            return benchmark(args, stack, Path(workdir))
    except KeyboardInterrupt:
        print("interrupted: everything the benchmark started is stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
