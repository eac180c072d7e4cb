"""Copies of a typed name left in the kiosk process's memory after Finish and after the idle
reset, with the allocator `kiosk run` uses (freed memory overwritten) and, for comparison,
CPython's default one. Each run is a child process (tests/memory_probe.py).

Run: python benchmarks/memory_wipe.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_memory_wipe import unique_name  # noqa: E402

from kiosk.patient.memory_wipe import WIPING_ALLOCATOR  # noqa: E402


def one(env: dict[str, str]) -> dict:
    hidden = bytes(b ^ 0x5A for b in unique_name().encode()).hex()
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "memory_probe.py"), hidden, folder],
            capture_output=True, text=True, timeout=600, env=env,
        )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    plain = {k: v for k, v in os.environ.items() if k not in WIPING_ALLOCATOR}
    for label, env in (("kiosk run allocator", {**plain, **WIPING_ALLOCATOR}),
                       ("default allocator", plain)):  # fmt: skip
        for _ in range(args.runs):
            r = one(env)
            finish, idle = r["after_finish"], r["after_idle_reset"]
            print(
                f"{label}: while typed {r['while_typed']}, after Finish {finish['copies']}"
                f" {finish['by_mapping']}, after idle reset {idle['copies']} {idle['by_mapping']}"
            )


if __name__ == "__main__":
    main()
