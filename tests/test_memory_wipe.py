"""Nothing of a patient outlives the session in the kiosk process's memory, searched the hard
way: a child process types a unique name on the on-screen keyboard, finishes, and reads its
own writable memory (/proc/self/mem) for it (tests/memory_probe.py).

The child runs with the allocator settings `kiosk run` gives itself (kiosk.memory). What is
left is counted against the residue explained in docs/hardening.md; the full run (idle reset
too, and the default allocator for comparison) is benchmarks/memory_wipe.py.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs

from kiosk.memory import WIPING_ALLOCATOR, allocator_wipes_freed_memory

HERE = Path(__file__).resolve().parent
RESIDUE_AFTER_FINISH = 1
"""The one copy left is inside the receipt's ESC/POS bytes in memory no Python object reaches
(docs/hardening.md says where it was looked for)."""


def unique_name() -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    return (
        "".join(secrets.choice(letters) for _ in range(4)).title()
        + " "
        + "".join(secrets.choice(letters) for _ in range(11)).title()
    )


def probe(tmp_path: Path, env: dict[str, str], *extra: str) -> dict:
    hidden = bytes(b ^ 0x5A for b in unique_name().encode()).hex()
    result = subprocess.run(
        [sys.executable, str(HERE / "memory_probe.py"), hidden, str(tmp_path), *extra],
        capture_output=True, text=True, timeout=240, env={**os.environ, **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs(Path("/proc/self/mem").exists(), "needs Linux /proc (the kiosk box runs Linux)")
def test_after_finish_the_typed_name_is_gone_from_the_kiosk_process_memory(tmp_path):
    found = probe(tmp_path, WIPING_ALLOCATOR, "--quick")
    assert found["while_typed"] > 0  # the search does find the name while the patient is here
    assert found["after_finish"]["copies"] <= RESIDUE_AFTER_FINISH, found


def test_kiosk_run_restarts_itself_with_the_wiping_allocator(monkeypatch):
    calls = []

    def execve(path, argv, env):
        calls.append((path, argv, env))
        raise SystemExit(0)  # where the real execve would start the kiosk again

    for key in (*WIPING_ALLOCATOR, "KIOSK_KEEP_ALLOCATOR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.setattr(sys, "argv", ["kiosk", "run", "--config", "k.toml"])
    from kiosk.cli import main

    with pytest.raises(SystemExit):
        main()
    ((path, argv, env),) = calls
    assert path == sys.executable and argv[1:] == ["-m", "kiosk.cli", "run", "--config", "k.toml"]
    assert allocator_wipes_freed_memory(env)
    # Already restarted (or any other command, or tests calling main with arguments): no exec.
    monkeypatch.setattr(sys, "argv", ["kiosk", "validate", "/nonexistent.toml"])
    assert main() == 2 and len(calls) == 1
