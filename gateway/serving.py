"""How ``gateway serve`` runs its worker processes on one port.

uvicorn's own multi-worker mode binds one listening socket and hands it to
every worker. The worker whose event loop wakes first accepts every connection
waiting, so a client that opens its pool of keep-alive connections at once (an
OpenAI SDK under load, a reverse proxy in front of the pod, a load generator)
can land all of them on one worker. That worker then does all the work on one
core while the others idle, for as long as the connections live. Measured with
16 connections and 2 workers: splits of 16/0, 15/1 and 14/2, and 124 requests/s
against about 270 when both workers had connections (docs/benchmark.md).

Here every worker listens on a socket of its own, bound to the same address
with ``SO_REUSEPORT``, and the kernel spreads new connections over those
sockets by a hash of the client's address and port, busy or not. uvicorn's
supervisor is kept as it is (restarting a worker that dies, SIGHUP, SIGTTIN and
SIGTTOU): it is handed a :class:`ReusePortListener` where it expects a socket,
and each worker process unpickles that into its own bound socket.

The parent process binds the address too, with ``SO_REUSEPORT``, but never
listens on it, so it gets no connections. It does three things:
- it fails at once, with the reason, when the port is taken;
- it turns port 0 into one port that all workers share;
- it holds the port while workers restart.

Costs of the choice, accepted:
- A worker that dies drops the connections still waiting in its own accept
  queue, where with one shared socket another worker would have taken them.
  The clients see a reset and retry (the OpenAI SDK does).
- The kernel lets another process of the same user join the port with
  ``SO_REUSEPORT``. A second ``gateway serve`` on a port that already answers is
  refused before it binds (:func:`_refuse_if_answering`).

Example:
    >>> serve("gateway.app:create_app", host="127.0.0.1", port=8080, workers=2,
    ...       access_log=False, log_level="info")          # doctest: +SKIP
"""

from __future__ import annotations

import errno
import logging
import socket
import sys

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

__all__ = ["ListenError", "serve"]

logger = logging.getLogger("uvicorn.error")

# Linux hashes connections over the sockets of a SO_REUSEPORT group; BSD and
# macOS hand them all to one socket, and Windows has no SO_REUSEPORT. Elsewhere
# uvicorn's shared socket is used as it is.
_KERNEL_SPREADS_CONNECTIONS = sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


class ListenError(RuntimeError):
    """The gateway cannot listen on ``host:port``; raised before any worker starts, with a Japanese message."""


def serve(app: str, *, host: str, port: int, workers: int, access_log: bool, log_level: str) -> None:
    """Serve the app factory ``app`` (an import string) on ``host:port`` with ``workers`` processes.

    One worker serves in this process. Several each accept their own share of
    connections on Linux (see the module docstring).

    Raises:
        ListenError: with several workers, when the port is taken or cannot be bound.
    """
    options = {"factory": True, "host": host, "port": port, "access_log": access_log, "log_level": log_level}
    if workers == 1 or not _KERNEL_SPREADS_CONNECTIONS:
        uvicorn.run(app, workers=workers, **options)  # type: ignore[arg-type]
        return
    config = uvicorn.Config(app, workers=workers, **options)  # type: ignore[arg-type]
    _refuse_if_answering(host, port)
    try:
        held = _bind(host, port)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRINUSE:
            raise ListenError(f"{host}:{port} は使用中です（{reason}）。--port で別のポートを指定してください。") from None
        raise ListenError(f"{host}:{port} で待ち受けできません（{reason}）。--host と --port を確認してください。") from None
    try:
        listener = ReusePortListener(host, held.getsockname()[1])
        logger.info("Uvicorn running on http://%s:%d with %d workers, one listening socket each (SO_REUSEPORT)",
                    host, listener.port, workers)
        Multiprocess(config, sockets=[listener]).run()  # type: ignore[list-item]  # unpickled into a socket
    finally:
        held.close()


class ReusePortListener:
    """The address a worker listens on; unpickled in the worker as its own bound socket.

    uvicorn passes its workers' sockets to them by pickling, so ``__reduce__``
    is where a worker's socket is made: in the worker process, never in the parent.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        return _worker_socket, (self.host, self.port)


def _worker_socket(host: str, port: int) -> socket.socket:
    """Runs in a worker process while it unpickles its arguments: its own socket on the shared port."""
    try:
        return _bind(host, port)
    except OSError as error:
        logger.error("worker could not bind %s:%d: %s", host, port, error)
        # uvicorn's supervisor stops instead of restarting a worker that exits with this code.
        sys.exit(STARTUP_FAILURE)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _refuse_if_answering(host: str, port: int) -> None:
    """Raise when a server already answers on ``host:port``: one that uses ``SO_REUSEPORT`` would let us join it."""
    if port == 0:
        return
    probe = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    try:
        with socket.create_connection((probe, port), timeout=1):
            pass
    except OSError:
        return
    raise ListenError(f"{host}:{port} は使用中です（別のサーバーが応答しています）。--port で別のポートを指定してください。")
