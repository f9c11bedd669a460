"""Policy entries for models served by the recording upstream, shared by the tests and the benchmark.

Example:
    >>> upstream_model("http://127.0.0.1:8000/v1", "BENCH_KEY")["litellm_model"]
    'openai/test-model'
"""

from __future__ import annotations

import socket
from typing import Any

__all__ = ["free_port", "openai_compatible_model", "upstream_model"]


def upstream_model(url: str, key_env: str, **overrides: Any) -> dict[str, Any]:
    """A litellm model at ``url`` whose key is read from ``key_env``: internet zone, 2 unmasked, 3B masked."""
    return {
        "provider": "litellm",
        "litellm_model": "openai/test-model",
        "api_base": url,
        "api_key": {"$env": key_env},
        "trains_on_input": False,
        "region": "loopback",
        "zone": "internet",
        "max_level_unmasked": "2",
        "max_level_masked": "3B",
        "label": "試験用上流",
        **overrides,
    }


def openai_compatible_model(url: str, key_env: str, **overrides: Any) -> dict[str, Any]:
    """The same upstream called directly (``provider: openai_compatible``), as an on-premises vLLM is."""
    model = upstream_model(url, key_env, **{"provider": "openai_compatible", "upstream_model": "test-model", **overrides})
    del model["litellm_model"]
    return model


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
