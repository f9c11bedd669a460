"""What a worker keeps resident once the detector is built (issue 3: 400 MB per worker).

Each check runs in a fresh interpreter, so that modules and caches loaded by
other tests of the session do not hide a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_WORKER = """
import json, sys
from gateway.detection import CachingDetector, build_detector
import audit.content
from japanese_personal_name_dataset import core

detector = CachingDetector(build_detector())
print(json.dumps({
    "cached_csv_files": core._read_rows.cache_info().currsize,
    "cryptography": sorted(name for name in sys.modules if name.split(".")[0] == "cryptography"),
}))
"""


@pytest.fixture(scope="module")
def worker() -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _WORKER], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_the_name_lists_are_not_kept_twice(worker: dict[str, object]) -> None:
    # load_dataset of japanese-personal-name-dataset caches every CSV row (about 10 MB) for the life
    # of the process; the detector reads the files into its own sets instead.
    assert worker["cached_csv_files"] == 0


def test_loading_the_name_lists_costs_at_most_16_mb() -> None:
    # 10.6 MB of sets (79,000 strings and their tables), 14 MB resident; through load_dataset it was 20.5 MB.
    script = (
        "import gateway.detection\n"
        "from gateway.detection.name_dictionary import NameDictionary\n"
        "def anon(): return int(open('/proc/self/status').read().split('RssAnon:')[1].split()[0]) / 1024\n"
        "before = anon(); NameDictionary.load(); print(anon() - before)"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert float(out.stdout) <= 16


def test_cryptography_is_loaded_only_to_encrypt_or_decrypt(worker: dict[str, object]) -> None:
    # About 8 MB resident; only ``masked_encrypted`` content keeping and the offline decryption need it.
    assert worker["cryptography"] == []


def test_keeping_masked_content_does_not_load_cryptography() -> None:
    # Encryption itself (masked_encrypted) is covered by tests/audit/test_content.py.
    script = (
        "import sys; from audit.content import ContentKeeper;"
        "print(ContentKeeper('masked').keep('a', 'b', original=b'c') is not None,"
        " 'cryptography' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
