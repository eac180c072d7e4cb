"""Hundreds of hostile config and form files through `kiosk validate` and the start of `kiosk run`
(in this process), and 20,000+ hostile scans through decode, `kiosk verify` and the station.

Run: python benchmarks/file_fuzz.py [--files 200] [--scans 20000]
Prints counts, the slowest file, and FAIL lines for any traceback, hang, exit code other than
0/2, or a touched victim file; exit 1 if any. tests/test_validate_fuzz.py and
tests/test_payload_fuzz.py run short versions of the same.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from file_fuzz import check_promise, config_texts, form_texts, make_scene, scene_unchanged  # noqa: E402
from file_fuzz import kiosk as kiosk_cli  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402


def fuzz_files(count: int) -> int:
    failures = 0
    codes: collections.Counter = collections.Counter()
    slowest = [0.0, ""]

    def one(kind: str, text: str) -> None:
        nonlocal failures
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            make_scene(folder)
            target = folder / ("form.toml" if kind == "form" else "kiosk.toml")
            target.write_text(text, encoding="utf-8", errors="surrogateescape")
            runs = [("validate", str(target))]
            config = folder / "kiosk.toml"
            if kind == "form":
                config.write_text(f'[form]\npath = "{target}"\n')
            runs.append(("run", "--config", str(config)))
            for argv in runs:
                try:
                    code, err, seconds = kiosk_cli(*argv)
                    check_promise(code, err, seconds)
                except BaseException as exc:  # noqa: BLE001 - report and go on
                    failures += 1
                    print(f"FAIL {kind} {argv[0]}: {type(exc).__name__}: {str(exc)[:300]}")
                    continue
                codes[(kind, argv[0], code)] += 1
                if seconds > slowest[0]:
                    slowest[:] = [seconds, f"{kind} {argv[0]}: {err.splitlines()[:1]}"]
            if not scene_unchanged(folder):
                failures += 1
                print(f"FAIL {kind}: a file the config pointed at was changed")

    fuzz = settings(
        max_examples=count, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    given(config_texts())(fuzz(lambda text: one("config", text)))()
    given(form_texts())(fuzz(lambda text: one("form", text)))()
    for key, value in sorted(codes.items()):
        print(f"{key[0]:6} {key[1]:8} exit {key[2]}: {value}")
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]})")
    return failures


def fuzz_scans(count: int) -> int:
    from test_payload_fuzz import scan_everywhere, scans

    failures = 0
    statuses: collections.Counter = collections.Counter()
    started = time.perf_counter()

    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(scans())
    def one(text: str) -> None:
        nonlocal failures
        try:
            statuses[scan_everywhere(text)] += 1
        except BaseException as exc:  # noqa: BLE001
            failures += 1
            print(f"FAIL scan of {len(text)} chars: {type(exc).__name__}: {str(exc)[:200]}")

    one()
    seconds = time.perf_counter() - started
    print(f"scans: {sum(statuses.values())} in {seconds:.1f} s; statuses {dict(statuses)}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--scans", type=int, default=20_000)
    args = parser.parse_args()
    failures = fuzz_files(args.files) + fuzz_scans(args.scans)
    print("FAIL" if failures else "PASS", f"({failures} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
