"""Late taps on Next, the full matrix: every delay on every page, at 80x24 and 120x40.

The short version is tests/test_app_flow.py (each delay on each kind of page once). Here each
walk uses one delay on every page, for every delay and size, and prints the pages seen and
whether anything printed before the patient confirmed a fully seen review. Run from the repo:

    .venv/bin/python benchmarks/ghost_taps.py [--delays 0.1,0.3,0.7,1.2,2.0]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_app_flow import expected_pages, kiosk_default_auto_advance, tap_at, walk_with_late_next
from test_app_walk import FLAGS_A, FakePrinter, kiosk


async def one_walk(size: tuple[int, int], delay: float) -> tuple[bool, str]:
    printer = FakePrinter()
    app = kiosk(printer)
    app.auto_advance_s = kiosk_default_auto_advance()
    async with app.run_test(size=size) as pilot:
        seen, last_next = await walk_with_late_next(pilot, FLAGS_A, lambda n: delay)
        for _ in range(4):  # and a few more taps where Next was, on the review
            await pilot.pause(delay)
            await tap_at(pilot, last_next)
        ok = seen == expected_pages(app) and printer.summaries == []
        return ok, " ".join(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delays", default="0.1,0.3,0.6,0.7,1.2,2.0")
    args = parser.parse_args()
    delays = [float(d) for d in args.delays.split(",")]
    failures = 0
    for size in ((80, 24), (120, 40)):
        for delay in delays:
            ok, seen = asyncio.run(one_walk(size, delay))
            failures += not ok
            print(f"{size[0]}x{size[1]} delay {delay:.1f} s: {'PASS' if ok else 'MISS'}  {seen}")
    print(f"{failures} of {2 * len(delays)} walks skipped a page or printed unseen")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
