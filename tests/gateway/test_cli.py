"""The ``gateway`` console script, run as a user runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import openai
import pytest

from gateway.database import create_db_engine
from gateway.keys import SqlKeyStore
from gateway.settings import DEFAULT_POLICY
from tests.support.models import free_port
from tests.support.sockets import LISTEN, socket_inodes, tcp_rows

GATEWAY = str(Path(sys.executable).with_name("gateway"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GATEWAY, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def test_keys_create_prints_the_key_once_and_it_authenticates(database_url: str) -> None:
    result = run("keys", "create", "--user", "kimura.aoi", "--department", "soumu", "--role", "staff",
                 "--database-url", database_url)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    principal = SqlKeyStore(create_db_engine(database_url)).authenticate(token)
    assert principal is not None and (principal.user, principal.department) == ("kimura.aoi", "soumu")
    listed = run("keys", "list", env={"GATEWAY_DATABASE_URL": database_url})
    assert principal.key_id in listed.stdout and token not in listed.stdout
    assert run("keys", "revoke", principal.key_id, "--database-url", database_url).returncode == 0
    assert SqlKeyStore(create_db_engine(database_url)).authenticate(token) is None


def test_keys_create_refuses_a_department_the_policy_does_not_know(database_url: str) -> None:
    result = run("keys", "create", "--user", "x", "--department", "nowhere", "--database-url", database_url)
    assert result.returncode == 2
    assert "nowhere" in result.stderr and "soumu" in result.stderr


def test_policy_check_names_file_line_and_field_of_every_error(tmp_path: Path) -> None:
    broken = DEFAULT_POLICY.read_text(encoding="utf-8").replace(
        "    trains_on_input: false\n", "    trains_on_input: false\n    colour: red\n    num_retries: many\n", 1
    )
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    result = run("policy", "check", str(path))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert len(lines) >= 2
    assert any("colour" in line for line in lines) and any("num_retries" in line for line in lines)
    assert all(line.split(":")[1].isdigit() for line in lines)


def test_policy_check_accepts_the_shipped_policy() -> None:
    result = run("policy", "check", str(DEFAULT_POLICY))
    assert result.returncode == 0 and result.stdout.startswith("OK")


def test_policy_explain_prints_level_reasons_and_decision() -> None:
    result = run("policy", "explain", "【庁内限り】山田太郎さんの件", "--model", "preview", "--department", "soumu")
    assert result.returncode == 0, result.stderr
    assert "level:    3C" in result.stdout and "action:   mask" in result.stdout
    assert "<PERSON_1>" in result.stdout


def test_serve_refuses_to_start_on_an_invalid_policy(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("revision: 1\nlevels: [\n", encoding="utf-8")
    result = run("serve", "--policy", str(path), "--port", "1")
    assert result.returncode == 2
    assert str(path) in result.stderr


@pytest.mark.timeout(180)
def test_serve_starts_on_the_embedded_defaults_and_answers_offline_with_preview(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'front-door.db'}"
    token = run("keys", "create", "--user", "kimura.aoi", "--department", "soumu", "--database-url", database_url).stdout.strip()
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([GATEWAY, "serve", "--port", str(port)], cwd=tmp_path,
                              env={**os.environ, "GATEWAY_DATABASE_URL": database_url}, stdout=log, stderr=log)
    try:
        _wait_healthy(server, port, tmp_path / "serve.log")
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=token, max_retries=0)
        answer = client.chat.completions.create(model="preview", messages=[{"role": "user", "content": "山田太郎さんへの連絡"}])
        assert "<PERSON_1>" in (answer.choices[0].message.content or "")
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    for _ in range(1200):
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"gateway serve did not answer /healthz within 120 s:\n{log.read_text()[-2000:]}")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found += (kids := children.get(todo.pop(), []))
        todo += kids
    return found


def _maps(pid: int) -> str:
    """The files ``pid`` has mapped: its shared libraries (and SQLite's shared-memory file)."""
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


# litellm's native extension: mapped by a process exactly when it has imported litellm.
_LITELLM = "/site-packages/litellm/"


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_makes_litellm_calls_in_one_bridge_process_and_no_worker_loads_litellm(
    tmp_path: Path, policy_file: Path, database_url: str, keys, upstream, workers: int
) -> None:
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [GATEWAY, "serve", "--port", str(port), "--workers", str(workers), "--policy", str(policy_file),
               "--database-url", database_url]
    server = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=log)
    try:
        _wait_healthy(server, port, tmp_path / "serve.log")
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=keys.staff, max_retries=0, timeout=60)
        for _ in range(4):  # both workers, most likely
            answer = client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": "山田太郎さんへの連絡"}])
            assert answer.choices[0].message.content == "山田太郎さんへの連絡"
        # With one worker, uvicorn serves in the `gateway serve` process itself.
        processes = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in [server.pid, *_descendants(server.pid)]}
        bridges = [pid for pid, cmdline in processes.items() if b"gateway.providers.litellm_bridge" in cmdline]
        serving = [pid for pid in processes if pid not in bridges and "/site-packages/sudachipy/" in _maps(pid)]
        assert len(bridges) == 1 and _LITELLM in _maps(bridges[0])
        assert len(serving) == workers
        assert not any(_LITELLM in _maps(pid) for pid in serving)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    for _ in range(100):  # the bridge notices within a second when the gateway was stopped by a signal
        if not any(Path(f"/proc/{pid}").exists() for pid in bridges):
            break
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in bridges), "the bridge stops with the gateway"


