"""Which process holds which TCP socket on 127.0.0.1, read from /proc (Linux).

The serving test and the gateway bench both ask how a server's connections are
spread over its worker processes.

Example:
    >>> listening = {row.inode for row in tcp_rows(8080) if row.state == LISTEN}
    >>> socket_inodes(worker_pid) & listening          # the worker's own listening socket
    {'123456'}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

__all__ = ["ESTABLISHED", "LISTEN", "TcpRow", "socket_inodes", "tcp_rows"]

ESTABLISHED, LISTEN = "01", "0A"  # /proc/net/tcp's state codes


class TcpRow(NamedTuple):
    """One socket of /proc/net/tcp: its state code, the peer's port and its inode."""

    state: str
    remote_port: int
    inode: str


def tcp_rows(port: int) -> list[TcpRow]:
    """The IPv4 sockets whose local end is 127.0.0.1:``port``."""
    local = f"0100007F:{port:04X}"
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return [TcpRow(row[3], int(row[2].split(":")[1], 16), row[9]) for row in rows if row[1] == local]


def socket_inodes(pid: int | str) -> set[str]:
    """The inodes of the sockets process ``pid`` holds open (none if it has ended)."""
    inodes = set()
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in descriptors:
        try:
            target = os.readlink(fd)
        except OSError:  # the descriptor closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes
