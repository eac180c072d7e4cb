"""Benchmarks of the station (not timed tests): scan-to-screen, and the codec alone.

1. Scan-to-screen: from the Enter that ends a wedge scan to the next screen update drawn
   (the compositor's update rendered to terminal segments), as a ratio, in the same run and
   measured the same way, to two bare Textual updates: (a) the same summary widgets redrawn with
   an already-decoded case (Textual's own cost of drawing that screen), and (b) one Static's
   text changed (the cheapest update there is). Target: under 2x. The patients scanned
   alternate between none, one and two flags, so some scans change the layout and some do not.
2. decode+verify throughput of kiosk.core.payload alone.

Run: python benchmarks/station.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual import events
from textual.widgets import Static

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from station_helpers import FORM, NOW, StepClock, key_of, make_site, payload  # noqa: E402
from station_patients import BY_FLAG, CALM  # noqa: E402

from kiosk.core.payload import decode  # noqa: E402
from kiosk.station import StationApp  # noqa: E402


class DrawProbe:
    """Wraps App._display: records when the next screen update has been rendered."""

    def __init__(self, app) -> None:
        self.app = app
        self.drawn = asyncio.Event()
        self.at = 0.0
        original = app._display

        def display(screen, renderable):
            if renderable is not None:
                list(renderable.render_segments(app.console))
                self.at = time.perf_counter()
                self.drawn.set()
            original(screen, renderable)

        app._display = display

    async def time_until_drawn(self, action) -> float:
        self.drawn.clear()
        start = time.perf_counter()
        action()
        await asyncio.wait_for(self.drawn.wait(), 5)
        return self.at - start


async def scan_to_screen(rounds: int) -> tuple[list[float], list[float], list[float]]:
    with tempfile.TemporaryDirectory(prefix="station-bench-") as folder:
        return await _scan_to_screen(Path(folder), rounds)


async def _scan_to_screen(
    folder: Path, rounds: int
) -> tuple[list[float], list[float], list[float]]:
    config = make_site(folder)
    key = key_of(folder)
    # No flag, each flag alone, then two: the flags (and so the layout) change height now and
    # then, as they do from one real patient to the next.
    two_flags = {**BY_FLAG["blood_thinner"], "transport_home": "driving_myself"}
    patients = [CALM, *BY_FLAG.values(), two_flags]
    texts = [
        payload(patients[i % len(patients)], key, NOW - timedelta(minutes=i % 600 + 1))
        for i in range(rounds + 2)
    ]
    app = StationApp(config, clock=StepClock())
    scans, redraw, bare = [], [], []
    async with app.run_test(size=(120, 50)) as pilot:
        probe = DrawProbe(app)
        screen = app.screen
        banner = screen.query_one("#banner", Static)
        ready = [app.read_scan(texts[-1]), app.read_scan(texts[-2])]  # decoded before timing
        for i, text in enumerate(texts[:rounds]):
            for char in text:
                app.post_message(events.Key(char, char))
            await pilot.pause()
            await pilot.pause(0.05)
            scans.append(
                await probe.time_until_drawn(lambda: app.post_message(events.Key("enter", "\r")))
            )
            await pilot.pause(0.05)
            verified = str(banner.content)
            assert verified.startswith("VERIFIED"), verified
            height = banner.size.height
            # The same letters in the other case: new text, and nothing on screen moves.
            swapped = verified.swapcase()
            bare.append(await probe.time_until_drawn(lambda t=swapped: banner.update(t)))
            assert banner.size.height == height, "the bare update must not change the layout"
            await pilot.pause(0.05)
            outcome = ready[i % 2]
            redraw.append(await probe.time_until_drawn(lambda o=outcome: screen.show_outcome(o)))
            await pilot.pause(0.05)
    return scans, redraw, bare


def codec_throughput(seconds: float = 2.0) -> float:
    key = secrets.token_bytes(32)
    texts = [payload(p, key) for p in BY_FLAG.values()]
    now = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            assert decode(text, [FORM], key, timedelta(hours=24), now).verified
        count += len(texts)
    return count / (time.perf_counter() - start)


def _p90(times: list[float]) -> float:
    return statistics.quantiles(times, n=10)[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    scans, redraw, bare = asyncio.run(scan_to_screen(args.rounds))
    scan_ms, redraw_ms, bare_ms = (statistics.median(t) * 1000 for t in (scans, redraw, bare))
    print(f"scan-to-screen:            median {scan_ms:.1f} ms over {len(scans)} scans")
    print(
        f"(a) same screen redrawn:   median {redraw_ms:.1f} ms -> ratio {scan_ms / redraw_ms:.2f}x"
    )
    print(f"(b) one Static updated:    median {bare_ms:.1f} ms -> ratio {scan_ms / bare_ms:.2f}x")
    print("target: ratio < 2x")
    print(f"90th percentile: scan {_p90(scans):.1f} ms, (b) {_p90(bare):.1f} ms")
    rate = codec_throughput()
    print(f"decode+verify:  {rate:,.0f} payloads/s ({1e6 / rate:.0f} us each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