@pytest.mark.timeout(180)
def test_serve_gives_every_worker_its_own_listening_socket_so_a_pool_of_connections_is_spread(tmp_path: Path) -> None:
    # uvicorn's shared socket let one worker accept a whole pool of connections opened at once (gateway/serving.py).
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([GATEWAY, "serve", "--port", str(port), "--workers", "2"], cwd=tmp_path,
                              env={**os.environ, "GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"},
                              stdout=log, stderr=log)
    pool: list[socket.socket] = []
    try:
        _wait_healthy(server, port, tmp_path / "serve.log")
        for _ in range(1200):  # /healthz answers once the first worker listens
            if len(listening := {row.inode for row in tcp_rows(port) if row.state == LISTEN}) == 2:
                break
            time.sleep(0.1)
        workers = [pid for pid in _descendants(server.pid) if "/site-packages/sudachipy/" in _maps(pid)]
        assert len(workers) == 2
        owners = {pid: socket_inodes(pid) & listening for pid in [server.pid, *workers]}
        assert owners[server.pid] == set(), "the parent holds the port but does not accept"
        assert [len(owners[pid]) for pid in workers] == [1, 1]

        for _ in range(16):
            pool.append(socket.create_connection(("127.0.0.1", port)))
        for connection in pool:  # each is accepted and answered
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n")
            assert connection.recv(64).startswith(b"HTTP/1.1 200")
        client_ports = {connection.getsockname()[1] for connection in pool}
        accepted = {row.inode for row in tcp_rows(port) if row.remote_port in client_ports}
        per_worker = [len(socket_inodes(pid) & accepted) for pid in workers]
        assert sum(per_worker) == 16
        # The kernel hashes each connection to a worker: all 16 on one has odds of 2 in 65,536.
        assert min(per_worker) >= 1, per_worker
    finally:
        for connection in pool:
            connection.close()
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert server.returncode == 0


@pytest.mark.parametrize("answering", [True, False], ids=["a server answers there", "a socket is bound there"])
def test_serve_with_workers_refuses_a_port_that_is_taken(tmp_path: Path, answering: bool) -> None:
    with socket.socket() as holder:
        # SO_REUSEPORT as a running gateway sets it: the kernel alone would let a second one join.
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, int(answering))
        holder.bind(("127.0.0.1", 0))
        if answering:
            holder.listen()
        port = holder.getsockname()[1]
        result = run("serve", "--port", str(port), "--workers", "2",
                     env={"GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"})
    assert result.returncode == 1, result.stderr
    assert f"127.0.0.1:{port} は使用中です" in result.stderr


def test_serve_with_workers_says_why_it_cannot_listen_on_an_address_the_machine_does_not_have(tmp_path: Path) -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): no interface here has it, so bind fails with EADDRNOTAVAIL, not "in use".
    result = run("serve", "--host", "192.0.2.1", "--port", str(free_port()), "--workers", "2",
                 env={"GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"})
    assert result.returncode == 1, result.stderr
    assert "192.0.2.1:" in result.stderr and "で待ち受けできません" in result.stderr
    assert "使用中" not in result.stderr
