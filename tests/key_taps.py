"""Tapping the keys of the on-screen keyboard, keypad and pain scale, as a finger would.

These are single widgets (kiosk/patient/widgets/key_grid.py): a key has no widget id of its own, so
a tap is a click on the widget at the key's offset. `tap_key(pilot, "a")` finds the key grid on
the screen shown that has the key now (a KeyError if none has) and taps the middle of it.
"""

from __future__ import annotations

from kiosk.patient.widgets.key_grid import KeyGrid


def key_grid_with(app, key: str, within: str | None = None) -> KeyGrid:
    grids = app.screen.query(within or "*").results(KeyGrid)
    for grid in grids:
        if grid.display and key in grid.key_regions():
            return grid
    raise KeyError(f"no key {key!r} shown on {type(app.screen).__name__}")


async def tap_key(pilot, key: str, within: str | None = None) -> None:
    """Tap `key` ('a', '7', 'done', 'space'; on the pain scale the number '4')."""
    grid = key_grid_with(pilot.app, key, within)
    await pilot.click(grid, offset=grid.key_offset(key))
    await pilot.pause()


def key_label(app, key: str, within: str | None = None) -> str:
    """What the key shows now ('⇧ SHIFT ON', 'A', '✓10')."""
    return key_grid_with(app, key, within).labels()[key]
