"""SVG snapshots of the station at 80x24 and 120x40: before a scan, a six-flag receipt, the
identity confirmed with both pain scores, a scan not read over a case, and a forged receipt.

The clock is fixed (StepClock), so the pictures are stable. Update after a deliberate change
with `pytest tests/test_station_snapshots.py --snapshot-update`, and look at them.
"""

from __future__ import annotations

import pytest
from station_helpers import StepClock, key_of, make_site, payload, wedge_scan
from test_station_look import SIX

from kiosk.station import StationApp


def _steps(state: str, key: bytes):
    async def run_before(pilot) -> None:
        if state == "empty":
            await pilot.pause()
            return
        await wedge_scan(pilot, payload(SIX, b"k" * 32 if state == "forged" else key))
        if state == "confirmed":
            await pilot.click("#confirm-identity")
            await pilot.click("#room-pain-6")
            await pilot.click("#post-pain-1")
        if state == "not-read":
            await wedge_scan(pilot, "https://example.org/x")
        await pilot.hover("#scan")  # no button left under the mouse
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", ["empty", "six-flags", "confirmed", "not-read", "forged"])
def test_station_looks_right(snap_compare, tmp_path, state, size):
    app = StationApp(make_site(tmp_path), clock=StepClock())
    assert snap_compare(app, terminal_size=size, run_before=_steps(state, key_of(tmp_path)))
